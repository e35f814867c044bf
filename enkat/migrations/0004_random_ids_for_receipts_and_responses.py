"""Receipts and responses get random ids, and the ones already stored are given new ones.

With sequential ids, the n-th receipt (which names its invitation) and the n-th response
were written together, so the ids linked a response to its customer.
"""

import secrets

from django.db import migrations, models

import enkat.models


def scramble_existing_ids(apps, schema_editor):
    for name in ("Response", "Submission"):
        model = apps.get_model("enkat", name)
        for old in list(model.objects.values_list("pk", flat=True)):
            model.objects.filter(pk=old).update(id=secrets.randbits(62) + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("enkat", "0003_seed_question_bank"),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="id",
            field=models.BigIntegerField(
                default=enkat.models.random_id, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="id",
            field=models.BigIntegerField(
                default=enkat.models.random_id, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.RunPython(scramble_existing_ids, migrations.RunPython.noop),
    ]
