"""The `planner` command line: campaigns, demo data and the app.

Every command reads DATABASE_URL (default: SQLite under ~/.local/share/persona-campaign-planner).
Errors are reported as one clear line and exit code 2, never a traceback.
"""

from __future__ import annotations

import click

from planner.cli.ab import ab
from planner.cli.campaign import campaign
from planner.cli.common import CliError
from planner.cli.db import db
from planner.cli.demo import demo
from planner.cli.export import export
from planner.cli.lint import lint
from planner.cli.questions import profile, readiness
from planner.cli.results import results
from planner.cli.ui import ui
from planner.cli.variants import variants


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="persona-campaign-planner")
def main() -> None:
    """Persona Campaign Planner: values-based recruitment campaigns for adult social care."""


for command in (ab, campaign, db, demo, export, lint, profile, readiness, results, ui, variants):
    main.add_command(command)

__all__ = ["CliError", "main"]
