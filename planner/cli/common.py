"""Shared CLI plumbing: one way to open the store and one way to fail."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from planner.storage import Store


class CliError(click.ClickException):
    """A user-facing error: printed as one line, exit code 2."""

    exit_code = 2


def open_store() -> Store:
    from planner.storage import Store  # imported here: commands that need no database start faster

    try:
        return Store()
    except Exception as error:  # a bad DATABASE_URL or unreachable server is a user error
        raise CliError(f"cannot open the database: {error}") from error


def open_campaign(store: Store, ref: str):
    """The campaign record and its organisation, or one clear line when either is missing."""
    from planner.storage import NotFoundError

    try:
        record = store.campaign(ref)
        return record, store.organisation(record.organisation)[0]
    except NotFoundError as error:
        raise CliError(str(error)) from None
