"""The province report's models, moved here from the ``reports`` app without moving a row.

``SeparateDatabaseAndState``: the tables ``reports_documentdefaults`` and ``reports_compiledreport`` stay as
they are (``Meta.db_table``); only Django's state learns that the models are ``province``'s (``reports``
0010 removes them from that app's state). The content types follow (same ids), so the admin's log
entries and any permission given on these models keep pointing at them.
"""

import django.db.models.deletion
import django.utils.timezone
import province.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("compiledreport", "documentdefaults")


def _move_content_types(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_province(apps, schema_editor):
    _move_content_types(apps, "reports", "province")


def content_types_to_reports(apps, schema_editor):
    _move_content_types(apps, "province", "reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('reports', '0010_move_province_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentDefaults',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('valid_from', models.DateField(unique=True, verbose_name='valid from')),
                        ('issuer_parent', models.CharField(help_text='E.g. UBND TỈNH LÀO CAI.', max_length=150, verbose_name='governing body (upper case)')),
                        ('issuer_name', models.CharField(help_text='As printed in the heading of the document.', max_length=150, verbose_name='issuing agency (upper case)')),
                        ('issuer_name_sentence', models.CharField(help_text='As written inside a sentence.', max_length=150, verbose_name='issuing agency (in a sentence)')),
                        ('issuer_code', models.CharField(help_text='The symbol after the document type, as in “/BC-STTTT”.', max_length=20, verbose_name='agency symbol')),
                        ('place', models.CharField(help_text='The place before the date, as in “Lào Cai, ngày …”.', max_length=60, verbose_name='place name')),
                        ('signer_capacity', models.CharField(blank=True, help_text='E.g. KT. GIÁM ĐỐC.', max_length=100, verbose_name='signing capacity')),
                        ('signer_title', models.CharField(blank=True, help_text='E.g. PHÓ GIÁM ĐỐC.', max_length=100, verbose_name="signer's title")),
                        ('signer_name', models.CharField(blank=True, max_length=150, verbose_name="signer's name")),
                        ('recipients', models.TextField(blank=True, help_text='One recipient per line.', verbose_name='recipients')),
                        ('source', models.CharField(blank=True, help_text='The decision or document these details come from.', max_length=300, verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'document defaults',
                        'verbose_name_plural': 'document defaults',
                        'db_table': 'reports_documentdefaults',
                        'ordering': ['-valid_from'],
                    },
                ),
                migrations.CreateModel(
                    name='CompiledReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(verbose_name='version')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('run_token', models.UUIDField(blank=True, editable=False, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('include_unaccepted', models.BooleanField(default=False, help_text='Count submitted reports that a reviewer has not accepted yet; the document says so.', verbose_name='include reports not yet accepted')),
                        ('shortcomings', models.TextField(blank=True, verbose_name='shortcomings and their causes')),
                        ('next_tasks', models.TextField(blank=True, verbose_name='tasks for the next period')),
                        ('proposals', models.TextField(blank=True, verbose_name='proposals')),
                        ('signer_capacity', models.CharField(blank=True, max_length=100, verbose_name='signing capacity')),
                        ('signer_title', models.CharField(blank=True, max_length=100, verbose_name="signer's title")),
                        ('signer_name', models.CharField(blank=True, max_length=150, verbose_name="signer's name")),
                        ('recipients', models.TextField(blank=True, help_text='One recipient per line.', verbose_name='recipients')),
                        ('snapshot', models.JSONField(blank=True, default=dict, editable=False, verbose_name='snapshot')),
                        ('docx', models.FileField(blank=True, max_length=255, upload_to=province.models.compiled_file_path, verbose_name='DOCX file')),
                        ('xlsx', models.FileField(blank=True, max_length=255, upload_to=province.models.compiled_file_path, verbose_name='XLSX file')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('document_number', models.CharField(blank=True, max_length=30, verbose_name='document number')),
                        ('document_date', models.DateField(blank=True, null=True, verbose_name='document date')),
                        ('issued_at', models.DateTimeField(blank=True, null=True, verbose_name='issued at')),
                        ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='compiled_reports', to='reports.reportingperiod', verbose_name='period')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'compiled report',
                        'verbose_name_plural': 'compiled reports',
                        'db_table': 'reports_compiledreport',
                        'ordering': ['period', '-version'],
                        'constraints': [models.UniqueConstraint(fields=('period', 'version'), name='compiled_unique_period_version'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='compiled_progress_at_most_100'), models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='compiled_status_valid'), models.CheckConstraint(condition=models.Q(('issued_at__isnull', True), models.Q(('status', 'done'), models.Q(('document_number', ''), _negated=True), ('document_date__isnull', False)), _connector='OR'), name='compiled_issued_is_done_numbered_dated')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_province, content_types_to_reports),
    ]
