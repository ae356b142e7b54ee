"""How the compiled report words what the aggregation counts: periods, groups of agencies, honouree categories.

The snapshot carries these texts as they are, and the documents print them: the
compiled report is a Vietnamese administrative document whatever the
interface language ("quý II năm 2024"; the interface's own, translated labels
are ``reports.calendar.period_label``: "Quý II/2024", "Quarter II/2024").
"""

import datetime

from agencies.models import AdministrativeUnit, Agency
from reports.calendar import ROMAN

# How the document groups agencies ("nhóm cơ quan"), in this order.
KIND_LABELS = {
    Agency.Kind.IC_DEPARTMENT: "Sở Thông tin và Truyền thông",
    Agency.Kind.HOME_AFFAIRS: "Sở Nội vụ",
    Agency.Kind.DEPARTMENT: "Các sở, ban, ngành",
    Agency.Kind.UNION: "Các đoàn thể, tổ chức chính trị - xã hội",
    Agency.Kind.DISTRICT_COMMITTEE: "UBND các huyện, thị xã, thành phố",
    Agency.Kind.COMMUNE_COMMITTEE: "UBND các xã, phường",
    Agency.Kind.PRESS: "Các cơ quan báo chí",
    Agency.Kind.ENTERPRISE: "Các doanh nghiệp",
    Agency.Kind.SCHOOL: "Các trường",
    Agency.Kind.CENTRAL: "Các cơ quan Trung ương",
}

# The local level (``AdministrativeUnit.local_level``) as the document names it: "đơn vị hành chính cấp huyện".
LOCAL_LEVEL_LABELS = {
    AdministrativeUnit.Level.DISTRICT: "cấp huyện",
    AdministrativeUnit.Level.COMMUNE: "cấp xã",
}

# The honouree categories as the document names them.
HONOUREE_CATEGORY_LABELS = {
    "advanced": "Điển hình tiên tiến",
    "good_deed": "Gương người tốt, việc tốt",
    "new_model": "Mô hình mới",
    "new_factor": "Nhân tố mới",
}


def vietnamese_label(kind: str, year: int, number: int, code: str = "") -> str:
    """The period as the document names it: "quý II năm 2024", "6 tháng đầu năm 2024"."""
    if kind == "month":
        return f"tháng {number} năm {year}"
    if kind == "quarter":
        return f"quý {ROMAN.get(number, number)} năm {year}"
    if kind == "half":
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == "year":
        return f"năm {year}"
    return f"giai đoạn {code}"


def period_label(period) -> str:
    """``vietnamese_label`` of a ``ReportingPeriod`` or a ``reports.calendar.Window``."""
    return vietnamese_label(period.kind, period.year, period.number, period.code)


def local_level(period) -> str:
    """The local level of ``period`` (anything with an ``end``): "district" when it ends before 01/07/2025, else
    "commune" (``AdministrativeUnit.local_level``). The aggregation's ``local_level`` is this, of its period."""
    return AdministrativeUnit.local_level(period.end)


def local_level_label(period) -> str:
    """ "cấp huyện" for a period ending before 01/07/2025, "cấp xã" after: the document's local section
    ("Kết quả của các đơn vị hành chính cấp xã"), its tables and the dashboards' headings."""
    return LOCAL_LEVEL_LABELS[local_level(period)]


def kind_label(kind: str, period) -> str:
    """The group of agencies ``kind`` as the document of ``period`` names it (``KIND_LABELS``).

    The district committees of a period ending on or after 01/07/2025 (a 2025 year counts their first two
    quarters) are named with their last day: "UBND các huyện, thị xã, thành phố (đến 30/06/2025)".
    """
    label = KIND_LABELS.get(kind, kind)
    if kind == Agency.Kind.DISTRICT_COMMITTEE and local_level(period) == AdministrativeUnit.Level.COMMUNE:
        last = AdministrativeUnit.COMMUNE_LEVEL_FROM - datetime.timedelta(days=1)
        label = f"{label} (đến {last:%d/%m/%Y})"
    return label
