"""`planner results import|report|template|insights`."""

from __future__ import annotations

import click


@click.group()
def results() -> None:
    """Import results and report the funnel with honest statistics. CAMPAIGN is an id or a slug."""
