from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/new/", views.guidance_create, name="guidance_create"),
    path("guidance/<int:pk>/", views.guidance_detail, name="guidance_detail"),
    path("guidance/<int:pk>/edit/", views.guidance_edit, name="guidance_edit"),
    path("guidance/<int:pk>/issue/", views.guidance_issue, name="guidance_issue"),
    path("guidance/<int:pk>/acknowledge/", views.guidance_acknowledge, name="guidance_acknowledge"),
    path("guidance/<int:pk>/remind/", views.guidance_remind, name="guidance_remind"),
    path("guidance/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("guidance/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_file, name="attachment_file"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("content/", views.content_list, name="content_list"),
    path("content/new/", views.content_create, name="content_create"),
    path("content/<int:pk>/", views.content_detail, name="content_detail"),
    path("content/<int:pk>/used/", views.content_used, name="content_used"),
    path("content/<int:pk>/file/", views.content_file, name="content_file"),
    path("report/<int:report_pk>/guidance/", views.report_guidance, name="report_guidance"),
    path("report-guidance/<int:pk>/remove/", views.report_link_remove, name="report_link_remove"),
]
