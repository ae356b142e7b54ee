"""The demo province (``seed_demo``): each past quarter lived its duties before its province report was compiled,
so the busiest past quarter's report has a section for each duty of the plan's section III."""

from collections import Counter

import pytest
from django.db.models import F
from docx import Document

from duties.models import ContentProvision, Guidance
from province.models import CompiledReport
from reports.models import ActivityReport

pytestmark = pytest.mark.django_db


def _busiest():
    accepted = ActivityReport.objects.filter(status="accepted", period__kind="quarter")
    return Counter(accepted.values_list("period__code", flat=True)).most_common(1)[0][0]


def test_the_busiest_quarters_report_tells_of_every_duty(demo_media):
    compiled = CompiledReport.objects.filter(period__code=_busiest(), issued_at__isnull=False).get()
    duties = compiled.snapshot["duties"]
    guidance = duties["guidance"]
    assert len(guidance["rows"]) == 1
    assert 0 < guidance["acknowledged"] < guidance["recipients"]
    assert guidance["rows"][0]["reports"] > 0
    (order,) = [o for o in duties["orders"] if o["number"].startswith("DEMO-" + compiled.period.code)]
    assert all(cell["ordered"] == 2 * cell["delivered"] for cell in order["cells"])  # half delivered
    content = duties["content"]
    assert 0 < content["used"] < content["provided"]
    assert duties["movements"]["movements"]  # the reports' breakdown (reports.demo)
    text = "\n".join(p.text for p in Document(demo_media / compiled.docx.name).paragraphs)
    for heading in (
        "Kết quả theo phong trào thi đua và dịp kỷ niệm, sự kiện",
        "Công tác định hướng tuyên truyền",
        "Đặt hàng cơ quan báo chí",
        "Cung cấp thông tin cho cơ quan báo chí",
    ):
        assert heading in text


def test_content_was_provided_in_every_past_quarter_and_two_in_three_used(demo_media):
    per_quarter = Counter(
        Guidance.objects.filter(number__startswith="DEMO-2").values_list("issued_on__year", flat=True)
    )
    assert sum(per_quarter.values()) == CompiledReport.objects.filter(issued_at__isnull=False).count()
    used = ContentProvision.objects.filter(used_on__isnull=False).count()
    assert used * 3 == ContentProvision.objects.count() * 2
    assert not ContentProvision.objects.filter(used_on__lt=F("provided_on")).exists()
