"""``python manage.py compile_report --period 2024-Q2``: compile a period's province report here and now."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from province import compilation
from reports.models import ReportingPeriod


class Command(BaseCommand):
    help = "Compile the province report of one period (as the Celery job does) and print where its files are."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="Period code: 2024-M05, 2024-Q2, 2024-H1, 2024-Y, 2021-2025"
        )
        parser.add_argument(
            "--include-unaccepted",
            action="store_true",
            default=None,
            help="Count submitted reports not yet accepted (the document says so).",
        )

    def handle(self, *args, period, include_unaccepted, **options):
        found = ReportingPeriod.objects.select_related("plan").filter(code=period).first()
        if found is None:
            raise CommandError(f"No reporting period {period!r} (codes look like 2024-Q2, 2024-M05, 2021-2025).")
        texts = {} if include_unaccepted is None else {"include_unaccepted": include_unaccepted}
        try:
            compiled = compilation.compiled_report_request(period=found, enqueue=False, **texts)
        except compilation.CompileError as exc:
            raise CommandError(str(exc)) from exc
        compiled = compilation.compiled_report_run(compiled_report_id=compiled.pk) or compiled
        compiled.refresh_from_db()
        if compiled.status != compiled.Status.DONE:
            raise CommandError(f"{found.code} v{compiled.version} failed: {compiled.error}")
        self.stdout.write(
            f"{found.code} v{compiled.version}: {compiled.snapshot.get('report_count', 0)} reports counted"
        )
        self.stdout.write(f"DOCX: {_where(compiled.docx.name)}")
        self.stdout.write(f"XLSX: {_where(compiled.xlsx.name)}")
        if compiled.pdf:
            self.stdout.write(f"PDF: {_where(compiled.pdf.name)}")
        elif compiled.pdf_skipped:
            self.stdout.write(f"PDF: not created ({compiled.get_pdf_skipped_display()})")


def _where(name):
    """The file's path in the local folder; in an object store, its name there."""
    try:
        return default_storage.path(name)
    except NotImplementedError:
        return f"{name} (object store)"
