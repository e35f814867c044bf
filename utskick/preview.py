"""The SMS texts of every language as they will be sent, with their encoding, segment count and room left.

Computed with the real values: the SITE_URL links are built on, a full-length token, the
providers' names as the SMS gives them (utskick.rendering.sms_provider_name) and the
sender name. For each language and message the longest text is shown, with the provider
that makes it so, and a warning when it is near or over the end of a segment.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from enkat.models import Invitation, Survey
from register.models import Provider, validate_sms_sender, validate_sms_sender_length
from register.organisation import profile
from utskick.gsm import GSM7, MULTI_GSM7, MULTI_UCS2, SINGLE_GSM7, SINGLE_UCS2, sms_size
from utskick.rendering import SMS_PROVIDER_MAX, render_sms_text, sms_provider_name

TOKEN_LENGTH = 32  # enkat.tokens.token_for_nonce
EXAMPLE_PROVIDER = "Arbetsmarknadsutveckling Nordost Ekonomisk"[:SMS_PROVIDER_MAX]  # when the register has none
WARN_ROOM = 10  # characters left in the segment below which the preview warns


@dataclass
class PreviewRow:
    language: str
    language_name: str
    kind: str
    text: str
    encoding: str
    units: int
    segments: int
    provider: str  # the provider whose name gives the longest text
    room: int  # units left before the text costs one more segment
    over: bool  # more segments than the same text with the shortest provider name


@dataclass
class Preview:
    site_url: str
    sender: str
    sender_error: str
    providers: list[str]
    example_provider: bool  # no provider names yet: a 40-character example stands in
    shortened: list[tuple[str, str]]  # (name, as the SMS gives it)
    site_url_limit: int = 0  # the longest SITE_URL with which the Swedish invitation fits one segment
    rows: list[PreviewRow] = field(default_factory=list)

    @property
    def warnings(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.over or row.room < WARN_ROOM]

    @property
    def swedish_invitation(self) -> PreviewRow | None:
        return next((r for r in self.rows if r.language == "sv" and r.kind == "invitation"), None)


def provider_names() -> list[str]:
    """Every name an SMS may carry: active providers and those in the invitations of surveys not closed."""
    names = set(Provider.objects.filter(active=True).values_list("name", flat=True))
    names.update(
        Invitation.objects.exclude(survey__state=Survey.State.CLOSED)
        .exclude(provider_name="")
        .values_list("provider_name", flat=True)
        .distinct()
    )
    return sorted(names)


def _room(units: int, segments: int, encoding: str) -> int:
    single, multi = (SINGLE_GSM7, MULTI_GSM7) if encoding == GSM7 else (SINGLE_UCS2, MULTI_UCS2)
    return single - units if segments <= 1 else multi * segments - units


def link_for(site_url: str) -> str:
    return f"{site_url}/s/{'x' * TOKEN_LENGTH}/"


def build_preview(site_url: str | None = None, providers: list[str] | None = None) -> Preview:
    site_url = (settings.SITE_URL if site_url is None else site_url).rstrip("/")
    names = provider_names() if providers is None else providers
    example = not names
    if example:
        names = [EXAMPLE_PROVIDER]
    organisation = profile()
    sender = organisation.sms_sender or settings.SMS_SENDER
    try:
        validate_sms_sender_length(sender)
        validate_sms_sender(sender)
        sender_error = ""
    except ValidationError as error:
        sender_error = " ".join(error.messages)
    preview = Preview(
        site_url=site_url,
        sender=sender,
        sender_error=sender_error,
        providers=names,
        example_provider=example,
        shortened=[(name, sms_provider_name(name)) for name in names if sms_provider_name(name) != name.strip()],
        site_url_limit=longest_site_url(),
    )
    link = link_for(site_url)
    # Only distinct names as sent matter; the shortest gives the baseline a longer name must not exceed.
    sent_names = sorted({sms_provider_name(name): name for name in names}.items(), key=lambda item: len(item[0]))
    for code, language_name in settings.LANGUAGES:
        for step, kind in ((0, "invitation"), (1, "reminder")):
            sized = []
            for sent, original in sent_names:
                text = render_sms_text(code, step, original, link)
                sized.append((sms_size(text), text, sent))
            baseline = min(size.segments for size, _, _ in sized)
            size, text, sent = max(sized, key=lambda item: (item[0].segments, item[0].units))
            preview.rows.append(
                PreviewRow(
                    language=code,
                    language_name=language_name,
                    kind=kind,
                    text=text,
                    encoding=size.encoding,
                    units=size.units,
                    segments=size.segments,
                    provider=sent,
                    room=_room(size.units, size.segments, size.encoding),
                    # A GSM-7 text should fit one segment; a UCS-2 one should cost no more for a long name.
                    over=size.segments > (1 if size.encoding == GSM7 else baseline),
                )
            )
    return preview


def preview_rows(site_url: str | None = None, providers: list[str] | None = None) -> list[PreviewRow]:
    return build_preview(site_url, providers).rows


def longest_site_url(language: str = "sv", step: int = 0) -> int:
    """The longest SITE_URL with which the text still fits one segment for any provider name up to the limit."""
    for length in range(120, 0, -1):
        text = render_sms_text(language, step, "x" * SMS_PROVIDER_MAX, link_for("h" * length))
        if sms_size(text).segments == 1:
            return length
    return 0
