from __future__ import annotations

from itertools import permutations

from django import forms
from django.utils.translation import gettext_lazy as _

from analys.labels import METHOD_LABELS
from analys.loading import DEFAULT_RESAMPLES, NKI_AREA, AnalysisOptions
from analys.models import PublishedFigure
from enkat.models import Area
from register.dimensions import DIMENSION_CODES, DIMENSIONS, dim_label

MAX_WEB_BOOTSTRAP = 2000
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _two_way_choices() -> list[tuple[str, object]]:
    return [("", _("None"))] + [(f"{a}*{b}", dim_label(f"{a}*{b}")) for a, b in permutations(DIMENSION_CODES, 2)]


class AnalysisForm(forms.Form):
    """The analysis options in the browser: a GET form, so a view is a link that can be shared."""

    dims = forms.MultipleChoiceField(
        label=_("Groupings"),
        choices=[(d.code, d.label) for d in DIMENSIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    two_way = forms.ChoiceField(label=_("Two-way grouping"), choices=_two_way_choices, required=False)
    method = forms.ChoiceField(
        label=_("Effect method"), choices=list(METHOD_LABELS.items()), initial="correlation", required=False
    )
    min_n = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_("Empty: the survey's own."),
    )
    satisfaction_split = forms.FloatField(
        label=_("Satisfaction split"),
        min_value=1,
        max_value=5,
        required=False,
        help_text=_("Empty: the mean of the plotted means."),
    )
    effect_split = forms.FloatField(
        label=_("Effect split"),
        min_value=-10,
        max_value=10,
        required=False,
        help_text=_("Empty: the mean of the plotted effects."),
    )
    plot_nki = forms.ChoiceField(label=_("Plot the NKI questions"), choices=YES_NO, initial="yes", required=False)
    weighted = forms.ChoiceField(label=_("Weighted figures too"), choices=YES_NO, initial="no", required=False)
    bootstrap = forms.IntegerField(
        label=_("Bootstrap resamples"),
        min_value=0,
        max_value=MAX_WEB_BOOTSTRAP,
        initial=DEFAULT_RESAMPLES,
        required=False,
    )
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0, required=False)

    def options(self) -> AnalysisOptions:
        """The options of a valid bound form, or the defaults for an unbound one."""
        if not self.is_bound:
            return AnalysisOptions()
        data = self.cleaned_data
        dims = list(data["dims"]) or list(DIMENSION_CODES)
        if data.get("two_way"):
            dims.append(data["two_way"])
        return AnalysisOptions(
            dims=tuple(dims),
            method=data["method"] or "correlation",
            min_n=data["min_n"],
            bootstrap=DEFAULT_RESAMPLES if data["bootstrap"] is None else data["bootstrap"],
            seed=data["seed"] or 0,
            satisfaction_split=data["satisfaction_split"],
            effect_split=data["effect_split"],
            plot_nki_questions=data["plot_nki"] != "no",
            weighted=data["weighted"] == "yes",
        )


def form_for(query: dict) -> AnalysisForm:
    """Bound to the query string when it has any of the form's fields, else unbound with the defaults."""
    fields = set(AnalysisForm.base_fields)
    if any(key in fields for key in query):
        return AnalysisForm(query)
    return AnalysisForm(
        initial={
            "dims": list(DIMENSION_CODES),
            "plot_nki": "yes",
            "weighted": "no",
            "bootstrap": DEFAULT_RESAMPLES,
            "seed": 0,
        }
    )


class PublishedFigureForm(forms.ModelForm):
    """One figure of an earlier year's published report."""

    class Meta:
        model = PublishedFigure
        fields = ["year", "area", "mean", "n", "source"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas = list(Area.objects.values_list("code", flat=True))
        self.fields["area"] = forms.ChoiceField(
            label=_("Area"), choices=[(NKI_AREA, NKI_AREA)] + [(a, a) for a in areas if a != NKI_AREA]
        )
