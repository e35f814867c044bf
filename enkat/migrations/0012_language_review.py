"""Each language's review by a native speaker. Swedish (the original) and English ship as reviewed,
the five other customer languages as not yet reviewed."""

import datetime

from django.db import migrations, models

SHIPPED_AS_REVIEWED = {
    "sv": "Originalet (ingen översättning)",
    "en": "Granskad när produkten levererades",
}
NOT_YET_REVIEWED = ["ar", "fa-af", "so", "ti", "uk"]


def seed(apps, schema_editor):
    LanguageReview = apps.get_model("enkat", "LanguageReview")
    for language, by in SHIPPED_AS_REVIEWED.items():
        LanguageReview.objects.get_or_create(
            language=language, defaults={"reviewed_on": datetime.date(2026, 11, 27), "reviewed_by": by}
        )
    for language in NOT_YET_REVIEWED:
        LanguageReview.objects.get_or_create(language=language)


class Migration(migrations.Migration):
    dependencies = [("enkat", "0011_corrected_translations")]

    operations = [
        migrations.CreateModel(
            name="LanguageReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=10, unique=True, verbose_name="language")),
                ("reviewed_on", models.DateField(blank=True, null=True, verbose_name="reviewed on")),
                ("reviewed_by", models.CharField(blank=True, max_length=200, verbose_name="reviewed by")),
                ("recorded_by", models.CharField(blank=True, max_length=150, verbose_name="recorded by")),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded")),
            ],
            options={
                "verbose_name": "language review",
                "verbose_name_plural": "language reviews",
                "ordering": ["language"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
