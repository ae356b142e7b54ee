"""Settings: the embedded default, production refusals, check --deploy, throttled logins."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DEBUG"}
}


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


SHOW = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local'); django.setup();"
    "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
    " s.CELERY_BROKER_URL)"
)


def test_embedded_default_is_sqlite_with_in_process_tasks():
    result = run_python(SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "memory://"]


def test_database_and_redis_urls_switch_to_postgresql_and_a_broker():
    result = run_python(SHOW, DATABASE_URL="postgres://u@db.example:5432/thidua", REDIS_URL="redis://cache:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "redis://cache:6379/0"]


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="thidua.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k8Gv2q-Xh3nL9wz_Rt5pYc7uE1aJdM4sBf6oNi0TlKrQeZ-WyVxHgS2b",
        ALLOWED_HOSTS="thidua.laocai.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; django.setup();"
        "from django.contrib.auth.hashers import make_password; print(make_password('mật-khẩu-thử')[:7])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "argon2$"


@pytest.mark.django_db
def test_logins_are_throttled_after_repeated_failures(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "password-for-tests"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


@pytest.mark.django_db
def test_correct_login_reaches_the_home_page(client, clerk_a):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "password-for-tests"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")


def test_database_outage_answers_503_without_a_stack_trace():
    request = RequestFactory().get("/")
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    response = middleware.process_exception(request, OperationalError("server closed the connection unexpectedly"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Vui lòng thử lại" in body
    assert "Traceback" not in body
    assert "server closed" not in body


def test_behind_a_proxy_logins_are_throttled_by_the_forwarded_client_address():
    code = (
        "import django, os; django.setup(); from axes.helpers import get_client_ip_address;"
        "from django.test import RequestFactory;"
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.1', HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7');"
        "print(get_client_ip_address(r))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "x.vn"}
    direct = run_python(code, **env)
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.strip() == "10.0.0.1"
    proxied = run_python(code, **env, PROXY_COUNT="1")
    assert proxied.returncode == 0, proxied.stderr
    assert proxied.stdout.strip() == "203.0.113.7"
