"""Hand-built registers for the statistics tests."""

from datetime import date

from register.models import Insats, ProgrammeType, Provider


def insats(
    customer: str,
    provider: Provider,
    start: str,
    end: str | None = None,
    reason: str = "",
    *,
    programme: str = "jobbpeng-grund",
    gender: str = "kvinna",
    birth_year: int | None = 1990,
    extensions: int = 0,
    planned: str | None = None,
) -> Insats:
    return Insats.objects.create(
        customer_id=customer,
        programme_type=ProgrammeType.objects.get(code=programme),
        provider=provider,
        start_date=date.fromisoformat(start),
        end_date=date.fromisoformat(end) if end else None,
        exit_reason=reason,
        gender=gender,
        birth_year=birth_year,
        extensions=extensions,
        planned_end_date=date.fromisoformat(planned) if planned else None,
    )
