"""Agencies no reminder can reach are flagged on the admin index; the agency page shows the reminders sent."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from reports.models import ReminderLog
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory


@pytest.mark.django_db
def test_admin_index_names_the_agencies_without_e_mail(client, admin_user):
    AgencyFactory(code="NO-MAIL", name="Sở không có thư")
    AgencyFactory(code="HAS-MAIL", name="Sở có thư", email="so@example.vn")
    staffed = AgencyFactory(code="STAFF-MAIL", name="Sở có cán bộ")
    UserFactory(username="clerk_mail", agency=staffed, email="cb@example.vn", roles=[r.CLERK])
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'data-testid="admin-no-email"' in html
    assert "1 cơ quan, đơn vị phải báo cáo không có địa chỉ thư điện tử" in html
    assert "Sở không có thư" in html


def test_agency_page_lists_the_reminders_sent(client, reviewer, clerk_a, agency_a, plan):
    period = PeriodFactory(plan=plan, number=1)
    clerk_a.email = ""
    clerk_a.save(update_fields=["email"])
    ReminderLog.objects.create(
        agency=agency_a,
        period=period,
        kind="after",
        sent_at=timezone.now(),
        recipients="a@example.vn",
        sent_by=reviewer,
    )
    client.force_login(reviewer)
    html = client.get(reverse("agencies:agency_detail", args=[agency_a.code])).content.decode()
    assert html.count('data-testid="agency-reminder-row"') == 1
    assert 'data-testid="agency-no-email"' in html  # agency A has no address, nor has any of its staff
    client.force_login(clerk_a)
    assert (
        'data-testid="agency-reminders"'
        not in client.get(reverse("agencies:agency_detail", args=[agency_a.code])).content.decode()
    )
