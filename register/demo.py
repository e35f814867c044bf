"""A deterministic demo year (2023) for the register: providers, programmes, users."""

import random
from datetime import date, timedelta
from typing import TextIO

from django.contrib.auth.models import Group, User
from django.db import transaction

from common.roles import QUALITY_DEVELOPER_GROUP
from register.models import ExitReason, Insats, Organisation, ProgrammeType, Provider, ProviderMembership

DEMO_YEAR = 2023
PROVIDERS = [
    "Arbetsbron AB",
    "Bryggan Kompetens AB",
    "Framsteg Coachning",
    "Horisont Jobbcenter",
    "Karriärkraft Nacka",
    "Kompassen Utveckling AB",
    "Lotsen Arbete & Studier",
    "Mötesplats Jobb ideell förening",
    "Nya Steg Sverige AB",
    "Språkvägen Introduktion",
    "Startlinjen Kompetens",
    "Vägvisaren Jobbcoach AB",
    "Kommunens egen jobbverkstad",
]
USERS = [
    # (role label, username, password, provider index or None)
    ("kvalitetsutvecklare", "kvalitet", "demo-kvalitet-2023", None),
    ("anordnare", "arbetsbron", "demo-arbetsbron-2023", 0),
    ("anordnare", "bryggan", "demo-bryggan-2023", 1),
]
# Closed programmes in the year by exit reason, as in the 2023 report (161 closed, 60 to self-support).
# The first programme of the 20 customers who had two is closed with a change of programme or provider.
LATEST_CLOSED = {
    ExitReason.WORK: 42,
    ExitReason.STUDIES: 18,
    ExitReason.OTHER_AUTHORITY: 30,
    ExitReason.MOVED: 15,
    ExitReason.ILLNESS: 16,
    ExitReason.OTHER: 20,
}
FIRST_OF_TWO = [ExitReason.CHANGE_PROVIDER] * 12 + [ExitReason.OTHER_PROGRAMME] * 8
N_CUSTOMERS = 219
N_ONGOING = 78
N_WOMEN = 110


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def demo_insatser() -> list[dict]:
    """The demo register as plain rows: the same on every call."""
    rng = random.Random(DEMO_YEAR)
    programmes = ["jobbpeng-grund"] * 5 + ["forstarkt-jobbpeng"] * 3 + ["sai"] * 2
    latest_outcomes: list[str] = [""] * N_ONGOING
    for reason, count in LATEST_CLOSED.items():
        latest_outcomes += [reason] * count
    rng.shuffle(latest_outcomes)
    year_start, year_end = date(DEMO_YEAR, 1, 1), date(DEMO_YEAR, 12, 31)
    rows = []
    for index in range(N_CUSTOMERS):
        customer = f"K{DEMO_YEAR}-{index + 1:04d}"
        gender = "kvinna" if index % 2 == 0 and index < 2 * N_WOMEN else "man"
        birth_year = rng.choice(range(1960, 2006))
        programme = rng.choice(programmes)
        provider = rng.randrange(len(PROVIDERS))
        outcome = latest_outcomes[index]
        start = _day_in(rng, date(DEMO_YEAR - 2, 6, 1), date(DEMO_YEAR, 11, 30))
        if index < len(FIRST_OF_TWO):
            first_start = _day_in(rng, date(DEMO_YEAR - 1, 3, 1), date(DEMO_YEAR, 3, 31))
            first_end = max(first_start, _day_in(rng, year_start, date(DEMO_YEAR, 6, 30)))
            rows.append(
                {
                    "kund_id": customer,
                    "insatstyp": programme,
                    "anordnare": PROVIDERS[provider],
                    "startdatum": first_start,
                    "slutdatum": first_end,
                    "avslutsorsak": FIRST_OF_TWO[index],
                    "forlangningar": 0,
                    "kon": gender,
                    "fodelsear": birth_year,
                }
            )
            start = first_end + timedelta(days=rng.randint(1, 20))
            provider = (provider + 1) % len(PROVIDERS)
        end = None
        if outcome:
            end = _day_in(rng, max(start, year_start), year_end)
        rows.append(
            {
                "kund_id": customer,
                "insatstyp": programme,
                "anordnare": PROVIDERS[provider],
                "startdatum": start,
                "slutdatum": end,
                "avslutsorsak": outcome,
                "forlangningar": rng.choice([0, 0, 0, 1, 1, 2]) if (end is None or (end - start).days > 180) else 0,
                "kon": gender,
                "fodelsear": birth_year,
            }
        )
    return rows


DEMO_ORGANISATION = {
    "name": "Nacka kommun",
    "sms_sender": "NackaKommun",
    "contact_phone": "08-46 50 04 10",  # a number set aside for examples
    "contact_email": "kundenkat@nacka.example",
}


@transaction.atomic
def seed(stdout: TextIO) -> None:
    providers = [Provider.objects.get_or_create(name=name)[0] for name in PROVIDERS]
    programmes = {p.code: p for p in ProgrammeType.objects.all()}
    for row in demo_insatser():
        Insats.objects.get_or_create(
            customer_id=row["kund_id"],
            programme_type=programmes[row["insatstyp"]],
            provider=providers[PROVIDERS.index(row["anordnare"])],
            start_date=row["startdatum"],
            defaults={
                "end_date": row["slutdatum"],
                "exit_reason": row["avslutsorsak"],
                "extensions": row["forlangningar"],
                "gender": row["kon"],
                "birth_year": row["fodelsear"],
            },
        )
    if not Organisation.objects.exists():  # the quality developer's own edits are kept
        Organisation(**DEMO_ORGANISATION).save()
    group = Group.objects.get_or_create(name=QUALITY_DEVELOPER_GROUP)[0]
    for role, username, password, provider_index in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=password)
            if provider_index is None:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
                user.groups.add(group)
            else:
                ProviderMembership.objects.create(user=user, provider=providers[provider_index])
        stdout.write(f"login: {role}: {username} / {password}\n")
