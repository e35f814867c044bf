"""Attachments: type checked by content, at most 10 MB, under VAR_DIR, for the provider and the quality developer."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kvalitetsrapport import attachments
from kvalitetsrapport.models import Attachment
from tests.kvalitetsrapport.factories import insats, open_round, report_of

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def report(actors):
    insats(actors.provider_a)
    return report_of(open_round(actors.provider_a, actors.provider_b), actors.provider_a)


def upload(client, report, name, content, step="a"):
    """The step's own form: the step is saved, then the file attached."""
    return client.post(
        f"/kvalitetsrapport/rapport/{report.pk}/steg/{step}/",
        {
            f"{step}-version": "0",
            f"{step}-economic_capacity": "God",
            "action": "attach",
            "attachment": SimpleUploadedFile(name, content),
        },
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("forsakring.pdf", PDF, "application/pdf"),
        ("bild.png", PNG, "image/png"),
        ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_files_are_stored_outside_static_and_logged(
    client, actors, report, settings, name, content, content_type
):
    client.force_login(actors.member_a)
    response = upload(client, report, name, content)
    assert "Filen bifogades." in response.content.decode()
    attachment = Attachment.objects.get(report=report)
    assert attachment.content_type == content_type and attachment.filename == name
    path = attachments.file_path(attachment)
    assert path.read_bytes() == content
    assert Path(settings.VAR_DIR) in path.parents and "static" not in path.parts
    assert report.history.filter(action="attached", new=name).exists()
    assert report.step_answers.get(step="a").data["economic_capacity"] == "God"  # saved with it


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an executable"),
        ("bild.pdf", PNG),  # content and name disagree
        ("script.docx", b"PK\x03\x04 not really a zip"),
        ("tom.pdf", b""),
    ],
)
def test_files_whose_content_is_not_an_allowed_type_are_refused(client, actors, report, name, content):
    client.force_login(actors.member_a)
    response = upload(client, report, name, content)
    body = response.content.decode()
    assert ("Bara PDF-, Word-, Excel- och bildfiler" in body) != (content == b"")
    assert not Attachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(client, actors, report):
    client.force_login(actors.member_a)
    response = upload(client, report, "stor.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "Filen är större än 10 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_only_on_steps_a_and_b(actors, report):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attachments.add_attachment(report, "c", SimpleUploadedFile("x.pdf", PDF))


def test_the_file_is_served_to_its_provider_and_the_quality_developer_only(client, actors, report):
    attachment = attachments.add_attachment(
        report, "a", SimpleUploadedFile("forsakring.pdf", PDF), user=actors.member_a
    )
    url = f"/kvalitetsrapport/bilagor/{attachment.pk}/"
    for user, status in [
        (actors.member_a, 200),
        (actors.quality_developer, 200),
        (actors.member_b, 404),
        (actors.outsider, 403),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]


def test_removing_an_attachment_deletes_its_file(client, actors, report, django_capture_on_commit_callbacks):
    attachment = attachments.add_attachment(report, "b", SimpleUploadedFile("x.pdf", PDF), user=actors.member_a)
    path = attachments.file_path(attachment)
    url = f"/kvalitetsrapport/rapport/{report.pk}/steg/b/"
    client.force_login(actors.member_b)
    assert client.post(url, {"b-version": "0", "remove_attachment": attachment.pk}).status_code == 404
    client.force_login(actors.member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"b-version": "0", "b-lessons": "Lärdom", "remove_attachment": attachment.pk})
    assert response.url.endswith("/steg/b/#attachments-heading")
    assert not Attachment.objects.exists() and not path.exists()
    assert report.history.filter(action="detached", old="x.pdf").exists()
