"""`planner results import|report|template|insights|leads`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from planner import atomic, importers, meta, results_report
from planner.cli.common import CliError, UnreadableInput, open_store, read_input
from planner.importers import meta_insights, template
from planner.importers.tabular import too_large
from planner.storage import NotFoundError, Store
from planner.storage.results_store import enquiries


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
        data = read_input(path, importers.MAX_BYTES, lambda size: too_large(path.name, size))
        preview = importers.preview_file(data, path.name, record.campaign, gbp_rate=gbp_rate)
    except (importers.FileRejected, UnreadableInput) as error:
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
    api = _live_api()
    store = open_store()
    record = _campaign(store, ref)
    try:
        sheet = meta_insights.fetch(api, account, since.date(), until.date(), daily=daily)
        preview = importers.preview_sheets([sheet], record.campaign)
    except importers.FileRejected as error:
        raise CliError(f"Nothing was imported. {error}") from None
    _import(store, ref, preview, dry_run, yes)


@results.command("leads")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only leads created on or after this day.")
def fetch_leads(ref: str, since: dt.datetime | None) -> None:
    """Read the leads of the campaign's instant form into enquiries, each against its advert.

    Running it again adds nothing: each lead is stored once. The access token is read from
    $FB_ACCESS_TOKEN or asked for; it is never stored or logged.
    """
    from planner.importers import meta_leads
    from planner.storage import leads

    store = open_store()
    record = _campaign(store, ref)
    form = leads.form_id(store, record.id)
    if form is None:
        raise CliError(f"{record.campaign.slug!r} has no instant form yet: run `planner export facebook "
                       f"{record.campaign.slug} --objective leads --live` first.")
    api = _live_api()
    try:
        stored = leads.store_leads(store, record.id, meta_leads.fetch(api, form, since.date() if since else None))
    except (meta_leads.LeadsRejected, leads.LeadsError) as error:
        raise CliError(f"Nothing was imported. {error}") from None
    click.echo(f"Read {stored.fetched} lead(s) from instant form {form}: {stored.added} added, "
               f"{stored.already_stored} already stored.")
    if stored.unknown_ad:
        click.echo(f"Note: {stored.unknown_ad} lead(s) came from an ad this campaign's export did not create; they "
                   "are kept, flagged, and not credited to any variant.")


def _live_api() -> meta.LiveApi:
    """Meta through planner.meta, with the token from $FB_ACCESS_TOKEN or a hidden prompt."""
    from planner.cli.export import meta_settings

    settings = meta_settings()
    token = settings.access_token or click.prompt("Meta access token", hide_input=True)
    return meta.LiveApi(token, graph_url=settings.graph_url, on_retry=lambda m: click.echo(m, err=True))


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
