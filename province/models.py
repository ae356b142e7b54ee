"""The province report: who issues it (``DocumentDefaults``) and its compiled versions (``CompiledReport``).

Both tables kept the names they had in the ``reports`` app (``reports_documentdefaults``,
``reports_compiledreport``): the models moved here by ``SeparateDatabaseAndState``
(``province`` migration 0001), without moving a row.
"""

import json
import zlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import ReportingPeriod


class DocumentDefaults(models.Model):
    """Who issues and signs the province report from a date on, and to whom it goes.

    Edited in the admin (not Django settings): the issuing department and its
    leaders change, and the 2025 reorganisation moved the duty to another
    department. A report takes the entry in force at its period's end (the
    department holding the plan's tracking duty then). ``load_plan`` adds the
    entries of ``province/data/document-defaults.yaml`` the database lacks.
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    issuer_parent = models.CharField(
        _("governing body (upper case)"), max_length=150, help_text=_("E.g. UBND TỈNH LÀO CAI.")
    )
    issuer_name = models.CharField(
        _("issuing agency (upper case)"), max_length=150, help_text=_("As printed in the heading of the document.")
    )
    issuer_name_sentence = models.CharField(
        _("issuing agency (in a sentence)"), max_length=150, help_text=_("As written inside a sentence.")
    )
    issuer_code = models.CharField(
        _("agency symbol"), max_length=20, help_text=_("The symbol after the document type, as in “/BC-STTTT”.")
    )
    place = models.CharField(
        _("place name"), max_length=60, help_text=_("The place before the date, as in “Lào Cai, ngày …”.")
    )
    signer_capacity = models.CharField(
        _("signing capacity"), max_length=100, blank=True, help_text=_("E.g. KT. GIÁM ĐỐC.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True, help_text=_("E.g. PHÓ GIÁM ĐỐC."))
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One recipient per line."))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The decision or document these details come from.")
    )

    class Meta:
        db_table = "reports_documentdefaults"
        verbose_name = _("document defaults")
        verbose_name_plural = _("document defaults")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.issuer_name_sentence} ({self.valid_from:%d/%m/%Y})"

    def issuer(self):
        return {
            "parent": self.issuer_parent,
            "name": self.issuer_name,
            "name_sentence": self.issuer_name_sentence,
            "code": self.issuer_code,
            "place": self.place,
        }


def compiled_file_path(compiled, filename):
    return f"compiled/{compiled.period.code}/v{compiled.version}/{filename}"


class CompiledReport(models.Model):
    """The province report for one period, one version: a frozen snapshot and the files made from it.

    The snapshot (schema in ``province.documents``) holds every figure the files
    show, so an issued report never changes when reports are edited later. The
    agencies' own texts (the snapshot's ``narratives``: most of its size, 3 of 4 MB
    for a phase summary at province scale) are kept beside it, compressed
    (``narratives``; ``full_snapshot`` puts them back): PostgreSQL took 0.3 s to
    store them as ``jsonb``, half the phase's compile.
    Compiling again makes a new version; issuing gives a version its number
    and date and freezes it. The files: a DOCX, an XLSX and, when the server has
    LibreOffice, a PDF of the DOCX (``pdf_skipped`` says why not otherwise).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class PdfSkipped(models.TextChoices):
        """Why a done version has no PDF (blank: it has one, or the settings turn PDFs off)."""

        NO_OFFICE = "no_office", _("LibreOffice is not installed on the server")
        FAILED = "failed", _("LibreOffice could not convert the document")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="compiled_reports"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Each run claims the report with a fresh token; only the run holding the
    # current token may record its outcome (a re-run after a killed worker
    # supersedes the dead one).
    run_token = models.UUIDField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    include_unaccepted = models.BooleanField(
        _("include reports not yet accepted"),
        default=False,
        help_text=_("Count submitted reports that a reviewer has not accepted yet; the document says so."),
    )
    # The department's own text for each section it writes (vietnamese-review B3, B4), pre-drafted from the
    # figures (``documents.synthesis.drafts``) and edited by the reviewer before compiling.
    direction = models.TextField(_("direction, guidance and implementation"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings, limitations and their causes"), blank=True)
    lessons = models.TextField(_("lessons learned (phase summary)"), blank=True)
    next_tasks = models.TextField(_("direction and tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    signer_capacity = models.CharField(_("signing capacity"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One recipient per line."))

    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    # The snapshot's largest parts (``DETAIL_KEYS``: the agencies' texts and rows), as zlib-compressed UTF-8 JSON
    # (``pack_detail``); empty for a version compiled before they were kept apart, whose snapshot still holds
    # them. Versions of 03/12/2026 hold the narratives alone (the JSON of the narratives part itself).
    detail = models.BinaryField(_("agencies' texts and rows (compressed)"), blank=True, default=b"", editable=False)
    docx = models.FileField(_("DOCX file"), upload_to=compiled_file_path, max_length=255, blank=True)
    xlsx = models.FileField(_("XLSX file"), upload_to=compiled_file_path, max_length=255, blank=True)
    # The DOCX rendered by LibreOffice, for the e-office system where the signer signs digitally.
    pdf = models.FileField(_("PDF file"), upload_to=compiled_file_path, max_length=255, blank=True)
    pdf_skipped = models.CharField(
        _("PDF not created because"), max_length=20, choices=PdfSkipped.choices, blank=True, editable=False
    )

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    document_number = models.CharField(_("document number"), max_length=30, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "reports_compiledreport"
        verbose_name = _("compiled report")
        verbose_name_plural = _("compiled reports")
        ordering = ["period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="compiled_unique_period_version"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="compiled_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="compiled_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True)
                | (Q(status="done") & ~Q(document_number="") & Q(document_date__isnull=False)),
                name="compiled_issued_is_done_numbered_dated",
            ),
        ]

    def __str__(self):
        return f"{self.period.code} v{self.version}"

    @property
    def is_issued(self):
        return self.issued_at is not None

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def has_narratives(self):
        """Whether the version kept the agencies' texts (apart, or in a snapshot older than that)."""
        return bool(self.detail) or bool(self.snapshot.get("narratives"))

    def full_snapshot(self):
        """The snapshot with its detail (``DETAIL_KEYS``) put back, as the documents are built from it."""
        if not self.detail:
            return self.snapshot
        detail = json.loads(zlib.decompress(bytes(self.detail)))
        if "narratives" not in detail:  # a version of 03/12/2026: the narratives part alone
            detail = {"narratives": detail}
        return {**self.snapshot, **detail}


# What a compiled version keeps beside its snapshot, compressed: the agencies' texts (3 of 4 MB of a phase
# summary's snapshot at province scale) and the agencies' rows (95 of 113 KB of a quarter's). PostgreSQL took
# 0.3 s to store the phase's texts as jsonb, and 5.4 ms the quarter's rows (the whole compile is ≈ 110 ms);
# as compressed bytes 0.7 ms (measured 04/12/2026, load 0.5).
DETAIL_KEYS = ("narratives", "agencies")


def pack_detail(snapshot):
    """``(snapshot without its DETAIL_KEYS, those parts compressed)``: what ``CompiledReport`` stores of a full
    snapshot (``full_snapshot`` is the reverse). zlib's fastest level: the phase's 2.6 MB of texts at province
    scale (the bench's, repetitive) compressed to 65 KB in 10 ms. The detail always names ``narratives``
    (``full_snapshot`` tells it so from the earlier form)."""
    stored = {key: value for key, value in snapshot.items() if key not in DETAIL_KEYS}
    detail = {"narratives": {}} | {key: snapshot[key] for key in DETAIL_KEYS if key in snapshot}
    return stored, zlib.compress(json.dumps(detail, ensure_ascii=False).encode(), 1)


class ReferenceToken(models.Model):
    """One row: a random token that the database's triggers replace whenever the reference data is written
    (agencies, their units, successions, the plans' channels, metrics and themes; ``province.reference``)."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("reference data token")
        verbose_name_plural = _("reference data tokens")

    def __str__(self):
        return self.token
