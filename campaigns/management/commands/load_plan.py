from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from core.datafiles import DataFileError


class Command(BaseCommand):
    help = (
        "Load the plans, their themes, channels, duties and movements, the administrative units and the "
        "agencies from the data files in the repository. Running it twice changes nothing."
    )

    def handle(self, *args, **options):
        try:
            # One transaction: a malformed file leaves the database as it was.
            with transaction.atomic():
                for path in settings.PLAN_LOADERS:
                    import_string(path)(stdout=self.stdout)
        except DataFileError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Plan data loaded."))
