"""Receipts and drafts keyed by a keyed hash, never by the invitation (issue 11).

The customer's path no longer writes the invitation: receipts (Submission, which named the
invitation) become Receipt rows under enkat.receipts.key_hash, computed here with the key in
the settings (TOKEN_KEY, outside the database); drafts, "opened" and "started" move to Draft
rows under the same key. The invitation's answer, opening and starting times and the response's
day are removed.

On PostgreSQL every invitation and response row is then written again, all in this one
transaction, so no row keeps the transaction id (xmin) of the submit that wrote it. The old row
versions stay on disk until vacuumed: run VACUUM FULL on enkat_invitation, enkat_response and
enkat_receipt after migrating (README, "Privacy").
"""

import random

import django.db.models.deletion
from django.db import migrations, models

import enkat.models


def to_keyed_rows(apps, schema_editor):
    from enkat.receipts import key_hash

    Invitation = apps.get_model("enkat", "Invitation")
    Submission = apps.get_model("enkat", "Submission")
    Receipt = apps.get_model("enkat", "Receipt")
    Draft = apps.get_model("enkat", "Draft")
    answered = dict(Submission.objects.values_list("invitation_id", "invitation__token_hash"))
    answered_ids = set(answered)
    answered.update(
        Invitation._base_manager.filter(answered_at__isnull=False).values_list("id", "token_hash")
    )
    survey_of = dict(Invitation._base_manager.filter(id__in=list(answered)).values_list("id", "survey_id"))
    receipts = [
        Receipt(id=enkat.models.random_id(), survey_id=survey_of[pk], key_hash=key_hash(token))
        for pk, token in answered.items()
    ]
    random.SystemRandom().shuffle(receipts)  # not in the order of the invitations, nor of the responses
    Receipt.objects.bulk_create(receipts, batch_size=1000)
    answered_ids |= set(answered)
    drafts = []
    visited = Invitation._base_manager.exclude(id__in=list(answered_ids)).filter(
        models.Q(first_opened_at__isnull=False) | models.Q(started_at__isnull=False) | models.Q(draft_page__gt=0)
    )
    for invitation in visited.iterator():
        drafts.append(
            Draft(
                key_hash=key_hash(invitation.token_hash),
                survey_id=invitation.survey_id,
                answers=invitation.draft_answers or {},
                comment=invitation.draft_comment,
                page=invitation.draft_page,
                started=invitation.started_at is not None or invitation.draft_page > 0,
            )
        )
    random.SystemRandom().shuffle(drafts)
    Draft.objects.bulk_create(drafts, batch_size=1000)


def rewrite_rows(apps, schema_editor):
    """PostgreSQL: a new row version for every invitation and response, all with this transaction's id."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in ("enkat_invitation", "enkat_response"):
            cursor.execute(f"UPDATE {table} SET id = id")  # noqa: S608 - fixed table names


class Migration(migrations.Migration):
    dependencies = [
        ("enkat", "0007_merge_import_batches_and_text_versions"),
    ]

    operations = [
        migrations.CreateModel(
            name="Draft",
            fields=[
                ("key_hash", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("answers", models.JSONField(blank=True, default=dict)),
                ("comment", models.TextField(blank=True)),
                ("page", models.PositiveSmallIntegerField(default=0)),
                ("language", models.CharField(blank=True, max_length=10)),
                ("started", models.BooleanField(default=False)),
                ("opted_out", models.BooleanField(default=False)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="drafts", to="enkat.survey"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Receipt",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        default=enkat.models.random_id, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("key_hash", models.CharField(max_length=64, unique=True)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="receipts", to="enkat.survey"
                    ),
                ),
            ],
        ),
        migrations.RunPython(to_keyed_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="answered_at"),
        migrations.RemoveField(model_name="invitation", name="draft_answers"),
        migrations.RemoveField(model_name="invitation", name="draft_comment"),
        migrations.RemoveField(model_name="invitation", name="draft_page"),
        migrations.RemoveField(model_name="invitation", name="first_opened_at"),
        migrations.RemoveField(model_name="invitation", name="started_at"),
        migrations.RemoveField(model_name="response", name="submitted_on"),
        migrations.DeleteModel(name="Submission"),
        migrations.RunPython(rewrite_rows, migrations.RunPython.noop),
    ]
