"""Demo quality reports: a 2022 round whose plans show in 2023's step 7, and a 2023 round in every state.

Everything is written through the services a user goes through, so each report carries its history.
"""

from __future__ import annotations

from datetime import date
from typing import TextIO

from django.contrib.auth.models import User
from django.db import transaction

from common.roles import QUALITY_DEVELOPER_GROUP
from kvalitetsrapport import services
from kvalitetsrapport.models import QualityReport, ReportRound, ReportStatus
from kvalitetsrapport.steps import ROUTINES, structure_of
from register.models import ProviderMembership

SUCCESS = [
    "Tät kontakt med kunden, minst en träff i veckan, och snabb matchning mot arbetsgivare i närområdet.",
    "Praktik tidigt i insatsen och en coach som följer med kunden till arbetsplatsen de första dagarna.",
    "Språkstöd på arbetsplatsen och studiebesök som gör arbetsmarknaden konkret.",
    "Individuella planer med delmål som kunden själv formulerar och följer upp.",
]
CHALLENGES = [
    "Kunder med lång tid utan arbete behöver mer tid än insatsen ger; ohälsa gör att planer skjuts upp.",
    "Få arbetsgivare inom lager och logistik tar emot praktikanter med begränsad svenska.",
    "Att nå kunder som inte svarar i telefon; flera avbrott beror på flytt.",
    "Brist på utbildningsplatser inom vård och omsorg under hösten.",
]
ANALYSIS = [
    "Andelen till egen försörjning ligger nära snittet. "
    "Kunder som fick praktik inom tre månader gick oftare till arbete.",
    "Vi har fler pågående insatser över tolv månader än andra anordnare och har infört en genomgång var sjätte månad.",
    "Enkätsvaren visar att kunderna är nöjda med stödet men vill ha tydligare mål; det tar vi in i årets plan.",
]
PROGRESSION = [
    "Delmål i den individuella planen följs upp varannan vecka och dokumenteras i vårt verksamhetssystem.",
    "Vi använder en självskattning i fem steg vid start, efter tre månader och vid avslut.",
]
ACTIONS = [
    ("Utbilda alla coacher i motiverande samtal (MI)", "Verksamhetschef"),
    ("Bygga upp ett nätverk med tio nya arbetsgivare inom vård och omsorg", "Arbetsgivarkoordinator"),
    ("Införa uppföljning av kunder som pågått mer än sex månader", "Teamledare"),
    ("Ta fram informationsmaterial på arabiska och dari", "Kommunikatör"),
]
FOCUS_QUESTIONS = [
    ("Hur arbetar ni med studievägledning?", True),
    ("Hur har ni arbetat med kunder som behöver tolk?", False),
]
# 2023: how far each provider (by index in the register's list) has come.
STATES_2023 = {
    0: ReportStatus.DRAFT,  # the demo user arbetsbron continues it
    1: ReportStatus.RETURNED,  # the demo user bryggan fixes it
    2: ReportStatus.APPROVED,
    3: ReportStatus.APPROVED,
    4: ReportStatus.SUBMITTED,
    5: ReportStatus.APPROVED,
    6: ReportStatus.SUBMITTED,
    7: ReportStatus.DRAFT,
    8: ReportStatus.APPROVED,
    9: ReportStatus.SUBMITTED,
}


def _pick(items: list, index: int, offset: int = 0):
    return items[(index + offset) % len(items)]


def _answers(report: QualityReport, index: int) -> dict[str, dict]:
    structure = structure_of(report)
    year = report.round.year
    name = report.provider.name
    slug = "".join(c for c in name.lower() if c.isalnum())[:12]
    d = {}
    for spec in structure.fields("d"):
        field = spec.name.split(".", 1)[1]
        pool = {"success_factors": SUCCESS, "challenges": CHALLENGES, "analysis": ANALYSIS, "progression": PROGRESSION}
        d[spec.name] = _pick(pool[field], index, len(d))
    plan: dict = {
        spec.name: _pick(["done", "ongoing", "not_started", "done"], index, i)
        for i, spec in enumerate(structure.fields("plan"))
        if spec.name.endswith(".status")
    }
    plan.update(
        {
            spec.name: "Delvis genomfört; resten görs under våren."
            for spec in structure.fields("plan")
            if spec.name.endswith(".comment") and index % 2
        }
    )
    plan["actions"] = [
        {"what": what, "who": who, "by": f"{year + 1}-{6 + i * 3:02d}-30"}
        for i, (what, who) in enumerate([_pick(ACTIONS, index), _pick(ACTIONS, index, 1)])
    ]
    return {
        "verksamhet": {
            "contact_name": _pick(["Karin Lindqvist", "Ahmad Rahimi", "Sara Berg", "Johan Ek"], index),
            "contact_email": f"kvalitet@{slug}.example.se",
            "contact_phone": "08-123 456 " + f"{index:02d}",
            "manager": _pick(["Eva Holm", "Mikael Sundberg", "Leila Haddad"], index),
            "coaches": 3 + index % 6,
            "customers_per_coach": 10 + index % 8,
            "languages": _pick(
                ["svenska, engelska, arabiska", "svenska, dari, persiska", "svenska, somaliska, tigrinja"], index
            ),
            "premises": "Lokaler i centrum nära kollektivtrafik, entréplan med hiss och hörslinga i mötesrummen.",
        },
        "a": {
            "insurance_valid": True,
            "insurance_expires": f"{year + 1}-12-31",
            "continuity_plan": True,
            "continuity_plan_description": "Plan för bemanning vid sjukdom och för it-avbrott, uppdaterad i år.",
            "risk_assessment": True,
            "risk_analysis_applied": index % 4 != 3,
            "risk_analysis_applied_description": "" if index % 4 != 3 else "Riskanalysen är påbörjad och klar i mars.",
            "fire_safety": True,
            "economic_capacity": "Stabil ekonomi; årsredovisningen visar ett positivt resultat och god likviditet.",
        },
        "b": {
            **{routine: True for routine, _label in ROUTINES},
            "quality_system_description": "Ledningssystemet beskriver processer, ansvar och egenkontroll.",
            "deviations": index % 5,
            "lex_sarah": 0,
            "complaints": index % 3,
            "lessons": "Avvikelserna gällde missade återbesök; vi har infört påminnelser i kalendern.",
        },
        "c": {
            "staff_competence": "Coacherna har högskoleutbildning inom beteendevetenskap eller vägledning.",
            "working_method": "Kartläggning de första veckorna, sedan plan, praktik och matchning mot arbete.",
            "follow_up_method": "Planen följs upp varannan vecka; avstämning med karriärvägledaren var tredje månad.",
            "accessibility": "Stöd på flera språk, tolk vid behov och möjlighet till digitala möten.",
            "employer_cooperation": "Lokala arbetsgivare inom handel, vård och lager; gemensamma rekryteringsträffar.",
            "employer_contacts": 20 + index * 7,
        },
        "d": d,
        "fokus": {
            spec.name: _pick(
                [
                    "Alla kunder erbjuds ett samtal med studie- och yrkesvägledare inom första månaden.",
                    "Vi bokar tolk via kommunens avtal och planerar längre möten när tolk behövs.",
                ],
                index,
                i,
            )
            for i, spec in enumerate(structure.fields("fokus"))
        },
        "plan": plan,
    }


