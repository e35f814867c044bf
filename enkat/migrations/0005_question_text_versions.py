"""Question texts become versioned: today's texts are version 1, and every survey is pinned to them."""

from django.db import migrations, models


def pin_every_survey(apps, schema_editor):
    SurveyQuestion = apps.get_model("enkat", "SurveyQuestion")
    SurveyQuestion.objects.update(text_version=1)


class Migration(migrations.Migration):
    dependencies = [("enkat", "0004_random_ids_for_receipts_and_responses")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="current_version",
            field=models.PositiveIntegerField(default=1, verbose_name="current text version"),
        ),
        migrations.RemoveConstraint(model_name="questiontext", name="questiontext_unique"),
        migrations.AddField(
            model_name="questiontext",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="text version"),
        ),
        migrations.AddField(
            model_name="questiontext",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, blank=True, null=True, verbose_name="written"),
        ),
        migrations.AddConstraint(
            model_name="questiontext",
            constraint=models.UniqueConstraint(
                fields=("question", "version", "language"), name="questiontext_version_unique"
            ),
        ),
        migrations.AddField(
            model_name="surveyquestion",
            name="text_version",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="text version"),
        ),
        migrations.RunPython(pin_every_survey, migrations.RunPython.noop),
    ]
