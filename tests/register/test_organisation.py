"""The organisation profile: the model's rules, the quality developer's page and the cache the survey pages read."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from register import organisation
from register.forms import PRIVACY_LANGUAGES
from register.models import Organisation
from register.privacy_notices import DEFAULT_NOTICES, notice_html
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/register/organisation/"
VALID = {
    "name": "Nacka kommun",
    "sms_sender": "NackaKommun",
    "contact_phone": "08-46 50 04 10",
    "contact_email": "kundenkat@nacka.example",
}


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("sender", ["NackaKommun", "Nacka 2026", "N", ""])
def test_an_alphanumeric_sender_of_at_most_11_characters_is_accepted(sender):
    Organisation(name="Nacka kommun", sms_sender=sender).full_clean()


@pytest.mark.parametrize(
    ("sender", "code"),
    [
        ("Nacka kommun", "max_length"),  # 12 characters
        ("Växjö", "invalid"),  # operators show å, ä, ö as something else, or refuse the sender
        ("0701234567", "invalid"),  # digits only: a phone would take it for a number
        ("Nacka-Kom", "invalid"),
        (" Nacka", "invalid"),
    ],
)
def test_a_sender_name_operators_would_refuse_is_rejected_on_the_model(sender, code):
    with pytest.raises(ValidationError) as error:
        Organisation(name="Nacka kommun", sms_sender=sender).full_clean()
    assert [e.code for e in error.value.error_dict["sms_sender"]] == [code]


def test_the_profile_is_a_single_row():
    Organisation(name="Nacka kommun").save()
    Organisation(name="Värmdö kommun").save()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Värmdö kommun"]


def test_only_the_quality_developer_reaches_the_organisation_page(actors):
    assert Client().get(URL).status_code == 302
    for user in (actors.member_a, actors.outsider):
        assert logged_in(user).get(URL).status_code == 403
    assert logged_in(actors.quality_developer).get(URL).status_code == 200


def test_the_page_is_linked_from_the_quality_developers_menu(actors):
    html = logged_in(actors.quality_developer).get("/").content.decode()
    assert f'href="{URL}"' in html


def _form_data(**changes) -> dict:
    data = {**VALID, **{Organisation.privacy_field(code): DEFAULT_NOTICES[code] for code in PRIVACY_LANGUAGES}}
    data.update(changes)
    return data


def test_the_quality_developer_saves_the_profile_and_the_survey_pages_read_it_at_once(actors):
    client = logged_in(actors.quality_developer)
    assert organisation.profile().name == ""  # read (and cached) before the change
    response = client.post(URL, _form_data())
    assert response.status_code == 302
    saved = Organisation.load()
    assert (saved.name, saved.sms_sender, saved.contact_phone) == ("Nacka kommun", "NackaKommun", "08-46 50 04 10")
    assert organisation.profile().name == "Nacka kommun"
    assert organisation.sms_sender() == "NackaKommun"


def test_a_notice_left_as_shipped_is_stored_empty_and_follows_the_product_and_a_changed_one_is_kept(actors):
    client = logged_in(actors.quality_developer)
    own = "# Vem ansvarar?\nNacka kommun, socialnämnden."
    client.post(URL, _form_data(privacy_notice_sv=own))
    saved = Organisation.load()
    assert saved.privacy_notice_sv == own
    assert saved.privacy_notice_en == "" and saved.privacy_notice_ar == ""
    assert organisation.privacy_notice("sv") == own
    assert organisation.privacy_notice("en").startswith("# Who is responsible for your data?\nNacka kommun is")


def test_the_form_shows_the_shipped_notice_to_start_from(actors):
    html = logged_in(actors.quality_developer).get(URL).content.decode()
    assert "Vem ansvarar för dina uppgifter?" in html
    assert 'lang="ar" dir="rtl"' in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_phone": "", "contact_email": ""}, None),
        ({"sms_sender": "Nacka kommun"}, "sms_sender"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_profile_is_refused_with_the_reason_and_nothing_is_saved(actors, changes, field):
    response = logged_in(actors.quality_developer).post(URL, _form_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field or "__all__"]
    assert not Organisation.objects.exists()


def test_the_survey_pages_read_the_profile_from_the_cache_without_a_query(django_assert_num_queries):
    Organisation(**VALID).save()
    organisation.profile()
    with django_assert_num_queries(0):
        assert organisation.profile().name == "Nacka kommun"
    organisation._local = None  # another process: the shared cache still answers
    with django_assert_num_queries(0):
        assert organisation.profile().name == "Nacka kommun"


def test_saving_the_profile_clears_the_cache():
    Organisation(**VALID).save()
    assert organisation.profile().name == "Nacka kommun"
    profile = Organisation.load()
    profile.name = "Värmdö kommun"
    profile.save()
    assert organisation.profile().name == "Värmdö kommun"


@pytest.mark.parametrize("language", PRIVACY_LANGUAGES)
def test_every_language_ships_a_notice_with_the_five_parts_and_the_municipalitys_name(language):
    text = DEFAULT_NOTICES[language]
    headings = [line for line in text.splitlines() if line.startswith("# ")]
    assert len(headings) == 5  # responsible, why, what and how long, rights, contact
    assert text.count("{municipality}") >= 2 and "{retention_days}" in text
    assert "IMY" in text  # where to complain
    others = {code: notice for code, notice in DEFAULT_NOTICES.items() if code != language}
    assert text not in others.values()
    Organisation(name="Nacka kommun").save()
    shown = organisation.privacy_notice(language)
    assert "{" not in shown and "Nacka kommun" in shown


def test_the_notice_is_escaped_and_headings_are_marked_up():
    html = notice_html("# Rubrik\nText <script>x</script>\n\nMer")
    assert html == "<h2>Rubrik</h2>\n<p>Text &lt;script&gt;x&lt;/script&gt;</p>\n<p>Mer</p>"
