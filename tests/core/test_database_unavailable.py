"""A database outage gets the 503 "try again" page, wherever in the request it is met, never a 500."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from core.middleware import DatabaseUnavailableMiddleware
from core.views import server_error


def outage():
    raise OperationalError("connection to server failed: the database system is shutting down")


@pytest.fixture
def request_of_signed_in_user():
    request = RequestFactory().get("/reports/")
    # Like AuthenticationMiddleware's lazy user: loading it needs the database, which is down.
    request.user = SimpleLazyObject(outage)
    return request


def assert_try_again(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    body = response.content.decode()
    assert "Vui lòng thử lại" in body
    assert "Traceback" not in body


def test_middleware_answers_503_without_touching_the_database_again(request_of_signed_in_user):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(request_of_signed_in_user, OperationalError("gone"))
    assert_try_again(response)


def test_middleware_leaves_other_errors_to_the_500_handler(request_of_signed_in_user):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(request_of_signed_in_user, ValueError("bug")) is None


def test_500_handler_answers_503_for_an_outage_met_outside_the_view(request_of_signed_in_user):
    try:
        try:
            outage()
        except OperationalError as error:
            raise AttributeError("_session_cache") from error  # how SessionStore re-raises it
    except AttributeError:
        response = server_error(request_of_signed_in_user)
    assert_try_again(response)


def test_500_handler_keeps_500_for_other_errors():
    request = RequestFactory().get("/")
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
