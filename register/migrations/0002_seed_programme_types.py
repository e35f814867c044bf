from django.db import migrations

PROGRAMME_TYPES = [
    ("jobbpeng-grund", "Jobbpeng grund"),
    ("forstarkt-jobbpeng", "Förstärkt jobbpeng"),
    ("sai", "Språk- och arbetsintroduktion (SAI)"),
]


def seed(apps, schema_editor):
    ProgrammeType = apps.get_model("register", "ProgrammeType")
    for code, name in PROGRAMME_TYPES:
        ProgrammeType.objects.get_or_create(code=code, defaults={"name": name})
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Kvalitetsutvecklare")


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
