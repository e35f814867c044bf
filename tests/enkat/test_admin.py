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


def test_no_admin_screen_lists_shows_or_deletes_a_response(client, actors, db):
    from enkat.models import Response
    from tests.factories import make_invitation, make_responses, make_survey, mark_answered

    survey = make_survey("anonym", languages=["sv"], codes=["q1"])
    invitation, _token = make_invitation(survey, customer_id="K-4711")
    mark_answered(invitation)
    response = make_responses(survey, n=1)[0]
    client.force_login(actors.quality_developer)
    for url in (
        "/admin/enkat/response/",
        f"/admin/enkat/response/{response.pk}/change/",
        f"/admin/enkat/response/{response.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/enkat/response/{response.pk}/delete/", {"post": "yes"}).status_code == 404
    assert Response.objects.filter(pk=response.pk).exists()
    index = client.get("/admin/").content.decode()
    assert "/admin/enkat/response/" not in index
    listing = client.get("/admin/enkat/invitation/").content.decode()
    detail = client.get(f"/admin/enkat/invitation/{invitation.pk}/change/").content.decode()
    assert "K-4711" in listing  # the page is really the invitations' list
    for page in (listing, detail):
        assert "answered" not in page.lower() and "besvarad" not in page.lower()
