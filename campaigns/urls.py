from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.plan_current, name="plan_current"),
    path("<slug:code>/", views.plan_detail, name="plan_detail"),
]
