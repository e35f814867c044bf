"""The demo register (2023, and 2022 for the trend), its providers and the demo users.

The rows are built in `register.demo_register`: the 2023 register reproduces every table
of the 2023 Kvalitetsrapport (§6 and §12), per programme and per provider.
"""

from datetime import date
from typing import TextIO

from django.contrib.auth.models import Group, User
from django.db import transaction

from common.roles import QUALITY_DEVELOPER_GROUP
from register.demo_register import CELLS, PROGRAMMES, PROVIDERS, demo_insatser, history_insatser
from register.models import Authorisation, Insats, Organisation, ProgrammeType, Provider, ProviderMembership

__all__ = ["PROVIDERS", "USERS", "demo_insatser", "history_insatser", "seed"]

USERS = [
    # (role label, username, password, provider index or None)
    ("kvalitetsutvecklare", "kvalitet", "demo-kvalitet-2023", None),
    ("anordnare", "arbetsbron", "demo-arbetsbron-2023", 0),
    ("anordnare", "bryggan", "demo-bryggan-2023", 1),
]
AUTHORISED_FROM = date(2016, 1, 1)
# Every provider is authorised for both kinds of jobbpeng, and for SAI where it had SAI
# customers; three of them were de-authorised at the end of 2023 (report §6.3), and none
# of the three had an insats still running then.
DEAUTHORISED = {"Karriärkraft Nacka", "Vägvisaren Jobbcoach AB", "Språkvägen Introduktion"}
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
    register, history = demo_insatser(), history_insatser()
    for row in register + history:
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
                "planned_end_date": row["planerat_slutdatum"],
            },
        )
    with_sai = {PROVIDERS[cell.provider] for cell in CELLS if cell.programme == PROGRAMMES[2]}
    for provider in providers:
        for code in PROGRAMMES:
            if code == PROGRAMMES[2] and provider.name not in with_sai:
                continue
            Authorisation.objects.get_or_create(
                provider=provider,
                programme_type=programmes[code],
                valid_from=AUTHORISED_FROM,
                defaults={"valid_to": date(2023, 12, 31) if provider.name in DEAUTHORISED else None},
            )
    customers = len({row["kund_id"] for row in register})
    stdout.write(f"register: {len(register)} insatser for {customers} customers in 2023, {len(history)} more in 2022\n")
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
