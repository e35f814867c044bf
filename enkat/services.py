"""The quality developer's side of a survey: links, texts, opening and closing, the sample.

The customer's own actions (saving pages, the submit, opting out) are in enkat.answering.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Least
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext

from enkat.answering import NotAccepting, discard_drafts
from enkat.closing import generalise_responses
from enkat.groups import age_group, insats_status
from enkat.language_reviews import unreviewed
from enkat.models import (
    AreaText,
    Invitation,
    Question,
    Survey,
    SurveyQuestion,
    SurveyText,
)
from enkat.question_texts import pin_versions, shown_texts
from enkat.tokens import hash_token, new_nonce, token_for_nonce
from register.models import Insats


def survey_link(invitation: Invitation) -> str:
    """The invitation's personal link, as an absolute URL (SITE_URL + /s/<token>/).

    The token is derived again from the stored nonce with the key kept outside the
    database, so sending a reminder never needs the token to be stored.
    """
    before, after = _link_around_token(settings.SITE_URL, get_script_prefix(), get_urlconf())
    return before + token_for_nonce(invitation.token_nonce) + after


# A token's 32 URL-safe characters: stands for every token while the link's pattern is reversed.
_ANY_TOKEN = "T" * 32
_link_patterns: dict[tuple, tuple[str, str]] = {}


def _link_around_token(site_url: str, script_prefix: str, urlconf) -> tuple[str, str]:
    """The text before and after the token, reversed once per site and URL configuration.

    The sending worker builds 100 000 links: reverse() for each one costs more than the HMAC.
    """
    key = (site_url, script_prefix, urlconf)
    if key not in _link_patterns:
        before, _, after = reverse("survey:open", kwargs={"token": _ANY_TOKEN}).rpartition(_ANY_TOKEN)
        _link_patterns[key] = (site_url + before, after)
    return _link_patterns[key]


@transaction.atomic
def close_survey(survey: Survey) -> int:
    """Close a survey now, discard the drafts and generalise the responses' rare group combinations
    (`enkat.closing.generalise_responses`); returns how many drafts were discarded.

    Closing early also moves the close time to now, so everything counted from the
    close (such as erasing contact details) starts from when it really closed.
    """
    now = timezone.now()
    closes_at = min(survey.closes_at, now)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED, closes_at=Least("closes_at", Value(now)))
    survey.state = Survey.State.CLOSED
    survey.closes_at = closes_at
    discarded = discard_drafts(survey)
    generalise_responses(survey)
    return discarded


# --- The quality developer's side: texts, opening, sample, contacts -------------------------------------------


def missing_texts(survey: Survey) -> list[str]:
    """Every text the survey still lacks in an offered language, named so it can be fixed."""
    from django.conf import settings as django_settings

    names = dict(django_settings.LANGUAGES)
    missing: list[str] = []
    rows = list(survey.survey_questions.select_related("question__area").order_by("position"))
    if not rows:
        missing.append(gettext("The survey has no questions."))
    if not survey.languages:
        missing.append(gettext("The survey offers no language."))
    survey_texts = {t.language: t for t in SurveyText.objects.filter(survey=survey)}
    question_texts = shown_texts(rows, survey.languages)
    areas = {r.question.area for r in rows}
    area_texts = {(t.area_id, t.language) for t in AreaText.objects.filter(area__in=areas).exclude(name="")}
    for language in survey.languages:
        name = names.get(language, language)
        text = survey_texts.get(language)
        if text is None or not text.intro.strip():
            missing.append(gettext("Intro text in %(language)s.") % {"language": name})
        if text is None or not text.thanks.strip():
            missing.append(gettext("Thank-you text in %(language)s.") % {"language": name})
        for area in sorted(areas, key=lambda a: (a.position, a.code)):
            if (area.pk, language) not in area_texts:
                missing.append(
                    gettext("Name of area %(area)s in %(language)s.") % {"area": area.code, "language": name}
                )
        for row in rows:
            if (row.question_id, language) not in question_texts:
                missing.append(
                    gettext("Question %(code)s in %(language)s.") % {"code": row.question.code, "language": name}
                )
    return missing


class UnreviewedLanguages(Exception):
    """The survey offers languages not reviewed by a native speaker, and opening did not accept them."""

    def __init__(self, languages: list[str]):
        super().__init__(", ".join(languages))
        self.languages = languages


@transaction.atomic
def open_survey(survey: Survey, *, accept_unreviewed: Collection[str] = ()) -> list[str]:
    """Open the survey for answers, unless texts are missing: then return what is missing.

    Opening pins the questions' text versions. A closed survey stays closed: NotAccepting.
    A language offered without a native speaker's review must be named in `accept_unreviewed`
    (the quality developer saw the warning that names it), else UnreviewedLanguages.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == Survey.State.CLOSED:
        raise NotAccepting  # a closed survey stays closed
    missing = missing_texts(survey)
    if missing:
        return missing
    not_reviewed = unreviewed(survey.languages)
    if survey.state != Survey.State.OPEN and set(not_reviewed) - set(accept_unreviewed):
        raise UnreviewedLanguages(not_reviewed)
    if survey.state != Survey.State.OPEN:
        pin_versions(survey)  # from now on the survey's wording never changes
        survey.state = Survey.State.OPEN
        survey.save(update_fields=["state"])
    return []


