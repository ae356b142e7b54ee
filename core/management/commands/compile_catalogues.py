from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_paths():
    """Every django.po of the project (the root locale and each installed app's of this repository)."""
    base = Path(settings.BASE_DIR)
    ours = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == base]
    roots = [base / "locale", *(path / "locale" for path in ours)]
    return sorted(p for root in roots if root.exists() for p in root.glob("*/LC_MESSAGES/django.po"))


class Command(BaseCommand):
    help = "Compile every .po catalogue to .mo with polib, so no gettext tools are needed to run the site."

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError as exc:  # a dev tool: requirements-dev.txt has it
            raise CommandError("polib is not installed: pip install -r requirements-dev.txt") from exc
        for po_path in catalogue_paths():
            catalogue = polib.pofile(str(po_path))
            untranslated = [e.msgid for e in catalogue.untranslated_entries()] + [
                e.msgid for e in catalogue.fuzzy_entries()
            ]
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            note = f" ({len(untranslated)} untranslated or fuzzy)" if untranslated else ""
            self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}{note}")
