"""Shared CLI plumbing: one way to open the store and one way to fail."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from planner.campaign import Organisation
    from planner.storage import CampaignRecord, Store


class CliError(click.ClickException):
    """A user-facing error: printed as one line, exit code 2."""

    exit_code = 2


def open_store() -> Store:
    from planner.storage import Store  # imported here: commands that need no database start faster

    try:
        return Store()
    except Exception as error:  # a bad DATABASE_URL or unreachable server is a user error
        raise CliError(f"cannot open the database: {error}") from error


def open_campaign(ref: str) -> tuple[Store, CampaignRecord, Organisation]:
    """The store, the campaign CAMPAIGN names (id or slug) and its organisation; a clear error if none."""
    from planner.storage import NotFoundError

    store = open_store()
    try:
        record = store.campaign(ref)
        organisation, _ = store.organisation(record.organisation)
    except NotFoundError as error:
        raise CliError(str(error)) from None
    return store, record, organisation


@contextmanager
def atomic_output(output: Path) -> Iterator[Path]:
    """A temporary path in the output's folder; renamed over `output` only when the block completes, so an
    existing file is replaced by a complete one or not at all."""
    try:
        handle, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".partial")
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        umask = os.umask(0)
        os.umask(umask)
        partial.chmod(0o666 & ~umask)
        partial.replace(output)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
