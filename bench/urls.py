"""The site's URLs plus the bench's floor page."""

from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [path("__bench__/floor/", views.floor_page, name="bench_floor"), *site_urlpatterns]
