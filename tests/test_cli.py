"""The `planner` command line: campaign list/export/import, demo, and clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planner.cli import main


@pytest.fixture
def run(sqlite_env):
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_demo_then_list_as_json(run):
    assert run("demo").exit_code == 0
    listed = json.loads(run("campaign", "list", "--format", "json").output)
    assert {c["slug"] for c in listed} == {"wellbeing-leader-camden", "wellbeing-workers-wigan"}
    assert all(set(c) == {"id", "slug", "name"} for c in listed)
    assert "already loaded" in run("demo").output


def test_export_import_export_round_trip_by_id_and_slug(run, tmp_path, monkeypatch):
    run("demo")
    listed = json.loads(run("campaign", "list", "--format", "json").output)
    first = tmp_path / "first.json"
    by_id = next(c for c in listed if c["slug"] == "wellbeing-workers-wigan")["id"]
    assert run("campaign", "export", str(by_id), "-o", str(first)).exit_code == 0

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert run("campaign", "import", str(first)).exit_code == 0
    second = tmp_path / "second.json"
    assert run("campaign", "export", "wellbeing-workers-wigan", "-o", str(second)).exit_code == 0
    a, b = (json.loads(p.read_text()) for p in (first, second))
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b


def test_import_of_a_bad_file_is_a_clear_error(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "organisation": {"slug": "a", "name": "A"}, "campaign": {"slug": "x"}}')
    result = run("campaign", "import", str(bad))
    assert result.exit_code == 2
    assert "campaign.name: Field required" in result.output and "nothing imported" in result.output
    assert json.loads(run("campaign", "list", "--format", "json").output) == []


def test_import_from_stdin_and_slug_clash(run, tmp_path):
    run("demo")
    exported = run("campaign", "export", "wellbeing-leader-camden", "-o", "-").output
    clash = run("campaign", "import", "-", input=exported)
    assert clash.exit_code == 2 and "already exists" in clash.output
    assert run("campaign", "import", "-", "--slug", "leader-copy", input=exported).exit_code == 0


def test_unknown_campaign_and_missing_file(run, tmp_path):
    result = run("campaign", "export", "nope", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 2 and "no campaign with id or slug 'nope'" in result.output
    result = run("campaign", "import", str(tmp_path / "missing.json"))
    assert result.exit_code == 2 and "cannot read" in result.output


def test_db_current(run):
    result = run("db", "current")
    assert result.exit_code == 0 and "sqlite" in result.output
