"""The edit page: a save that changes nothing writes nothing, "submit" saves then submits in one step, and a
report the clerk may not edit says why instead of a bare 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import access, services
from reports.forms import cell_name
from reports.models import ActivityReport, Figure

S = ActivityReport.Status


def _form_data(report, metrics, themes, cells=None, **extra):
    data = {"version": report.version, "results": "", "shortcomings": "", "next_tasks": "", "proposals": ""}
    for (m, t), v in (cells or {}).items():
        data[cell_name(metrics[m].pk, themes[t].pk)] = v
    return {**data, **extra}


def _events(report):
    return list(report.history.order_by("history_id").values_list("history_change_reason", flat=True))


@pytest.fixture
def as_clerk(client, clerk_a):
    client.force_login(clerk_a)
    return client


# --- a save with nothing changed ----------------------------------------------------


def test_saving_an_unchanged_report_adds_no_history_and_says_so(as_clerk, report_a, metrics, themes):
    url = reverse("reports:report_edit", args=[report_a.pk])
    data = _form_data(report_a, metrics, themes, {(0, 0): "5"}, results="Đã đăng 5 tin")
    assert as_clerk.post(url, data, follow=True).status_code == 200
    report_a.refresh_from_db()
    version, events = report_a.version, _events(report_a)
    assert events[1:] == ["saved:results, 1 cells"]
    response = as_clerk.post(url, {**data, "version": version}, follow=True)
    report_a.refresh_from_db()
    assert (report_a.version, _events(report_a)) == (version, events)
    html = response.content.decode()
    assert "Không có thay đổi nào để lưu." in html
    assert "Đã lưu dự thảo" not in html
    # The report page's history has one "saved" row, not an empty second one.
    detail = as_clerk.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert detail.count("kết quả đạt được, 1 ô số liệu") == 1


def test_a_service_save_without_changes_returns_false_and_writes_nothing(report_a, clerk_a, metrics, themes):
    cells = {(metrics[0].pk, themes[0].pk): 3}
    assert services.report_save(report=report_a, user=clerk_a, expected_version=1, figures=cells) is True
    assert services.report_save(report=report_a, user=clerk_a, expected_version=2, figures=cells) is False
    # A zero typed where nothing is stored is no change either.
    same = {**cells, (metrics[1].pk, themes[1].pk): 0}
    assert (
        services.report_save(
            report=report_a, user=clerk_a, expected_version=2, figures=same, narratives={"results": ""}
        )
        is False
    )
    report_a.refresh_from_db()
    assert report_a.version == 2
    assert report_a.history.count() == 2


def test_a_stale_save_that_would_undo_someone_elses_change_is_still_a_conflict(report_a, clerk_a, metrics, themes):
    services.report_save(report=report_a, user=clerk_a, expected_version=1, narratives={"results": "mới"})
    stale = ActivityReport.objects.get(pk=report_a.pk)
    with pytest.raises(services.ReportConflict):
        # The editor loaded version 1 (results empty) and saves it unchanged: that would erase "mới".
        services.report_save(report=stale, user=clerk_a, expected_version=1, narratives={"results": ""})
    report_a.refresh_from_db()
    assert report_a.results == "mới"


# --- "submit" on the edit page -------------------------------------------------------


def test_edit_page_offers_submit_that_saves_what_is_typed_then_submits(as_clerk, report_a, metrics, themes):
    edit = reverse("reports:report_edit", args=[report_a.pk])
    send = reverse("reports:report_save_and_submit", args=[report_a.pk])
    html = as_clerk.get(edit).content.decode()
    assert f'formaction="{send}" data-testid="save-and-submit"' in html
    data = _form_data(report_a, metrics, themes, {(0, 0): "12", (2, 7): "3"}, results="Đã đăng 12 tin")
    response = as_clerk.post(send, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report_a.pk])
    report_a.refresh_from_db()
    assert (report_a.status, report_a.results) == (S.SUBMITTED, "Đã đăng 12 tin")
    assert sorted(Figure.objects.filter(report=report_a).values_list("value", flat=True)) == [3, 12]
    assert _events(report_a)[1:] == ["saved:results, 2 cells", "submitted:"]
    assert report_a.version == 3
    page = as_clerk.get(response["Location"]).content.decode()
    assert "Đã gửi báo cáo" in page or "Đã gửi" in page


def test_submit_from_the_edit_page_with_a_stale_version_saves_and_submits_nothing(
    client, clerk_a, report_a, metrics, themes
):
    from tests.factories import UserFactory

    other = UserFactory(username="clerk_a2", agency=report_a.agency, roles=["clerk"])
    mine = _form_data(report_a, metrics, themes, {(0, 0): "1"}, results="Bản của tôi")
    services.report_save(report=report_a, user=other, expected_version=1, narratives={"results": "Bản của đồng nghiệp"})
    client.force_login(clerk_a)
    response = client.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "KHÔNG được lưu" in html
    assert "Bản của tôi" in html
    report_a.refresh_from_db()
    assert (report_a.status, report_a.results) == (S.DRAFT, "Bản của đồng nghiệp")
    assert not Figure.objects.exists()


def test_submit_from_the_edit_page_with_a_bad_figure_saves_and_submits_nothing(as_clerk, report_a, metrics, themes):
    data = _form_data(report_a, metrics, themes, {(0, 0): "7", (1, 1): "abc"}, results="Giữ nguyên")
    response = as_clerk.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{cell_name(metrics[1].pk, themes[1].pk)}-error"' in html
    assert "Giữ nguyên" in html
    report_a.refresh_from_db()
    assert (report_a.status, report_a.version) == (S.DRAFT, 1)
    assert not Figure.objects.exists()


def test_submit_from_the_edit_page_without_figures_saves_then_asks_for_confirmation(
    as_clerk, report_a, metrics, themes
):
    data = _form_data(report_a, metrics, themes, results="Kỳ này không có hoạt động")
    response = as_clerk.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), data)
    assert response.status_code == 200
    assert 'data-testid="confirm-empty"' in response.content.decode()
    report_a.refresh_from_db()
    assert (report_a.status, report_a.results) == (S.DRAFT, "Kỳ này không có hoạt động")
    as_clerk.post(reverse("reports:report_submit", args=[report_a.pk]), {"confirm_empty": "1"})
    assert ActivityReport.objects.get(pk=report_a.pk).status == S.SUBMITTED


def test_submit_from_the_edit_page_goes_to_the_head_when_the_agency_asks(as_clerk, report_a, metrics, themes):
    report_a.agency.head_approval_required = True
    report_a.agency.save()
    html = as_clerk.get(reverse("reports:report_edit", args=[report_a.pk])).content.decode()
    assert "Trình thủ trưởng duyệt</button>" in html
    data = _form_data(report_a, metrics, themes, {(0, 0): "4"})
    as_clerk.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), data)
    assert ActivityReport.objects.get(pk=report_a.pk).status == S.AWAITING_APPROVAL


def test_a_returned_report_is_resubmitted_from_its_edit_page(as_clerk, clerk_a, reviewer, report_a, metrics, themes):
    services.report_save(report=report_a, user=clerk_a, expected_version=1, figures={(metrics[0].pk, themes[0].pk): 2})
    services.report_submit(report=report_a, user=clerk_a)
    services.report_return(report=report_a, user=reviewer, reason="Bổ sung")
    html = as_clerk.get(reverse("reports:report_edit", args=[report_a.pk])).content.decode()
    assert 'data-testid="save-and-submit">Gửi lại</button>' in html
    data = _form_data(report_a, metrics, themes, {(0, 0): "2", (0, 1): "6"})
    as_clerk.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), data)
    report_a.refresh_from_db()
    assert report_a.status == S.RESUBMITTED
    assert _events(report_a)[-2:] == ["saved:1 cells", "resubmitted:"]


# --- a report the clerk may not edit ------------------------------------------------


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (S.SUBMITTED, "đang chờ cán bộ tổng hợp tiếp nhận"),
        (S.RESUBMITTED, "chỉ sửa lại được khi báo cáo bị trả lại để chỉnh sửa"),
        (S.AWAITING_APPROVAL, "đang chờ thủ trưởng cơ quan duyệt"),
        (S.ACCEPTED, "đã được tiếp nhận"),
    ],
)
def test_edit_page_of_a_report_out_of_the_clerks_hands_says_why_and_links_to_it(as_clerk, report_a, status, why):
    ActivityReport.objects.filter(pk=report_a.pk).update(status=status, submitted_at=timezone.now())
    for method in (as_clerk.get, as_clerk.post):
        response = method(reverse("reports:report_edit", args=[report_a.pk]))
        assert response.status_code == 403
        html = response.content.decode()
        assert 'data-testid="not-editable"' in html
        assert why in html
        assert f'href="{reverse("reports:report_detail", args=[report_a.pk])}"' in html
    response = as_clerk.post(reverse("reports:report_save_and_submit", args=[report_a.pk]), {"version": "1"})
    assert response.status_code == 403
    assert why in response.content.decode()


def test_edit_page_of_a_locked_period_names_the_lock_date(as_clerk, report_a):
    period = report_a.period
    period.end = timezone.localdate() - datetime.timedelta(days=25)
    period.deadline = timezone.localdate() - datetime.timedelta(days=20)
    period.lock_date = timezone.localdate() - datetime.timedelta(days=2)
    period.save()
    response = as_clerk.get(reverse("reports:report_edit", args=[report_a.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="not-editable"' in html
    assert f"{period.lock_date:%d/%m/%Y}" in html.split('data-testid="not-editable"')[1]


def test_edit_page_tells_a_province_user_that_only_the_agency_edits(client, admin_user, report_a):
    client.force_login(admin_user)
    response = client.get(reverse("reports:report_edit", args=[report_a.pk]))
    assert response.status_code == 403
    assert "Chỉ cán bộ của cơ quan, đơn vị lập báo cáo mới sửa được" in response.content.decode()


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("locked", [False, True])
def test_a_refusal_is_given_exactly_when_the_report_cannot_be_edited(report_a, clerk_a, status, locked):
    report_a.status = status
    today = report_a.period.lock_date + datetime.timedelta(days=1) if locked else timezone.localdate()
    refusal = access.edit_refusal(clerk_a, report_a, today=today)
    assert (refusal is None) == access.can_edit_report(clerk_a, report_a, today=today)
