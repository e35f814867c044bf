"""The report's structure: its steps and fields, as data (forms, review, exports and checks read it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from register.models import Insats, ProgrammeType


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "textarea"  # textarea, text, email, yesno, date, int, choice
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    help: str = ""
    # Required only when another field of the step has this value: (field, value).
    required_if: tuple[str, object] | None = None
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StepSpec:
    slug: str
    title: str
    intro: str = ""
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    attachments: bool = False


YES_NO = "yesno"

ORGANISATION = StepSpec(
    "verksamhet",
    _("Operations"),
    _("Who we are: contact person, manager, coaches, languages and premises."),
    (
        FieldSpec("contact_name", _("Contact person"), "text"),
        FieldSpec("contact_email", _("Contact person's e-mail"), "email"),
        FieldSpec("contact_phone", _("Contact person's phone"), "text", required=False),
        FieldSpec("manager", _("Manager responsible"), "text"),
        FieldSpec("coaches", _("Number of coaches"), "int", min_value=0, max_value=500),
        FieldSpec("customers_per_coach", _("Customers per coach"), "int", min_value=0, max_value=200),
        FieldSpec("languages", _("Languages offered"), help=_("Every language in which customers can get support.")),
        FieldSpec("premises", _("Premises and accessibility")),
    ),
)


def _yes_no_with_description(name: str, label: str) -> tuple[FieldSpec, FieldSpec]:
    return (
        FieldSpec(name, label, YES_NO),
        FieldSpec(f"{name}_description", _("Short description"), required=False),
    )


SUPERVISION = StepSpec(
    "a",
    _("A. Supervision"),
    _("Insurance, continuity, risks, fire safety and economic capacity (section A of the authorisation conditions)."),
    (
        FieldSpec("insurance_valid", _("Valid liability insurance"), YES_NO),
        FieldSpec(
            "insurance_expires",
            _("The insurance is valid until"),
            "date",
            required=False,
            required_if=("insurance_valid", True),
        ),
        *_yes_no_with_description("continuity_plan", _("Continuity plan")),
        *_yes_no_with_description("risk_assessment", _("Risk assessment and internal control")),
        *_yes_no_with_description("risk_analysis_applied", _("Risk analysis applied")),
        *_yes_no_with_description("fire_safety", _("Fire safety")),
        FieldSpec("economic_capacity", _("Economic capacity")),
    ),
    attachments=True,
)

ROUTINES = (
    ("quality_system", _("Quality-management system described (SOSFS 2011:9)")),
    ("deviation_routine", _("Routine for deviations and Lex Sarah")),
    ("whistleblower", _("Whistle-blower protection")),
    ("confidentiality", _("Confidentiality")),
    ("protected_identity", _("Protected identities")),
    ("gdpr", _("GDPR")),
    ("documentation", _("Documentation and disposal (gallring)")),
    ("complaints_routine", _("Complaints and suggestions")),
    ("daily_management", _("Competent daily management")),
    ("staff_processes", _("Staff follow the processes")),
    ("competence_plan", _("Competence-development plan")),
)

QUALITY_WORK = StepSpec(
    "b",
    _("B. Systematic quality work"),
    _("Your routines, and what the year's deviations, reports and complaints taught you."),
    (
        *(spec for name, label in ROUTINES for spec in _yes_no_with_description(name, label)),
        FieldSpec("deviations", _("Deviations in the year"), "int", min_value=0, max_value=10000),
        FieldSpec("lex_sarah", _("Lex Sarah reports in the year"), "int", min_value=0, max_value=10000),
        FieldSpec("complaints", _("Complaints in the year"), "int", min_value=0, max_value=10000),
        FieldSpec("lessons", _("What was learnt")),
    ),
    attachments=True,
)

CAPACITY = StepSpec(
    "c",
    _("C. Capacity"),
    _("Staff, methods, accessibility and cooperation with employers."),
    (
        FieldSpec("staff_competence", _("Staff competence and experience")),
        FieldSpec("working_method", _("Working method")),
        FieldSpec("follow_up_method", _("Method for individual follow-up")),
        FieldSpec("accessibility", _("Accessibility (languages, premises, adaptations)")),
        FieldSpec("employer_cooperation", _("Cooperation with employers")),
        FieldSpec(
            "employer_contacts", _("Number of employer contacts in the year"), "int", min_value=0, max_value=100000
        ),
    ),
)

RESULT_FIELDS = (
    ("success_factors", _("Success factors")),
    ("challenges", _("Challenges")),
    ("analysis", _("Your own analysis of the results")),
    ("progression", _("How you measure progression")),
)

FOLLOW_UP_CHOICES = (
    ("done", _("Done")),
    ("ongoing", _("In progress")),
    ("not_started", _("Not started")),
)

STEP_SLUGS = ("verksamhet", "a", "b", "c", "d", "fokus", "plan", "granska")
STEP_TITLES = {
    "verksamhet": ORGANISATION.title,
    "a": SUPERVISION.title,
    "b": QUALITY_WORK.title,
    "c": CAPACITY.title,
    "d": _("D. Results and goal fulfilment"),
    "fokus": _("This year's focus areas"),
    "plan": _("Development plan"),
    "granska": _("Review and submit"),
}
ATTACHMENT_STEPS = ("a", "b")


def report_programmes(report) -> list[ProgrammeType]:
    """The programme types the provider had insatser of in the report's year (all active ones if none)."""
    ids = (
        Insats.objects.during_year(report.round.year)
        .filter(provider_id=report.provider_id)
        .values_list("programme_type_id", flat=True)
        .distinct()
    )
    programmes = list(ProgrammeType.objects.filter(pk__in=list(ids)).order_by("name"))
    return programmes or list(ProgrammeType.objects.filter(active=True).order_by("name"))


