"""`planner results import|report|template|insights`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from planner import atomic, importers, results_report
from planner.cli.common import CliError, open_store
from planner.importers import meta_insights, template
from planner.storage import NotFoundError, Store
from planner.storage.results_store import enquiries

TOKEN_VARIABLE = "FB_ACCESS_TOKEN"  # the same variable as `planner export facebook --live`


@click.group()
def results() -> None:
    """Import results and report the funnel with honest statistics. CAMPAIGN is an id or a slug."""


def _campaign(store: Store, ref: str):
    try:
        return store.campaign(ref)
    except NotFoundError as error:
        raise CliError(str(error)) from None


def _import(store: Store, ref: str, preview: importers.Preview, dry_run: bool, yes: bool) -> None:
    click.echo(preview.summary())
    for notice in preview.notices:
        click.echo(f"Note: {notice}")
    if preview.rejections:
        raise CliError("Nothing was imported. Rejected rows:\n" + "\n".join(f"  {r}" for r in preview.rejections))
    changes = importers.changes(store, ref, preview)
    for change in changes:
        click.echo(f"Change: {change}" + ("  (lower than stored)" if change.lowers else ""))
    if dry_run:
        click.echo("Dry run: nothing was imported.")
        return
    lowering = [change for change in changes if change.lowers]
    if lowering and not yes and not _confirmed(f"Lower {len(lowering)} stored number(s) as listed above?"):
        raise CliError(f"Nothing was imported: it would lower {len(lowering)} stored number(s). Check the changes "
                       "above, then run the import again with --yes to confirm them.")
    try:
        click.echo(importers.commit(store, ref, preview, confirmed=True))
    except (importers.ImportFailed, importers.LoweringNotConfirmed, importers.ConflictError) as error:
        raise CliError(str(error)) from None


def _confirmed(question: str) -> bool:
    """Ask on a terminal; anywhere else (a script, a pipe) the answer is no."""
    if not sys.stdin.isatty():
        return False
    return click.confirm(question, default=False)


_YES = click.option("--yes", is_flag=True, help="Confirm lowering stored numbers (listed as changes) without asking.")


@results.command("import")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gbp-rate", type=float, help="GBP per unit of the export's currency, when spend is not in GBP.")
@click.option("--dry-run", is_flag=True, help="Show the preview and every rejected row without importing.")
@_YES
def import_results(ref: str, path: Path, gbp_rate: float | None, dry_run: bool, yes: bool) -> None:
    """Import an Ads Manager export (CSV/xlsx), our template, or an enquiries sheet. All or nothing."""
    store = open_store()
    record = _campaign(store, ref)
    try:
        if path.stat().st_size > importers.MAX_BYTES:
            raise importers.FileRejected(f"{path.name} is {path.stat().st_size / 1024 / 1024:.0f} MB; the limit is "
                                         f"{importers.MAX_BYTES // 1024 // 1024} MB.")
        preview = importers.preview_file(path.read_bytes(), path.name, record.campaign, gbp_rate=gbp_rate)
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from None
    except importers.FileRejected as error:
        raise CliError(f"Nothing was imported. {error}") from None
    _import(store, ref, preview, dry_run, yes)


@results.command("insights")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--account", required=True, help="The ad account id (act_123 or 123).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--daily", is_flag=True, help="One row per ad per day instead of one per ad.")
@click.option("--dry-run", is_flag=True)
@_YES
def insights(ref: str, account: str, since: dt.datetime, until: dt.datetime, daily: bool, dry_run: bool,
             yes: bool) -> None:
    """Import ad-level results from Meta's Insights API (Graph API version pinned in the importer).

    The access token is read from $FB_ACCESS_TOKEN or asked for; it is never stored or logged.
    """
    token = os.environ.get(TOKEN_VARIABLE) or click.prompt("Meta access token", hide_input=True)
    store = open_store()
    record = _campaign(store, ref)
    try:
        sheet = meta_insights.fetch(meta_insights.api_for(token), account, since.date(), until.date(), daily=daily)
        preview = importers.preview_sheets([sheet], record.campaign)
    except importers.FileRejected as error:
        raise CliError(f"Nothing was imported. {error}") from None
    _import(store, ref, preview, dry_run, yes)


@results.command("report")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def report(ref: str, fmt: str) -> None:
    """The funnel per variant and channel, hires per enquiry compared honestly, costs and warnings."""
    store = open_store()
    record = _campaign(store, ref)
    built = results_report.build(record.campaign, store.results(record.id), enquiries(store, record.id))
    if fmt == "json":
        click.echo(json.dumps(built.to_dict(), indent=2, default=str))
    else:
        click.echo(results_report.render_text(built))


@results.command("template")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def results_template(ref: str, output: Path) -> None:
    """Write the results workbook (Funnel and Enquiries sheets) for a campaign."""
    record = _campaign(open_store(), ref)
    try:
        atomic.write_bytes(output, template.build(record.campaign))
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"Wrote {output}")
