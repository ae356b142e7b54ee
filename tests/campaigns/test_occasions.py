"""Occasions (dịp) as plan data: loaded from the plan's YAML with their basis, linked to plans and copied on."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from campaigns import services
from campaigns.models import Occasion


def test_the_plan_loads_its_occasions_with_their_basis(plan_data):
    occasions = {o.code: o for o in plan_data.occasions.select_related("movement")}
    assert set(occasions) == {"thi-dua-ai-quoc-11-6", "tai-lap-tinh-30-nam"}
    june = occasions["thi-dua-ai-quoc-11-6"]
    assert (june.starts_on, june.recurring, june.movement) == (datetime.date(1948, 6, 11), True, None)
    assert "Lời kêu gọi thi đua ái quốc" in june.basis
    thirty = occasions["tai-lap-tinh-30-nam"]
    assert (thirty.starts_on, thirty.recurring) == (datetime.date(2021, 10, 1), False)
    assert thirty.movement.code == "tai-lap-tinh-30-nam"
    assert "01/10/1991" in thirty.basis
    assert thirty.history.count() == 1


def test_loading_twice_changes_no_occasion(plan_data):
    call_command("load_plan", stdout=io.StringIO())
    assert Occasion.objects.count() == 2
    assert Occasion.history.count() == 2  # no second history row: nothing changed


def test_an_occasion_ending_before_it_starts_is_refused(db, monkeypatch, tmp_path):
    from campaigns import loading

    text = (loading.DATA_DIR / "lao-cai-2021-2025.yaml").read_text(encoding="utf-8")
    broken = text.replace("    starts_on: 2021-10-01\n", "    starts_on: 2021-10-01\n    ends_on: 2021-09-01\n", 1)
    assert broken != text
    (tmp_path / "lao-cai-2021-2025.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    with pytest.raises(CommandError, match=r"occasions\[1\]: ends_on 2021-09-01 is before starts_on"):
        call_command("load_plan", stdout=io.StringIO())
    assert not Occasion.objects.exists()


def test_the_next_phase_names_the_same_occasions(plan_data):
    copy = services.plan_copy_to_phase(plan=plan_data)
    assert set(copy.occasions.values_list("code", flat=True)) == {"thi-dua-ai-quoc-11-6", "tai-lap-tinh-30-nam"}
