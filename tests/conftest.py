"""Shared fixtures, named by role: a clerk of agency A, a clerk of agency B, a reviewer, an officer…

Data from the repository's plan files (``load_plan``) is available through the
``plan_data`` fixture; most tests build the little they need with factories.
"""

import os
import shutil

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from agencies import roles as r
from agencies.models import Agency
from tests.celery_workers import broker, start_worker  # noqa: F401 — the Celery worker tests' fixtures
from tests.factories import AgencyFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files of one test never leak into another or into the repo.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_forgotten():
    # Each test starts as a process that has kept no reference data (``province.reference``): the query
    # counts pinned are those of a first read, whatever ran before on the same worker.
    from province import reference

    reference.forget()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """A local S3 endpoint (moto's server, ``tests/s3.py``) for the session."""
    from tests.s3 import Endpoint

    endpoint = Endpoint(tmp_path_factory.mktemp("s3") / "moto.log")
    yield endpoint
    endpoint.stop()


@pytest.fixture
def object_storage(s3_endpoint, settings):
    """The site's files in a new private bucket of the local S3 endpoint instead of ``MEDIA_ROOT``."""
    bucket = s3_endpoint.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage}
    return bucket


@pytest.fixture
def plan_data(db):
    """The real plan, agencies and roles, loaded from the repository's data files."""
    call_command("load_plan", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from campaigns.models import Plan

    return Plan.objects.get(code="lao-cai-2021-2025")


@pytest.fixture(scope="module")
def demo_media(django_db_setup, django_db_blocker, tmp_path_factory):
    """The real plan and agencies, then ``seed_demo``, once for the module; yields the folder the compiled files
    went to. Built inside a transaction rolled back after the module's last test, each test runs in a savepoint
    of it. seed_demo plays some 600 reports through the services (tens of seconds): share it where you can."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=media), transaction.atomic():
        call_command("load_plan", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def agency_a(db):
    return AgencyFactory(code="AGENCY-A", name="Báo Lào Cai (thử)", short_name="Báo LC", kind=Agency.Kind.PRESS)


@pytest.fixture
def agency_b(db):
    return AgencyFactory(
        code="AGENCY-B", name="UBND huyện Bát Xát (thử)", short_name="UBND Bát Xát", kind=Agency.Kind.DISTRICT_COMMITTEE
    )


@pytest.fixture
def province_agency(db):
    return AgencyFactory(
        code="STTTT-T", name="Sở Thông tin và Truyền thông (thử)", short_name="Sở TT&TT", kind=Agency.Kind.IC_DEPARTMENT
    )


@pytest.fixture
def clerk_a(agency_a):
    return UserFactory(username="clerk_a", agency=agency_a, roles=[r.CLERK])


@pytest.fixture
def head_a(agency_a):
    return UserFactory(username="head_a", agency=agency_a, roles=[r.AGENCY_HEAD])


@pytest.fixture
def clerk_b(agency_b):
    return UserFactory(username="clerk_b", agency=agency_b, roles=[r.CLERK])


@pytest.fixture
def reviewer(province_agency):
    return UserFactory(username="reviewer", agency=province_agency, roles=[r.REVIEWER])


@pytest.fixture
def officer(db):
    agency = AgencyFactory(code="SNV-T", name="Sở Nội vụ (thử)", short_name="Sở Nội vụ", kind=Agency.Kind.HOME_AFFAIRS)
    return UserFactory(username="officer", agency=agency, roles=[r.EMULATION_OFFICER])


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", agency=None, roles=[r.LEADERSHIP])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", agency=None, roles=[r.ADMIN])


@pytest.fixture
def every_role(clerk_a, head_a, reviewer, officer, leader, admin_user):
    """One user per role, by role name."""
    return {
        r.CLERK: clerk_a,
        r.AGENCY_HEAD: head_a,
        r.REVIEWER: reviewer,
        r.EMULATION_OFFICER: officer,
        r.LEADERSHIP: leader,
        r.ADMIN: admin_user,
    }


def chromium_or_skip():
    """The system Chromium's path; skip (or fail in CI, REQUIRE_BROWSER=1) when it is missing."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is required (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


def soffice_or_skip():
    """LibreOffice's soffice; skip (or fail in CI, REQUIRE_OFFICE=1) when it is missing."""
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("REQUIRE_OFFICE"):
            pytest.fail("soffice is required (apt-get install libreoffice-calc-nogui)")
        pytest.skip("soffice is not installed (apt-get install libreoffice-calc-nogui)")
    return path


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium driven by Playwright (never a downloaded browser)."""
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, live_server, username, password="password-for-tests"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # The submit navigates: wait for that navigation, not for a load state the page being left may already be in.
    with page.expect_navigation():
        page.click("button[type=submit]")
