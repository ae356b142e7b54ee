from django.db import migrations, models


class Migration(migrations.Migration):
    """The compressed column beside the snapshot holds the agencies' rows as well as their texts (``DETAIL_KEYS``):
    renamed, its rows kept (``full_snapshot`` reads the earlier form)."""

    dependencies = [
        ("province", "0004_compiledreport_narratives"),
    ]

    operations = [
        migrations.RenameField(model_name="compiledreport", old_name="narratives", new_name="detail"),
        migrations.AlterField(
            model_name="compiledreport",
            name="detail",
            field=models.BinaryField(
                blank=True, default=b"", editable=False, verbose_name="agencies' texts and rows (compressed)"
            ),
        ),
    ]
