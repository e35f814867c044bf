"""Unconfirmed uploads hold personal data: deleted on confirm, cancel, replace, or after an hour."""

import os
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import uploads
from enkat.models import Invitation
from register.models import Insats
from tests.factories import make_invitation, make_survey
from utskick.worker import Worker

HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"


def files(settings) -> list[Path]:
    directory = Path(settings.VAR_DIR) / uploads.UPLOAD_DIR_NAME
    return sorted(directory.iterdir()) if directory.exists() else []


def upload(client, actors, customer="K1"):
    text = f"{HEADER}\n{customer},SAI,{actors.provider_a.name},2023-01-10,,,0,man,1980\n"
    file = SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("register:import"), {"file": file})


def test_the_confirm_deletes_the_upload(client, actors, settings):
    client.force_login(actors.quality_developer)
    upload(client, actors)
    assert len(files(settings)) == 1
    client.post(reverse("register:import_confirm"))
    assert files(settings) == []
    assert Insats.objects.count() == 1


def test_a_cancel_deletes_the_upload_and_nothing_is_imported(client, actors, settings):
    client.force_login(actors.quality_developer)
    page = upload(client, actors).content.decode()
    assert reverse("register:import_cancel") in page
    assert client.post(reverse("register:import_cancel")).status_code == 302
    assert files(settings) == []
    assert client.post(reverse("register:import_confirm")).status_code == 404
    assert Insats.objects.count() == 0


def test_a_new_upload_replaces_the_unconfirmed_one(client, actors, settings):
    client.force_login(actors.quality_developer)
    upload(client, actors, "K1")
    first = files(settings)
    upload(client, actors, "K2")
    second = files(settings)
    assert len(second) == 1 and second != first
    client.post(reverse("register:import_confirm"))
    assert list(Insats.objects.values_list("customer_id", flat=True)) == ["K2"]


def test_a_contacts_upload_is_cancelled_and_replaced_the_same_way(client, actors, settings):
    survey = make_survey(slug="enkat-2024")
    make_invitation(survey, customer_id="K1")
    client.force_login(actors.quality_developer)

    def contacts(mobile):
        file = SimpleUploadedFile("k.csv", f"kund_id,mobil,epost,sprak\nK1,{mobile},,sv\n".encode())
        return client.post(reverse("enkat:contacts_import", args=[survey.slug]), {"file": file})

    contacts("0701234567")
    contacts("0707654321")
    assert len(files(settings)) == 1
    client.post(reverse("enkat:contacts_import_cancel", args=[survey.slug]))
    assert files(settings) == []
    assert Invitation.objects.get().mobile == ""


def test_uploads_left_for_an_hour_are_deleted_by_the_worker(client, actors, settings):
    client.force_login(actors.quality_developer)
    upload(client, actors)
    (stale,) = files(settings)
    hour_ago = time.time() - uploads.MAX_AGE_SECONDS - 1
    os.utime(stale, (hour_ago, hour_ago))
    fresh = stale.with_name("register_import-fresh.csv")
    fresh.write_text("kund_id\n")
    Worker(interval=0).run_once()
    assert files(settings) == [fresh]
    # And the confirm of an upload that old finds nothing.
    assert client.post(reverse("register:import_confirm")).status_code == 404


def test_uploads_have_a_size_limit_said_on_the_page(client, actors, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(actors.quality_developer)
    page = client.get(reverse("register:import")).content.decode()
    assert "1 MB" in page
    big = SimpleUploadedFile("register.csv", (HEADER + "\n").encode() + b"x" * (1024 * 1024 + 1))
    response = client.post(reverse("register:import"), {"file": big})
    assert response.status_code == 200
    assert "1 MB" in response.content.decode()
    assert files(settings) == []
