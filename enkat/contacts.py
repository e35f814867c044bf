"""Import contact details (kund_id, mobil, epost, sprak) onto a survey's invitations.

Everything is checked first and every error is reported by row and column; nothing
is written unless every row is good. kund_ids that are not in the sample are listed
and skipped, not errors: a contact list often covers more people than the sample.
"""

import re
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.table_reader import Columns
from common.tabular import RowError, Table
from enkat.models import Invitation, Survey

COLUMNS = ["kund_id", "mobil", "epost", "sprak"]
READ_COLUMNS = Columns(
    limits={
        "kund_id": Invitation._meta.get_field("customer_id").max_length,
        "mobil": 32,  # as written, with spaces and dashes; stored in E.164 (at most 16)
        "epost": Invitation._meta.get_field("email").max_length,
        "sprak": Invitation._meta.get_field("language").max_length,
    }
)
_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidPhone(ValueError):
    pass


def normalise_mobile(raw: str) -> str:
    """A mobile number in E.164. Swedish numbers may come with +46, 0046, 46 or a leading 0, or none."""
    text = _SEPARATORS.sub("", raw)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("46") and len(text) >= 11:
        text = "+" + text  # 46701234567: the country code without its plus
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(_("“%(value)s” is not a phone number.") % {"value": raw}) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_("“%(value)s” is not a valid phone number.") % {"value": raw})
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhone(_("“%(value)s” is not a mobile number, so it cannot get text messages.") % {"value": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class ContactRow:
    row: int
    customer_id: str
    mobile: str
    email: str
    language: str


@dataclass
class ContactsResult:
    errors: list[RowError] = field(default_factory=list)
    not_in_sample: list[str] = field(default_factory=list)
    rows: list[ContactRow] = field(default_factory=list)
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_contacts(table: Table, survey: Survey) -> ContactsResult:
    result = ContactsResult()
    if survey.state == Survey.State.CLOSED or timezone.now() >= survey.closes_at:
        # Its contact details are erased after the close: new ones would outlive the purge's promise.
        result.errors.append(RowError(0, "", _("The survey is closed: contact details can no longer be imported.")))
        return result
    missing = table.missing_columns(COLUMNS)
    if missing:
        for column in missing:
            result.errors.append(RowError(1, column, _("The column is missing.")))
        return result
    sample = set(survey.invitations.values_list("customer_id", flat=True))
    seen: dict[str, int] = {}
    for number, raw in table.rows:
        errors: list[RowError] = []
        customer_id = raw.get("kund_id", "").strip()
        if not customer_id:
            errors.append(RowError(number, "kund_id", _("A customer id is required.")))
        elif customer_id in seen:
            errors.append(
                RowError(number, "kund_id", _("The same customer is also on row %(row)s.") % {"row": seen[customer_id]})
            )
        mobile = ""
        if raw.get("mobil", "").strip():
            try:
                mobile = normalise_mobile(raw["mobil"])
            except InvalidPhone as exc:
                errors.append(RowError(number, "mobil", str(exc)))
        email = raw.get("epost", "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(RowError(number, "epost", _("“%(value)s” is not an e-mail address.") % {"value": email}))
        language = raw.get("sprak", "").strip().lower().replace("_", "-") or "sv"
        if language not in survey.languages:
            errors.append(
                RowError(
                    number,
                    "sprak",
                    _("“%(value)s” is not one of the survey's languages: %(codes)s.")
                    % {"value": raw.get("sprak", ""), "codes": ", ".join(survey.languages)},
                )
            )
        if customer_id:
            seen.setdefault(customer_id, number)
        if errors:
            result.errors.extend(errors)
            continue
        if customer_id not in sample:
            result.not_in_sample.append(customer_id)
            continue
        result.rows.append(ContactRow(number, customer_id, mobile, email, language))
    return result


def import_contacts(table: Table, survey: Survey, *, dry_run: bool = False) -> ContactsResult:
    """Validate the whole table; write nothing unless every row is good."""
    result = parse_contacts(table, survey)
    if result.errors:
        return result
    with transaction.atomic():
        invitations = {
            i.customer_id: i
            for i in Invitation.objects.select_for_update().filter(
                survey=survey, customer_id__in=[r.customer_id for r in result.rows]
            )
        }
        for row in result.rows:
            invitation = invitations[row.customer_id]
            changed = {
                "mobile": row.mobile,
                "email": row.email,
                "language": row.language,
            }
            # A new number or address gets a fresh chance to be delivered.
            if invitation.mobile != row.mobile:
                changed["mobile_undeliverable"] = False
            if invitation.email != row.email:
                changed["email_undeliverable"] = False
            if any(getattr(invitation, k) != v for k, v in changed.items()):
                Invitation.objects.filter(pk=invitation.pk).update(**changed)
                result.updated += 1
        if dry_run:
            transaction.set_rollback(True)
    return result
