"""Safe highlighting and the `planner lint` command contract."""

import json

import pytest
from click.testing import CliRunner

from adverts.lint import lint
from adverts.lint.highlight import highlight_html
from planner.cli.lint import lint as lint_command


def test_highlight_escapes_all_user_text():
    text = '<script>alert(1)</script> Make a "difference" & <b>team player</b>'
    html = highlight_html(text, lint(text))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark ") == 1 and 'title="' in html
    assert '<mark class="lint lint-wallpaper"' in html


def test_highlight_escapes_titles_from_custom_rules():
    from adverts.lint import Finding
    finding = Finding(0, 4, "text", "jargon", "x", 'Why "<img src=x>"', "<i>", "exact")
    html = highlight_html("text here", [finding])
    assert "<img" not in html and "<i>" not in html


def run(args, stdin=None):
    return CliRunner().invoke(lint_command, args, input=stdin)


def test_exit_0_without_findings():
    result = run(["-"], "Pay is £12.60 an hour.")
    assert result.exit_code == 0 and result.output == ""


def test_exit_1_and_json_shape(tmp_path):
    path = tmp_path / "ad.txt"
    path.write_text("Intro\nTeam player wanted", encoding="utf-8")
    result = run(["--format", "json", str(path), "-"], "Clean text")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["path"] for d in data] == [str(path), "-"]
    (finding,) = data[0]["findings"]
    assert set(finding) == {"start", "end", "text", "category", "rule", "why", "suggestion", "match"}
    assert (finding["start"], finding["end"], finding["text"], finding["match"]) == (6, 17, "Team player", "exact")
    assert data[1]["findings"] == []


def test_text_format_has_line_and_column():
    result = run(["-"], "Hello.\n  Make a difference")
    assert result.exit_code == 1
    assert result.output.startswith("-:2:3: wallpaper make-a-difference — Make a difference — ")


@pytest.mark.parametrize("data", [b"\xff\xfeMake", b"Make\x00a difference", b"\x89PNG\r\n\x1a\n\x00"])
def test_exit_2_for_binary_or_non_utf8(data):
    result = CliRunner().invoke(lint_command, ["-"], input=data)
    assert result.exit_code == 2 and "planner lint: -:" in result.output
    assert "Traceback" not in result.output


def test_exit_2_for_missing_file_and_bad_rules(tmp_path):
    assert run([str(tmp_path / "none.txt")]).exit_code == 2
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nid = "x"\ncategory = "nope"\n', encoding="utf-8")
    result = run(["--rules", str(bad), "-"], "text")
    assert result.exit_code == 2 and "rules.toml:1: rule 'x'" in result.output
    assert run([]).exit_code == 2


def test_rules_file_adds_rules(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[rule]]\nid = "kettle"\ncategory = "jargon"\nwhy = "W."\n'
                     'suggestions = ["S."]\nphrases = ["kettle club"]\n', encoding="utf-8")
    result = run(["--format", "json", "--rules", str(extra), "-"], "Join the Kettle Clubs")
    assert result.exit_code == 1
    assert json.loads(result.output)[0]["findings"][0]["rule"] == "kettle"


def test_empty_emoji_and_non_latin_input():
    assert run(["-"], "").exit_code == 0
    assert run(["-"], "😀 شکریہ dziękuję مرحبا").exit_code == 0


def test_organisation_rules_and_allow_list_apply(sqlite_env):
    from planner.campaign import CustomRule, Organisation
    from planner.storage import Store

    Store(sqlite_env).save_organisation(Organisation(
        slug="acme", name="Acme", allow_list=["make a difference"],
        custom_rules=[CustomRule(phrase="kettle club", category="jargon", why="W.", suggestion="S.")]))
    result = run(["--format", "json", "--organisation", "acme", "-"], "Make a difference at our kettle club")
    rules = [f["rule"] for f in json.loads(result.output)[0]["findings"]]
    assert result.exit_code == 1 and rules == ["org-kettle-club"]
    assert run(["--organisation", "nope", "-"], "text").exit_code == 2