def _save(report: QualityReport, data: dict[str, dict], user, steps=None) -> None:
    for step, values in data.items():
        if steps is not None and step not in steps:
            continue
        current = report.step_answers.filter(step=step).first()
        services.save_step(report, step, values, current.version if current else 0, user=user)


def _member(report: QualityReport):
    membership = ProviderMembership.objects.filter(provider=report.provider).select_related("user").first()
    return membership.user if membership else None


def _quality_developer():
    return User.objects.filter(groups__name=QUALITY_DEVELOPER_GROUP).order_by("pk").first()


def _round_2022(qd) -> None:
    report_round = services.create_round(2022, date(2023, 1, 16), date(2023, 3, 31), user=qd)
    services.open_round(report_round, user=qd)
    for index, report in enumerate(report_round.reports.select_related("provider", "round")):
        user = _member(report)
        _save(report, _answers(report, index + 1), user)
        services.submit_report(report, user=user)
        services.approve_report(report, user=qd)


def _round_2023(qd, providers_order: list[str]) -> None:
    report_round = services.create_round(2023, date(2024, 1, 15), date(2024, 3, 31), user=qd)
    for text, required in FOCUS_QUESTIONS:
        services.add_focus_question(report_round, text, required)
    services.open_round(report_round, user=qd)
    for report in report_round.reports.select_related("provider", "round"):
        index = providers_order.index(report.provider.name) if report.provider.name in providers_order else 99
        state = STATES_2023.get(index, ReportStatus.NOT_STARTED)
        if state == ReportStatus.NOT_STARTED:
            continue
        user = _member(report)
        data = _answers(report, index)
        if state == ReportStatus.DRAFT:
            _save(
                report, data, user, steps=("verksamhet", "a", "b") if index == 0 else ("verksamhet", "a", "b", "c", "d")
            )
            continue
        _save(report, data, user)
        services.submit_report(report, user=user)
        if state == ReportStatus.RETURNED:
            services.add_comment(
                report,
                "d",
                "Beskriv gärna hur ni följer upp kunder som pågått mer än tolv månader.",
                field=next(s.name for s in structure_of(report).fields("d") if s.name.endswith(".analysis")),
                user=qd,
            )
            services.add_comment(report, "b", "Bifoga gärna rutinen för avvikelser.", user=qd)
            services.return_report(report, "Tack för rapporten! Komplettera avsnitt D enligt kommentaren.", user=qd)
        elif state == ReportStatus.APPROVED:
            services.approve_report(report, user=qd)


@transaction.atomic
def seed(stdout: TextIO) -> None:
    from register.demo import PROVIDERS

    if ReportRound.objects.filter(year__in=[2022, 2023]).exists():
        return
    qd = _quality_developer()
    _round_2022(qd)
    # Contacts after 2022's round, so only the 2023 round's e-mails are queued for them.
    from register.models import Provider

    for provider in Provider.objects.filter(name__in=PROVIDERS):
        slug = "".join(c for c in provider.name.lower() if c.isalnum())[:12]
        if not provider.report_contacts.exists():
            services.add_contact(provider, "Kvalitetsansvarig", f"kvalitet@{slug}.example.se", user=qd)
    _round_2023(qd, PROVIDERS)
    counts = {
        label: QualityReport.objects.filter(round__year=2023, status=value).count()
        for value, label in ReportStatus.choices
    }
    stdout.write("quality reports 2023: " + ", ".join(f"{label}: {n}" for label, n in counts.items()) + "\n")
