"""`planner variants generate|list`: advert variants from a campaign's themes, personas and channels."""

from __future__ import annotations

import json
from pathlib import Path

import click

from adverts import templates as templates_module
from adverts.generate import Options, copy_notes, generate, missing_facts, plan_groups
from adverts.tracking import usual_landing_page
from adverts.variants import check_variants
from planner.campaign import Organisation
from planner.cli.common import CliError, open_store
from planner.storage import CampaignRecord, ConflictError, NotFoundError, Store


@click.group()
def variants() -> None:
    """Generate and list advert variants. CAMPAIGN is an id or a slug."""


@variants.command("generate")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--max", "max_variants", type=click.IntRange(1, 5000), default=None,
              help="At most this many new variants, spread evenly over theme x persona x format "
              "(default: 2 to 4 per channel, sized by the sample-size planner and the channel's budget).")
@click.option("--theme", "themes", multiple=True, help="Only this theme key (repeatable).")
@click.option("--persona", "personas", multiple=True, help="Only this persona key (repeatable).")
@click.option("--channel", "channels", multiple=True, help="These channels instead of the channel plan (repeatable).")
@click.option("--cta", "ctas", multiple=True,
              help="Calls to action to test (default: from the role's way in; 'Apply now' is never offered "
              "when there is no application form).")
@click.option("--landing-page", help="The web page adverts link to (default: the one the campaign's variants use).")
@click.option("--templates", "templates_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own templates file (TOML, as adverts/templates.toml).")
def generate_variants(ref: str, max_variants: int | None, themes: tuple[str, ...], personas: tuple[str, ...],
                      channels: tuple[str, ...], ctas: tuple[str, ...], landing_page: str | None,
                      templates_path: Path | None) -> None:
    """Generate the most distinct variants and add them to the campaign."""
    store = open_store()
    record, organisation = _open(store, ref)
    campaign = record.campaign
    _check_keys("theme", themes, [t.key for t in campaign.themes])
    _check_keys("persona", personas, [p.key for p in campaign.personas])
    try:
        templates = templates_module.parse(templates_path.read_text("utf-8")) if templates_path else None
        page = landing_page if landing_page is not None else usual_landing_page(campaign.variants)
        options = Options(max_variants=max_variants, ctas=ctas, landing_page=page)
    except (ValueError, UnicodeDecodeError) as error:
        raise CliError(str(error)) from None
    groups = plan_groups(campaign, themes or None, personas or None, channels or None)
    if not groups:
        raise CliError("nothing to generate: the campaign needs at least one theme and one persona")
    new = generate(campaign, organisation, groups, options, templates)
    for group in groups:
        if facts := missing_facts(campaign, organisation, group, templates):
            click.echo(f"No copy for {group.theme} x {group.persona} ({group.format}): answer "
                       f"{', '.join(facts)} first.", err=True)
    for note in dict.fromkeys(note for group in groups for note in copy_notes(campaign, organisation, group)):
        click.echo(f"Note: {note}", err=True)
    try:
        saved = store.save_campaign(record.id, campaign.model_copy(update={"variants": campaign.variants + new}),
                                    record.version)
    except ConflictError as error:
        raise CliError(str(error)) from None
    click.echo(f"Added {len(new)} variant(s) to {saved.campaign.slug} for {len(groups)} theme x persona x format "
               "group(s).")
    checks = check_variants(saved.campaign, organisation, keys=[v.key for v in new])
    blocked = [key for key, check in checks.items() if check.facebook_blockers]
    long_ = [key for key, check in checks.items() if check.length]
    if blocked:
        click.echo(f"{len(blocked)} cannot go into a Facebook export until a personal-attribute finding is fixed or "
                   f"dismissed: {', '.join(blocked)}")
    if long_:
        click.echo(f"{len(long_)} go over a format limit: {', '.join(long_)}")


def _open(store: Store, ref: str) -> tuple[CampaignRecord, Organisation]:
    try:
        record = store.campaign(ref)
        return record, store.organisation(record.organisation)[0]
    except NotFoundError as error:
        raise CliError(str(error)) from None


def _check_keys(kind: str, chosen: tuple[str, ...], known: list[str]) -> None:
    unknown = [k for k in chosen if k not in known]
    if unknown:
        raise CliError(f"no {kind} {', '.join(unknown)} in this campaign; its {kind}s are {', '.join(known) or 'none'}")


@variants.command("list")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_variants(ref: str, fmt: str) -> None:
    """List the campaign's variants with their spoken codes, links and checks."""
    record, organisation = _open(open_store(), ref)
    checks = check_variants(record.campaign, organisation)
    rows = [{**v.model_dump(mode="json", exclude={"dismissals"}),
             "lint_findings": len(checks[v.key].findings),
             "facebook_blocked": bool(checks[v.key].facebook_blockers),
             "length_warnings": [w.message for w in checks[v.key].length],
             "near_duplicates": list(checks[v.key].near_duplicates)} for v in record.campaign.variants]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No variants yet. Try `planner variants generate CAMPAIGN`.")
    for row in rows:
        flags = "".join([" [blocked for Facebook]" if row["facebook_blocked"] else "",
                         " [too long]" if row["length_warnings"] else "",
                         " [near-duplicate]" if row["near_duplicates"] else ""])
        click.echo(f"{row['spoken_code'] or '-':<8} {row['key']:<40} {row['status']:<10} {row['headline']}{flags}")
