"""Demo surveys: the closed 2023 survey with about 70 responses, and an open one to try.

Deterministic and idempotent: invitation nonces come from a seeded generator, so the
printed links are the same on every run, and a survey that exists is left as it is.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from enkat import receipts, services
from enkat.closing import generalise_responses
from enkat.models import Invitation, Question, Response, Survey, SurveyQuestion, SurveyText

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LANGUAGES = ["sv", "en", "ar", "fa-af", "so", "ti", "uk"]
CODES = [f"q{i}" for i in range(1, 12)]
CLOSED_SLUG = "kundenkat-2023"
OPEN_SLUG = "kundenkat-2024-var"

TEXTS = {
    "sv": (
        "Vi vill veta vad du tycker om stödet du har fått från din jobbexpert/jobbcoach. Det tar ungefär fem "
        "minuter. Dina svar är anonyma och hjälper oss att göra stödet bättre.",
        "Tack för att du tog dig tid! Dina svar hjälper oss att göra stödet bättre för dig och andra.",
    ),
    "en": (
        "We want to know what you think of the support you have had from your job expert/job coach. It takes "
        "about five minutes. Your answers are anonymous and help us make the support better.",
        "Thank you for taking the time! Your answers help us make the support better for you and others.",
    ),
    "ar": (
        "نريد أن نعرف رأيك في الدعم الذي حصلت عليه من خبير العمل أو مدرب العمل الخاص بك. يستغرق ذلك حوالي خمس "
        "دقائق. إجاباتك مجهولة الهوية وتساعدنا على تحسين الدعم.",
        "شكرًا لك على وقتك! إجاباتك تساعدنا على تحسين الدعم لك وللآخرين.",
    ),
    "fa-af": (
        "ما می‌خواهیم بدانیم که نظر شما در بارهٔ کمکی که از متخصص کار/مربی کار خود گرفته‌اید، چیست. این کار حدود "
        "پنج دقیقه وقت می‌گیرد. جواب‌های شما بی‌نام است و به ما کمک می‌کند تا کمک‌ها را بهتر کنیم.",
        "از وقتی که گذاشتید تشکر! جواب‌های شما به ما کمک می‌کند تا کمک‌ها را برای شما و دیگران بهتر کنیم.",
    ),
    "so": (
        "Waxaan rabnaa inaan ogaanno waxa aad ka qabto taageerada aad ka heshay khabiirkaaga shaqada/tababarahaaga "
        "shaqada. Waxay qaadanaysaa qiyaastii shan daqiiqo. Jawaabahaagu waa qarsoodi, waxayna naga caawinayaan "
        "inaan hagaajinno taageerada.",
        "Waad ku mahadsan tahay waqtigaaga! Jawaabahaagu waxay naga caawinayaan inaan u hagaajinno taageerada "
        "adiga iyo dadka kale.",
    ),
    "ti": (
        "ብዛዕባ እቲ ካብ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ዝረኸብኩምዎ ሓገዝ እንታይ ከም እትሓስቡ ክንፈልጥ ንደሊ። ዳርጋ ሓሙሽተ ደቒቕ "
        "ይወስድ። መልስታትኩም ስም የብሎምን፡ ነቲ ሓገዝ ንምምሕያሽ ይሕግዙና።",
        "ግዜኹም ስለ ዝሃብኩም የቐንየልና! መልስታትኩም ነቲ ንዓኹምን ንኻልኦትን ዝወሃብ ሓገዝ ንምምሕያሽ ይሕግዙና።",
    ),
    "uk": (
        "Ми хочемо дізнатися, що ви думаєте про підтримку, яку отримали від свого фахівця з працевлаштування/коуча. "
        "Це займе близько п’яти хвилин. Ваші відповіді анонімні й допоможуть нам покращити підтримку.",
        "Дякуємо, що знайшли час! Ваші відповіді допоможуть нам покращити підтримку для вас та інших.",
    ),
}

# Question means aimed at, close to the published 2023 figures (q1 4.2, q3 3.8, NKI 4.1, Mål 4.2,
# Arbetsplats 4.4, Utveckling 3.9); women answer a little higher than men, as in the report.
# The answers are drawn, so the printed means depend on who was drawn to answer: these aims
# are set for the demo register's customers (any change to the register moves them a little).
TARGET_MEANS = {
    "q1": 4.15, "q2": 4.3, "q3": 3.55, "q4": 4.2, "q5": 4.2, "q6": 4.0,
    "q7": 4.5, "q8": 4.35, "q9": 3.8, "q10": 3.9, "q11": 3.85,
}  # fmt: skip
RESPONDENT_LANGUAGES = {"en": 5, "ar": 3, "fa-af": 2}  # as in 2023; the rest answered in Swedish
N_RESPONSES = 72
COMMENTS = [
    "Min coach lyssnade på mig och hjälpte mig att hitta en praktikplats.",
    "Jag hade önskat fler träffar i början.",
    "Bra stöd med cv och personligt brev.",
    "Det tog lång tid innan jag fick en arbetsplats.",
    "Very helpful, thank you.",
    "Jag fick jobb tack vare stödet!",
    "Ibland svårt att få tag på min coach.",
]


def _nonce_factory(slug: str):
    rng = random.Random(f"enkat-demo-{slug}")
    return lambda: f"{rng.getrandbits(128):032x}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _create_survey(slug: str, name: str, period: tuple[date, date], opens: datetime, closes: datetime) -> Survey:
    survey = Survey.objects.create(
        name=name,
        slug=slug,
        period_start=period[0],
        period_end=period[1],
        opens_at=opens,
        closes_at=closes,
        languages=LANGUAGES,
        min_n=5,
        state=Survey.State.DRAFT,
    )
    questions = {q.code: q for q in Question.objects.filter(code__in=CODES)}
    for position, code in enumerate(CODES, start=1):
        SurveyQuestion.objects.create(survey=survey, question=questions[code], position=position)
    for language, (intro, thanks) in TEXTS.items():
        SurveyText.objects.create(survey=survey, language=language, intro=intro, thanks=thanks)
    services.build_sample(survey, nonce_factory=_nonce_factory(slug))
    return survey


def _answer(rng: random.Random, mean: float, person: float, allows_dont_know: bool) -> int | None:
    if allows_dont_know and rng.random() < 0.22:
        return None  # "Vet ej / ej aktuellt": not everyone has had a workplace
    if rng.random() < 0.02:
        return None  # skipped
    # The clipped scale pulls high means down: aim a little higher than the target.
    value = round(mean + 0.2 + person + rng.gauss(0, 0.75))
    return min(5, max(1, value))


def _seed_closed(stdout: TextIO) -> None:
    survey = _create_survey(
        CLOSED_SLUG,
        "Kundenkät 2023",
        (date(2023, 1, 1), date(2023, 12, 31)),
        _at(date(2024, 1, 15), 8),
        _at(date(2024, 2, 29), 23, 59),
    )
    # Its customers saw the question texts as first written (text version 1), before the corrections.
    survey.survey_questions.update(text_version=1)
    rng = random.Random(2023)
    invitations = list(survey.invitations.order_by("customer_id"))
    # Languages of the invitations, then the respondents: a few in each language answered.
    others = rng.sample(invitations, 24)
    languages = ["en"] * 9 + ["ar"] * 7 + ["fa-af"] * 5 + ["so"] * 2 + ["uk"] * 1
    for invitation, language in zip(others, languages, strict=True):
        invitation.language = language
    respondents: list[Invitation] = []
    for language, count in RESPONDENT_LANGUAGES.items():
        respondents += rng.sample([i for i in invitations if i.language == language], count)
    swedish = [i for i in invitations if i.language == "sv"]
    respondents += rng.sample(swedish, N_RESPONSES - len(respondents))
    allows = dict(Question.objects.filter(code__in=CODES).values_list("code", "allows_dont_know"))
    erased_at = _at(date(2024, 3, 31), 2)
    for invitation in invitations:
        invitation.contacts_erased_at = erased_at  # erased after the survey, as the retention rule says
    for invitation in respondents:
        rng.expovariate(1 / 9)  # the answer's day, drawn but not stored (see below)
        shift = {"kvinna": 0.27, "man": -0.22}.get(invitation.gender, 0.0)
        person = shift + rng.gauss(0, 0.45)
        answers = {code: _answer(rng, TARGET_MEANS[code], person, allows[code]) for code in CODES}
        comment = rng.choice(COMMENTS) if rng.random() < 0.15 else ""
        Response.objects.create(survey=survey, **invitation.snapshot(), answers=answers, comment=comment)
        # No date or time is stored (not on the response, not on the receipt); they are still drawn as when
        # they were, so the random sequence, and with it the demo's figures, stay as they were.
        for bound in (10, 60, 8):
            rng.randrange(bound)
    receipts.record_receipts(respondents)
    Invitation.objects.bulk_update(invitations, ["language", "contacts_erased_at"])
    survey.state = Survey.State.CLOSED
    survey.save(update_fields=["state"])
    generalise_responses(survey)  # as closing does
    stdout.write(f"survey: {survey.name}: {len(invitations)} invited, {len(respondents)} answered (closed)\n")


def _seed_open(stdout: TextIO) -> None:
    today = timezone.localdate()
    survey = _create_survey(
        OPEN_SLUG,
        "Kundenkät våren 2024",
        (date(2024, 1, 1), date(2024, 6, 30)),
        _at(today - timedelta(days=1), 8),
        _at(today + timedelta(days=60), 23, 59),
    )
    languages = ["sv", "en", "ar", "sv", "fa-af", "sv", "so", "sv", "ti", "sv", "uk", "sv"]
    invitations = list(survey.invitations.order_by("customer_id"))
    for index, invitation in enumerate(invitations):
        invitation.language = languages[index % len(languages)]
        # Numbers reserved by PTS for fiction (070-174 06 05 – 070-174 06 99) and example.se addresses.
        if index % 5 != 4:
            invitation.mobile = f"+4670174{605 + index:04d}"
        if index % 3 == 0 or index % 5 == 4:
            invitation.email = f"kund{index + 1:03d}@example.se"
    Invitation.objects.bulk_update(invitations, ["language", "mobile", "email"])
    # The demo offers every language, reviewed or not: opened knowingly, as the warning asks.
    missing = services.open_survey(survey, accept_unreviewed=LANGUAGES)
    if missing:
        raise RuntimeError("demo survey texts missing: " + "; ".join(missing))
    stdout.write(f"survey: {survey.name}: {len(invitations)} invited (open)\n")


@transaction.atomic
def seed(stdout: TextIO) -> None:
    if not Survey.objects.filter(slug=CLOSED_SLUG).exists():
        _seed_closed(stdout)
    if not Survey.objects.filter(slug=OPEN_SLUG).exists():
        _seed_open(stdout)
    survey = Survey.objects.get(slug=OPEN_SLUG)
    started = receipts.survey_progress(survey.pk).started
    for language in ("sv", "en", "ar"):
        invitation = next(
            (i for i in survey.invitations.filter(language=language).order_by("customer_id") if i.pk not in started),
            None,
        )
        if invitation is not None:
            stdout.write(f"link: {language}: {services.survey_link(invitation)}\n")
