"""Shared CLI plumbing: one way to open the store and one way to fail."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
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


#: Characters a terminal may act on: C0 controls but tab and newline (ESC starts "clear the screen"),
#: carriage return (it overwrites a line), DEL and the C1 controls (U+009B is a one-character ESC [).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub("", text)


def one_line(error: BaseException) -> str:
    """An exception's message on one line, without control characters, at most 300 characters."""
    return " ".join(terminal_safe(str(error)).split())[:300] or type(error).__name__


class _TerminalStream:
    """A terminal's text stream that drops control characters from everything written to it."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text) if isinstance(text, str) else text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def clean_terminal_output() -> None:
    """Imported names may hold escape sequences; a terminal shows them as text, never obeys them."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _TerminalStream) and stream.isatty():
            setattr(sys, name, _TerminalStream(stream))


def open_store(*, upgrade: bool = True) -> Store:
    from planner.storage import Store  # imported here: commands that need no database start faster
    from planner.storage.config import database_url, scrub

    try:
        return Store(upgrade=upgrade)
    except Exception as error:  # a bad DATABASE_URL or unreachable server is a user error
        message = scrub(f"cannot open the database: {getattr(error, 'orig', None) or error}", database_url())
        raise CliError(" ".join(terminal_safe(message).split())[:300]) from None


class UnreadableInput(ValueError):
    """A file argument that is not read at all: missing, a folder, a FIFO or device, or over its size limit."""


def read_input(path: str | Path, limit: int, too_large: Callable[[int], str]) -> bytes:
    """The bytes of a regular file, or of stdin for '-', never more than `limit` + 1 of them.

    A FIFO would block and a device such as /dev/zero never ends, so anything but a regular file is refused
    before it is opened; `too_large(size)` says why a file over the limit is refused.
    """
    if str(path) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise UnreadableInput(too_large(len(data)))
        return data
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(f"{path} is not a regular file (a pipe, socket or device): save what it holds to "
                                  "a file and give that")
        if info.st_size > limit:
            raise UnreadableInput(too_large(info.st_size))
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise UnreadableInput(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:  # it grew while being read
        raise UnreadableInput(too_large(len(data)))
    return data


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
    """planner.atomic's temporary path beside `output`, with a failure to write as one clear line: an
    existing file is replaced by a complete one or not at all."""
    from planner.atomic import atomic_path

    try:
        with atomic_path(output) as partial:
            yield partial
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}; any earlier file there is unchanged") \
            from None
