"""Import earlier years' raw answers as anonymous responses: check every row, then write atomically."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analys.standard import STANDARD_CODES, standard_question_set
from common.table_reader import Columns
from common.tabular import RowError, Table
from enkat.models import ImportBatch, Response, Survey, SurveyQuestion
from register.dimensions import BY_CODE, DIMENSIONS, IMPORT_COLUMNS

COMMENT_COLUMN = "kommentar"
# The columns besides the question codes: the group dimensions, then the comment.
FILE_COLUMNS = [*IMPORT_COLUMNS, COMMENT_COLUMN]
GENDER, AGE_GROUP, PROGRAMME, PROVIDER, STATUS, LANGUAGE = IMPORT_COLUMNS
GENDERS = set(BY_CODE["gender"].codes)
STATUSES = set(BY_CODE["status"].codes)
# Longest text each free-text dimension holds (the snapshot fields' max_length).
TEXT_LIMITS = {AGE_GROUP: 10, PROGRAMME: 200, PROVIDER: 200}


# What the reader refuses: anything longer than the snapshot fields hold; line breaks only in the comment.
def _max_length(field_name: str) -> int:
    field = Response._meta.get_field(field_name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


READ_COLUMNS = Columns(
    limits={
        GENDER: _max_length("gender"),
        AGE_GROUP: _max_length("age_group"),
        PROGRAMME: _max_length("programme"),
        PROVIDER: _max_length("provider_name"),
        STATUS: _max_length("status"),
        LANGUAGE: _max_length("language"),
        COMMENT_COLUMN: 20000,
    },
    free_text=frozenset({COMMENT_COLUMN}),
)
DONT_KNOW = {"vet ej", "vet ej / ej aktuellt", "ej aktuellt"}
ANSWERS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
_YEAR = re.compile(r"(19|20)\d{2}")

logger = logging.getLogger(__name__)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_sha256(table: Table) -> str:
    """A content hash for a table built in code (the demo), where there is no file."""
    digest = hashlib.sha256("\x1f".join(table.headers).encode())
    for number, row in table.rows:
        digest.update(f"\x1e{number}\x1d".encode() + "\x1f".join(row.get(h, "") for h in table.headers).encode())
    return digest.hexdigest()


def slug_year(slug: str) -> int | None:
    match = _YEAR.search(slug)
    return int(match.group(0)) if match else None


@dataclass
class ResponseImportResult:
    """The outcome of importing earlier years' answers: row errors, or the survey and how many were written."""

    errors: list[RowError] = field(default_factory=list)
    survey: Survey | None = None
    created_survey: bool = False
    imported: int = 0
    batch: ImportBatch | None = None
    missing_questions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _parse_row(number: int, row: dict[str, str], codes: list[str], errors: list[RowError]) -> Response | None:
    before = len(errors)
    gender = _text(row, GENDER).lower()
    if gender and gender not in GENDERS:
        errors.append(RowError(number, GENDER, _("Use kvinna, man or annat, or leave it empty.")))
    status = _text(row, STATUS).lower()
    if status and status not in STATUSES:
        errors.append(RowError(number, STATUS, _("Use pagaende or avslutad.")))
    language = _text(row, LANGUAGE).lower() or "sv"
    if not _LANGUAGE.match(language):
        errors.append(RowError(number, LANGUAGE, _("Use a language code such as sv, en or ar.")))
    for column, limit in TEXT_LIMITS.items():
        if len(_text(row, column)) > limit:
            errors.append(RowError(number, column, _("At most %(limit)s characters.") % {"limit": limit}))
    answers: dict[str, int | None] = {}
    for code in codes:
        raw = _text(row, code)
        if raw == "" or raw.lower() in DONT_KNOW:
            answers[code] = None
        elif raw in ANSWERS:
            answers[code] = ANSWERS[raw]
        else:
            errors.append(
                RowError(
                    number,
                    code,
                    _("“%(value)s” is not an answer: use 1–5, vet ej, or leave it empty.") % {"value": raw[:40]},
                )
            )
    if len(errors) > before:
        return None
    snapshot = {d.snapshot_field: _text(row, d.import_column) for d in DIMENSIONS}
    snapshot.update(gender=gender, status=status, language=language)
    return Response(
        **snapshot,
        answers=answers,
        comment=_text(row, COMMENT_COLUMN),
    )


