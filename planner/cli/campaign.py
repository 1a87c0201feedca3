"""`planner campaign list|export|import|delete`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from planner import atomic, campaign_file
from planner.cli.common import CliError, UnreadableInput, open_store, read_input
from planner.storage import ConflictError, NotFoundError
from planner.storage.tracking import reissued


@click.group()
def campaign() -> None:
    """List, export and import campaigns. CAMPAIGN is an id or a slug."""


@campaign.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_campaigns(fmt: str) -> None:
    """List campaigns, most recently changed first."""
    summaries = open_store().campaigns()
    if fmt == "json":
        click.echo(json.dumps([{"id": s.id, "slug": s.slug, "name": s.name} for s in summaries], indent=2))
        return
    if not summaries:
        click.echo("No campaigns yet. Try `planner demo`.")
    for s in summaries:
        click.echo(f"{s.id:>4}  {s.slug:<32}  {s.name}")


@campaign.command("export")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the JSON file ('-' for standard output).")
def export_campaign(ref: str, output: Path) -> None:
    """Export a campaign, its organisation and results to a JSON file."""
    try:
        text = campaign_file.dumps(campaign_file.export_document(open_store(), ref))
    except NotFoundError as error:
        raise CliError(str(error)) from None
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        try:
            atomic.write_text(output, text)
        except OSError as error:
            raise CliError(f"cannot write {output}: {error.strerror}; any earlier file there is unchanged") from None
        click.echo(f"Exported {ref} to {output}", err=True)


@campaign.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--slug", help="Import under a new slug (when the file's slug is taken).")
def import_campaign(path: Path, slug: str | None) -> None:
    """Import a campaign file. All or nothing: a bad file imports nothing."""
    try:
        data = read_input(path, campaign_file.MAX_FILE_BYTES, campaign_file.too_large)
    except UnreadableInput as error:
        raise CliError(f"Nothing imported: {error}") from None
    try:
        document = campaign_file.parse(data)
        record = campaign_file.import_document(open_store(), document, slug)
    except (campaign_file.CampaignFileError, ConflictError) as error:
        raise CliError(f"{path}: nothing imported.\n{error}") from None
    except ValueError as error:  # e.g. an invalid --slug
        raise CliError(f"{path}: nothing imported.\n{error}") from None
    click.echo(f"Imported campaign {record.campaign.slug} (id {record.id}).")
    for change in reissued(document.campaign, record.campaign):
        click.echo(f"Spoken code {change.old} of variant {change.variant} was already used in this organisation: "
                   f"it is now {change.new}. Update any printed material.")


@campaign.command("delete")
@click.argument("ref", metavar="CAMPAIGN")
@click.confirmation_option(prompt="Delete this campaign and its results?")
def delete_campaign(ref: str) -> None:
    """Delete a campaign and its results."""
    try:
        open_store().delete_campaign(ref)
    except NotFoundError as error:
        raise CliError(str(error)) from None
    click.echo(f"Deleted {ref}.")
