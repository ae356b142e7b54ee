from django.urls import path

from . import views

app_name = "honourees"
urlpatterns = [
    path("", views.honouree_list, name="list"),
    path("export.xlsx", views.honouree_export, name="export"),
    path("propose/", views.honouree_create, name="create"),
    path("<int:pk>/", views.honouree_detail, name="detail"),
    path("<int:pk>/edit/", views.honouree_edit, name="edit"),
    path("<int:pk>/photo/", views.honouree_photo, name="photo"),
    path("<int:pk>/commendations/add/", views.commendation_add, name="commendation_add"),
    path("<int:pk>/support/add/", views.nurture_add, name="nurture_add"),
    path("<int:pk>/replications/add/", views.replication_add, name="replication_add"),
    path("<int:pk>/portals/add/", views.dispatch_add, name="dispatch_add"),
    path("<int:pk>/<slug:step>/", views.honouree_step, name="step"),
    path("report/<int:report_pk>/", views.report_coverage, name="report_coverage"),
    path("coverage/<int:pk>/remove/", views.coverage_remove, name="coverage_remove"),
]
