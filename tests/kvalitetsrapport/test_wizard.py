"""The provider's wizard through HTTP: every move saves to the database, conflicts are shown, submit locks."""

import pytest
from django.test import Client

from kvalitetsrapport.models import ReportStatus, StepAnswer
from tests.conftest import PASSWORD
from tests.kvalitetsrapport.factories import complete, insats, open_round, report_of


@pytest.fixture
def report(actors):
    insats(actors.provider_a)
    report_round = open_round(actors.provider_a, actors.provider_b)
    return report_of(report_round, actors.provider_a)


def step_url(report, step):
    return f"/kvalitetsrapport/rapport/{report.pk}/steg/{step}/"


def organisation(**overrides):
    data = {
        "verksamhet-version": "0",
        "verksamhet-contact_name": "Anna Svensson",
        "verksamhet-contact_email": "anna@example.se",
        "verksamhet-manager": "Bo Ek",
        "verksamhet-coaches": "4",
        "verksamhet-customers_per_coach": "12",
        "verksamhet-languages": "svenska",
        "verksamhet-premises": "Entréplan",
        "action": "next",
    }
    data.update(overrides)
    return data


def test_the_wizard_starts_at_the_first_step(client, actors, report):
    client.force_login(actors.member_a)
    response = client.get(f"/kvalitetsrapport/rapport/{report.pk}/steg/")
    assert response.status_code == 302 and response.url == step_url(report, "verksamhet")
    page = client.get(step_url(report, "verksamhet"))
    assert page.status_code == 200
    assert "Steg 1 av 8" in page.content.decode()


def test_next_saves_the_step_to_the_database_and_moves_on(client, actors, report):
    client.force_login(actors.member_a)
    response = client.post(step_url(report, "verksamhet"), organisation())
    assert response.status_code == 302 and response.url == step_url(report, "a")
    saved = StepAnswer.objects.get(report=report, step="verksamhet")
    assert saved.data["coaches"] == 4 and saved.data["contact_name"] == "Anna Svensson"
    assert saved.version == 1 and saved.saved_by == actors.member_a


def test_back_and_save_draft_save_too(client, actors, report):
    client.force_login(actors.member_a)
    client.post(step_url(report, "verksamhet"), organisation())
    back = client.post(step_url(report, "a"), {"a-version": "0", "a-economic_capacity": "God", "action": "back"})
    assert back.url == step_url(report, "verksamhet")
    assert StepAnswer.objects.get(report=report, step="a").data["economic_capacity"] == "God"
    draft = client.post(step_url(report, "c"), {"c-version": "0", "c-working_method": "Coachning", "action": "save"})
    assert draft.url == step_url(report, "c")
    page = client.get(draft.url)
    assert "Utkastet sparades." in page.content.decode()
    assert "Coachning" in page.content.decode()


def test_a_step_link_saves_before_it_goes(client, actors, report):
    client.force_login(actors.member_a)
    response = client.post(step_url(report, "verksamhet"), organisation(wizard_goto_step="fokus"))
    assert response.url == step_url(report, "fokus")
    assert StepAnswer.objects.filter(report=report, step="verksamhet").exists()


