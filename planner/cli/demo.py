"""`planner demo`: load the demo organisation and campaigns."""

from __future__ import annotations

import click

from planner.cli.common import open_store
from planner.demo import ILLUSTRATIVE, load_demo


@click.command()
def demo() -> None:
    """Load two demo campaigns (a Wellbeing Leader and Wellbeing Workers) with illustrative results."""
    loaded = load_demo(open_store())
    if loaded:
        click.echo("Loaded demo campaigns: " + ", ".join(loaded))
    else:
        click.echo("The demo campaigns are already loaded.")
    click.echo(ILLUSTRATIVE)
