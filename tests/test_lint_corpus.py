"""Corpus learning: distinct-employer counting, progress, and clear upload errors."""

import io

import pytest
from openpyxl import Workbook

from adverts.lint.corpus import AdvertRow, CorpusError, learn_phrases, read_corpus


def test_one_employer_repeating_a_phrase_counts_once():
    rows = [AdvertRow("Brilliant kettle club every Friday.", "Agency")] * 50
    rows += [AdvertRow("Our brilliant kettle club meets weekly.", "Solo Care")]
    assert learn_phrases(rows, min_employers=3) == []  # 51 adverts, but only 2 employers
    rows += [AdvertRow("Try the brilliant kettle club.", "Third Ltd")]
    found = {c.phrase: c.employers for c in learn_phrases(rows, min_employers=3)}
    assert found == {"brilliant kettle club": 3}


def test_phrases_are_lemma_merged_and_known_rules_marked():
    rows = [AdvertRow("You will make a real difference.", "A"),
            AdvertRow("Making a real difference daily.", "B")]
    (candidate,) = learn_phrases(rows, min_employers=2)
    assert (candidate.phrase, candidate.employers, candidate.known) == ("make a real difference", 2, True)


def test_progress_is_reported():
    calls = []
    learn_phrases([AdvertRow("a b", "x")] * 3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_reads_csv_and_xlsx():
    rows = read_corpus(b"Employer,Text\nA,Make a difference\nB,\n,Hello there\n", "ads.csv")
    assert rows == [AdvertRow("Make a difference", "A"), AdvertRow("Hello there", "(no employer given)")]
    book = Workbook()
    book.active.append(["text", "employer"])
    book.active.append(["Team player", "C"])
    data = io.BytesIO()
    book.save(data)
    assert read_corpus(data.getvalue(), "ads.xlsx") == [AdvertRow("Team player", "C")]


@pytest.mark.parametrize("data, name, message", [
    (b"", "a.csv", "empty"),
    (b"title,body\nx,y\n", "a.csv", "missing column"),
    ("text,employer\ncaf\xe9,A\n".encode("latin-1"), "a.csv", "not UTF-8"),
    (b"text,employer\n\x00\x01", "a.csv", "binary"),
    (b'text,employer\n"unterminated,A\n' + b"x" * 200_000, "a.csv", "malformed CSV"),
    (b"PK\x03\x04 not really a zip", "a.xlsx", "not a readable .xlsx"),
    (b"text,employer\n", "a.csv", "no rows"),
    (b"x" * (20 * 1024 * 1024 + 1), "a.csv", "limit"),
])
def test_bad_uploads_give_clear_errors(data, name, message):
    with pytest.raises(CorpusError, match=message):
        read_corpus(data, name)
