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
