"""`planner ab --arm NAME=SUCCESSES/TRIALS ...`: compare arms from counts typed on the command line."""

from __future__ import annotations

import json

import click

from planner.ab import compare, parse_arm, render_text
from planner.cli.common import CliError


@click.command()
@click.option("--arm", "specs", multiple=True, required=True, metavar="NAME=SUCCESSES/TRIALS",
              help="One arm, e.g. --arm rebel=4/120. Give two or more; the first is the reference.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def ab(specs: tuple[str, ...], fmt: str) -> None:
    """Compare two or more arms: Wilson intervals, P(best), expected loss, Fisher or chi-squared with Holm."""
    try:
        arms = [parse_arm(spec) for spec in specs]
        comparison = compare(arms)
    except ValueError as error:
        raise CliError(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps(comparison.to_dict(), indent=2))
    else:
        click.echo(render_text(comparison))
