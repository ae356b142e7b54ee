"""``python manage.py restore --from DIR``: a backup onto an empty database and media storage."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup onto an empty database (no tables) and the configured "
        "media storage, after checking every file's SHA-256. --check only checks the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, metavar="DIR", help="The backup's folder.")
        parser.add_argument(
            "--check", action="store_true", help="Only check the manifest and every checksum; change nothing."
        )

    def handle(self, *args, source, check, **options):
        try:
            if check:
                manifest = backup.backup_check(source=source)
            else:
                result = backup.backup_restore(source=source, log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{source} is complete: the database ({backup.VENDOR_NAMES[manifest['database']['vendor']]}) and "
                    f"{len(manifest['media'])} media files match their SHA-256 checksums. Nothing was changed."
                )
            )
            return
        self._report(source, result)

    def _report(self, source, result):
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {source}: the database from {result.database_file} ({result.tables} tables) and "
                f"{result.files} media files ({result.bytes:,} bytes) into {backup.storage_label()}."
            )
        )
        self.stdout.write("Rows per model:")
        width = max((len(label) for label in result.rows), default=0)
        for label, count in result.rows.items():
            if count:
                self.stdout.write(f"  {label:<{width}}  {count:>10,}")
        if result.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {result.unapplied_migrations} migrations of this code: "
                    "run python manage.py migrate before starting the site."
                )
            )
