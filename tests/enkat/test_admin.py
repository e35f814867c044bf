import io

from django.core.management import call_command


def test_quality_developer_can_browse_survey_admin_without_seeing_link_secrets(client, actors):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(actors.quality_developer)
    from enkat.models import Invitation

    invitation = Invitation.objects.first()
    for url in [
        "/admin/enkat/survey/",
        "/admin/enkat/question/",
        "/admin/enkat/response/",
        "/admin/enkat/invitation/",
        f"/admin/enkat/invitation/{invitation.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/admin/enkat/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.token_hash not in page and invitation.token_nonce not in page


def test_admin_cannot_change_an_open_or_closed_survey(client, actors, db):
    from enkat.models import Survey
    from tests.factories import make_survey

    client.force_login(actors.quality_developer)
    for state in (Survey.State.OPEN, Survey.State.CLOSED):
        survey = make_survey(f"last-{state}", state=state, languages=["sv"])
        url = f"/admin/enkat/survey/{survey.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="name"' not in page.content.decode()  # shown read-only
        posted = client.post(url, {"name": "Ändrad", "slug": survey.slug, "state": Survey.State.DRAFT})
        assert posted.status_code == 403
        survey.refresh_from_db()
        assert (survey.name, survey.state) == (f"Kundenkät last-{state}", state)
        assert client.post(f"/admin/enkat/survey/{survey.pk}/delete/", {"post": "yes"}).status_code == 403
        assert Survey.objects.filter(pk=survey.pk).exists()


def test_admin_edits_a_draft_but_not_its_state(client, actors, db):
    from enkat.models import Survey
    from tests.factories import make_survey

    client.force_login(actors.quality_developer)
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv"])
    page = client.get(f"/admin/enkat/survey/{survey.pk}/change/").content.decode()
    assert 'name="name"' in page and 'name="state"' not in page


def test_question_texts_are_read_only_in_admin(client, actors, db):
    from enkat.models import Question
    from tests.factories import make_survey

    make_survey("bank", languages=["sv"], codes=["q1"])
    client.force_login(actors.quality_developer)
    question = Question.objects.get(code="q1")
    page = client.get(f"/admin/enkat/question/{question.pk}/change/").content.decode()
    assert 'name="texts-0-text"' not in page
