"""Every translated question text keeps a back-translation into Swedish beside it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enkat", "0009_staff_labels_and_value_choices")]

    operations = [
        migrations.AddField(
            model_name="questiontext",
            name="back_translation",
            field=models.TextField(blank=True, default="", verbose_name="back-translation into Swedish"),
        ),
    ]
