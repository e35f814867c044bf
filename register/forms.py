from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import login_devices, throttle
from register.models import Organisation
from register.privacy_notices import default_notice


class ThrottleMixin:
    """Every login form, the admin's included, goes through the same throttle (common.throttle)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts. Wait a few minutes and try again."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        if throttle.is_throttled(username, address, login_devices.is_known_device(self.request, username)):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username)
        login_devices.remember(self.request, username)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    error_messages = {**ThrottleMixin.error_messages, **AdminAuthenticationForm.error_messages}


def _limit_text() -> str:
    return gettext("At most %(limit)s MB.") % {"limit": settings.UPLOAD_MAX_MB}


_upload_limit_text = lazy(_limit_text, str)


class UploadField(forms.FileField):
    """A file field with the size limit (UPLOAD_MAX_MB), said in its help text."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.help_text = _upload_limit_text()

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and value.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."), code="too_large", params={"limit": settings.UPLOAD_MAX_MB}
            )


class RegisterUploadForm(forms.Form):
    file = UploadField(label=_("Register file (.xlsx or .csv)"))
    create_providers = forms.BooleanField(label=_("Create unknown providers"), required=False)


PRIVACY_LANGUAGES = ("sv", "en", "ar", "fa-af", "so", "ti", "uk")


class OrganisationForm(forms.ModelForm):
    """The organisation profile. A privacy notice left as shipped is stored empty, so it follows the product's text."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sms_sender",
            "contact_phone",
            "contact_email",
            *(Organisation.privacy_field(code) for code in PRIVACY_LANGUAGES),
        ]
        widgets = {Organisation.privacy_field(code): forms.Textarea(attrs={"rows": 14}) for code in PRIVACY_LANGUAGES}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in PRIVACY_LANGUAGES:
            name = Organisation.privacy_field(code)
            field = self.fields[name]
            field.widget.attrs.update({"lang": code, "dir": "rtl" if code in settings.RTL_LANGUAGES else "ltr"})
            if not getattr(self.instance, name):
                self.initial[name] = default_notice(code)
        self.fields["name"].required = True

    def clean(self) -> dict:
        cleaned = super().clean()
        if not (cleaned.get("contact_phone") or cleaned.get("contact_email")):
            raise forms.ValidationError(
                _("Give a phone number or an e-mail address, so that customers can reach the municipality."),
                code="no_contact",
            )
        for code in PRIVACY_LANGUAGES:
            name = Organisation.privacy_field(code)
            text = (cleaned.get(name) or "").strip()
            if not text or text.replace("\r\n", "\n") == default_notice(code).strip():
                cleaned[name] = ""
        return cleaned
