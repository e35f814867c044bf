"""The library against a recomputation written straight from docs/definitions.md in plain loops.

Nothing from analys.core is used to compute the expected figures.
"""

import math
import random

import pandas as pd
import pytest

from tests.analys.core_as_dict import analyse

QUESTIONS = [
    ("q1", "NKI"),
    ("q2", "NKI"),
    ("q3", "NKI"),
    ("q4", "Mål"),
    ("q5", "Mål"),
    ("q6", "Mål"),
    ("q7", "Arbetsplats"),
    ("q8", "Arbetsplats"),
    ("q9", "Utveckling"),
    ("q10", "Utveckling"),
    ("q11", "Utveckling"),
]
DIMS = {
    "gender": ["kvinna", "man", None],
    "age_group": ["18-24", "25-39", "40-59", "60+"],
    "programme": ["Jobbpeng grund", "Förstärkt jobbpeng", "SAI"],
    "provider": [f"Anordnare {i}" for i in range(12)] + [None],
    "status": ["pågående", "avslutad"],
    "language": ["sv", "en", "ar", "prs"],
}
N = 5000
UNKNOWN = "okänd"


def synthetic_rows(seed: int = 2023) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(N):
        row = {dim: rnd.choice(values) for dim, values in DIMS.items()}
        tendency = rnd.gauss(0, 1)
        for code, area in QUESTIONS:
            if rnd.random() < (0.35 if area == "Arbetsplats" else 0.08):
                row[code] = None
            else:
                row[code] = min(5, max(1, round(3.6 + tendency + rnd.gauss(0, 0.9))))
        rows.append(row)
    return rows


def area_score(row: dict, codes: list[str]) -> float | None:
    answered = [row[c] for c in codes if row[c] is not None]
    if len(answered) * 2 < len(codes):
        return None
    return sum(answered) / len(answered)


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def expected_figures(rows: list[dict]) -> dict:
    areas: dict[str, list[str]] = {}
    for code, area in QUESTIONS:
        areas.setdefault(area, []).append(code)
    out = {"questions": {}, "areas": {}, "effects": {}, "groups": {}}
    for code, _ in QUESTIONS:
        out["questions"][code] = mean([r[code] for r in rows if r[code] is not None])
    for area, codes in areas.items():
        scores = [area_score(r, codes) for r in rows]
        out["areas"][area] = mean([s for s in scores if s is not None])
    nki = areas["NKI"]
    for code, area in QUESTIONS:
        basis = [c for c in nki if c != code]
        xs, ys = [], []
        for r in rows:
            score = area_score(r, basis)
            if r[code] is not None and score is not None:
                xs.append(r[code])
                ys.append(score)
        out["effects"][code] = pearson(xs, ys)

    def key(row: dict, dims: tuple[str, ...]) -> str:
        return "*".join(row[d] if row[d] is not None else UNKNOWN for d in dims)

    for name in [*DIMS, "programme*gender"]:
        dims = tuple(name.split("*"))
        members: dict[str, list[dict]] = {}
        for r in rows:
            members.setdefault(key(r, dims), []).append(r)
        table = {}
        for value, group in members.items():
            figures = {}
            for code, _ in QUESTIONS:
                figures[code] = mean([r[code] for r in group if r[code] is not None])
            for area, codes in areas.items():
                scores = [area_score(r, codes) for r in group]
                figures[area] = mean([s for s in scores if s is not None])
            table[value] = (len(group), figures)
        out["groups"][name] = table
    return out


@pytest.fixture(scope="module")
def both():
    rows = synthetic_rows()
    frame = pd.DataFrame(rows)
    result = analyse(
        frame,
        QUESTIONS,
        dims=[*DIMS, "programme*gender"],
        bootstrap=0,
    )
    return result, expected_figures(rows)


def test_question_means_agree(both):
    result, expected = both
    for q in result["questions"]:
        assert q["mean"] == pytest.approx(expected["questions"][q["code"]], abs=1e-9)


def test_area_indices_agree(both):
    result, expected = both
    assert set(result["areas"]) == set(expected["areas"])
    for area, figure in result["areas"].items():
        assert figure["mean"] == pytest.approx(expected["areas"][area], abs=1e-9)


def test_correlation_effects_agree(both):
    result, expected = both
    for q in result["questions"]:
        assert q["effect"] == pytest.approx(expected["effects"][q["code"]], abs=1e-9)


def test_group_means_agree(both):
    result, expected = both
    assert set(result["groups"]) == set(expected["groups"])
    for name, table in expected["groups"].items():
        shown = {g["value"]: g for g in result["groups"][name]}
        assert set(shown) == set(table)
        for value, (size, figures) in table.items():
            group = shown[value]
            assert group["n"] == size
            for code, _ in QUESTIONS:
                assert group["questions"][code]["mean"] == pytest.approx(figures[code], abs=1e-9)
            for area, figure in group["areas"].items():
                assert figure["mean"] == pytest.approx(figures[area], abs=1e-9)
