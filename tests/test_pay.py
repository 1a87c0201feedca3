"""The National Living Wage by date and the role's "what's missing" checks, in readiness and the CLI.

Rates from GOV.UK's National Minimum Wage and National Living Wage rates (workers aged 21 and over):
£11.44 from 1 April 2024, £12.21 from 1 April 2025, £12.71 from 1 April 2026.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from planner.campaign import Campaign, ChannelPlanEntry, Role
from planner.cli import main
from planner.demo import ORGANISATION
from planner.honest_role import campaign_gaps, role_gaps
from planner.pay import hourly_rates, national_living_wage, pay_problem
from planner.readiness import readiness


@pytest.mark.parametrize(("day", "rate"), [
    (dt.date(2024, 3, 31), None),
    (dt.date(2024, 4, 1), "11.44"),
    (dt.date(2025, 3, 31), "11.44"),
    (dt.date(2025, 4, 1), "12.21"),
    (dt.date(2026, 3, 31), "12.21"),
    (dt.date(2026, 4, 1), "12.71"),
    (dt.date(2030, 1, 1), "12.71"),
])
def test_the_rate_in_force_changes_on_each_first_of_april(day, rate):
    found = national_living_wage(day)
    assert (found.hourly if found else None) == (Decimal(rate) if rate else None)


@pytest.mark.parametrize(("pay", "day", "below"), [
    ("£12.60 an hour", dt.date(2026, 3, 31), False),
    ("£12.60 an hour", dt.date(2026, 4, 1), True),
    ("£12.71 an hour", dt.date(2026, 4, 1), False),
    ("£12.20 per hour", dt.date(2025, 3, 31), False),
    ("£12.20 per hour", dt.date(2025, 4, 1), True),
    ("£11.43 an hour", dt.date(2024, 3, 31), False),
    ("£11.43 an hour", dt.date(2024, 4, 1), True),
    ("£28,000 a year", dt.date(2026, 4, 1), False),
])
def test_pay_is_checked_against_the_rate_for_the_date_on_both_sides_of_each_change(pay, day, below):
    problem = pay_problem(pay, [day])
    assert (problem is not None) == below
    if below:
        assert "National Living Wage" in problem and pay.split()[0] in problem


def test_hourly_amounts_are_read_from_plain_pay_text():
    assert hourly_rates("£12.90 an hour, £15 per hour on bank holidays, 45p a mile") == [Decimal("12.90"),
                                                                                      Decimal("15")]
    assert hourly_rates("£42,000 to £46,000 a year") == []


def test_the_campaign_dates_decide_which_rate_applies():
    role = Role(title="Carer", pay="£12.50 an hour")
    spring = Campaign(slug="s", name="S", role=role, channel_plan=[ChannelPlanEntry(
        persona="p", channel="facebook", start=dt.date(2026, 3, 2), end=dt.date(2026, 4, 10))])
    assert [g.check for g in campaign_gaps(spring, today=dt.date(2026, 3, 1))][0] == "national_living_wage"
    winter = spring.model_copy(update={"channel_plan": []})
    assert "national_living_wage" not in [g.check for g in campaign_gaps(winter, today=dt.date(2026, 3, 1))]


HONEST = Role(title="Wellbeing Worker", pay="£12.90 an hour", hours="16 to 30 hours a week",
              description="Support older people at home in Leeds, paid for travel time between visits and 45p a "
              "mile. A permanent contract, never zero hours. We pay for your DBS check and your training.")


def test_an_honest_role_has_no_gaps_and_each_missing_fact_names_its_check():
    today = [dt.date(2026, 5, 1)]
    assert role_gaps(HONEST, today) == []
    cases = {
        "national_living_wage": {"pay": "£12.00 an hour"},
        "hours_and_contract": {"description": HONEST.description.replace("A permanent contract, never zero hours. ",
                                                                         "")},
        "dbs_check": {"description": HONEST.description.replace("We pay for your DBS check and", "We pay for")},
        "training": {"description": HONEST.description.replace(" and your training", "")},
        "travel": {"description": HONEST.description.replace("paid for travel time between visits and 45p a mile",
                                                             "visiting people in their homes")},
        "driving": {"description": HONEST.description.replace("Leeds,", "Leeds (driving licence essential),")},
    }
    for check, changes in cases.items():
        gaps = role_gaps(HONEST.model_copy(update=changes), today)
        assert [g.check for g in gaps] == [check], check
        assert gaps[0].message and gaps[0].why
    rural = HONEST.model_copy(update={"description": HONEST.description + " Driving licence essential: the "
                                      "villages between visits have no buses."})
    assert role_gaps(rural, today) == [], "driving asked for where the role needs it"


def test_readiness_lists_the_gaps_under_the_role_step():
    campaign = Campaign(slug="c", name="C", role=HONEST.model_copy(update={"pay": "£11.00 an hour"}))
    result = readiness(campaign, ORGANISATION)
    named = [(check, section) for check, section, _ in result.named_missing]
    assert ("national_living_wage", "1. The role") in named
    assert [g.check for g in result.gaps] == ["national_living_wage"]
    unpaid = readiness(campaign.model_copy(update={"role": HONEST.model_copy(update={"pay": ""})}), ORGANISATION)
    assert ("pay", "1. The role", "Say plainly: the pay.") in unpaid.named_missing


def test_the_cli_names_each_check_and_says_national_living_wage(sqlite_env):
    runner = CliRunner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    ready = json.loads(runner.invoke(main, ["readiness", "wellbeing-workers-wigan", "--format", "json"]).output)
    assert ready["whats_missing"] == [], "the demo's pay is lawful and its role says what candidates need"
    assert all(item["check"] for item in ready["missing"])
    from planner.storage import Store

    store = Store(sqlite_env)
    record = store.campaign("wellbeing-workers-wigan")
    role = record.campaign.role.model_copy(update={"pay": "£12.60 an hour", "hours": "16 to 37 hours a week",
                                                   "description": "Support people."})
    store.save_campaign(record.id, record.campaign.model_copy(update={"role": role}), record.version)
    result = runner.invoke(main, ["readiness", "wellbeing-workers-wigan", "--format", "json"])
    assert result.exit_code == 1
    ready = json.loads(result.output)
    checks = [item["check"] for item in ready["whats_missing"]]
    assert checks == ["national_living_wage", "hours_and_contract", "dbs_check", "training"]
    pay = next(item for item in ready["missing"] if item["check"] == "national_living_wage")
    assert "National Living Wage" in pay["message"] and pay["section"] == "1. The role"
    text = runner.invoke(main, ["readiness", "wellbeing-workers-wigan"]).output
    assert "below the National Living Wage of £12.71 an hour" in text


def test_question_one_shows_each_missing_fact_with_why(sqlite_env):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from planner.demo import load_demo
    from planner.storage import Store
    from ui.navigation import STEP_PAGES

    store = Store(sqlite_env)
    load_demo(store)
    record = store.campaign("wellbeing-workers-wigan")
    role = record.campaign.role.model_copy(update={"pay": "£12.60 an hour", "description": "Support people."})
    store.save_campaign(record.id, record.campaign.model_copy(update={"role": role}), record.version)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.session_state["campaign_ref"] = "wellbeing-workers-wigan"
    at.run()
    at.switch_page(STEP_PAGES["role"]).run()
    assert not at.exception, at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("below the National Living Wage of £12.71 an hour" in w and "legal minimum" in w for w in warnings)
    assert any("who pays for the DBS check" in w for w in warnings)
    store.close()


def test_every_pay_the_products_own_text_suggests_is_at_least_the_national_living_wage():
    """The linter's suggestions and the templates are copied into adverts: none may suggest an unlawful rate.
    £12.71 an hour from 1 April 2026 (GOV.UK, National Minimum Wage and National Living Wage rates)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = {path.name: path.read_text() for path in [root / "adverts/rules/wallpaper.toml",
                                                      root / "adverts/templates.toml", root / "planner/demo.py"]}
    suggested = [(name, Decimal(amount)) for name, text in texts.items()
                 for amount in re.findall(r"£(\d+\.\d\d) an hour", text)]
    assert suggested, "the suggestions state an hourly pay"
    assert [(name, amount) for name, amount in suggested if amount < Decimal("12.71")] == []
