from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    # Going back before this migration: the triggers would write to a table that is about to go.
    from province import reference

    reference.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    """The reference data's token (``province.reference``). Its triggers are made after every migrate
    (``reference.install_triggers``, on ``post_migrate``); going back drops them first."""

    dependencies = [
        ("province", "0005_compiledreport_detail"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "reference data token",
                "verbose_name_plural": "reference data tokens",
            },
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
