"""``roman``: the one Roman-numeral writer (quarter labels, the DOCX's sections and channel groups)."""

import pytest

from reports.calendar import ROMAN, roman


def test_roman_numerals_one_to_twenty():
    assert [roman(n) for n in range(1, 21)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ]  # fmt: skip


def test_roman_agrees_with_the_quarter_numerals():
    assert {n: roman(n) for n in ROMAN} == ROMAN


@pytest.mark.parametrize("number", [0, -1, 40])
def test_roman_refuses_what_it_cannot_write(number):
    with pytest.raises(ValueError, match="Roman"):
        roman(number)
