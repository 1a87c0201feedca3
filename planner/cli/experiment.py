"""`planner experiment plan|list|report|override|schedule`: a test of one factor, from plan to verdict."""

from __future__ import annotations

import datetime as dt
import json

import click

from planner.cli.common import CliError, open_campaign

FACTORS = ("theme", "cta", "image")


@click.group()
def experiment() -> None:
    """Plan a headline (or call-to-action, or image) test and judge it. CAMPAIGN is an id or a slug."""


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@experiment.command("plan")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--factor", type=click.Choice(FACTORS), required=True,
              help="What the arms differ in: the theme (a headline test), the call to action, or the image.")
@click.option("--channel", required=True, help="The one channel the test runs in, e.g. facebook or mosque.")
@click.option("--persona", help="The one persona it speaks to (default: the channel plan's, or the first).")
@click.option("--themes", help="Theme keys, comma-separated: 2 to 5 for a theme test, one for the others "
              "(default: the themes that answer the persona's hopes and fears).")
@click.option("--ctas", help="Calls to action for a cta test, comma-separated (default: Chat to us first,Apply now).")
@click.option("--images", help="Image notes for an image test, separated by '|'.")
@click.option("--cta", "cta", default=None, help="The one call to action every arm of a theme or image test shares.")
@click.option("--baseline-rate", type=float, default=0.10, show_default=True,
              help="The rate you expect today (e.g. 0.10 = 10 starts per 100 enquiries).")
@click.option("--min-difference", type=float, default=0.10, show_default=True,
              help="The smallest difference worth detecting, in absolute terms (0.10 = ten points).")
@click.option("--metric", type=click.Choice(["starts/enquiries", "enquiries/reach", "retained/enquiries"]),
              default="starts/enquiries", show_default=True)
@click.option("--landing-page", help="The page every arm links to (default: the one the campaign's variants use).")
@click.option("--name", help="A name for the experiment (default: from the arms).")
@click.option("--hypothesis", default="", help="What you expect and why, in a sentence.")
@click.option("--key", help="A short key (default: factor-channel).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day (default: the channel plan's).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: the channel plan's).")
@click.option("--venues", help="Local channels: venues to rotate the arms across, comma-separated.")
@click.option("--weeks", type=click.IntRange(1, 52), help="Local channels: weeks of rotation (default: 2 per arm).")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), help="Seed of the rotation (default: drawn at random).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plan_command(ref: str, factor: str, channel: str, persona: str | None, themes: str | None, ctas: str | None,
                 images: str | None, cta: str | None, baseline_rate: float, min_difference: float, metric: str,
                 landing_page: str | None, name: str | None, hypothesis: str, key: str | None,
                 start: dt.datetime | None, end: dt.datetime | None, venues: str | None, weeks: int | None,
                 seed: int | None, fmt: str) -> None:
    """Store an experiment and its arms (new variants that differ only in the factor)."""
    from pydantic import ValidationError

    from planner.campaign_file import describe_errors
    from planner.experiments import plan as planning
    from planner.storage import ConflictError

    store, record, organisation = open_campaign(ref)
    request = planning.Request(
        factor=factor, channel=channel, persona=persona, themes=_split(themes),  # type: ignore[arg-type]
        ctas=_split(ctas) or list(planning.DEFAULT_CTAS), images=[i.strip() for i in (images or "").split("|")
                                                                   if i.strip()],
        cta=cta or planning.arms_module.DEFAULT_CTA, baseline_rate=baseline_rate, min_difference=min_difference,
        metric=metric, name=name, hypothesis=hypothesis, key=key, landing_page=landing_page,  # type: ignore[arg-type]
        start=start.date() if start else None, end=end.date() if end else None,
        venues=_split(venues) or [], weeks=weeks, seed=seed)
    try:
        planned = planning.plan(record.campaign, organisation, request)
        campaign = record.campaign.model_copy(update={
            "variants": record.campaign.variants + planned.variants,
            "experiments": record.campaign.experiments + [planned.experiment]})
        saved = store.save_campaign(record.id, campaign, record.version)
    except (planning.PlanError, ConflictError) as error:
        raise CliError(str(error)) from None
    except ValidationError as error:
        raise CliError(describe_errors(error).replace("\n", "; ")) from None
    stored = saved.campaign
    exp = stored.experiment(planned.experiment.key)
    arms = [stored.variant(k) for k in exp.arms]
    if fmt == "json":
        click.echo(json.dumps({
            "key": exp.key, "factor": exp.factor, "channel": exp.channel, "persona": exp.persona,
            "arms": [{"variant": v.key, "theme": v.theme, "headline": v.headline, "primary_text": v.primary_text,
                      "description": v.description, "cta": v.cta, "persona": v.persona, "channel": v.channel,
                      "spoken_code": v.spoken_code} for v in arms],
            "sample_size_per_arm": exp.sample_size_per_arm,
            "baseline_rate": exp.baseline_rate, "min_difference": exp.min_difference, "metric": exp.metric_label,
            "seed": exp.rotation.seed if exp.rotation else None, "notes": planned.notes,
        }, indent=2, ensure_ascii=False))
        return
    from planner.experiments.display import side_by_side

    click.echo(f"Planned {exp.name!r} ({exp.key}) in {exp.channel} for {exp.persona}.")
    click.echo(f"People needed per arm: {exp.sample_size_per_arm:,} {exp.people}, to detect "
               f"{exp.baseline_rate:.0%} against {exp.baseline_rate + exp.min_difference:.0%} ({exp.metric_label}; "
               "two-sided, 5% significance, 80% power).")
    click.echo("")
    click.echo(side_by_side(stored, exp))
    for note in planned.notes:
        click.echo(f"Note: {note}")
    if exp.rotation:
        click.echo("")
        click.echo(_schedule_text(stored, exp))


