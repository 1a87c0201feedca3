"""Helpers for benchmarks that time fresh processes of the `planner` CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def planner() -> list[str]:
    """The installed `planner` console script next to this Python, or the same entry point by hand."""
    script = Path(sys.executable).with_name("planner")
    if script.exists():
        return [str(script)]
    found = shutil.which("planner")
    return [found] if found else [sys.executable, "-c", "import sys; from planner.cli import main; sys.exit(main())"]
