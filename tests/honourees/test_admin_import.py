"""The admin's XLSX import: a preview before saving, and one bad row saves nothing and is named."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from honourees.models import Commendation, Honouree, HonoureeEvent
from honourees.resources import CommendationResource, HonoureeResource
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, EthnicGroupFactory, HonoureeFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "kind",
    "category",
    "name",
    "ethnic_group",
    "unit",
    "field",
    "story",
    "consent_to_publish",
    "status",
    "phone",
]


def xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("dien-hinh.xlsx", out.getvalue())


@pytest.fixture
def places(db):
    EthnicGroupFactory()
    return AdministrativeUnitFactory(code="084", name="Huyện Si Ma Cai")


GOOD = [
    [
        "Cá nhân",
        "Điển hình tiên tiến",
        "Vàng Seo Chứ",
        "hmong",
        "huyen si ma cai",
        "agriculture",
        "Hiến đất",
        "có",
        "",
        "0912 000 111",
    ],
    [
        "collective",
        "new_model",
        "HTX Sán Chải",
        "",
        "Huyện Si Ma Cai",
        "Kinh tế và sản xuất",
        "Mô hình mới",
        "không",
        "verified",
        "",
    ],
]


def post_import(client, upload):
    return client.post(reverse("admin:honourees_honouree_import"), {"import_file": upload, "format": "0"})


def test_import_shows_a_preview_and_saves_only_on_confirmation(client, officer, places):
    client.force_login(officer)
    response = post_import(client, xlsx(GOOD))
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_validation_errors()
    assert "Vàng Seo Chứ" in response.content.decode()
    assert not Honouree.objects.exists()  # a preview only

    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:honourees_honouree_process_import"), confirm)
    assert response.status_code == 302
    chu = Honouree.objects.get(name="Vàng Seo Chứ")
    assert (chu.kind, chu.category, chu.ethnic_group.name, chu.unit, chu.status, chu.consent_to_publish) == (
        "individual",
        "advanced",
        "Mông",
        places,
        "proposed",
        True,
    )
    assert Honouree.objects.get(name="HTX Sán Chải").status == "verified"
    assert HonoureeEvent.objects.filter(action="import").count() == 2


def test_import_with_bad_rows_saves_nothing_and_names_each_row(client, officer, places):
    client.force_login(officer)
    bad = [
        GOOD[0],
        ["Cá nhân", "Huân chương vàng", "Sai loại", "", "Huyện Si Ma Cai", "other", "x", "có", "", ""],
        ["Cá nhân", "advanced", "Sai nơi", "", "Huyện Không Có", "other", "x", "có", "", ""],
        ["Cá nhân", "advanced", "Công bố không đồng ý", "", "Huyện Si Ma Cai", "other", "x", "không", "published", ""],
        ["Cá nhân", "advanced", "", "", "Huyện Si Ma Cai", "other", "", "có", "", ""],
    ]
    response = post_import(client, xlsx(bad))
    result = response.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert response.context.get("confirm_form") is None
    invalid_rows = {row.number for row in result.invalid_rows}
    assert invalid_rows == {2, 3, 4, 5}
    html = response.content.decode()
    # Each bad row is listed with the reason, in the interface language.
    assert "“Huân chương vàng” không thuộc danh sách" in html
    assert "Không có đơn vị hành chính nào tên “Huyện Không Có”" in html
    assert "Chỉ được công bố điển hình đã đồng ý công bố" in html
    assert not Honouree.objects.exists()


def test_export_round_trips_through_import(officer, places):
    HonoureeFactory(name="Giàng Thị Dung", unit=places, ethnic_group=EthnicGroupFactory())
    data = HonoureeResource().export()
    assert data.headers[:3] == ["id", "kind", "category"]
    row = dict(zip(data.headers, data[0], strict=True))
    assert row["kind"] == "Cá nhân" or row["kind"] == "Individual"
    result = HonoureeResource().import_data(data, dry_run=True)
    assert not result.has_errors()
    assert not result.has_validation_errors()


def test_commendation_import_names_the_honouree_by_its_address(officer, places):
    h = HonoureeFactory(name="Giàng Thị Dung", unit=places)
    CommendationFactory(honouree=h, decision_number="1/QĐ")
    data = CommendationResource().export()
    Commendation.objects.all().delete()
    result = CommendationResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors()
    assert h.commendations.get().decision_number == "1/QĐ"


def test_admin_warns_when_a_commendation_repeats_form_and_achievement(client, officer, proposal_a):
    first = CommendationFactory(honouree=proposal_a, achievement="Xuất sắc năm 2023")
    client.force_login(officer)
    response = client.post(
        reverse("admin:honourees_commendation_add"),
        {
            "honouree": proposal_a.pk,
            "form": first.form,
            "achievement": "XUAT SAC NAM 2023",
            "decision_number": "88/QĐ",
            "decision_date": "15/02/2024",
            "issuing_authority": "UBND tỉnh",
        },
        follow=True,
    )
    assert proposal_a.commendations.count() == 2
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert first.decision_number in warnings[0]


# The honouree's read-only inlines of the exemplar pipeline: their (empty) management forms.
PIPELINE_INLINES = {
    f"{inline}-{count}": "0"
    for inline in ("nurture_actions", "replications", "dispatches")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def test_a_photo_uploaded_in_the_admin_is_cleaned_too(client, officer, proposal_a):
    from tests.honourees.images import jpeg_with_exif, upload

    client.force_login(officer)
    url = reverse("admin:honourees_honouree_change", args=[proposal_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "photo": upload(jpeg_with_exif(), name="ho-so.jpg"),
            "date_of_birth": "23/04/1971",
            "commendations-TOTAL_FORMS": "0",
            "commendations-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            **PIPELINE_INLINES,
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    proposal_a.refresh_from_db()
    stored = proposal_a.photo.read()
    assert b"SecretCam" not in stored
    assert "ho-so" not in proposal_a.photo.name


def test_an_admin_edit_is_a_step_of_the_history(client, officer, proposal_a):
    client.force_login(officer)
    url = reverse("admin:honourees_honouree_change", args=[proposal_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value()}
    data.update(
        {
            "position": "Chủ tịch Hội Nông dân xã",
            "date_of_birth": "23/04/1971",
            "commendations-TOTAL_FORMS": "0",
            "commendations-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            **PIPELINE_INLINES,
        }
    )
    assert client.post(url, data).status_code == 302
    event = proposal_a.events.get()
    assert (event.action, event.user) == ("edit", officer)
    assert proposal_a.history.first().history_user == officer
