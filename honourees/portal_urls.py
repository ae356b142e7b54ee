from django.urls import path

from . import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.portal_list, name="list"),
    path("feed.atom", portal_views.exemplar_feed, name="feed"),
    path("export.json", portal_views.exemplar_export, name="export"),
    path("<slug:slug>/", portal_views.portal_detail, name="detail"),
    path("<slug:slug>/anh/", portal_views.portal_photo, name="photo"),
]
