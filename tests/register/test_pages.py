import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "direction"),
    [("sv", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("fa-af", "rtl"), ("so", "ltr"), ("ti", "ltr"), ("uk", "ltr")],
)
def test_base_template_sets_lang_and_dir_from_the_language(client, db, language, direction):
    client.cookies["django_language"] = language
    html = client.get(reverse("login")).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_swedish_is_the_default_language(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv" dir="ltr">' in html
    assert "Hoppa till innehållet" in html


def test_pages_have_landmarks_skip_link_and_csp_without_unsafe_inline(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    for marker in ['href="#main"', "<main", "<header", "<footer", 'name="viewport"']:
        assert marker in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in html


def test_language_switcher_works_without_javascript(client, db):
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("login")})
    assert response.status_code == 302
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("login")).content.decode()


def test_forms_are_protected_by_csrf(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 403