def results_step(programmes: list[ProgrammeType]) -> StepSpec:
    fields = tuple(
        FieldSpec(f"{programme.code}.{name}", label) for programme in programmes for name, label in RESULT_FIELDS
    )
    return StepSpec(
        "d",
        STEP_TITLES["d"],
        _("For each programme type you had in the year: what worked, what was hard, and how you read your figures."),
        fields,
    )


def focus_step(questions) -> StepSpec:
    fields = tuple(FieldSpec(f"q{q.pk}", q.text, required=q.required) for q in questions)
    return StepSpec("fokus", STEP_TITLES["fokus"], _("The municipality's questions for this year."), fields)


def plan_step(previous_actions) -> StepSpec:
    fields: list[FieldSpec] = []
    for action in previous_actions:
        fields.append(FieldSpec(f"followup.{action.pk}.status", action.what, "choice", choices=FOLLOW_UP_CHOICES))
        fields.append(FieldSpec(f"followup.{action.pk}.comment", _("Comment"), required=False))
    return StepSpec(
        "plan",
        STEP_TITLES["plan"],
        _("How last year's actions went, and this year's actions: what, who and by when."),
        tuple(fields),
    )


@dataclass
class ReportStructure:
    """Every step of one report, with its dynamic parts (programme types, focus questions, last year's plan)."""

    steps: dict[str, StepSpec]
    programmes: list[ProgrammeType]
    previous_actions: list

    def fields(self, step: str) -> tuple[FieldSpec, ...]:
        return self.steps[step].fields if step in self.steps else ()


def previous_actions(report) -> list:
    from kvalitetsrapport.models import DevelopmentAction

    return list(
        DevelopmentAction.objects.filter(
            report__provider_id=report.provider_id, report__round__year=report.round.year - 1
        ).order_by("position", "pk")
    )


def structure_of(report) -> ReportStructure:
    programmes = report_programmes(report)
    previous = previous_actions(report)
    steps = {
        "verksamhet": ORGANISATION,
        "a": SUPERVISION,
        "b": QUALITY_WORK,
        "c": CAPACITY,
        "d": results_step(programmes),
        "fokus": focus_step(report.round.focus_questions.all()),
        "plan": plan_step(previous),
        "granska": StepSpec("granska", STEP_TITLES["granska"]),
    }
    return ReportStructure(steps, programmes, previous)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_answers(structure: ReportStructure, answers: dict[str, dict]) -> dict[str, list[FieldSpec]]:
    """Required answers not given, per step (only steps with something missing)."""
    missing: dict[str, list[FieldSpec]] = {}
    for slug, step in structure.steps.items():
        data = answers.get(slug, {})
        absent = []
        for spec in step.fields:
            required = spec.required
            if spec.required_if is not None:
                other, value = spec.required_if
                required = data.get(other) == value
            if required and is_blank(data.get(spec.name)):
                absent.append(spec)
        if slug == "plan" and not [a for a in data.get("actions", []) if not is_blank(a.get("what"))]:
            absent.append(FieldSpec("actions", _("At least one action for this year")))
        if absent:
            missing[slug] = absent
    return missing
