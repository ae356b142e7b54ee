from django.urls import path

from . import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.portal_list, name="list"),
    path("<slug:slug>/", portal_views.portal_detail, name="detail"),
    path("<slug:slug>/anh/", portal_views.portal_photo, name="photo"),
]
