"""Explicit set-ups for the quality report's tests: rounds and reports made through the services."""

from datetime import date

from kvalitetsrapport import services
from kvalitetsrapport.models import QualityReport, ReportRound
from kvalitetsrapport.steps import ROUTINES, structure_of
from register.models import Insats, ProgrammeType, Provider


def insats(provider: Provider, code: str = "sai", customer: str = "K1", start=date(2023, 2, 1), **fields) -> Insats:
    return Insats.objects.create(
        customer_id=customer,
        programme_type=ProgrammeType.objects.get(code=code),
        provider=provider,
        start_date=start,
        **fields,
    )


def open_round(*providers: Provider, year: int = 2023, user=None) -> ReportRound:
    report_round = services.create_round(
        year, date(year + 1, 1, 15), date(year + 1, 3, 31), providers=providers, user=user
    )
    services.open_round(report_round, user=user)
    report_round.refresh_from_db()
    return report_round


def report_of(report_round: ReportRound, provider: Provider) -> QualityReport:
    return QualityReport.objects.select_related("round", "provider").get(round=report_round, provider=provider)


def complete_step_data(report: QualityReport) -> dict[str, dict]:
    """Every required answer, as the wizard would store it."""
    structure = structure_of(report)
    data = {
        "verksamhet": {
            "contact_name": "Anna Svensson",
            "contact_email": "anna@example.se",
            "contact_phone": None,
            "manager": "Bo Ek",
            "coaches": 4,
            "customers_per_coach": 12,
            "languages": "svenska, arabiska",
            "premises": "Entréplan med hiss",
        },
        "a": {
            "insurance_valid": True,
            "insurance_expires": f"{report.round.year + 1}-06-30",
            "continuity_plan": True,
            "risk_assessment": True,
            "risk_analysis_applied": True,
            "fire_safety": True,
            "economic_capacity": "God, se årsredovisningen.",
        },
        "b": {
            **{name: True for name, _label in ROUTINES},
            "deviations": 3,
            "lex_sarah": 0,
            "complaints": 1,
            "lessons": "Tydligare rutin för återkoppling.",
        },
        "c": {
            "staff_competence": "Socionomer och SYV.",
            "working_method": "Individuell coachning.",
            "follow_up_method": "Uppföljning varannan vecka.",
            "accessibility": "Tolk vid behov.",
            "employer_cooperation": "Nätverk med 40 arbetsgivare.",
            "employer_contacts": 40,
        },
        "d": {spec.name: f"Svar om {spec.name}" for spec in structure.fields("d")},
        "fokus": {spec.name: "Vi arbetar med studievägledning." for spec in structure.fields("fokus")},
        "plan": {
            **{spec.name: "done" for spec in structure.fields("plan") if spec.name.endswith(".status")},
            "actions": [{"what": "Utbilda coacher i MI", "who": "Bo Ek", "by": f"{report.round.year + 1}-06-30"}],
        },
    }
    return data


def complete(report: QualityReport, user=None) -> QualityReport:
    for step, data in complete_step_data(report).items():
        current = report.step_answers.filter(step=step).first()
        services.save_step(report, step, data, current.version if current else 0, user=user)
    return report