def _new_survey(slug: str, year: int) -> Survey:
    zone = timezone.get_default_timezone()
    return Survey(
        name=_("Customer survey %(year)s (imported)") % {"year": year},
        slug=slug,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        opens_at=timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time(8)), zone),
        closes_at=timezone.make_aware(datetime.combine(date(year + 1, 1, 31), time(23, 59)), zone),
        languages=["sv"],
        state=Survey.State.CLOSED,
    )


def import_responses(
    slug: str,
    table: Table,
    *,
    sha256: str | None = None,
    filename: str = "",
    actor: str = "",
    create: bool = False,
    year: int | None = None,
) -> ResponseImportResult:
    """Import every row of `table` into the survey `slug` as one batch, or nothing at all.

    `sha256` is the file's (by default the table's content): a file already imported
    into the survey is refused. With `create`, a survey that does not exist is created,
    closed, with the standard 2023 question set, for `year` or the year its slug names.
    """
    result = ResponseImportResult()
    survey = Survey.objects.filter(slug=slug).first()
    if survey is None and not create:
        result.errors.append(
            RowError(0, "", _("No survey with the slug %(slug)s; use --create to create it.") % {"slug": slug})
        )
        return result
    year = year or slug_year(slug)
    if survey is None and year is None:
        message = _("The slug %(slug)s names no year: give the survey's year with --year.") % {"slug": slug}
        result.errors.append(RowError(0, "", message))
        return result
    sha256 = sha256 or table_sha256(table)
    if survey is not None:
        earlier = ImportBatch.objects.filter(survey=survey, sha256=sha256).first()
        if earlier is not None:
            message = _("This file was already imported into %(slug)s on %(day)s (%(count)s responses).") % {
                "slug": slug,
                "day": timezone.localtime(earlier.imported_at).date().isoformat(),
                "count": earlier.rows,
            }
            result.errors.append(RowError(0, "", message))
            return result
    codes = (
        list(SurveyQuestion.objects.filter(survey=survey).order_by("position").values_list("question__code", flat=True))
        if survey is not None
        else list(STANDARD_CODES)
    )
    for column in table.missing_columns(FILE_COLUMNS):
        result.errors.append(RowError(1, column, _("The column is missing.")))
    for column in table.headers:
        if column and column not in FILE_COLUMNS and column not in codes:
            result.errors.append(RowError(1, column, _("Unknown column: not a question of this survey.")))
    present = [code for code in codes if code in table.headers]
    result.missing_questions = [code for code in codes if code not in table.headers]
    if not present:
        result.errors.append(RowError(1, "", _("The file has no column for any of the survey's questions.")))
    if not table.rows:
        result.errors.append(RowError(2, "", _("The file has no answers.")))
    parsed: list[Response] = []
    for number, row in table.rows:
        response = _parse_row(number, row, present, result.errors)
        if response is not None:
            parsed.append(response)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            if survey is None:
                assert year is not None
                survey = _new_survey(slug, year)
                survey.save()
                for position, question in enumerate(standard_question_set(), start=1):
                    SurveyQuestion.objects.create(survey=survey, question=question, position=position)
                result.created_survey = True
            batch = ImportBatch.objects.create(
                survey=survey, sha256=sha256, filename=filename[:255], imported_by=actor[:150], rows=len(parsed)
            )
            for response in parsed:
                response.survey = survey
                response.import_batch = batch
            Response.objects.bulk_create(parsed)
    except IntegrityError:
        # Another import of the same file won the race: the unique constraint holds.
        result.created_survey = False
        result.errors.append(RowError(0, "", _("This file was already imported into %(slug)s.") % {"slug": slug}))
        return result
    logger.info("Imported batch %s into survey %s: %s responses by %s", batch.pk, slug, len(parsed), actor or "-")
    result.survey = survey
    result.batch = batch
    result.imported = len(parsed)
    return result


@transaction.atomic
def remove_batch(batch: ImportBatch, actor: str) -> int:
    """Remove an import batch and every response it brought; web responses are never touched."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    removed, _by_model = Response.objects.filter(import_batch=batch).delete()
    slug = batch.survey.slug
    batch_id = batch.pk
    batch.delete()
    logger.info("Removed import batch %s from survey %s: %s responses by %s", batch_id, slug, removed, actor or "-")
    return removed
