"""``python manage.py backup --to DIR``: the database and every media file, with SHA-256 checksums."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and every media file "
        "into a new folder, with a manifest of SHA-256 checksums. Restore with: manage.py restore --from DIR"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="target", required=True, metavar="DIR", help="A folder that does not exist yet."
        )

    def handle(self, *args, target, **options):
        try:
            manifest = backup.backup_create(target=target, log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = manifest["media"]
        size = sum(entry["size"] for entry in media)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {target}: the database ({manifest['database']['size']:,} bytes) and "
                f"{len(media)} media files ({size:,} bytes), with their SHA-256 in {backup.MANIFEST}."
            )
        )
