"""Provider users see only their own provider's data, on every page and download."""

from datetime import date

import pytest
from django.urls import reverse

from register.models import Insats
from tests.conftest import PASSWORD


@pytest.fixture
def insatser(actors, programme):
    own = Insats.objects.create(
        customer_id="A-1", programme_type=programme, provider=actors.provider_a, start_date=date(2023, 1, 5)
    )
    other = Insats.objects.create(
        customer_id="B-1", programme_type=programme, provider=actors.provider_b, start_date=date(2023, 2, 5)
    )
    return own, other


def provider_facing_urls(insats_of_a: Insats) -> list[str]:
    """Every provider-facing URL that takes an id, filled with provider A's ids."""
    return [reverse("register:provider_detail", args=[insats_of_a.pk])]


def test_second_provider_gets_404_for_every_url_with_the_first_providers_ids(client, actors, insatser):
    own, _ = insatser
    client.force_login(actors.member_b)
    for url in provider_facing_urls(own):
        assert client.get(url).status_code in (403, 404), url


def test_provider_list_and_download_show_only_own_programmes(client, actors, insatser):
    client.force_login(actors.member_a)
    page = client.get(reverse("register:provider_list") + "?year=2023").content.decode()
    assert "A-1" in page and "B-1" not in page
    download = client.get(reverse("register:provider_csv") + "?year=2023").content.decode()
    assert "A-1" in download and "B-1" not in download
    assert client.get(reverse("register:provider_detail", args=[insatser[0].pk])).status_code == 200


@pytest.mark.parametrize("name", ["register:list", "register:import"])
def test_quality_developer_pages_refuse_providers_and_outsiders(client, actors, name):
    for user in (actors.member_a, actors.outsider):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403
    client.force_login(actors.quality_developer)
    assert client.get(reverse(name)).status_code == 200


def test_outsider_with_no_provider_is_refused_provider_pages(client, actors, insatser):
    client.force_login(actors.outsider)
    assert client.get(reverse("register:provider_list")).status_code == 403
    assert client.get(reverse("register:provider_csv")).status_code == 403


def test_anonymous_users_are_sent_to_login(client, db):
    for name in ["home", "register:list", "register:provider_list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_quality_developer_reaches_admin(client, actors):
    client.force_login(actors.quality_developer)
    assert client.get("/admin/").status_code == 200
    client.force_login(actors.member_a)
    assert client.get("/admin/").status_code == 302


def test_start_page_per_role(client, actors, insatser):
    client.force_login(actors.quality_developer)
    page = client.get(reverse("home") + "?year=2023").content.decode()
    assert actors.provider_a.name in page and actors.provider_b.name in page
    client.force_login(actors.member_a)
    page = client.get(reverse("home") + "?year=2023").content.decode()
    assert actors.provider_a.name in page and actors.provider_b.name not in page


def test_login_with_password_works(client, actors):
    response = client.post(reverse("login"), {"username": "member_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_quality_developer_may_change_register_data_in_admin_but_providers_may_not(client, actors, insatser):
    own, _ = insatser
    url = f"/admin/register/insats/{own.pk}/change/"
    client.force_login(actors.quality_developer)
    assert client.get(url).status_code == 200
    assert client.get("/admin/register/provider/add/").status_code == 200
    client.force_login(actors.member_a)
    assert client.get(url).status_code == 302
