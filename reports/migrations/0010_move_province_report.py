"""The province report's models leave this app for ``province`` (its migration 0001); no table changes.

State only: the tables keep their names (``reports_compiledreport``, ``reports_documentdefaults``, now set by
``Meta.db_table`` in ``province.models``), so no row moves.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_document_defaults'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='CompiledReport'),
                migrations.DeleteModel(name='DocumentDefaults'),
            ],
            database_operations=[],
        ),
    ]
