"""Earlier years' published figures, typed in by hand so the trend reaches back before the product."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from analys.core.result import Figure
from analys.models import PublishedFigure


def published_rows(before_year: int | None) -> list[dict[str, Any]]:
    """Trend rows (oldest first) of the years before `before_year` (all years when None), marked as entered."""
    figures = PublishedFigure.objects.all()
    if before_year is not None:
        figures = figures.filter(year__lt=before_year)
    by_year: dict[int, dict[str, Figure]] = {}
    for figure in figures:
        by_year.setdefault(figure.year, {})[figure.area] = Figure(figure.n, float(figure.mean))
    rows = []
    for year, areas in sorted(by_year.items()):
        rows.append(
            {
                "survey": None,
                "name": str(year),
                "label": str(year),
                "n_responses": max(f.n for f in areas.values()),
                "response_rate": None,
                "areas": areas,
                "entered": True,
            }
        )
    return rows


def enter_figure(figure: PublishedFigure, user: AbstractBaseUser | AnonymousUser) -> PublishedFigure:
    with transaction.atomic():
        figure.entered_by = user if isinstance(user, User) else None
        figure.save()
    return figure
