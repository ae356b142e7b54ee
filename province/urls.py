from django.urls import path

from . import views

app_name = "compiled"

urlpatterns = [
    path("", views.province_dashboard, name="dashboard"),
    path("heatmap.xlsx", views.dashboard_heat_export, name="heat_export"),
    path("report/<str:code>/", views.compiled_period, name="period"),
    path("report/<str:code>/compile/", views.compiled_request, name="compile"),
    path("version/<int:pk>/progress/", views.compiled_progress, name="progress"),
    path("version/<int:pk>/retry/", views.compiled_retry, name="retry"),
    path("version/<int:pk>/issue/", views.compiled_issue, name="issue"),
    path("version/<int:pk>/<str:kind>/", views.compiled_download, name="download"),
]
