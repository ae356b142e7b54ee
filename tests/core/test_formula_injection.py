"""Formula injection in every XLSX the site writes, including text that starts with blanks before "=".

A spreadsheet program strips leading blanks when a cell is edited or the sheet
is re-saved as CSV and opened again, so " =HYPERLINK(…)" becomes a live
formula as surely as "=HYPERLINK(…)". Every export must neutralise it.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.spreadsheet import looks_like_formula, neutralise
from honourees.resources import HonoureeResource
from province.documents.xlsx import build_narratives_xlsx
from reports import selectors, spreadsheets
from tests.honourees.factories import HonoureeFactory
from tests.province.snapshots import sample_snapshot
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

# Blank (space, tab, no-break space, ideographic space, newline) before a trigger, and full-width triggers.
HIDDEN = [" =1+2", "  +CMD|' /C calc'!A0", '\u00a0=HYPERLINK("http://evil")', "\u3000@SUM(A1)", "\n=1", "＝1+2"]
PLAIN = ["Báo Lào Cai", "1.234 tin", "Tổng: 5", "e-mail: a@b.vn"]


@pytest.mark.parametrize("text", [*HIDDEN, "=1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_like_text_is_recognised(text):
    assert looks_like_formula(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_is_left_alone(text):
    assert not looks_like_formula(text)
    assert neutralise(text) == text


def _cells(book):
    return [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.django_db
def test_honouree_export_for_leadership_neutralises_hidden_formulas(client, leader, agency_a):
    for text in HIDDEN:
        HonoureeFactory(name=text, summary=text, proposing_agency=agency_a)
    client.force_login(leader)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("honourees:export")).content))
    values = {c.value for c in _cells(book)}
    for text in HIDDEN:
        assert text not in values
        assert "'" + text in values


@pytest.mark.django_db
def test_admin_honouree_export_neutralises_hidden_formulas(agency_a):
    HonoureeFactory(name="Giàng Thị Dung", story=' =HYPERLINK("http://evil")', proposing_agency=agency_a)
    row = HonoureeResource().export().dict[0]
    assert row["story"] == '\' =HYPERLINK("http://evil")'


def test_compiled_workbook_quotes_hidden_formulas():
    snapshot = sample_snapshot()
    snapshot["narratives"]["proposals"] = [{"agency": text, "text": text} for text in HIDDEN]
    # The agencies' texts: their own workbook (the figures' one holds names, which test_documents_xlsx checks).
    book = openpyxl.load_workbook(io.BytesIO(build_narratives_xlsx(snapshot)))
    cells = [c for c in _cells(book) if c.value in HIDDEN]
    assert {c.value for c in cells} == set(HIDDEN)
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix, repr(cell.value)


@pytest.mark.django_db
def test_report_template_neutralises_hidden_formulas_in_plan_and_agency_names(agency_a):
    plan = make_grid(PlanFactory(code="formula-plan"))
    agency_a.name = ' =HYPERLINK("http://evil")'
    agency_a.save(update_fields=["name"])
    metric = plan.channels.first().metrics.first()
    metric.name = "\u00a0=1+2"
    metric.save(update_fields=["name"])
    report = ReportFactory(agency=agency_a, period=PeriodFactory(plan=plan))
    grid = selectors.grid_for(plan)
    content = spreadsheets.build_template(report=report, grid=grid, figures={})
    book = openpyxl.load_workbook(io.BytesIO(content))
    # The template's own "Total" column holds =SUM(…) formulas; every text cell must be inert.
    values = [c.value for c in _cells(book) if c.data_type == "s"]
    assert not [v for v in values if looks_like_formula(v)], values
    assert any(v.startswith("' =HYPERLINK") for v in values)
    assert "'\u00a0=1+2" in values
