from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.plan_current, name="plan_current"),
    path("<slug:code>/", views.plan_detail, name="plan_detail"),
    path("<slug:code>/copy/", views.plan_copy, name="plan_copy"),
    path("<slug:code>/confirm/", views.plan_confirm, name="plan_confirm"),
]
