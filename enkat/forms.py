from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from enkat.models import Question, Survey
from register.forms import UploadField

RESERVED_SLUGS = {"ny"}


class SurveyForm(forms.ModelForm):
    """The survey's settings, its texts per language and its ordered questions, on one page.

    Each question in the bank gets a position field: a number includes it at that
    place, an empty field leaves it out. Times are entered in Europe/Stockholm.
    """

    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Survey
        fields = ["name", "slug", "period_start", "period_end", "opens_at", "closes_at", "languages", "min_n"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "opens_at": _("Swedish time (Europe/Stockholm)."),
            "closes_at": _("Swedish time (Europe/Stockholm)."),
            "min_n": _("Groups with fewer answers than this show “too few answers”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language_names = dict(settings.LANGUAGES)
        texts = {t.language: t for t in self.instance.texts.all()} if self.instance.pk else {}
        for code, name in settings.LANGUAGES:
            text = texts.get(code)
            self.fields[f"intro_{code}"] = forms.CharField(
                label=_("Intro text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                initial=text.intro if text else "",
            )
            self.fields[f"thanks_{code}"] = forms.CharField(
                label=_("Thank-you text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                initial=text.thanks if text else "",
            )
        positions = (
            {sq.question_id: sq.position for sq in self.instance.survey_questions.all()} if self.instance.pk else {}
        )
        self.questions = list(Question.objects.select_related("area").prefetch_related("texts"))
        for question in self.questions:
            self.fields[f"position_{question.code}"] = forms.IntegerField(
                label=question.code,
                required=False,
                min_value=1,
                max_value=999,
                initial=positions.get(question.pk),
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This slug is reserved; choose another."), code="reserved")
        return slug

    def text_fields(self):
        for code, name in settings.LANGUAGES:
            yield code, name, self[f"intro_{code}"], self[f"thanks_{code}"]

    def question_rows(self):
        for question in self.questions:
            swedish = next((t.text for t in question.texts.all() if t.language == "sv"), "")
            yield question, swedish, self[f"position_{question.code}"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", forms.ValidationError(_("The period ends before it starts."), code="period"))
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", forms.ValidationError(_("The survey closes before it opens."), code="times"))
        chosen = {q.code: cleaned.get(f"position_{q.code}") for q in self.questions}
        chosen = {code: pos for code, pos in chosen.items() if pos is not None}
        if not chosen:
            raise forms.ValidationError(_("Choose at least one question: give it a position."), code="no_questions")
        seen: dict[int, str] = {}
        for code, position in chosen.items():
            if position in seen:
                self.add_error(
                    f"position_{code}",
                    forms.ValidationError(
                        _("Position %(position)s is also given to %(other)s."),
                        code="duplicate_position",
                        params={"position": position, "other": seen[position]},
                    ),
                )
            seen[position] = code
        cleaned["question_order"] = [code for code, _ in sorted(chosen.items(), key=lambda item: item[1])]
        return cleaned


class ContactsUploadForm(forms.Form):
    file = UploadField(label=_("Contact file (.xlsx or .csv)"))
