"""`planner ui`: start the Streamlit app on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from planner.cli.common import CliError, open_store
from planner.demo import load_demo

APP = Path(__file__).resolve().parents[2] / "app.py"


@click.command()
@click.option("--port", default=8501, show_default=True, help="Port on 127.0.0.1.")
@click.option("--no-demo", is_flag=True, help="Do not load the demo campaigns into an empty database.")
def ui(port: int, no_demo: bool) -> None:
    """Start the app on 127.0.0.1 (an empty database gets the demo campaigns)."""
    if not APP.exists():
        raise CliError(f"cannot find {APP}: run `planner ui` from an editable install (pip install -e .)")
    store = open_store()
    if not no_demo and not store.campaigns():
        load_demo(store)
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    raise SystemExit(subprocess.call(command, cwd=APP.parent))
