"""The SMS texts of every language with their encoding and segment count."""

from dataclasses import dataclass

from django.conf import settings

from utskick.gsm import sms_size
from utskick.rendering import render_sms_text

# A realistic worst case: the municipality's domain, a full token and a long provider name.
PREVIEW_DOMAIN = "https://enkat.nacka.se"
PREVIEW_TOKEN = "x" * 32  # token_for_nonce gives 32 characters
PREVIEW_PROVIDER = "Mötesplats Jobb ideell förening"


@dataclass
class PreviewRow:
    language: str
    language_name: str
    kind: str
    text: str
    encoding: str
    units: int
    segments: int


def preview_rows(domain: str = PREVIEW_DOMAIN, provider: str = PREVIEW_PROVIDER) -> list[PreviewRow]:
    link = f"{domain}/s/{PREVIEW_TOKEN}/"
    rows = []
    for code, name in settings.LANGUAGES:
        for step, kind in ((0, "invitation"), (1, "reminder")):
            text = render_sms_text(code, step, provider, link)
            size = sms_size(text)
            rows.append(PreviewRow(code, name, kind, text, size.encoding, size.units, size.segments))
    return rows
