"""The question editor's form: a question's texts, language by language beside the Swedish original."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enkat.models import Question


class QuestionTextsForm(forms.Form):
    """One field per language; saving writes a new text version (never an edit in place)."""

    correction = forms.BooleanField(
        label=_("The change to the Swedish original only corrects its wording; the meaning is the same."),
        required=False,
    )

    def __init__(
        self,
        question: Question,
        current: dict[str, str],
        *args,
        back_translations: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.question = question
        self.current = current
        self.current_backs = back_translations or {}
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=name,
                required=code == "sv",
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, "dir": "auto"}),
                initial=current.get(code, ""),
            )
            if code != "sv":
                self.fields[f"back_{code}"] = forms.CharField(
                    label=_("Back-translation into Swedish (%(language)s)") % {"language": name},
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
                    initial=self.current_backs.get(code, ""),
                )
        order = [f"text_{code}" for code, _name in settings.LANGUAGES]
        order += [f"back_{code}" for code, _name in settings.LANGUAGES if code != "sv"]
        self.order_fields(order + ["correction"])

    def language_rows(self):
        """(code, name, text field, back-translation field, missing) for each translation, after the original."""
        for code, name in settings.LANGUAGES:
            if code != "sv":
                yield code, name, self[f"text_{code}"], self[f"back_{code}"], not self.current.get(code)

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _name in settings.LANGUAGES}

    def back_translations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"back_{code}", "") for code, _name in settings.LANGUAGES if code != "sv"}

    def clean(self):
        cleaned = super().clean()
        swedish = (cleaned.get("text_sv") or "").strip()
        if swedish and self.current.get("sv") and swedish != self.current["sv"] and not cleaned.get("correction"):
            self.add_error(
                "text_sv",
                forms.ValidationError(
                    _(
                        "A change of the Swedish original's meaning is a new question with a new code. "
                        "If you only correct its wording, say so with the box below."
                    ),
                    code="meaning",
                ),
            )
        for code, _name in settings.LANGUAGES:
            if code == "sv":
                continue
            text = (cleaned.get(f"text_{code}") or "").strip()
            back = (cleaned.get(f"back_{code}") or "").strip()
            changed = text != self.current.get(code, "")
            if text and not back and (changed or not self.current_backs.get(code)):
                self.add_error(
                    f"back_{code}",
                    forms.ValidationError(
                        _("Every translation needs its back-translation into Swedish."), code="back_translation"
                    ),
                )
        return cleaned


class LanguageReviewForm(forms.Form):
    """A language's review by a native speaker: the day and who. An empty date clears the review."""

    reviewed_on = forms.DateField(
        label=_("Reviewed by a native speaker on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reviewed_by = forms.CharField(
        label=_("Reviewed by (name, and organisation if any)"), required=False, max_length=200
    )

    def clean(self):
        cleaned = super().clean()
        on, by = cleaned.get("reviewed_on"), (cleaned.get("reviewed_by") or "").strip()
        if on and not by:
            self.add_error("reviewed_by", _("Say who reviewed the language."))
        if on and on > timezone.localdate():
            self.add_error("reviewed_on", _("A review cannot be dated in the future."))
        return cleaned
