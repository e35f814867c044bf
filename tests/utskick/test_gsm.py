import pytest

from utskick.gsm import GSM7, UCS2, clean_sms_text, encoding_of, sms_size
from utskick.preview import preview_rows
from utskick.rendering import render_sms_text

SITE_URL = "https://enkat.nacka.se"
LINK = SITE_URL + "/s/" + "A" * 32 + "/"
PREVIEW_PROVIDER = "Mötesplats Jobb ideell förening"


def test_plain_swedish_letters_are_gsm7():
    assert encoding_of("Hej Åsa, är allt väl i Örebro? É ü") == GSM7


def test_a_single_emoji_or_arabic_letter_means_ucs2():
    assert encoding_of("Hej 🙂") == UCS2
    assert encoding_of("Hej ع") == UCS2


def test_160_gsm7_characters_are_one_segment_and_161_are_two():
    assert sms_size("a" * 160).segments == 1
    assert sms_size("a" * 161).segments == 2
    assert sms_size("a" * 306).segments == 2
    assert sms_size("a" * 307).segments == 3


def test_extension_characters_count_twice():
    size = sms_size("€" * 80)
    assert (size.encoding, size.units, size.segments) == (GSM7, 160, 1)
    assert sms_size("€" * 81).segments == 2


def test_an_escape_pair_is_never_split_between_segments():
    # 152 plain septets and a euro sign: the pair does not fit in the first 153.
    assert sms_size("a" * 152 + "€" + "a" * 152).segments == 3


def test_ucs2_segments_are_70_then_67():
    assert sms_size("ж" * 70).segments == 1
    assert sms_size("ж" * 71).segments == 2
    assert sms_size("ж" * 134).segments == 2
    assert sms_size("ж" * 135).segments == 3


def test_an_emoji_counts_as_two_ucs2_units():
    assert sms_size("🙂" * 35).units == 70


@pytest.mark.parametrize("stray", ["\u00a0", "\u202f", "\u2019", "\u201d", "\u2013", "\u2026", "\u200b"])
def test_cleaning_turns_stray_characters_into_gsm7(stray):
    assert encoding_of("Hej" + stray + "du") == UCS2
    assert encoding_of(clean_sms_text("Hej" + stray + "du")) == GSM7


@pytest.mark.parametrize("step", [0, 1])
def test_the_swedish_sms_fits_one_gsm7_segment_with_a_real_domain_and_full_token(step):
    text = render_sms_text("sv", step, PREVIEW_PROVIDER, LINK)
    size = sms_size(text)
    assert LINK in text and PREVIEW_PROVIDER in text
    assert (size.encoding, size.segments) == (GSM7, 1), (text, size)


@pytest.mark.parametrize("step", [0, 1])
def test_a_provider_name_with_a_no_break_space_and_curly_quote_keeps_swedish_gsm7(step):
    from enkat.models import Invitation
    from utskick.rendering import render_sms

    invitation = Invitation(provider_name="Kompassen\u00a0Utveckling\u2019s AB", language="sv", token_nonce="abc")
    text = render_sms(invitation, step)
    assert encoding_of(text) == GSM7
    assert "Kompassen Utveckling's AB" in text


@pytest.mark.django_db
def test_every_language_has_its_own_sms_texts():
    rows = preview_rows(SITE_URL, [PREVIEW_PROVIDER])
    english = {row.kind: row.text for row in rows if row.language == "en"}
    languages = {row.language for row in rows}
    assert languages == {"sv", "en", "ar", "fa-af", "so", "ti", "uk"}
    for row in rows:
        assert LINK.replace("A" * 32, "x" * 32) in row.text
        if row.language != "en":
            assert row.text != english[row.kind], f"{row.language} {row.kind} is not translated"


@pytest.mark.django_db
def test_every_sms_names_the_provider_and_says_how_to_stop_further_texts():
    rows = preview_rows(SITE_URL, [PREVIEW_PROVIDER])
    for row in rows:
        assert PREVIEW_PROVIDER in row.text, f"{row.language} {row.kind} does not name the provider"
    stop = {"sv": "Inga fler sms? Stoppa dem i länken.", "en": "No more texts? Stop them in the link."}
    for row in rows:
        if row.language in stop:
            assert row.text.endswith(stop[row.language])


@pytest.mark.django_db
def test_the_preview_reports_encoding_and_segments_for_each_language():
    rows = {(row.language, row.kind): row for row in preview_rows(SITE_URL, [PREVIEW_PROVIDER])}
    assert rows["sv", "invitation"].encoding == GSM7
    assert rows["uk", "invitation"].encoding == UCS2
    assert rows["uk", "invitation"].segments >= 2


def test_cleaning_keeps_the_zero_width_non_joiner_in_a_dari_text():
    dari = "نمی\u200cخواهید"
    assert clean_sms_text(dari) == dari


def test_the_size_counts_every_character_as_the_standard_does():
    from hypothesis import given
    from hypothesis import strategies as st

    from utskick.gsm import GSM7_BASIC, GSM7_EXTENSION

    alphabet = st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION) + ["ع", "ж", "🙂", "\u00a0"])

    @given(st.text(alphabet, max_size=400))
    def check(text):
        gsm = all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)
        if gsm:
            units = [2 if char in GSM7_EXTENSION else 1 for char in text]
        else:
            units = [2 if ord(char) > 0xFFFF else 1 for char in text]
        size = sms_size(text)
        assert size.encoding == (GSM7 if gsm else UCS2)
        assert size.units == sum(units)

    check()
