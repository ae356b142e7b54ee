"""Text helpers shared by every app."""

import re
import unicodedata

# What XML 1.0 cannot hold (lxml refuses it, spreadsheets choke on it): the C0 controls but tab, LF and CR; DEL;
# lone surrogates; U+FFFE and U+FFFF. They never carry meaning in an agency's text.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# "đ" is a letter of its own in Unicode, not "d" plus a mark: NFKD leaves it.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased, without Vietnamese diacritics, spaces squeezed.

    "Giàng Thị Dung" and "giang thi dung" fold to the same string, so search
    works on SQLite and PostgreSQL alike against a stored folded column.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_words(text: str | None) -> list[str]:
    """The words of a search, folded (no diacritics, lower case): "Lò Thị, Thu-Chư" -> ["lo", "thi", "thu", "chu"].

    Punctuation separates words ("H'Mông" is "h" and "mong", as a folded column reads it).
    """
    return re.findall(r"\w+", fold(text))


def whole_word(word: str) -> str:
    """A regular expression matching ``word`` (of ``search_words``: letters and digits only) as a whole word of a
    folded column, the same on PostgreSQL and SQLite: "thu" finds "thu" and "thu-chu", never "thuy"."""
    return rf"(^|\W){word}(\W|$)"


def slug(text: str) -> str:
    """An ASCII slug for readable URLs: "Tỉnh Lào Cai" -> "tinh-lao-cai"."""
    folded = fold(text)
    out = []
    for ch in folded:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")
