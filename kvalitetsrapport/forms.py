"""Forms: one per wizard step, built from the step's fields; and the quality developer's forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kvalitetsrapport.models import FocusQuestion, ReportContact
from kvalitetsrapport.steps import STEP_SLUGS, STEP_TITLES, FieldSpec, StepSpec, is_blank
from register.models import Provider

YES_NO_CHOICES = (("yes", _("Yes")), ("no", _("No")))
MAX_TEXT = 5000
MAX_PLAN_ROWS = 30


class DateInput(forms.DateInput):
    """A plain text field for YYYY-MM-DD: typed the same way on every device, checked on the server."""

    def __init__(self, attrs=None):
        attrs = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("YYYY-MM-DD"),
            "size": 12,
            **(attrs or {}),
        }
        super().__init__(attrs, format="%Y-%m-%d")


def field_name(spec_name: str) -> str:
    """Form field names carry no dots: 'sai.success_factors' -> 'sai__success_factors'."""
    return spec_name.replace(".", "__")


def form_field(spec: FieldSpec) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": False, "help_text": spec.help}
    if spec.kind == "yesno":
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    if spec.kind == "choice":
        return forms.ChoiceField(choices=spec.choices, widget=forms.RadioSelect, **common)
    if spec.kind == "date":
        return forms.DateField(
            widget=DateInput,
            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
            **common,
        )
    if spec.kind == "int":
        return forms.IntegerField(
            min_value=spec.min_value,
            max_value=spec.max_value,
            error_messages={"invalid": _("Enter a whole number.")},
            **common,
        )
    if spec.kind == "email":
        return forms.EmailField(max_length=254, **common)
    if spec.kind == "text":
        return forms.CharField(max_length=200, **common)
    return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}), **common)


def to_stored(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "yesno":
        return {"yes": True, "no": False}.get(value)
    if spec.kind == "date":
        return value.isoformat() if value else None
    if spec.kind == "int":
        return value
    if isinstance(value, str):
        return value.strip() or None
    return value


def to_initial(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "yesno":
        return {True: "yes", False: "no"}.get(value)
    if spec.kind == "date" and value:
        return date.fromisoformat(value)
    return value


class StepForm(forms.Form):
    """Base of every step's form: the hidden version the user loaded, and the conversion to stored answers."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    spec: StepSpec
    year: int = 0

    def __init__(self, *args, plan_rows: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan_rows = plan_rows
        for index in range(1, plan_rows + 1):
            self.fields[f"action_{index}_what"] = forms.CharField(
                label=_("What"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"action_{index}_who"] = forms.CharField(label=_("Who"), max_length=200, required=False)
            self.fields[f"action_{index}_by"] = forms.DateField(
                label=_("By when"),
                required=False,
                widget=DateInput,
                error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
            )
            self.fields[f"action_{index}_remove"] = forms.BooleanField(label=_("Remove this row"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        expires = data.get("insurance_expires")
        if expires and self.year and expires < date(self.year, 1, 1):
            self.add_error("insurance_expires", _("The expiry date is before the report year."))
        for index in range(1, self.plan_rows + 1):
            by = data.get(f"action_{index}_by")
            if by and not (2000 <= by.year <= 2100):
                self.add_error(f"action_{index}_by", _("Enter a date between 2000 and 2100."))
            if data.get(f"action_{index}_remove"):
                continue
            filled = [data.get(f"action_{index}_{part}") for part in ("who", "by")]
            if any(filled) and is_blank(data.get(f"action_{index}_what")):
                self.add_error(f"action_{index}_what", _("Say what the action is, or remove the row."))
        return data

    def spec_fields(self):
        for spec in self.spec.fields:
            yield spec, self[field_name(spec.name)]

    def plan_row_fields(self):
        for index in range(1, self.plan_rows + 1):
            yield index, [self[f"action_{index}_{part}"] for part in ("what", "who", "by", "remove")]

    def stored_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for spec in self.spec.fields:
            data[spec.name] = to_stored(spec, self.cleaned_data.get(field_name(spec.name)))
        if self.plan_rows:
            actions = []
            for index in range(1, self.plan_rows + 1):
                if self.cleaned_data.get(f"action_{index}_remove"):
                    continue
                what = (self.cleaned_data.get(f"action_{index}_what") or "").strip()
                if not what:
                    continue
                by = self.cleaned_data.get(f"action_{index}_by")
                actions.append(
                    {
                        "what": what,
                        "who": (self.cleaned_data.get(f"action_{index}_who") or "").strip(),
                        "by": by.isoformat() if by else "",
                    }
                )
            data["actions"] = actions
        return data

    @classmethod
    def initial_from(cls, stored: dict[str, Any], version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": version}
        for spec in cls.spec.fields:
            initial[field_name(spec.name)] = to_initial(spec, stored.get(spec.name))
        for index, action in enumerate(stored.get("actions", []), start=1):
            initial[f"action_{index}_what"] = action.get("what", "")
            initial[f"action_{index}_who"] = action.get("who", "")
            initial[f"action_{index}_by"] = date.fromisoformat(action["by"]) if action.get("by") else None
        return initial


def step_form_class(spec: StepSpec, year: int) -> type[StepForm]:
    attrs: dict[str, Any] = {field_name(s.name): form_field(s) for s in spec.fields}
    attrs.update({"spec": spec, "year": year})
    return type(f"{spec.slug.capitalize()}StepForm", (StepForm,), attrs)


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opening date"), widget=DateInput)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            raise ValidationError(_("The deadline must be on or after the opening date."), code="deadline")
        return data


class RoundProvidersForm(forms.Form):
    providers = forms.ModelMultipleChoiceField(
        label=_("Providers that must report"),
        queryset=Provider.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class FocusQuestionForm(forms.ModelForm):
    class Meta:
        model = FocusQuestion
        fields = ["text", "required"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ReportContact
        fields = ["name", "email"]


class CommentForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=[(s, STEP_TITLES[s]) for s in STEP_SLUGS])
    field = forms.CharField(label=_("Field (optional)"), required=False, max_length=100, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the provider"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
