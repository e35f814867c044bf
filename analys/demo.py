"""Demo for the analysis: an imported 2022 survey for the trend page, and a check of the 2023 page.

enkat.demo creates the closed 2023 survey with its answers; nothing more is needed
for its analysis page, so this only checks that the page will have figures. The
imported 2022 history (no invitation file: the sample is unknown) gives the trend
page two years. Deterministic and idempotent: an existing survey is left alone.
"""

from __future__ import annotations

import random
from typing import TextIO

from django.db import transaction

from analys.importing import FILE_COLUMNS, import_responses
from analys.loading import NKI_AREA, AnalysisOptions, run_analysis
from analys.standard import DONT_KNOW_CODES, STANDARD_CODES
from common.tabular import Table
from enkat.models import Response, Survey
from register.models import ProgrammeType, Provider

CLOSED_SLUG = "kundenkat-2023"
HISTORY_SLUG = "kundenkat-2022"
HISTORY_RESPONSES = 64
# The vendor's 2022 means were a little lower than 2023's.
HISTORY_MEANS = {"q1": 4.0, "q2": 4.0, "q3": 3.6, "q4": 4.1, "q5": 4.2, "q6": 3.9, "q7": 4.2, "q8": 4.3}
HISTORY_MEANS.update({"q9": 3.7, "q10": 3.8, "q11": 3.9})


def _history_table() -> Table:
    rng = random.Random(2022)
    providers = list(Provider.objects.order_by("name").values_list("name", flat=True)) or ["Arbetsbron AB"]
    programmes = list(ProgrammeType.objects.order_by("name").values_list("name", flat=True)) or ["Jobbpeng grund"]
    ages = ["18-24", "25-39", "25-39", "40-59", "40-59", "60+"]
    table = Table(headers=[*FILE_COLUMNS, *STANDARD_CODES])
    for index in range(HISTORY_RESPONSES):
        person = rng.gauss(0, 0.5)
        row = {
            "kon": "kvinna" if rng.random() < 0.5 else "man",
            "aldersgrupp": rng.choice(ages),
            "insatstyp": rng.choice(programmes[:3]),
            "anordnare": rng.choice(providers[:8]),
            "status": "avslutad" if rng.random() < 0.65 else "pagaende",
            "sprak": "sv" if rng.random() < 0.85 else rng.choice(["en", "ar"]),
            "kommentar": "",
        }
        for code in STANDARD_CODES:
            if code in DONT_KNOW_CODES and rng.random() < 0.25:
                row[code] = "vet ej"
            elif rng.random() < 0.04:
                row[code] = ""
            else:
                row[code] = str(min(5, max(1, round(HISTORY_MEANS[code] + person + rng.gauss(0, 0.7)))))
        table.rows.append((index + 2, row))
    return table


@transaction.atomic
def seed(stdout: TextIO) -> None:
    if not Survey.objects.filter(slug=HISTORY_SLUG).exists():
        imported = import_responses(HISTORY_SLUG, _history_table(), actor="seed_demo", create=True)
        if not imported.ok:
            raise RuntimeError("analys demo import failed: " + "; ".join(str(e) for e in imported.errors))
        stdout.write(f"analys: imported {imported.imported} answers as {HISTORY_SLUG} (sample unknown)\n")
    survey = Survey.objects.filter(slug=CLOSED_SLUG).first()
    if survey is None:
        stdout.write(f"analys: no survey {CLOSED_SLUG}; run enkat's demo first\n")
        return
    if not Response.objects.filter(survey=survey).exists():
        raise RuntimeError(f"analys demo: {CLOSED_SLUG} has no answers, so its analysis page would be empty")
    result = run_analysis(survey, AnalysisOptions(bootstrap=0), use_cache=False)
    plotted = sum(1 for q in result.questions if q.plotted)
    nki_figure = result.areas.get(NKI_AREA)
    nki = nki_figure.mean if nki_figure is not None else None
    if nki is None or plotted == 0:
        raise RuntimeError(f"analys demo: {CLOSED_SLUG} has no NKI or no point in the matrix")
    stdout.write(
        f"analys: {survey.name}: {result.n_responses} answers, NKI {nki:.1f}, {plotted} points in the matrix\n"
    )