@experiment.command("list")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_command(ref: str, fmt: str) -> None:
    """The campaign's experiments, with their status and verdict so far."""
    from planner.experiments.report import analyse

    store, record, _ = open_campaign(ref)
    rows = store.results(record.id)
    items = []
    for exp in record.campaign.experiments:
        verdict = analyse(record.campaign, exp, rows).verdict
        items.append({"key": exp.key, "name": exp.name, "factor": exp.factor, "channel": exp.channel,
                      "persona": exp.persona, "status": exp.status, "arms": list(exp.arms),
                      "sample_size_per_arm": exp.sample_size_per_arm, "verdict": verdict.to_dict()})
    if fmt == "json":
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo("No experiments yet. Try `planner experiment plan CAMPAIGN --factor theme --channel facebook`.")
    for item in items:
        click.echo(f"{item['key']:<24} {item['status']:<8} {item['channel']:<16} {item['name']}")
        click.echo(f"{'':<24} {item['verdict']['reason']}")


def _report(ref: str, key: str):
    from planner.experiments.report import analyse

    store, record, _ = open_campaign(ref)
    exp = record.campaign.experiment(key)
    if exp is None:
        known = ", ".join(e.key for e in record.campaign.experiments) or "none"
        raise CliError(f"no experiment {key!r} in {record.campaign.slug} (its experiments: {known})")
    return store, record, exp, analyse(record.campaign, exp, store.results(record.id))


@experiment.command("report")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("key", metavar="KEY")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def report_command(ref: str, key: str, fmt: str) -> None:
    """The experiment judged on its own channel and dates: the verdict first, then the numbers and caveats."""
    from planner.experiments.display import report_text

    _, record, _, report = _report(ref, key)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(report))


@experiment.command("override")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("key", metavar="KEY")
@click.option("--by", required=True, help="Who decides to judge before the planned number of people.")
@click.option("--reason", required=True, help="Why it cannot wait.")
def override_command(ref: str, key: str, by: str, reason: str) -> None:
    """Record a deliberate decision to judge the experiment before its planned sample is reached."""
    from planner.experiments.model import Override
    from planner.storage import ConflictError

    store, record, exp, _ = _report(ref, key)
    try:
        updated = exp.model_copy(update={"override": Override(by=by, reason=reason, at=dt.datetime.now(dt.UTC))})
        campaign = record.campaign.model_copy(update={
            "experiments": [updated if e.key == key else e for e in record.campaign.experiments]})
        store.save_campaign(record.id, campaign, record.version)
    except ConflictError as error:
        raise CliError(str(error)) from None
    click.echo(f"Recorded: {by} decided to judge {key} before the planned sample ({reason}).")


@experiment.command("status")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("key", metavar="KEY")
@click.argument("status", type=click.Choice(["draft", "running", "decided"]))
def status_command(ref: str, key: str, status: str) -> None:
    """Mark the experiment draft, running or decided (decided needs a winner, or a recorded override)."""
    from planner.experiments.status import with_status
    from planner.storage import ConflictError

    store, record, exp, report = _report(ref, key)
    if status == "decided" and (why := exp.decidable(report.verdict.winner)):
        raise CliError(f"{key} cannot be marked decided: {why}")
    try:
        store.save_campaign(record.id, with_status(record.campaign, key, status), record.version)
    except ConflictError as error:
        raise CliError(str(error)) from None
    click.echo(f"{key} is now {status}." + (f" Winner: {report.verdict.winner}." if status == "decided"
                                           and report.verdict.winner else ""))


@experiment.command("schedule")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("key", metavar="KEY")
def schedule_command(ref: str, key: str) -> None:
    """Print the rotation of a local-channel experiment: which arm each venue shows each week."""
    _, record, exp, _ = _report(ref, key)
    if exp.rotation is None:
        raise CliError(f"{key} has no rotation: plan it with --venues (local channels only)")
    click.echo(_schedule_text(record.campaign, exp))


def _schedule_text(campaign, exp) -> str:
    from planner.experiments.display import schedule_text

    return schedule_text(campaign, exp)
