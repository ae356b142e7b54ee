from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProvinceConfig(AppConfig):
    name = "province"
    verbose_name = _("Province report")

    def ready(self):
        from . import reference

        # After every migrate (and flush), on the database migrated: the reference data's triggers
        # (``province.reference``), which a migration that rebuilt a table (SQLite) may have dropped.
        post_migrate.connect(reference.install_triggers, sender=self, dispatch_uid="province.reference_triggers")
