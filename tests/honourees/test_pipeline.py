"""The exemplar pipeline after the proposal: support (bồi dưỡng), replication (nhân rộng), portals, timeline."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from honourees import selectors, services
from honourees.models import Honouree, HonoureeEvent, NurtureAction, PortalDispatch, Replication
from province import compilation
from province.documents.synthesis import pipeline_sentence
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, HonoureeFactory

pytestmark = pytest.mark.django_db
S = Honouree.Status
DAY = datetime.date(2025, 3, 10)
LAO_CAI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at_local(*parts):
    return datetime.datetime(*parts, tzinfo=LAO_CAI)


def nurture(honouree, user, **extra):
    data = {
        "kind": NurtureAction.Kind.TRAINING,
        "description": "Tập huấn kỹ thuật chăm sóc chè",
        "supporter": "Hội Nông dân tỉnh",
        "done_on": DAY,
        **extra,
    }
    return services.nurture_record(honouree=honouree, user=user, **data)


def replicate(honouree, user, **extra):
    data = {
        "adopter": "HTX chè Y Tý",
        "unit": AdministrativeUnitFactory(),
        "started_on": DAY,
        "coverage": 40,
        "coverage_kind": Replication.CoverageKind.HOUSEHOLDS,
        **extra,
    }
    return services.replication_record(honouree=honouree, user=user, **data)


def dispatch(honouree, user, **extra):
    data = {"destination": PortalDispatch.Destination.CENTRAL_BOARD, "sent_on": DAY, **extra}
    return services.dispatch_record(honouree=honouree, user=user, **data)


def test_the_proposing_clerk_logs_a_support_with_its_event_and_history(clerk_a, proposal_a):
    action = nurture(proposal_a, clerk_a)
    assert (action.recorded_by, action.recording_agency, action.done_on) == (clerk_a, clerk_a.agency, DAY)
    event = proposal_a.events.get(action=HonoureeEvent.Action.NURTURE)
    assert event.user == clerk_a
    assert "Hội Nông dân tỉnh" in event.reason
    assert action.history.first().history_user == clerk_a


def test_another_agency_and_the_reviewer_may_not_log_support(clerk_b, reviewer, proposal_a):
    for user in (clerk_b, reviewer):
        with pytest.raises(PermissionDenied):
            nurture(proposal_a, user)
    assert not NurtureAction.objects.exists()


def test_a_rejected_proposal_gets_no_support_and_nothing_is_saved(officer, proposal_a):
    services.honouree_reject(honouree=proposal_a, user=officer, reason="Không đủ điều kiện")
    with pytest.raises(services.FlowError):
        nurture(proposal_a, officer)
    assert not NurtureAction.objects.exists()
    assert not proposal_a.events.filter(action=HonoureeEvent.Action.NURTURE).exists()


def test_a_support_in_the_future_is_refused_beside_its_field(officer, proposal_a):
    with pytest.raises(ValidationError) as error:
        nurture(proposal_a, officer, done_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "done_on" in error.value.message_dict
    assert not NurtureAction.objects.exists()


def test_replication_needs_a_verified_model(clerk_a, officer, proposal_a):
    with pytest.raises(services.FlowError):
        replicate(proposal_a, clerk_a)
    services.honouree_verify(honouree=proposal_a, user=officer)
    replication = replicate(proposal_a, clerk_a)
    assert replication.coverage == 40
    assert proposal_a.events.filter(action=HonoureeEvent.Action.REPLICATE, user=clerk_a).count() == 1


@pytest.mark.parametrize("coverage", [0, -5])
def test_replication_coverage_must_be_above_zero(officer, published, coverage):
    with pytest.raises(ValidationError) as error:
        replicate(published, officer, coverage=coverage)
    assert "coverage" in error.value.message_dict
    assert not Replication.objects.exists()
    assert not published.events.exists()


def test_the_same_adopter_twice_is_refused_and_nothing_half_saved(officer, published):
    unit = AdministrativeUnitFactory()
    replicate(published, officer, unit=unit)
    with pytest.raises(ValidationError) as error:
        replicate(published, officer, unit=unit, coverage=7)
    assert "already recorded" in str(error.value) or "đã được ghi" in str(error.value)
    assert Replication.objects.count() == 1
    assert published.events.filter(action=HonoureeEvent.Action.REPLICATE).count() == 1


def test_only_the_officer_records_a_published_exemplar_sent_to_a_portal(clerk_a, officer, published, proposal_a):
    with pytest.raises(PermissionDenied):
        dispatch(published, clerk_a)
    with pytest.raises(services.FlowError):
        dispatch(proposal_a, officer)
    sent = dispatch(published, officer, link="https://example.org/guong/1")
    assert sent.destination_label == "Cổng thông tin của Ban Thi đua – Khen thưởng Trung ương"
    with pytest.raises(ValidationError) as error:
        dispatch(published, officer, destination=PortalDispatch.Destination.OTHER)
    assert "destination_other" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dispatch(published, officer, link="javascript:alert(1)")
    assert "link" in error.value.message_dict
    assert PortalDispatch.objects.count() == 1


def test_the_timeline_orders_every_stage_by_date(officer, clerk_a, agency_a):
    honouree = HonoureeFactory(proposing_agency=agency_a, status=S.PUBLISHED)
    HonoureeEvent.objects.create(honouree=honouree, action="propose", to_status="proposed", user=clerk_a)
    replicate(honouree, officer, started_on=datetime.date(2025, 5, 1), adopter="Thôn Lao Chải")
    nurture(honouree, clerk_a, done_on=datetime.date(2025, 2, 1), supporter="Trung tâm Khuyến nông")
    CommendationFactory(honouree=honouree, decision_date=datetime.date(2025, 4, 1))
    dispatch(honouree, officer, sent_on=datetime.date(2025, 5, 1))
    loaded = selectors.staff_detail(Honouree.objects.all(), honouree.pk)
    stages = [(e.day, e.stage) for e in selectors.pipeline_timeline(loaded)]
    today = timezone.localdate()
    assert stages == [
        (datetime.date(2025, 2, 1), "nurtured"),
        (datetime.date(2025, 4, 1), "commended"),
        (datetime.date(2025, 5, 1), "replicated"),
        (datetime.date(2025, 5, 1), "introduced"),
        (today, "found"),
    ]


def test_the_staff_page_shows_the_timeline_with_dates_and_the_buttons_by_role(
    client, officer, clerk_a, reviewer, published
):
    nurture(published, clerk_a, done_on=datetime.date(2025, 2, 3), supporter="Trung tâm Khuyến nông")
    replicate(published, officer, started_on=datetime.date(2025, 6, 7), adopter="Thôn Lao Chải", coverage=25)
    dispatch(published, officer, sent_on=datetime.date(2025, 6, 9))
    url = reverse("honourees:detail", args=[published.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("03/02/2025") < timeline.index("07/06/2025") < timeline.index("09/06/2025")
    assert "Trung tâm Khuyến nông" in timeline
    assert "Thôn Lao Chải" in timeline
    assert "25 hộ" in timeline
    for name in ("nurture_add", "replication_add", "dispatch_add"):
        assert reverse(f"honourees:{name}", args=[published.pk]) in html
    client.force_login(clerk_a)
    html = client.get(url).content.decode()
    assert reverse("honourees:nurture_add", args=[published.pk]) in html
    assert reverse("honourees:dispatch_add", args=[published.pk]) not in html
    client.force_login(reviewer)
    html = client.get(url).content.decode()
    assert "Thôn Lao Chải" in html
    assert reverse("honourees:nurture_add", args=[published.pk]) not in html


def test_the_support_form_saves_and_shows_clear_errors(client, clerk_a, proposal_a):
    client.force_login(clerk_a)
    url = reverse("honourees:nurture_add", args=[proposal_a.pk])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"kind": "training", "description": "", "supporter": "Hội ND", "done_on": future})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"description", "done_on"}
    assert form.errors["done_on"] == ["Ngày không được sau ngày hôm nay."]
    assert not NurtureAction.objects.exists()
    data = {"kind": "material", "description": "Hỗ trợ 20 triệu đồng", "supporter": "Hội ND", "done_on": "2025-01-05"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#timeline")
    assert NurtureAction.objects.get().kind == "material"


def test_the_replication_form_refuses_a_negative_coverage_and_a_rejected_model(client, officer, published):
    client.force_login(officer)
    url = reverse("honourees:replication_add", args=[published.pk])
    unit = AdministrativeUnitFactory()
    data = {
        "adopter": "Thôn A",
        "unit": unit.pk,
        "started_on": "2025-01-05",
        "coverage": "-3",
        "coverage_kind": "people",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "coverage" in response.context["form"].errors
    response = client.post(url, {**data, "coverage": "abc"})
    assert "coverage" in response.context["form"].errors
    assert not Replication.objects.exists()
    assert client.post(url, {**data, "coverage": "12"}).status_code == 302
    response = client.post(url, {**data, "coverage": "5"})  # the same adopter and unit again
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Replication.objects.get().coverage == 12


def test_the_portal_form_needs_the_name_of_another_portal(client, officer, published):
    client.force_login(officer)
    url = reverse("honourees:dispatch_add", args=[published.pk])
    response = client.post(url, {"destination": "other", "sent_on": "2025-01-05"})
    assert "destination_other" in response.context["form"].errors
    response = client.post(url, {"destination": "other", "destination_other": "Báo Nhân Dân", "sent_on": "2025-01-05"})
    assert response.status_code == 302
    assert PortalDispatch.objects.get().destination_label == "Báo Nhân Dân"


def test_pipeline_in_period_counts_each_stage_by_hand(officer, clerk_a, agency_a):
    """Q1 2025 (1/1–31/3): counted by hand from the rows below."""
    inside, before = datetime.date(2025, 2, 1), datetime.date(2024, 12, 31)
    a = HonoureeFactory(proposing_agency=agency_a, status=S.PUBLISHED)
    b = HonoureeFactory(proposing_agency=agency_a, status=S.VERIFIED)
    c = HonoureeFactory(proposing_agency=agency_a, status=S.PROPOSED)
    Honouree.objects.filter(pk=a.pk).update(created_at=at_local(2024, 11, 1, 9))
    # 31/3 23:30 in Lào Cai is still in the window (16:30 UTC); 1/1 00:10 too; 1/4 00:10 is not.
    Honouree.objects.filter(pk=b.pk).update(created_at=at_local(2025, 3, 31, 23, 30))
    Honouree.objects.filter(pk=c.pk).update(created_at=at_local(2025, 4, 1, 0, 10))
    nurture(a, officer, done_on=inside)
    nurture(a, officer, done_on=datetime.date(2025, 3, 31))
    nurture(b, officer, done_on=inside)
    nurture(c, officer, done_on=before)
    CommendationFactory(honouree=a, decision_date=inside)
    CommendationFactory(honouree=a, decision_date=datetime.date(2025, 1, 1))
    CommendationFactory(honouree=b, decision_date=before)
    unit_1, unit_2 = AdministrativeUnitFactory(), AdministrativeUnitFactory()
    replicate(a, officer, unit=unit_1, coverage=40, started_on=inside)
    replicate(a, officer, unit=unit_2, adopter="Thôn B", coverage=15, started_on=inside)
    replicate(b, officer, unit=unit_1, coverage=120, coverage_kind="people", started_on=inside)
    replicate(b, officer, unit=unit_2, coverage=9, started_on=before)
    dispatch(a, officer, sent_on=inside)
    dispatch(a, officer, sent_on=inside, destination=PortalDispatch.Destination.PROVINCE_COUNCIL)
    published_at = at_local(2025, 2, 2, 10)
    HonoureeEvent.objects.create(honouree=a, action="publish", to_status="published")
    HonoureeEvent.objects.filter(action="publish").update(at=published_at)
    counts = selectors.pipeline_in_period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    assert counts == selectors.PipelineCounts(
        found=1,  # b (a before, c after)
        nurtured=2,  # a (twice) and b
        nurture_actions=3,
        published=1,
        commended=1,  # a, two awards
        commendations=2,
        replicated=2,
        replications=3,
        replication_units=2,
        coverage={"households": 55, "people": 120},
        introduced=1,
        dispatches=2,
        forms={"certificate": 2},  # a's two
    )


def test_the_compiled_report_counts_the_pipeline_and_the_awards_by_form(officer, agency_a):
    """The snapshot's duties.exemplars (province.compilation.exemplars_part) and its sentence, by hand."""
    inside = datetime.date(2025, 2, 1)
    a = HonoureeFactory(proposing_agency=agency_a, status=S.PUBLISHED)
    b = HonoureeFactory(proposing_agency=agency_a, status=S.VERIFIED)
    Honouree.objects.filter(pk__in=[a.pk, b.pk]).update(created_at=at_local(2024, 11, 1, 9))
    nurture(b, officer, done_on=inside)
    CommendationFactory(honouree=a, decision_date=inside, form="letter")
    CommendationFactory(honouree=b, decision_date=inside, form="certificate")
    CommendationFactory(honouree=b, decision_date=datetime.date(2025, 3, 1), form="letter")
    CommendationFactory(honouree=a, decision_date=datetime.date(2024, 12, 31), form="certificate")  # before
    replicate(a, officer, unit=AdministrativeUnitFactory(), coverage=1200, started_on=inside)
    quarter = SimpleNamespace(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))
    part = compilation.exemplars_part(quarter)
    assert part["awards"] == [["Bằng khen cấp bộ, ngành, tỉnh", 1], ["Giấy khen", 2]]  # in the forms' order
    assert (part["found"], part["nurtured"], part["commended"], part["commendations"]) == (0, 1, 2, 3)
    assert part["coverage"] == [["hộ", 1200]]
    snapshot = {"period": {"kind": "quarter"}, "duties": {"exemplars": part}}
    with translation.override("vi"):
        # The steps where nothing happened are left out (never "đã phát hiện 0 gương").
        assert pipeline_sentence(snapshot) == (
            "Trong kỳ, đã bồi dưỡng 1 gương (1 lượt hỗ trợ); khen thưởng 2 gương (1 Bằng khen cấp bộ, ngành, tỉnh, "
            "2 Giấy khen); nhân rộng 1 mô hình tại 1 đơn vị, với 1.200 hộ."
        )
        everything = {**part, "found": 3, "published": 1, "introduced": 2}
        assert pipeline_sentence({**snapshot, "duties": {"exemplars": everything}}) == (
            "Trong kỳ, đã phát hiện 3 gương điển hình; bồi dưỡng 1 gương (1 lượt hỗ trợ); biểu dương 1 gương; khen "
            "thưởng 2 gương (1 Bằng khen cấp bộ, ngành, tỉnh, 2 Giấy khen); nhân rộng 1 mô hình tại 1 đơn vị, với "
            "1.200 hộ; giới thiệu 2 gương trên cổng thông tin thi đua, khen thưởng."
        )
        assert pipeline_sentence({"period": {"kind": "quarter"}}) is None  # compiled before it was counted


