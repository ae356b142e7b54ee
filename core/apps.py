from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"


class AxesConfig(AxesAppConfig):
    """django-axes under a name the administrator reads in the admin (the package's is "Axes")."""

    verbose_name = _("Login security")
