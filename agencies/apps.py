from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and users")

    def ready(self):
        from . import roles

        # Groups need the permissions that post_migrate creates, so they are
        # kept in step after every migrate rather than in a data migration.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="agencies.sync_roles")
