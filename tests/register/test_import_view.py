from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from register.models import Insats

HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"


def upload(client, text: str, **extra):
    file = SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("register:import"), {"file": file, **extra})


def test_upload_shows_preview_and_nothing_is_written_until_confirmed(client, actors):
    client.force_login(actors.quality_developer)
    response = upload(client, f"{HEADER}\nK1,SAI,{actors.provider_a.name},2023-01-10,,,0,man,1980\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "K1" in html  # the preview row
    assert reverse("register:import_confirm") in html
    assert Insats.objects.count() == 0
    confirmed = client.post(reverse("register:import_confirm"))
    assert confirmed.status_code == 302
    assert Insats.objects.get().customer_id == "K1"


def test_bad_rows_are_listed_with_row_and_column_and_no_confirm_button(client, actors):
    client.force_login(actors.quality_developer)
    response = upload(
        client,
        f"{HEADER}\nK1,SAI,{actors.provider_a.name},2023-13-10,,,0,man,1980\nK2,XYZ,{actors.provider_a.name},2023-01-10,,,0,,\n",
    )
    html = response.content.decode()
    assert "<td>2</td><td>startdatum</td>" in html
    assert "<td>3</td><td>insatstyp</td>" in html
    assert reverse("register:import_confirm") not in html
    assert client.post(reverse("register:import_confirm")).status_code == 404
    assert Insats.objects.count() == 0


def test_confirm_needs_a_checked_upload_in_the_session(client, actors):
    client.force_login(actors.quality_developer)
    assert client.post(reverse("register:import_confirm")).status_code == 404


def test_providers_cannot_import(client, actors):
    client.force_login(actors.member_a)
    response = upload(client, f"{HEADER}\nK1,SAI,{actors.provider_a.name},2023-01-10,,,0,man,1980\n")
    assert response.status_code == 403
    assert Insats.objects.count() == 0
