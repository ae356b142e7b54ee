from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views
from core.forms import LoginForm

admin.site.site_header = _("Thi đua Lào Cai — administration")
admin.site.site_title = _("Thi đua Lào Cai")
admin.site.index_title = _("Dept. of Home Affairs — Emulation and Commendation Board")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", core_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plan/", include("campaigns.urls")),
    path("agencies/", include("agencies.urls")),
    path("reports/", include("reports.urls")),
    path("province/", include("province.urls")),
    path("honourees/", include("honourees.urls")),
    path("duties/", include("duties.urls")),
    path("guong-dien-hinh/", include("honourees.portal_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
