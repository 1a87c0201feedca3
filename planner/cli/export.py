"""`planner export xlsx|facebook|jobposting`: the plan to Excel, the ads to Facebook Ads, the job to job boards."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from planner import meta
from planner.atomic import atomic_path
from planner.cli.common import CliError, atomic_output, open_campaign, open_store
from planner.exports import facebook
from planner.exports.ads_plan import GROUPINGS, OBJECTIVES, PlanError
from planner.exports.xlsx import export_xlsx
from planner.storage import NotFoundError


@click.group()
def export() -> None:
    """Export a campaign: the whole plan to Excel, or its ads to Facebook. CAMPAIGN is an id or a slug."""


@export.command("xlsx")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .xlsx file to write.")
def export_workbook(ref: str, output: Path) -> None:
    """Write the plan, variants, results and sign-offs to one Excel workbook."""
    try:
        with atomic_path(output) as partial:  # an existing file is only replaced by a complete workbook
            export_xlsx(open_store(), ref, partial, page_id=os.environ.get("FB_PAGE_ID", ""))
    except NotFoundError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"Wrote {output}", err=True)


@export.command("facebook")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--dry-run/--live", "dry_run", default=True, show_default=True,
              help="Print the Graph API requests (no token needed), or send them to Meta.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--objective", type=click.Choice(list(OBJECTIVES)), default="traffic", show_default=True)
@click.option("--group-by", type=click.Choice(GROUPINGS), default="persona-theme", show_default=True,
              help="One ad set per persona and theme, or per persona.")
@click.option("--experiment", "experiment", metavar="KEY",
              help="Send this experiment's arms as Meta's A/B test (one ad set per arm, split at random).")
def export_facebook(ref: str, dry_run: bool, fmt: str, objective: str, group_by: str,
                    experiment: str | None) -> None:
    """Create the campaign, ad sets, creatives and ads in Meta, all PAUSED, under the Employment rules.

    Live mode reads FB_ACCESS_TOKEN, FB_AD_ACCOUNT_ID and FB_PAGE_ID (and FB_BUSINESS_ID for --experiment)
    from the environment, and FB_GRAPH_URL for a stand-in. A re-run after a failure carries on where it
    stopped. With `--objective leads` an instant form is created on the Page and every advert opens it.
    """
    settings = meta_settings()
    if dry_run:
        api: meta.GraphApi = meta.RecordingApi()
    else:
        missing = settings.missing_for_live(experiment=bool(experiment))
        if missing:
            raise CliError(f"--live needs {', '.join(missing)} in the environment (try --dry-run first).")
        api = settings.live_api(on_retry=lambda m: click.echo(m, err=True))
    store = open_store()
    try:
        result = facebook.export(
            store, ref, api, account_id=settings.account(), page_id=settings.page_id or facebook.DRY_RUN_PAGE,
            objective=objective,  # type: ignore[arg-type]
            group_by=group_by,  # type: ignore[arg-type]
            progress=None if dry_run else lambda m: click.echo(m, err=True),
            experiment=experiment, business_id=settings.business_id or facebook.DRY_RUN_BUSINESS,
        )
    except NotFoundError as error:
        raise CliError(str(error)) from None
    except PlanError as error:
        raise CliError("Not ready for Facebook:\n- " + "\n- ".join(error.problems)) from None
    except facebook.FacebookExportError as error:
        raise CliError(str(error)) from None
    if experiment and not dry_run:
        from planner.experiments.status import mark_running

        if not mark_running(store, ref, experiment):
            click.echo(f"Note: {experiment} could not be marked running (the campaign changed meanwhile); run "
                       f"`planner experiment status {ref} {experiment} running`.", err=True)
    if fmt == "json":
        document = result.dry_run_document() if dry_run else result.live_document()
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for line in [*result.explanation, *result.plan.notes]:
        click.echo(click.wrap_text(line, 100) + "\n")
    if dry_run:
        click.echo(f"Dry run (Graph API {result.api_version}): these {len(result.requests)} requests would be "
                   f"sent to {settings.account()}; nothing was sent.")
        for request in result.requests:
            click.echo(f"{request.method} /{result.api_version}/{request.path}")
            click.echo("  " + json.dumps(request.params, ensure_ascii=False))
    else:
        click.echo(f"Created {len(result.created)} object(s) in {settings.account()}, all PAUSED; "
                   f"{len(result.reused)} already existed from an earlier run.")


def meta_settings() -> meta.FacebookSettings:
    """The Meta settings from the environment, or one clear line when FB_GRAPH_URL is unusable."""
    try:
        return meta.FacebookSettings.from_mapping(os.environ)
    except meta.MetaSettingsError as error:
        raise CliError(str(error)) from None


@export.command("jobposting")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The JSON-LD file to write; the Indeed job post goes beside it with the suffix .txt.")
@click.option("--posted", type=click.DateTime(["%Y-%m-%d"]), help="datePosted (default: today).")
@click.option("--valid-through", type=click.DateTime(["%Y-%m-%d"]),
              help="The last day to apply (default: the channel plan's last day).")
@click.option("--direct-apply/--no-direct-apply", default=False, show_default=True,
              help="Whether people can apply there and then on the landing page (not after a chat first).")
def export_jobposting(ref: str, output: Path, posted, valid_through, direct_apply: bool) -> None:
    """Write schema.org JobPosting JSON-LD for the landing page, and a job post that follows Indeed's guidelines;
    report each field Google requires or recommends and whether it is present."""
    from planner.exports import jobposting

    _, record, organisation = open_campaign(ref)
    campaign = record.campaign
    day = posted.date() if posted else dt.date.today()
    end = valid_through.date() if valid_through else jobposting.default_valid_through(campaign, day)
    document = jobposting.job_posting(campaign, organisation, posted=day, valid_through=end, direct_apply=direct_apply)
    text = output.with_suffix(".txt")
    post = jobposting.job_post_text(campaign, organisation)
    for path, content in ((output, jobposting.dumps(document)), (text, post)):
        with atomic_output(path) as partial:
            partial.write_text(content, encoding="utf-8")
    for status in jobposting.field_check(document):
        click.echo(f"{'present' if status.present else 'MISSING':8} {status.need:12} {status.name}", err=True)
    for problem in jobposting.title_problems(campaign.role.title, campaign.role.location):
        click.echo(f"Indeed: {problem}", err=True)
    click.echo(f"Wrote {output} and {text}", err=True)
