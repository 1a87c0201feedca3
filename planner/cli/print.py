"""`planner print CAMPAIGN VARIANT -o FILE.pdf`: a variant as a print-ready leaflet or poster."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from planner.cli.common import CliError, atomic_output, open_campaign
from planner.translations import LANGUAGES, UnknownLanguageError, language

if TYPE_CHECKING:
    from planner.storage import Store


def _other_campaign(store: Store, key: str, slug: str) -> str | None:
    """The slug of another campaign that has a variant `key`, for a helpful message."""
    for summary in store.campaigns():
        if summary.slug != slug and store.campaign(summary.id).campaign.variant(key):
            return summary.slug
    return None


@click.command("print")
@click.argument("ref", metavar="CAMPAIGN")
@click.argument("variant_key", metavar="VARIANT")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF file to write.")
@click.option("--size", type=click.Choice(["A4", "A5", "A6"]), default="A4", show_default=True,
              help="A4 or A5 posters get tear-off strips; A6 is a handout.")
@click.option("--lang", "lang", default="en", show_default=True,
              help=f"Print in this language, from the campaign's imported translation ({', '.join(LANGUAGES)}).")
def print_leaflet(ref: str, variant_key: str, output: Path, size: str, lang: str) -> None:
    """Write VARIANT of CAMPAIGN as a PDF leaflet: headline, body, pay, hours, personal care, the spoken code,
    a QR code of the variant's tracked link, contact details, tear-off strips and a sheet of pocket cards."""
    from planner.printing.fonts import FontsMissingError
    from planner.printing.leaflet import LeafletError, Size, leaflet_pdf

    try:
        chosen = language(lang)
    except UnknownLanguageError as error:
        raise CliError(str(error)) from None
    store, record, organisation = open_campaign(ref)
    campaign = record.campaign
    variant = campaign.variant(variant_key)
    if variant is None:
        other = _other_campaign(store, variant_key, record.campaign.slug)
        where = f"; it belongs to campaign {other!r}" if other else ""
        raise CliError(f"campaign {campaign.slug!r} has no variant {variant_key!r}{where}")
    try:
        leaflet = leaflet_pdf(campaign, organisation, variant, size=cast(Size, size), lang=chosen.code)
    except (LeafletError, FontsMissingError) as error:
        raise CliError(str(error)) from None
    texts = leaflet.texts
    if texts.missing:
        raise CliError(f"the {chosen.name} translation lacks {len(texts.missing)} text(s) this leaflet needs "
                       f"({', '.join(texts.missing)}): run `planner translate export {campaign.slug} --lang "
                       f"{chosen.code}` and import the translator's pack")
    with atomic_output(output) as partial:
        partial.write_bytes(leaflet.pdf)
    for key in texts.stale:
        click.echo(f"Warning: the {chosen.name} text for {key} was translated from English that has changed "
                   "since; ask the translator to check it", err=True)
    smaller = f"; {leaflet.smaller}" if leaflet.smaller else ""
    click.echo(f"Wrote {output} ({size}, {chosen.name}{smaller})", err=True)
