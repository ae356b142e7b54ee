from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoureesConfig(AppConfig):
    name = "honourees"
    verbose_name = _("Exemplary people and models")
