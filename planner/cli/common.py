"""Shared CLI plumbing: one way to open the store and one way to fail."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from planner.storage import Store


class CliError(click.ClickException):
    """A user-facing error: printed as one line, exit code 2."""

    exit_code = 2


def open_store(*, upgrade: bool = True) -> Store:
    from planner.storage import Store  # imported here: commands that need no database start faster
    from planner.storage.config import database_url, scrub

    try:
        return Store(upgrade=upgrade)
    except Exception as error:  # a bad DATABASE_URL or unreachable server is a user error
        url = database_url()
        raise CliError(scrub(f"cannot open the database: {error}", url)) from None
