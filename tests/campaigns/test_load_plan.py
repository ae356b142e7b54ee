import datetime
import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Duty, DutyGroup, LegalBasis, Metric, Movement, Objective, Plan, Recipient, Theme

pytestmark = pytest.mark.django_db

COUNTED = [
    Plan,
    LegalBasis,
    Objective,
    Recipient,
    Theme,
    Channel,
    Metric,
    Movement,
    DutyGroup,
    Duty,
    Agency,
    AdministrativeUnit,
]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list()) for model in COUNTED}


def test_every_plan_item_is_loaded_with_the_counts_of_the_plan(plan_data):
    plan = plan_data
    assert plan.start_year == 2021
    assert plan.end_year == 2025
    assert plan.objectives.filter(kind="purpose").count() == 4
    assert plan.objectives.filter(kind="requirement").count() == 4
    assert plan.themes.count() == 8
    assert plan.channels.count() == 5
    assert plan.duty_groups.count() == 4
    assert plan.recipients.count() == 15
    assert plan.legal_bases.count() == 2
    assert plan.movements.count() == 3
    assert plan.signer_name == "Giàng Thị Dung"
    assert (plan.signer_authority, plan.signer_capacity, plan.signer_title) == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert list(plan.legal_bases.values_list("number", "date")) == [
        ("08-CT/TU", datetime.date(2021, 3, 3)),
        ("08/CTr-UBND", datetime.date(2021, 3, 18)),
    ]
    assert set(plan.movements.values_list("name", flat=True)) >= {
        "Cả nước chung sức xây dựng nông thôn mới",
        "Thi đua chào mừng kỷ niệm 30 năm Ngày tái lập tỉnh Lào Cai",
    }
    assert all(channel.metrics.exists() for channel in plan.channels.all())


def test_plan_text_keeps_its_diacritics(plan_data):
    first_theme = plan_data.themes.get(order=1)
    assert first_theme.text.startswith("Đẩy mạnh công tác giáo dục, phổ biến chính sách pháp luật về thi đua")
    assert plan_data.recipients.get(order=1).text == "Ban TĐKT TW"
    assert plan_data.recipients.order_by("-order").first().text == "Lưu: VT, TH1, NC2, VX1"


def test_agencies_and_units_of_lao_cai_are_loaded(plan_data):
    districts = AdministrativeUnit.objects.filter(level="district")
    assert districts.count() == 9
    assert {str(d.valid_until) for d in districts} == {"2025-06-30"}
    assert set(districts.values_list("name", flat=True)) >= {"Thành phố Lào Cai", "Thị xã Sa Pa", "Huyện Bát Xát"}
    for code in ["STTTT", "SNV", "BTDKT", "BLC", "DPTTH", "CTTDT", "TCFSP"]:
        assert Agency.objects.filter(code=code).exists(), code
    assert Agency.objects.filter(kind=Agency.Kind.DISTRICT_COMMITTEE).count() == 9
    assert Agency.objects.get(code="BTDKT").parent.code == "SNV"


def test_duties_name_their_responsible_and_coordinating_agencies(plan_data):
    ic_group = plan_data.duty_groups.get(order=1)
    assert list(ic_group.responsible_agencies.values_list("code", flat=True)) == ["STTTT"]
    assert plan_data.duty_groups.get(order=3).responsible_kinds == [
        "department",
        "union",
        "district_committee",
        "commune_committee",
    ]
    assert Duty.objects.filter(group__plan=plan_data, coordinating_agencies__code="STTTT").count() == 2


def test_loading_twice_changes_nothing(plan_data):
    before = snapshot()
    call_command("load_plan", stdout=io.StringIO())
    assert snapshot() == before


def test_the_plan_number_entered_by_an_officer_survives_a_reload(plan_data):
    """The seed text gives no number or date: blank after loading, kept when an officer entered them."""
    plan = Plan.objects.get(code="lao-cai-2021-2025")
    assert (plan.number, plan.issued_on) == ("", None)
    Plan.objects.filter(pk=plan.pk).update(number="123/KH-UBND", issued_on=datetime.date(2021, 4, 5))
    call_command("load_plan", stdout=io.StringIO())
    plan.refresh_from_db()
    assert (plan.number, plan.issued_on) == ("123/KH-UBND", datetime.date(2021, 4, 5))


def test_a_plan_file_may_give_the_number_and_date(db, monkeypatch, tmp_path):
    from campaigns import loading

    text = (loading.DATA_DIR / "lao-cai-2021-2025.yaml").read_text(encoding="utf-8")
    given = text.replace("\nissuing_body:", '\nnumber: "77/KH-UBND"\nissued_on: 2021-04-05\nissuing_body:', 1)
    assert given != text
    (tmp_path / "lao-cai-2021-2025.yaml").write_text(given, encoding="utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    call_command("load_plan", stdout=io.StringIO())
    plan = Plan.objects.get(code="lao-cai-2021-2025")
    assert (plan.number, plan.issued_on) == ("77/KH-UBND", datetime.date(2021, 4, 5))


def test_a_malformed_file_names_the_entry_and_writes_nothing(db, monkeypatch, tmp_path):
    from campaigns import loading

    bad_dir = tmp_path / "plans"
    bad_dir.mkdir()
    text = (loading.DATA_DIR / "lao-cai-2021-2025.yaml").read_text(encoding="utf-8")
    # Break the third theme: no text.
    broken = text.replace('    text: "Tuyên truyền tiếp tục phát huy', '    txet: "Tuyên truyền tiếp tục phát huy', 1)
    assert broken != text
    (bad_dir / "lao-cai-2021-2025.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", bad_dir)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_plan", stdout=io.StringIO())
    message = str(excinfo.value)
    assert "lao-cai-2021-2025.yaml" in message
    assert "themes[2]" in message
    assert "'text' is required" in message
    # One transaction: the agencies loaded before the broken plan are gone too.
    assert not Agency.objects.exists()
    assert not Plan.objects.exists()


def test_invalid_yaml_is_reported_with_the_file_name(db, monkeypatch, tmp_path):
    from campaigns import loading

    bad_dir = tmp_path / "plans"
    shutil.copytree(loading.DATA_DIR, bad_dir)
    (bad_dir / "zz-broken.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", bad_dir)
    with pytest.raises(CommandError, match=r"zz-broken\.yaml: not valid YAML"):
        call_command("load_plan", stdout=io.StringIO())
    assert not Plan.objects.exists()
