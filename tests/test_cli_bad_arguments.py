"""Every `planner` command, given bad arguments, fails as promised: exit 2, a clear line, no traceback.

The commands are found by walking the CLI itself, so a new command is covered the day it is added.
For each one: an unknown option; every argument and required option bad (a campaign that does not
exist, a device instead of a file, an output in a missing folder); the same with a real campaign, so
the file checks are reached; and an unreachable database. The last-resort handler in the CLI group
("failed: ...") must never be what answers: each of these failures has its own message.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from planner.cli import COMMANDS, main
from planner.demo import load_demo
from planner.storage import Store

CAMPAIGN = "wellbeing-workers-wigan"
UNREACHABLE = "postgresql+psycopg://planner:secret@127.0.0.1:1/planner"
#: Commands that start a server or load data when given good arguments: only bad ones are tried.
SERVING = {"ui"}


def _leaves() -> list[tuple[tuple[str, ...], click.Command]]:
    found = []

    def walk(path: tuple[str, ...], command: click.Command) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(click.Context(command)):
                walk((*path, name), command.get_command(click.Context(command), name))
        else:
            found.append((path, command))

    for name in COMMANDS:
        walk((name,), main.get_command(click.Context(main), name))
    return found


def _value(param: click.Parameter, campaign: str) -> str:
    """A bad value for one argument or required option."""
    if isinstance(param.type, click.Path):
        writes = isinstance(param, click.Option)  # the -o outputs; file arguments are read
        return "/no/such/folder/out.file" if writes else "/dev/zero"
    if isinstance(param.type, click.DateTime):
        return "2026-02-30"
    if (param.metavar or "").upper() == "CAMPAIGN":
        return campaign
    if param.name == "specs":
        return "rebel=4/x"
    if param.name == "revision":
        return "no-such-revision"
    return "x"


def _arguments(command: click.Command, campaign: str) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            args.append(_value(param, campaign))
        elif isinstance(param, click.Option) and param.required:
            args += [param.opts[0], _value(param, campaign)]
    return args


def _cases() -> list:
    cases = []
    for path, command in _leaves():
        name = " ".join(path)
        cases.append(pytest.param([*path, "--no-such-option"], None, id=f"{name}: unknown option"))
        needs = any(isinstance(p, click.Argument) or getattr(p, "required", False) for p in command.params)
        if not needs or path[0] in SERVING:
            continue
        cases.append(pytest.param([*path, *_arguments(command, "no-such-campaign")], None,
                                  id=f"{name}: bad arguments"))
        if any((p.metavar or "").upper() == "CAMPAIGN" for p in command.params):
            args = [*path, *_arguments(command, CAMPAIGN)]
            if any(isinstance(p.type, click.Path) and (isinstance(p, click.Argument) or p.required)
                   for p in command.params):
                cases.append(pytest.param(args, None, id=f"{name}: a real campaign, bad files"))
            cases.append(pytest.param(args, UNREACHABLE, id=f"{name}: unreachable database"))
    for path in (("campaign", "list"), ("db", "current"), ("db", "upgrade"), ("demo",)):
        cases.append(pytest.param(list(path), UNREACHABLE, id=f"{' '.join(path)}: unreachable database"))
    cases.append(pytest.param(["lint", "--organisation", "acme", "-"], UNREACHABLE,
                              id="lint --organisation: unreachable database"))
    return cases


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'planner.sqlite3'}"
    store = Store(url)
    load_demo(store)
    store.close()
    return url


@pytest.mark.parametrize("args, database", _cases())
def test_every_command_fails_cleanly_on_bad_arguments(demo_url, args, database):
    env = {"DATABASE_URL": database or demo_url, "FB_ACCESS_TOKEN": "not-a-token"}
    result = CliRunner().invoke(main, args, env=env, input="y\nadvert text\n", catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error: failed:" not in result.output, result.output  # the last-resort handler: a failure not foreseen
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith(("Error:", "planner lint:")), result.output  # one line, and the last one
    assert "secret" not in result.output  # the database password is never shown