def _latest_insats_per_customer(survey: Survey) -> list[Insats]:
    latest: dict[str, Insats] = {}
    insatser = (
        Insats.objects.during(survey.period_start, survey.period_end)
        .select_related("programme_type", "provider")
        .order_by("customer_id", "start_date", "id")
    )
    for insats in insatser:
        latest[insats.customer_id] = insats  # ordered by start: the last one wins
    return list(latest.values())


@dataclass
class SampleResult:
    created: int = 0
    existing: int = 0


@transaction.atomic
def build_sample(survey: Survey, nonce_factory: Callable[[], str] = new_nonce) -> SampleResult:
    """One invitation per customer with an insats active in the period, about the latest such insats.

    Customers already invited keep their invitation (and link) as it is. The group
    snapshot is frozen now: later changes in the register do not move a response
    between groups.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.closed_for_good:
        raise NotAccepting
    close_year = timezone.localtime(survey.closes_at).year
    already = set(survey.invitations.values_list("customer_id", flat=True))
    result = SampleResult(existing=len(already))
    new: list[Invitation] = []
    for insats in _latest_insats_per_customer(survey):
        if insats.customer_id in already:
            continue
        nonce = nonce_factory()
        new.append(
            Invitation(
                survey=survey,
                customer_id=insats.customer_id,
                provider=insats.provider,
                gender=insats.gender,
                age_group=age_group(insats.birth_year, close_year),
                programme=insats.programme_type.name,
                provider_name=insats.provider.name,
                status=insats_status(insats.end_date, survey.period_end),
                language="sv",
                token_nonce=nonce,
                token_hash=hash_token(token_for_nonce(nonce)),
            )
        )
    Invitation.objects.bulk_create(new, batch_size=500)
    result.created = len(new)
    return result


@transaction.atomic
def save_survey(form) -> Survey:
    """Save a valid SurveyForm: the survey, its texts and its ordered questions."""
    from django.conf import settings as django_settings

    survey = form.save()
    for code, _name in django_settings.LANGUAGES:
        intro = form.cleaned_data.get(f"intro_{code}", "").strip()
        thanks = form.cleaned_data.get(f"thanks_{code}", "").strip()
        if intro or thanks:
            SurveyText.objects.update_or_create(
                survey=survey, language=code, defaults={"intro": intro, "thanks": thanks}
            )
        else:
            SurveyText.objects.filter(survey=survey, language=code).delete()
    survey.survey_questions.all().delete()
    questions = {q.code: q for q in Question.objects.filter(code__in=form.cleaned_data["question_order"])}
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, question=questions[code], position=position)
        for position, code in enumerate(form.cleaned_data["question_order"], start=1)
    )
    return survey
