"""`planner enquiry add|list|purge`: log a call by its spoken code, list enquiries, purge old leads."""

from __future__ import annotations

import datetime as dt
import json

import click

from planner.cli.common import CliError, open_store
from planner.enquiry import PERSON_STAGES


@click.group()
def enquiry() -> None:
    """Log enquiries by the spoken code callers read out, list them, and purge old lead details."""


@enquiry.command("add")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--code", required=True, help='The spoken code as the caller reads it ("hmk 7r", "HMK-7R").')
@click.option("--heard", default="", help='What the caller said when asked "How did you hear about us?".')
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="The day of the call (default: today).")
@click.option("--stage", type=click.Choice(PERSON_STAGES), default="enquiries", show_default=True,
              help="The furthest stage the person has reached.")
def add(ref: str, code: str, heard: str, on: dt.datetime | None, stage: str) -> None:
    """Record one call against the variant whose code the caller read out. CAMPAIGN is an id or a slug."""
    from pydantic import ValidationError

    from planner.campaign_file import describe_errors
    from planner.storage import NotFoundError
    from planner.storage.enquiry_log import log_call
    from planner.storage.tracking import CodeNotFound

    try:
        logged, found = log_call(open_store(), ref, code, heard=heard, on=on.date() if on else None, stage=stage)
    except (NotFoundError, CodeNotFound) as error:
        raise CliError(str(error)) from None
    except ValidationError as error:
        raise CliError(f"Nothing was recorded: {describe_errors(error)}") from None
    click.echo(f"Logged an enquiry on {logged.enquired_on:%d %b %Y} for variant {found.variant!r} "
               f"({found.channel}, code {found.code})" + (f", heard: {logged.self_reported_source}" if heard else "")
               + ".")


@enquiry.command("list")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_enquiries(ref: str, fmt: str) -> None:
    """Every enquiry of a campaign: logged calls, Meta leads and imported ones, with where each came from."""
    from planner.storage import NotFoundError
    from planner.storage.enquiry_log import logged_enquiries

    try:
        logged = logged_enquiries(open_store(), ref)
    except NotFoundError as error:
        raise CliError(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps([item.to_dict() for item in logged], indent=2, ensure_ascii=False))
        return
    if not logged:
        click.echo("No enquiries yet.")
    for item in logged:
        e = item.enquiry
        variant = e.tracked_variant or ("(unknown ad)" if item.unknown_ad else "(not tracked)")
        said = f'  heard: "{e.self_reported_source}"' if e.self_reported_source else ""
        click.echo(f"{e.enquired_on or '':<10}  {item.source:<6}  {variant:<24}  {e.tracked_channel or '':<14}  "
                   f"{e.tracked_code or '':<7}  {e.stage}{said}")


@enquiry.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1),
              help="Days to keep a lead's contact details (default: PLANNER_LEAD_RETENTION_DAYS, or 180).")
@click.option("--dry-run", is_flag=True, help="Say how many would be purged, and purge nothing.")
def purge(days: int | None, dry_run: bool) -> None:
    """Blank the name, phone, e-mail and best time to call of every lead older than the retention period.

    The pseudonymous enquiry (variant, channel, date, self-reported source) is kept for the report.
    """
    from planner.storage import leads

    try:
        days = days or leads.retention_days()
        count = leads.purge(open_store(), days, dry_run=dry_run)
    except leads.LeadsError as error:
        raise CliError(str(error)) from None
    verb = "would be purged" if dry_run else "purged"
    click.echo(f"{count} lead(s) older than {days} day{'s' if days != 1 else ''} {verb}: their contact details "
               f"{'would be' if dry_run else 'are'} gone, the anonymous enquiries kept.")
