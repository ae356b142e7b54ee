"""Every catalogue entry is translated, and one English term has one Vietnamese term across the catalogues.

The Vietnamese review (shared/docs/vietnamese-review.md, section A) found the
same concept translated two or three ways: "thẩm định" beside "tiếp nhận" for
the reviewer's routine work, "phiên bản" beside "lần tổng hợp", "cơ quan"
beside "đơn vị"... These tests hold the chosen terms: wherever a msgid holds a
key English term as a word (case-insensitive, placeholders left out), its
msgstr must use the chosen Vietnamese term and none of the rejected ones. A
few msgids use the English word in another sense; each is allowed by name,
with the reason, in ``Term.allow``.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from django.conf import settings

from core.management.commands.compile_catalogues import catalogue_paths


def _catalogues():
    """The project's and every app's Vietnamese catalogue (an app added later is found too)."""
    base = Path(settings.BASE_DIR)
    found = set(catalogue_paths()) | set(base.glob("*/locale/vi/LC_MESSAGES/django.po"))
    return sorted(p for p in found if ".venv" not in p.parts)


CATALOGUES = _catalogues()
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _entries():
    for path in CATALOGUES:
        app = path.parents[3].name if path.parents[3] != Path(settings.BASE_DIR) else "project"
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield app, entry


def _translations(entry):
    return [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural.get(k, "") for k in entry.msgstr_plural]


def _english(entry):
    """The msgid (and plural) without its placeholders, so "%(agency)s" is not the word "agency"."""
    return PLACEHOLDER.sub(" ", " ".join(filter(None, [entry.msgid, entry.msgid_plural])))


@dataclass(frozen=True)
class Term:
    english: str  # a regular expression, matched as a word, case-insensitive
    vietnamese: str  # the chosen term: every matching msgstr contains it (case-insensitive)
    rejected: tuple = ()  # regular expressions no matching msgstr may contain
    allow: dict = field(default_factory=dict)  # msgid → why this entry uses the English word in another sense

    def matches(self, entry):
        return re.search(rf"\b(?:{self.english})\b", _english(entry), re.IGNORECASE) is not None


# "đơn vị" on its own is a unit; an agency is "cơ quan, đơn vị" (or "cơ quan …" in a compound such as
# "cơ quan đề xuất", "thủ trưởng cơ quan"). "Đơn vị hành chính" and "đơn vị tính" are other things.
BARE_UNIT = r"(?<!cơ quan, )\bđơn vị\b(?! hành chính| tính)"

TERMS = [
    Term("reviewers?", "cán bộ tổng hợp", (r"thẩm định",)),
    Term(
        "agency|agencies",
        "cơ quan",
        (BARE_UNIT,),
    ),
    Term(
        "accept|accepted|accepts",
        "tiếp nhận",
        (r"chấp nhận",),
        allow={
            "Only http and https links are accepted.": "a link's form, not a report's receipt",
            "Only JPEG or PNG photos are accepted.": "a photo's format",
            "The form was not accepted": "a form refused by the CSRF check",
            "The page had been open too long, or the account signed in or out in another tab, so the data sent "
            "was not accepted. Nothing was saved.": "a form refused by the CSRF check",
            "HTTP Accept": "the HTTP header (django-axes)",
            "If this happens again, check that the browser accepts cookies from this site.": "a browser's setting",
        },
    ),
    Term("return|returned|returns", "trả lại"),
    Term("compiled reports?", "báo cáo tổng hợp"),
    Term("compile|compiled|compiles|compiling", "tổng hợp", (r"\blập lại\b", r"đang (?:được )?lập\b")),
    Term(
        "versions?",
        "bản",
        (r"phiên bản", r"lần tổng hợp %"),
    ),
    Term("unpublish|unpublished|unpublishing", "khỏi cổng thông tin", (r"gỡ công bố",)),
    Term(
        "coverage",
        "giới thiệu",
        (r"bao phủ",),
        allow={"Agency × theme coverage": "the themes each agency propagated, not an honouree's coverage"},
    ),
    Term("snapshots?", "số liệu chốt", (r"bản chụp",)),
    Term("activity reports?", "báo cáo kết quả tuyên truyền", (r"kết quả hoạt động",)),
    Term("late", "chậm", (r"chậm hạn", r"muộn")),
    Term("clerks?", "cán bộ lập báo cáo"),
    Term("lock date|period (?:is|was) locked", "khóa số liệu", (r"khóa sổ",)),
    Term(
        "more information requested|asked for more|ask the agency for more|what was asked",
        "đề nghị",
        (r"yêu cầu",),
    ),
    Term("portal", "cổng thông tin"),
    Term(
        "register",
        "danh sách gương điển hình tiên tiến",
        allow={"Register number": "the number of a row in the register's export"},
    ),
    Term("signing capacity", "hình thức ký"),
    Term("signing authority", "thẩm quyền ký"),
    Term("ID number", "số định danh cá nhân", (r"^số cccd",)),
    Term("tasks for the next period", "phương hướng, nhiệm vụ kỳ tới"),
]

# Wrong anywhere: a calque, a rare word, the province as the body that receives reports (the receiving
# department changed in 2025; the pages say "cán bộ tổng hợp"), and "bạn" (one form of address: none,
# or "đồng chí").
REJECTED_EVERYWHERE = [
    r"khóa sổ",
    r"bao phủ",
    r"bản chụp",
    r"gỡ công bố",
    r"phiên bản",
    r"chậm hạn",
    r"lên tỉnh",
    r"\btỉnh (?:thẩm định|đã tiếp nhận|chưa nhận)",
    r"(?<!\w)bạn(?!\w)",
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_entry_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [
        e.msgid
        for e in catalogue
        if not e.obsolete and ("fuzzy" in e.flags or not all(s.strip() for s in _translations(e)))
    ]
    assert missing == [], f"untranslated or fuzzy in {path}"


def test_translations_keep_the_placeholders():
    wrong = [
        (app, e.msgid)
        for app, e in _entries()
        for s in _translations(e)
        if set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
    ]
    assert wrong == []


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.english)
def test_one_english_term_has_one_vietnamese_term(term):
    matched, wrong = 0, []
    for app, entry in _entries():
        if not term.matches(entry) or entry.msgid in term.allow:
            continue
        matched += 1
        for text in _translations(entry):
            lower = text.lower()
            if term.vietnamese not in lower or any(re.search(r, lower) for r in term.rejected):
                wrong.append((app, entry.msgid, text))
    assert matched, f"no msgid holds {term.english!r}: drop the term or fix its pattern"
    assert wrong == [], f"{term.english!r} should read {term.vietnamese!r}"


def test_the_allow_lists_name_existing_entries():
    msgids = {e.msgid for _app, e in _entries()}
    stale = [msgid for term in TERMS for msgid in term.allow if msgid not in msgids]
    assert stale == []


def test_no_rejected_wording_anywhere():
    wrong = [
        (app, e.msgid, s)
        for app, e in _entries()
        for s in _translations(e)
        if any(re.search(r, s.lower()) for r in REJECTED_EVERYWHERE)
    ]
    assert wrong == []


def test_appraisal_word_is_kept_for_verifying_honourees():
    """'Thẩm định' is the word for appraising a commendation file, not for receiving a periodic report."""
    wrong = [
        (app, e.msgid)
        for app, e in _entries()
        for s in _translations(e)
        if "thẩm định" in s.lower() and not re.search(r"\bverif", e.msgid, re.IGNORECASE)
    ]
    assert wrong == []


def test_the_terms_would_catch_the_old_wording():
    """The checks are real: the wording the review replaced fails them."""
    reviewer = next(t for t in TERMS if t.english == "reviewers?")
    entry = polib.POEntry(msgid="Reopened by the reviewer", msgstr="Cán bộ thẩm định mở lại")
    assert reviewer.matches(entry)
    assert reviewer.vietnamese not in entry.msgstr.lower()
    agency = next(t for t in TERMS if t.english == "agency|agencies")
    late = polib.POEntry(msgid="Late agencies", msgstr="Đơn vị chậm báo cáo")
    assert agency.matches(late)
    assert re.search(BARE_UNIT, late.msgstr.lower())
    assert not re.search(BARE_UNIT, "cơ quan, đơn vị chậm báo cáo")
    assert not agency.matches(polib.POEntry(msgid="To: %(agency)s", msgstr="Kính gửi: %(agency)s"))
    assert any(re.search(r, "trang bạn yêu cầu") for r in REJECTED_EVERYWHERE)
    assert any(re.search(r, "gửi báo cáo lên tỉnh") for r in REJECTED_EVERYWHERE)
    assert not any(re.search(r, "gửi báo cáo về cơ quan, đơn vị") for r in REJECTED_EVERYWHERE)
