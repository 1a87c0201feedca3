"""`planner readiness` and `planner profile`: the seven questions from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from personas.profile import profile_html
from planner import atomic
from planner.cli.common import CliError, open_campaign
from planner.readiness import readiness as campaign_readiness


def _load(ref: str):
    _, record, organisation = open_campaign(ref)
    return record.campaign, organisation


@click.command("readiness")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def readiness(ref: str, fmt: str) -> None:
    """What is still missing before CAMPAIGN can advertise. Exit code 1 while anything is missing."""
    campaign, organisation = _load(ref)
    summary = campaign_readiness(campaign, organisation)
    if fmt == "json":
        click.echo(json.dumps({
            "campaign": campaign.slug, "ready_to_advertise": summary.ready_to_advertise,
            "steps": [{"number": s.step.number, "title": s.step.title, "complete": s.complete,
                       "missing": list(s.missing), "notes": list(s.notes)} for s in summary.steps],
            "signoffs": [{"who": s.requirement.who, "scope": s.requirement.scope, "state": s.state}
                         for s in summary.signoffs],
            "missing": [{"check": check, "section": section, "message": message}
                        for check, section, message in summary.named_missing],
            "whats_missing": [{"check": gap.check, "message": gap.message, "why": gap.why} for gap in summary.gaps],
        }, indent=2, ensure_ascii=False))
    else:
        for status in summary.steps:
            click.echo(f"[{'x' if status.complete else ' '}] {status.step.number}. {status.step.title}")
        if summary.ready_to_advertise:
            click.echo("Ready to advertise: every step is complete and every sign-off is in.")
        else:
            click.echo(f"Not ready to advertise. Still missing ({len(summary.missing)}):")
            for section, message in summary.missing:
                click.echo(f"  {section}: {message}")
    raise SystemExit(0 if summary.ready_to_advertise else 1)


@click.command("profile")
@click.argument("ref", metavar="CAMPAIGN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the HTML ('-' for standard output).")
def profile(ref: str, output: Path) -> None:
    """Write CAMPAIGN's printable one-page 'Could this be you?' profile as HTML."""
    campaign, organisation = _load(ref)
    html = profile_html(campaign, organisation)
    if str(output) == "-":
        click.echo(html, nl=False)
        return
    try:
        atomic.write_text(output, html)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"Wrote the profile to {output}", err=True)
