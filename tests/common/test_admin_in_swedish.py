"""The Swedish admin is in Swedish: every model, field and column it shows is marked for translation.

The catalog test (tests/test_catalogs.py) then makes sure each marked string has its Swedish.
"""

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

OUR_APPS = {"register", "enkat", "utskick", "analys", "kvalitetsrapport"}
REGISTERED = sorted(
    ((model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in OUR_APPS),
    key=lambda pair: pair[0]._meta.label,
)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED])
def test_every_label_the_admin_shows_is_translated(model, model_admin):
    untranslated = []
    for name in ("verbose_name", "verbose_name_plural"):
        if not isinstance(getattr(model._meta, name), Promise):
            untranslated.append(name)
    for field in model._meta.get_fields():
        if getattr(field, "auto_created", False) or not hasattr(field, "verbose_name"):
            continue
        if not isinstance(field.verbose_name, Promise):
            untranslated.append(field.name)
    for column in model_admin.list_display:
        method = column if callable(column) else getattr(model_admin, column, None)
        if method is not None and not isinstance(getattr(method, "short_description", None), Promise):
            untranslated.append(f"list_display {column}")
    assert not untranslated, f"{model._meta.label}: not marked for translation: {untranslated}"


def test_a_field_label_reads_swedish_in_swedish():
    invitation = next(model for model, _admin in REGISTERED if model._meta.label == "enkat.Invitation")
    with translation.override("sv"):
        assert str(invitation._meta.get_field("contacts_erased_at").verbose_name) == "kontaktuppgifter raderade"


@pytest.mark.django_db
def test_the_invitation_list_shows_languages_and_groups_by_name(actors, client):
    from tests.factories import make_invitation, make_survey

    survey = make_survey("oppen", languages=["sv", "fa-af"], codes=["q1"])
    make_invitation(survey, "K1", language="fa-af", gender="kvinna", status="pagaende")
    client.force_login(actors.quality_developer)
    listing = client.get("/admin/enkat/invitation/").content.decode()
    assert '<td class="field-language">dari</td>' in listing
    assert ">fa-af<" not in listing
    invitation_id = survey.invitations.get().pk
    detail = client.get(f"/admin/enkat/invitation/{invitation_id}/change/").content.decode()
    # The detail shows no group snapshot at all (nothing to match a response against), and codes nowhere.
    assert "dari" in detail and "Kvinna" not in detail and "Pågående" not in detail
    assert ">kvinna<" not in detail and ">pagaende<" not in detail and ">fa-af<" not in detail
