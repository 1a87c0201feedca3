"""`planner export jobposting`: schema.org JobPosting JSON-LD, Google's field check, and the Indeed job post."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from planner.campaign import Contact
from planner.cli import main
from planner.exports.jobposting import employment_type, salary, title_problems


@pytest.fixture
def store(demo_store):
    return demo_store


def export(tmp_path, campaign: str, *options: str):
    path = tmp_path / "out" / "job.json"
    path.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(main, ["export", "jobposting", campaign, "-o", str(path), *options])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8")), path.with_suffix(".txt").read_text(encoding="utf-8"), result


def test_the_leader_posting_carries_every_field_google_asks_for(store, tmp_path):
    document, _, result = export(tmp_path, "wellbeing-leader-camden", "--posted", "2027-01-04",
                                 "--valid-through", "2027-02-01", "--direct-apply")
    assert document["@context"] == "https://schema.org/" and document["@type"] == "JobPosting"
    assert document["title"] == "Wellbeing Leader"
    assert document["datePosted"] == "2027-01-04"
    assert document["validThrough"] == "2027-02-01T23:59:59+00:00"  # GMT in February
    assert document["employmentType"] == ["FULL_TIME"]  # 37 hours a week
    assert document["hiringOrganization"] == {"@type": "Organization", "name": "Neighbourhood Wellbeing Teams (demo)"}
    assert document["jobLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Judd Street", "addressLocality": "Camden, north London",
        "addressRegion": "London", "postalCode": "WC1H 9JE", "addressCountry": "GB"}
    assert document["baseSalary"] == {"@type": "MonetaryAmount", "currency": "GBP", "value": {
        "@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 42000, "maxValue": 46000}}
    assert document["directApply"] is True
    report = result.stderr.splitlines()
    for name in ("title", "description", "datePosted", "hiringOrganization", "jobLocation"):
        assert f"present  required     {name}" in report
    for name in ("baseSalary", "employmentType", "validThrough", "directApply", "identifier"):
        assert f"present  recommended  {name}" in report


def test_the_check_reports_what_is_missing(store, tmp_path):
    record = store.campaign("wellbeing-workers-wigan")
    role = record.campaign.role.model_copy(update={"pay": "Competitive", "location": ""})
    campaign = record.campaign.model_copy(update={"role": role, "contact": Contact()})
    store.save_campaign(record.id, campaign, record.version)
    document, _, result = export(tmp_path, "wellbeing-workers-wigan")
    assert "baseSalary" not in document and "jobLocation" not in document and "validThrough" not in document
    report = result.stderr.splitlines()
    assert "MISSING  required     jobLocation" in report
    assert "MISSING  recommended  baseSalary" in report
    assert "MISSING  recommended  validThrough" in report
    assert "present  required     title" in report


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_the_description_is_html_safe_and_the_json_fits_in_a_script_element(store, tmp_path):
    record = store.campaign("wellbeing-workers-wigan")
    hostile = "Fish & chips </script><script>alert(1)</script> <b>bold</b>"
    role = record.campaign.role.model_copy(update={"description": hostile})
    store.save_campaign(record.id, record.campaign.model_copy(update={"role": role}), record.version)
    document, _, _ = export(tmp_path, "wellbeing-workers-wigan")
    raw = (tmp_path / "out" / "job.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw and "&" not in raw
    parser = _Text()
    parser.feed(document["description"])
    assert set(parser.tags) <= {"p", "ul", "li"}  # the tags Google reads; the user's text made none
    assert hostile in "".join(parser.text)


def test_the_indeed_post_states_pay_hours_place_type_duties_and_how_to_apply(store, tmp_path):
    role = store.campaign("wellbeing-workers-wigan").campaign.role
    _, post, result = export(tmp_path, "wellbeing-workers-wigan")
    lines = post.splitlines()
    assert lines[0] == "Wellbeing Worker"
    for line in (f"Pay: {role.pay}", f"Hours: {role.hours}", f"Location: {role.location}",
                 "Job type: Full-time or Part-time", "What the job involves", "How to apply"):
        assert line in lines
    assert "Call 07700 900123 or email jobs@example.org, and ask for Amina in the recruitment team." in post
    assert "Indeed:" not in result.stderr


@pytest.mark.parametrize(("title", "location", "expected"), [
    ("Wellbeing Worker", "Wigan", []),
    ("Care Worker - £12/hr", "", ["pay, hours or other numbers", "symbols or punctuation"]),
    ("URGENT Care Assistant!!!", "", ["symbols or punctuation", "urgency", "capitals"]),
    ("Night Shift Carer", "", ["hours or shifts"]),
    ("Support Worker Wigan", "Wigan, Greater Manchester", ["names the place"]),
])
def test_indeed_title_guidelines(title, location, expected):
    problems = title_problems(title, location)
    assert len(problems) == len(expected)
    for problem, what in zip(problems, expected, strict=True):
        assert what in problem


@pytest.mark.parametrize(("pay", "unit", "value"), [
    ("£12.60 an hour", "HOUR", {"value": 12.6}),
    ("£11.44 per hr plus mileage", "HOUR", {"value": 11.44}),
    ("£24,000 to £26,500 a year", "YEAR", {"minValue": 24000, "maxValue": 26500}),
    ("£24k - £26k per annum", "YEAR", {"minValue": 24000, "maxValue": 26000}),
    ("£13", "HOUR", {"value": 13}),
])
def test_salary_from_the_roles_pay(pay, unit, value):
    found = salary(pay)
    assert found["currency"] == "GBP"
    assert found["value"] == {"@type": "QuantitativeValue", "unitText": unit, **value}


def test_no_amount_means_no_salary_and_hours_decide_the_type():
    assert salary("Competitive") is None
    assert employment_type("16 hours a week") == ["PART_TIME"]
    assert employment_type("37.5 hours") == ["FULL_TIME"]
    assert employment_type("Flexible") == []
