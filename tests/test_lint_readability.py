"""Flesch reading ease against hand-computed values, and the longest sentences."""

import pytest

from adverts.lint.readability import readability, syllables


def test_flesch_hand_computed_single_sentence():
    # 6 words, 6 syllables, 1 sentence: 206.835 - 1.015*6 - 84.6*1 = 116.145
    result = readability("The cat sat on the mat.")
    assert (result.words, result.syllables, result.sentences) == (6, 6, 1)
    assert result.flesch == 116.1


def test_flesch_hand_computed_two_sentences():
    # "We pay well." 3 words 3 syl; "Carers visit people at home." 5 words:
    # car-ers 2, vis-it 2, peo-ple 2, at 1, home 1 = 8 syl. Total 8 words, 11 syllables, 2 sentences.
    # 206.835 - 1.015*4 - 84.6*11/8 = 86.45
    result = readability("We pay well. Carers visit people at home.")
    assert (result.words, result.syllables, result.sentences) == (8, 11, 2)
    assert result.flesch == pytest.approx(86.45, abs=0.051)


def test_longest_sentences_with_offsets():
    text = "Short one. This second sentence is clearly the longest of them all. Mid length here."
    longest = readability(text, longest=2).longest
    assert [s.words for s in longest] == [10, 3]
    assert text[longest[0].start:longest[0].end] == longest[0].text


@pytest.mark.parametrize("word, count", [("care", 1), ("caring", 2), ("people", 2), ("difference", 3)])
def test_syllables(word, count):
    assert syllables(word) == count


def test_no_words_gives_no_score():
    assert readability("").flesch is None
    assert readability("😀 123 !!!").flesch is None
