from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enkat", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
