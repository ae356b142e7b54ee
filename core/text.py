"""Text helpers shared by every app."""

import unicodedata

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
