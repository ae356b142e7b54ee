"""Content provided to the press (cung cấp thông tin): recorded by the sender, marked used by the press agency."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Theme
from duties import selectors, services
from duties.models import ContentProvision

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
D = datetime.date


def _theme(plan, code):
    return Theme.objects.get(plan=plan, code=code)


def _provide(sender, press, theme, day, *, used_on=None, title="Tư liệu"):
    content = ContentProvision.objects.create(
        sender=sender, press_agency=press, title=title, theme=theme, provided_on=day, link="https://example.vn/a"
    )
    if used_on:
        ContentProvision.objects.filter(pk=content.pk).update(used_on=used_on, published_link="https://bao.vn/b")
    return content


def test_the_sender_records_content_with_clear_errors_and_nothing_half_saved(client, plan, agency_a, clerk_b):
    client.force_login(clerk_b)
    url = reverse("duties:content_create")
    today = timezone.localdate()
    base = {
        "press_agency": agency_a.pk,
        "title": "Gương điển hình xã Bản Vược",
        "theme": _theme(plan, "ND3").pk,
        "provided_on": today.strftime("%d/%m/%Y"),
    }
    response = client.post(url, base)
    assert response.status_code == 400
    assert "Nhập đường dẫn tới nội dung hoặc đính kèm tệp." in response.content.decode()
    response = client.post(url, {**base, "upload": SimpleUploadedFile("a.txt", b"not a document")})
    assert response.status_code == 400
    response = client.post(url, {**base, "link": "https://x.vn", "provided_on": "31/12/2999"})
    assert "Ngày không được sau ngày hôm nay." in response.content.decode()
    assert not ContentProvision.objects.exists()
    response = client.post(url, {**base, "upload": SimpleUploadedFile("tu-lieu.png", PNG)})
    content = ContentProvision.objects.get()
    assert response.status_code == 302
    assert (content.sender, content.press_agency, content.created_by) == (clerk_b.agency, agency_a, clerk_b)
    assert (content.original_name, content.content_type, content.size) == ("tu-lieu.png", "image/png", len(PNG))
    assert content.history.get().history_change_reason == "provided"
    file_url = reverse("duties:content_file", args=[content.pk])
    assert b"".join(client.get(file_url).streaming_content) == PNG


def test_only_a_press_agency_other_than_ones_own_can_be_chosen(client, plan, agency_a, agency_b, clerk_a):
    client.force_login(clerk_a)  # agency A is itself a press agency
    response = client.post(
        reverse("duties:content_create"),
        {"press_agency": agency_a.pk, "title": "T", "theme": _theme(plan, "ND1").pk, "link": "https://x.vn"},
    )
    assert response.status_code == 400
    assert not ContentProvision.objects.exists()
    client.force_login(clerk_a)
    html = client.get(reverse("duties:content_create")).content.decode()
    assert agency_b.name not in html  # not a press agency


def test_the_press_agency_marks_it_used_once_with_link_and_date(client, plan, agency_a, agency_b, clerk_a, clerk_b):
    day = timezone.localdate() - datetime.timedelta(days=5)
    content = _provide(agency_b, agency_a, _theme(plan, "ND2"), day)
    url = reverse("duties:content_used", args=[content.pk])
    client.force_login(clerk_b)  # the sender does not mark it used
    assert (
        client.post(url, {"published_link": "https://bao.vn/x", "used_on": day.strftime("%d/%m/%Y")}).status_code == 403
    )
    client.force_login(clerk_a)
    response = client.post(url, {"published_link": "", "used_on": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nhập đường dẫn tới tin, bài đã đăng." in html
    assert "Nhập ngày đăng." in html
    before = (day - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url, {"published_link": "https://bao.vn/x", "used_on": before})
    assert "Ngày đăng không được trước ngày cung cấp." in response.content.decode()
    content.refresh_from_db()
    assert not content.is_used
    assert content.published_link == ""
    response = client.post(url, {"published_link": "https://bao.vn/x", "used_on": day.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    content.refresh_from_db()
    assert (content.used_on, content.published_link, content.used_by) == (day, "https://bao.vn/x", clerk_a)
    assert (
        client.post(url, {"published_link": "https://bao.vn/y", "used_on": day.strftime("%d/%m/%Y")}).status_code == 403
    )
    assert [h.history_change_reason for h in content.history.order_by("history_id")] == [None, "used"]
    client.force_login(clerk_b)
    assert "https://bao.vn/x" in client.get(reverse("duties:content_detail", args=[content.pk])).content.decode()


def test_each_agency_sees_what_it_sent_and_received_only(client, plan, agency_a, agency_b, clerk_a, clerk_b, reviewer):
    from tests.factories import AgencyFactory, UserFactory

    other = AgencyFactory(code="OTHER", name="Hội Phụ nữ tỉnh (thử)", kind="union")
    clerk_c = UserFactory(username="clerk_other", agency=other, roles=["clerk"])
    content = _provide(agency_b, agency_a, _theme(plan, "ND1"), timezone.localdate(), title="Tin về Bát Xát")
    detail = reverse("duties:content_detail", args=[content.pk])
    for user, status in ((clerk_a, 200), (clerk_b, 200), (reviewer, 200), (clerk_c, 404)):
        client.force_login(user)
        assert client.get(detail).status_code == status
        assert ("Tin về Bát Xát" in client.get(reverse("duties:content_list")).content.decode()) == (status == 200)


def test_home_cards_list_what_was_sent_and_what_waits_for_the_press(client, plan, agency_a, agency_b, clerk_a, clerk_b):
    day = timezone.localdate()
    _provide(agency_b, agency_a, _theme(plan, "ND1"), day, title="Bài một")
    _provide(agency_b, agency_a, _theme(plan, "ND1"), day, title="Bài hai", used_on=day)
    client.force_login(clerk_a)
    html = client.get(reverse("home")).content.decode()
    assert "Có 1 thông tin cung cấp cho cơ quan chưa được xác nhận sử dụng." in html
    assert "Bài một" in html
    assert "Bài hai" not in html
    client.force_login(clerk_b)
    html = client.get(reverse("home")).content.decode()
    assert "Cơ quan, đơn vị đã cung cấp 2 thông tin cho báo chí." in html
    assert "Bài một" in html
    assert "Bài hai" in html


def test_content_in_period_by_hand(plan, agency_a, agency_b):
    from tests.factories import AgencyFactory

    press2 = AgencyFactory(code="PRESS-2", kind="press")
    nd1, nd3 = _theme(plan, "ND1"), _theme(plan, "ND3")
    _provide(agency_b, agency_a, nd3, D(2099, 1, 5), used_on=D(2099, 1, 9))
    _provide(agency_b, agency_a, nd1, D(2099, 2, 1), used_on=D(2099, 4, 2))  # used after the window: counted
    _provide(agency_b, press2, nd1, D(2099, 3, 31))
    _provide(agency_a, press2, nd1, D(2099, 3, 1), used_on=D(2099, 3, 2))
    _provide(agency_b, agency_a, nd1, D(2099, 4, 1), used_on=D(2099, 4, 1))  # outside the window
    result = selectors.content_in_period(D(2099, 1, 1), D(2099, 3, 31))
    # ND1: 3 provided, 2 used (66,7 %); ND3: 1 provided, 1 used; 4 provided, 3 used (75 %); 2 senders, 2 press.
    assert [(r["code"], r["provided"], r["used"], r["rate"]) for r in result["rows"]] == [
        ("ND1", 3, 2, 66.7),
        ("ND3", 1, 1, 100.0),
    ]
    assert (result["provided"], result["used"], result["rate"], result["senders"], result["press"]) == (
        4,
        3,
        75.0,
        2,
        2,
    )
    empty = selectors.content_in_period(D(2098, 1, 1), D(2098, 3, 31))
    assert (empty["rows"], empty["provided"], empty["rate"]) == ([], 0, None)


@pytest.mark.parametrize("n", [1, 4])
def test_list_page_runs_a_fixed_number_of_queries(
    client, plan, agency_a, agency_b, clerk_b, n, django_assert_num_queries
):
    for i in range(n):
        _provide(agency_b, agency_a, _theme(plan, "ND1"), timezone.localdate(), title=f"Tư liệu số {i}")
    client.force_login(clerk_b)
    client.get(reverse("duties:content_list"))
    with django_assert_num_queries(4):  # session, user, roles, the rows
        response = client.get(reverse("duties:content_list"))
    assert response.content.decode().count("Tư liệu số") == n


def test_a_record_needs_a_file_or_a_link_in_the_database_too(plan, agency_a, agency_b):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContentProvision.objects.create(
            sender=agency_b, press_agency=agency_a, title="T", theme=_theme(plan, "ND1"), provided_on=D(2099, 1, 1)
        )


def test_marking_used_needs_the_press_agencys_staff(plan, agency_a, agency_b, clerk_b):
    from django.core.exceptions import PermissionDenied

    content = _provide(agency_b, agency_a, _theme(plan, "ND1"), D(2099, 1, 1))
    with pytest.raises(PermissionDenied):
        services.content_mark_used(content=content, user=clerk_b, used_on=D(2099, 1, 2), published_link="https://b.vn")