def test_bad_values_get_swedish_messages_and_nothing_is_saved(client, actors, report):
    client.force_login(actors.member_a)
    response = client.post(step_url(report, "verksamhet"), organisation(**{"verksamhet-coaches": "-3"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kontrollera att detta värde är större än eller lika med 0." in body
    assert "Steget sparades inte" in body
    assert not StepAnswer.objects.filter(report=report).exists()
    response = client.post(step_url(report, "a"), {"a-version": "0", "a-insurance_expires": "31/12/2024"})
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in response.content.decode()


def test_the_step_is_shown_from_the_database_in_a_new_session(actors, report):
    first = Client()
    first.login(username="member_a", password=PASSWORD)
    first.post(step_url(report, "verksamhet"), organisation())
    first.session.flush()  # the session dies mid-wizard
    other_device = Client()
    other_device.login(username="member_a", password=PASSWORD)
    page = other_device.get(step_url(report, "verksamhet")).content.decode()
    assert 'value="Anna Svensson"' in page and "Utkastet sparades senast" in page
    # continuing without a step goes to the first step with something missing
    assert other_device.get(f"/kvalitetsrapport/rapport/{report.pk}/steg/").url == step_url(report, "a")


def test_the_second_user_to_save_a_step_is_told_and_shown_the_newer_version(client, actors, report):
    from django.contrib.auth.models import User

    from register.models import ProviderMembership

    colleague = User.objects.create_user("colleague_a", password=PASSWORD)
    ProviderMembership.objects.create(user=colleague, provider=actors.provider_a)
    first, second = Client(), Client()
    first.force_login(actors.member_a)
    second.force_login(colleague)
    first.get(step_url(report, "c"))
    second.get(step_url(report, "c"))
    assert first.post(step_url(report, "c"), {"c-version": "0", "c-working_method": "Första"}).status_code == 302
    response = second.post(step_url(report, "c"), {"c-version": "0", "c-working_method": "Andra"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Någon annan sparade steget under tiden" in body
    assert "Första" in body and "Andra" in body
    assert StepAnswer.objects.get(report=report, step="c").data["working_method"] == "Första"
    # Saving again from the conflict page replaces it deliberately.
    again = second.post(step_url(report, "c"), {"c-version": "1", "c-working_method": "Andra"})
    assert again.status_code == 302
    assert StepAnswer.objects.get(report=report, step="c").data["working_method"] == "Andra"


def test_step_eight_lists_what_is_missing_with_links_back(client, actors, report):
    client.force_login(actors.member_a)
    client.post(step_url(report, "verksamhet"), organisation(**{"verksamhet-manager": ""}))
    body = client.get(step_url(report, "granska")).content.decode()
    assert "Obligatoriska svar som saknas" in body
    assert f'href="{step_url(report, "verksamhet")}"' in body and "Ansvarig chef" in body
    response = client.post(step_url(report, "granska"), {"action": "submit"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_complete_report_is_submitted_and_then_read_only(client, actors, report):
    complete(report, user=actors.member_a)
    client.force_login(actors.member_a)
    response = client.post(step_url(report, "granska"), {"action": "submit"})
    assert response.url == f"/kvalitetsrapport/rapport/{report.pk}/"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert client.get(step_url(report, "c")).url == f"/kvalitetsrapport/rapport/{report.pk}/"
    client.post(step_url(report, "c"), {"c-version": "1", "c-working_method": "Ändrat"})
    assert StepAnswer.objects.get(report=report, step="c").data["working_method"] != "Ändrat"
    page = client.get(f"/kvalitetsrapport/rapport/{report.pk}/").content.decode()
    assert "skrivskyddad" in page


def test_returned_report_shows_the_comments_beside_the_fields(client, actors, report):
    from kvalitetsrapport import services

    complete(report, user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    services.add_comment(report, "c", "Beskriv metoden närmare.", field="working_method", user=actors.quality_developer)
    services.return_report(report, "Se kommentarerna.", user=actors.quality_developer)
    client.force_login(actors.member_a)
    body = client.get(step_url(report, "c")).content.decode()
    comment_at = body.index("Beskriv metoden närmare.")
    assert body.index('id="field-c-working_method"') < comment_at < body.index('name="c-working_method"')
    assert "Se kommentarerna." in body


def test_step_d_shows_own_figures_beside_all_providers(client, actors, report):
    insats(actors.provider_b, code="sai", customer="B1")
    client.force_login(actors.member_a)
    body = client.get(step_url(report, "d")).content.decode()
    assert "Era siffror bredvid alla anordnares" in body
    assert "Språk- och arbetsintroduktion" in body
    assert 'name="d-sai__success_factors"' in body


def test_the_development_plan_rows_can_be_added_and_removed(client, actors, report):
    client.force_login(actors.member_a)
    url = step_url(report, "plan")
    data = {"plan-version": "0", "plan_rows": "1", "plan-action_1_what": "Utbilda", "action": "add_row"}
    response = client.post(url, data)
    assert response.url.startswith(url + "?extra=2")
    page = client.get(response.url).content.decode()
    assert 'name="plan-action_3_what"' in page
    data = {
        "plan-version": "1",
        "plan_rows": "2",
        "plan-action_1_what": "Utbilda",
        "plan-action_1_remove": "on",
        "plan-action_2_what": "Mäta",
        "action": "save",
    }
    client.post(url, data)
    assert [a.what for a in report.development_actions.all()] == ["Mäta"]
