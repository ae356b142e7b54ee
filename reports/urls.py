from django.urls import path

from . import attribution_views, offline, views

app_name = "reports"

urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("period/<str:code>/start/", views.report_start, name="report_start"),
    path("inbox/", views.inbox, name="inbox"),
    path("behind/", views.behind, name="behind"),
    path("late/<str:code>/remind/", views.late_remind, name="late_remind"),
    path("queue/", views.queue, name="queue"),
    path("board/", views.board, name="board"),
    path("late/<str:code>/", views.late, name="late"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/edit/submit/", views.report_save_and_submit, name="report_save_and_submit"),
    path("<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("<int:pk>/send-back/", views.report_send_back, name="report_send_back"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("<int:pk>/breakdown/", attribution_views.report_attributions, name="report_attributions"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/xlsx/", views.xlsx_template, name="xlsx_template"),
    path("<int:pk>/xlsx/upload/", views.xlsx_upload, name="xlsx_upload"),
    path("<int:pk>/xlsx/apply/", views.xlsx_apply, name="xlsx_apply"),
]
