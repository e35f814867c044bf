"""Every translated question text keeps a back-translation into Swedish beside it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enkat", "0007_merge_import_batches_and_text_versions")]

    operations = [
        migrations.AddField(
            model_name="questiontext",
            name="back_translation",
            field=models.TextField(blank=True, default="", verbose_name="back-translation into Swedish"),
        ),
    ]
