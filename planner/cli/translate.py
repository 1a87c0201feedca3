"""`planner translate export|import`: translation packs for a translator or a community volunteer."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.common import CliError, atomic_output, open_campaign
from planner.translations import LANGUAGES


@click.group()
def translate() -> None:
    """Translation packs: export the texts for a translator, import the filled-in pack. Nothing is
    machine-translated. CAMPAIGN is an id or a slug."""


@translate.command("export")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--lang", "lang", required=True, help=f"The language to translate into ({', '.join(LANGUAGES)}).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .xlsx pack to write.")
@click.option("--variant", "variant_keys", multiple=True,
              help="Only this variant's texts, besides the labels and role facts (repeatable; default: every "
              "variant not rejected).")
def export_pack(ref: str, lang: str, output: Path, variant_keys: tuple[str, ...]) -> None:
    """Write one row per text to translate: key, English, a note for the translator, an empty target column."""
    from planner.exports.translation_pack import write_pack

    _, record, _ = open_campaign(ref)
    campaign = record.campaign
    unknown = [key for key in variant_keys if campaign.variant(key) is None]
    if unknown:
        raise CliError(f"campaign {campaign.slug!r} has no variant {', '.join(map(repr, unknown))}")
    chosen = [campaign.variant(key) for key in variant_keys] if variant_keys else None
    with atomic_output(output) as partial:
        try:
            count = write_pack(campaign, lang, partial, chosen)
        except ValueError as error:
            raise CliError(str(error)) from None
    click.echo(f"Wrote {count} texts to translate to {output}", err=True)


@translate.command("import")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("pack", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_pack(ref: str, pack: Path) -> None:
    """Import a filled-in pack, all or nothing: any bad row and nothing changes."""
    from planner.exports.translation_pack import PackError, merged, read_pack
    from planner.storage import ConflictError

    store, record, _ = open_campaign(ref)
    try:
        found = read_pack(record.campaign, pack)
        if not found.texts:
            click.echo(f"Nothing imported: all {found.empty} row(s) of the pack are empty.")
            return
        store.save_campaign(record.id, merged(record.campaign, found), record.version)
    except PackError as error:
        raise CliError(str(error)) from None
    except ConflictError as error:
        raise CliError(f"{error}; nothing was imported") from None
    click.echo(f"Imported {len(found.texts)} {found.language.name} text(s) into {record.campaign.slug}"
               + (f"; {found.empty} row(s) left empty" if found.empty else ""))
    for key in found.stale:
        click.echo(f"Stale: {key} was translated from English that has changed since the pack was made; "
                   "ask the translator to check it", err=True)
    click.echo("The adverts need co-production sign-off again, covering this language version.", err=True)
