"""A new survey as a copy of an earlier one: everything but the name, the slug and the dates."""

from django.db import transaction

from enkat.models import Survey, SurveyQuestion, SurveyText


@transaction.atomic
def copy_survey(source: Survey, **new) -> Survey:
    """A draft with the source's texts in every language, its questions in their text versions, its
    languages, min_n and sending plan. `new` gives name, slug, period_start, period_end, opens_at, closes_at.

    The copy shows the text versions the source showed; editing a question later moves the draft to
    the new version (a draft is not frozen until it opens).
    """
    copy = Survey.objects.create(languages=list(source.languages), min_n=source.min_n, state=Survey.State.DRAFT, **new)
    SurveyText.objects.bulk_create(
        SurveyText(survey=copy, language=t.language, intro=t.intro, thanks=t.thanks) for t in source.texts.all()
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=copy, question=row.question, position=row.position, text_version=row.shown_version)
        for row in source.survey_questions.select_related("question")
    )
    _copy_sending_plan(source, copy)
    return copy


def _copy_sending_plan(source: Survey, copy: Survey) -> None:
    from utskick.models import SendingPlan

    plan = SendingPlan.objects.filter(survey=source).first()
    if plan is None:
        return
    plan.pk = None
    plan.id = None
    plan.survey = copy
    plan.paused = False
    plan._state.adding = True
    plan.save()
