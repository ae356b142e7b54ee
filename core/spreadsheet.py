"""Text for spreadsheet cells that no spreadsheet program will run as a formula.

A cell whose text starts with = + - or @ (or with a tab or CR before them) is a
formula to Excel and LibreOffice once the cell is edited or the sheet is saved
as CSV and opened again; both also drop leading blanks first, so " =1+2" and
"\u00a0=1+2" are formulas too, and the full-width signs of East Asian input
methods are read as their ASCII twins. Every XLSX the site writes passes its
text through here (OWASP "CSV injection").
"""

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL_STARTS = ("\t", "\r", "\n")


def looks_like_formula(text) -> bool:
    """Whether ``text`` would be taken for a formula (after the blanks a spreadsheet strips)."""
    if not isinstance(text, str) or not text:
        return False
    return text.startswith(_CONTROL_STARTS) or text.lstrip().startswith(FORMULA_SIGNS)


def neutralise(value):
    """``value`` with a leading apostrophe when it is formula-like text; anything else unchanged."""
    return "'" + value if looks_like_formula(value) else value