def test_pipeline_in_period_reads_a_fixed_number_of_queries(django_assert_num_queries, officer, published):
    for number in range(3):
        nurture(published, officer, done_on=DAY, supporter=f"Đơn vị {number}")
        replicate(published, officer, adopter=f"Thôn {number}")
    with django_assert_num_queries(1):
        counts = selectors.pipeline_in_period(DAY, DAY)
    assert (counts.nurture_actions, counts.replications, counts.coverage) == (3, 3, {"households": 120})


def test_an_imported_honouree_is_found_on_the_day_of_its_import(officer, agency_a):
    honouree = HonoureeFactory(proposing_agency=agency_a, status=S.VERIFIED)
    HonoureeEvent.objects.create(honouree=honouree, action="import", to_status="verified", user=officer)
    loaded = selectors.staff_detail(Honouree.objects.all(), honouree.pk)
    assert [(e.stage, e.day) for e in selectors.pipeline_timeline(loaded)] == [("found", timezone.localdate())]


def test_the_officer_reads_and_corrects_the_records_in_the_admin_in_vietnamese(client, officer, clerk_a, published):
    action = nurture(published, clerk_a)
    replication = replicate(published, officer)
    sent = dispatch(published, officer)
    client.force_login(officer)
    for name, record in (("nurtureaction", action), ("replication", replication), ("portaldispatch", sent)):
        for view, args in (("changelist", []), ("add", []), ("change", [record.pk]), ("history", [record.pk])):
            response = client.get(reverse(f"admin:honourees_{name}_{view}", args=args))
            assert response.status_code == 200, (name, view)
    html = client.get(reverse("admin:honourees_honouree_change", args=[published.pk])).content.decode()
    assert "Hoạt động bồi dưỡng" in html
    assert "Nhân rộng điển hình" in html
    assert "HTX chè Y Tý" in html
    html = client.get(reverse("admin:honourees_replication_change", args=[replication.pk])).content.decode()
    assert "Đơn vị áp dụng" in html
    assert "Quy mô" in html
