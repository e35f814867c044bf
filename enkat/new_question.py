"""A new question in the bank: a new meaning gets a new code.

Correcting the wording of an existing question or its translations is a new text version
under the same code (enkat.question_texts); a change of the Swedish original's meaning is a
new question, made here, with its Swedish text as version 1. Translations are added in the
question editor afterwards.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enkat.models import Area, AreaText, Question, QuestionText

# Path segments of the question pages that a code must not shadow (/enkat/fragor/ny/).
RESERVED_CODES = frozenset({"ny"})


class AreaChoiceField(forms.ModelChoiceField):
    """Areas by their Swedish name, never by code."""

    names: dict[int, str] = {}  # filled per form (NewQuestionForm.__init__), never at import

    def __init__(self, **kwargs):
        super().__init__(queryset=Area.objects.order_by("position", "code"), **kwargs)

    def label_from_instance(self, obj: Area) -> str:
        return self.names.get(obj.pk) or obj.code


class NewQuestionForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short and stable, e.g. q12. It stands for the question's meaning in every year's figures."),
    )
    area = AreaChoiceField(label=_("Area"), empty_label=None)
    text_sv = forms.CharField(
        label=_("Swedish original"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
    )
    allows_dont_know = forms.BooleanField(label=_("Offers “don't know / not applicable”"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].names = dict(AreaText.objects.filter(language="sv").values_list("area_id", "name"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if code in RESERVED_CODES:
            raise forms.ValidationError(_("“%(code)s” cannot be used as a code.") % {"code": code})
        if Question.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(
                _("The code “%(code)s” is taken: a code keeps its meaning for ever, so choose a new one.")
                % {"code": code}
            )
        return code

    def clean_text_sv(self) -> str:
        return " ".join(self.cleaned_data["text_sv"].split())


@transaction.atomic
def create_question(code: str, area: Area, text_sv: str, *, allows_dont_know: bool = False) -> Question:
    """A new question with its Swedish original as text version 1."""
    question = Question.objects.create(code=code, area=area, allows_dont_know=allows_dont_know, current_version=1)
    QuestionText.objects.create(question=question, version=1, language="sv", text=text_sv)
    return question
