"""The demo register: the 2023 report's tables rebuilt row by row, and a plausible 2022 before it.

The 2023 register is constructed, not sampled. `CELLS` is an integer assignment per
provider × programme that meets every published margin of the Kvalitetsrapport 2023:
§6.2 (insatser per provider and programme), §6.2.1 (share of women per provider),
§6.2.2 (age shares per provider), §6.1.1–6.1.2 (gender and age per programme), §6.2.3
(ongoing, extended and planned exit T1/T2 per provider × programme) and §12.3 (exit
reasons per programme). The published tables fix the margins only; the split inside a
cell (which provider had which exit, which ages it had per programme) is chosen here.
`DURATIONS` gives each programme the §6.1.4 duration buckets and the §12.1 average days
to work or studies (151 / 448 / 230, 339 in total) exactly.

How the published figures were read:
- The OCR lost the count columns of §6.2.1 and the 60–65 counts of §6.1.2; the counts
  are the only ones that give the printed shares (e.g. 49 of 91 women = 54 %, 50 would
  print 55 %) and they sum to the printed totals (120 women, 11 aged 60+).
- The report's "19–24" and "60–65" are the register's 18–24 and 60+; no customer is
  under 18, so every age here is 19–65 and both readings agree.
- "Bytt kundvalsinsats" (6) is the sum of two register codes, another programme
  (`annan_insats`) and another provider (`byte_anordnare`); the split is chosen here.
- §6.2 heads its shares "andel av totalt antal kunder" but divides by the 239 insatser
  (91 / 239 = 38 %), not by the 219 customers: the shares here are of insatser.
- Every other published figure holds as printed: no two tables contradict each other.

The 2022 register is the 2023 rows already running in 2022, plus rows that ended in
2022, drawn from a seeded generator. It meets the two figures the 2022 external review
gives (282 customers and 30 in Jobbpeng grund from 1 January to 19 September 2022) and
holds two data problems for the data-quality list: a missing birth year and two
overlapping insatser of one customer.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

YEAR = 2023
PROVIDERS = [  # invented names, in the published order of size (§6.2)
    "Arbetsbron AB",
    "Bryggan Kompetens AB",
    "Framsteg Coachning",
    "Horisont Jobbcenter",
    "Karriärkraft Nacka",
    "Kompassen Utveckling AB",
    "Lotsen Arbete & Studier",
    "Mötesplats Jobb ideell förening",
    "Nya Steg Sverige AB",
    "Startlinjen Kompetens",
    "Vägvisaren Jobbcoach AB",
    "Språkvägen Introduktion",
    "Kommunens egen jobbverkstad",
]
JG, FJ, SAI = "jobbpeng-grund", "forstarkt-jobbpeng", "sai"
PROGRAMMES = [JG, FJ, SAI]
AGE_SPANS = [(19, 24), (25, 39), (40, 59), (60, 65)]  # ages at 31 Dec of the year
EXITS = ["arbete", "studier", "eget_foretag", "annan_insats", "byte_anordnare"]
EXITS += ["annan_myndighet", "flytt", "sjukdom", "annan_orsak"]
WORK_OR_STUDIES = {"arbete", "studier"}


@dataclass(frozen=True)
class Cell:
    provider: int
    programme: str
    n: int
    women: int
    ages: tuple[int, int, int, int]  # 18–24, 25–39, 40–59, 60+
    ongoing: tuple[int, int, int, int] = (0, 0, 0, 0)  # ongoing, of which extended, planned exit T1, T2
    exits: dict[str, int] = field(default_factory=dict)  # of the closed


def _e(*pairs: str) -> dict[str, int]:
    """'arbete:2' ... as a dict of exit counts."""
    return {code: int(count) for code, count in (p.split(":") for p in pairs)}


# fmt: off
CELLS = [
    Cell(0, JG, 9, 4, (5, 4, 0, 0), exits=_e("arbete:2", "studier:1", "annan_myndighet:2", "annan_orsak:3", "flytt:1")),
    Cell(2, JG, 8, 2, (6, 1, 1, 0), (3, 3, 3, 0), _e("arbete:2", "studier:1", "annan_orsak:2")),
    Cell(1, JG, 3, 2, (1, 2, 0, 0), (1, 0, 1, 0), _e("studier:1", "sjukdom:1")),
    Cell(4, JG, 2, 1, (0, 1, 1, 0), exits=_e("arbete:1", "flytt:1")),
    Cell(8, JG, 1, 1, (1, 0, 0, 0), (1, 0, 1, 0)),
    Cell(7, JG, 1, 1, (1, 0, 0, 0), exits=_e("annan_myndighet:1")),
    Cell(10, JG, 1, 0, (0, 1, 0, 0), exits=_e("annan_orsak:1")),
    Cell(0, FJ, 54, 30, (20, 7, 21, 6), (17, 11, 17, 0), _e(
        "arbete:12", "studier:3", "byte_anordnare:1", "annan_insats:1", "annan_myndighet:8", "sjukdom:6",
        "annan_orsak:4", "flytt:2")),
    Cell(3, FJ, 25, 14, (6, 13, 6, 0), (12, 10, 11, 1), _e(
        "arbete:5", "studier:1", "byte_anordnare:1", "annan_myndighet:3", "sjukdom:2", "annan_orsak:1")),
    Cell(2, FJ, 18, 1, (8, 3, 5, 2), (8, 5, 6, 2), _e(
        "arbete:3", "studier:1", "annan_myndighet:2", "sjukdom:2", "annan_orsak:1", "flytt:1")),
    Cell(1, FJ, 6, 3, (4, 2, 0, 0), (1, 0, 1, 0), _e("arbete:2", "annan_myndighet:1", "sjukdom:1", "annan_orsak:1")),
    Cell(5, FJ, 6, 4, (1, 1, 4, 0), (3, 3, 3, 0), _e("arbete:1", "annan_myndighet:1", "sjukdom:1")),
    Cell(4, FJ, 4, 2, (0, 1, 2, 1), exits=_e("arbete:1", "studier:1", "annan_myndighet:1", "flytt:1")),
    Cell(6, FJ, 3, 1, (2, 1, 0, 0), (1, 1, 1, 0), _e("arbete:1", "byte_anordnare:1")),
    Cell(9, FJ, 3, 2, (0, 1, 2, 0), exits=_e("studier:1", "annan_myndighet:1", "annan_orsak:1")),
    Cell(7, FJ, 3, 1, (0, 2, 1, 0), (2, 1, 2, 0), _e("arbete:1")),
    Cell(8, FJ, 2, 0, (0, 1, 1, 0), (1, 1, 1, 0), _e("sjukdom:1")),
    Cell(12, FJ, 2, 1, (1, 1, 0, 0), exits=_e("annan_myndighet:1", "annan_orsak:1")),
    Cell(10, FJ, 1, 0, (0, 1, 0, 0), exits=_e("annan_orsak:1")),
    Cell(1, SAI, 37, 22, (4, 20, 13, 0), (16, 3, 6, 10), _e(
        "arbete:4", "studier:3", "byte_anordnare:1", "annan_myndighet:2", "sjukdom:1", "annan_orsak:2", "flytt:8")),
    Cell(0, SAI, 28, 15, (3, 15, 9, 1), (11, 6, 8, 3), _e(
        "arbete:4", "studier:3", "annan_insats:1", "annan_myndighet:2", "annan_orsak:2", "flytt:5")),
    Cell(4, SAI, 18, 10, (1, 4, 12, 1), exits=_e(
        "arbete:3", "studier:2", "annan_myndighet:2", "sjukdom:1", "annan_orsak:1", "flytt:9")),
    Cell(11, SAI, 2, 1, (0, 2, 0, 0), exits=_e("annan_orsak:1", "flytt:1")),
    Cell(6, SAI, 1, 1, (0, 1, 0, 0), (1, 1, 0, 1)),
    Cell(10, SAI, 1, 1, (0, 0, 1, 0), exits=_e("annan_myndighet:1")),
]
# fmt: on

# Days from start to the end (closed) or to 31 Dec (ongoing), per programme and kind of row:
# "extended" and "running" are ongoing with and without an extension (an insats runs six months
# before its first extension, so running ones are under 183 days), "work" closed to work or
# studies (listed day by day: their mean is §12.1's), "other" closed for any other reason.
# Buckets are (0–100, 101–365, 366–730, > 730 days), drawn inside each bucket away from its edges.
DURATIONS = {
    JG: {
        "extended": (0, 3, 0, 0),
        "running": (2, 0, 0, 0),
        "work": [62, 88, 97, 134, 168, 190, 214, 255],  # mean 151
        "other": (8, 3, 1, 0),
    },
    FJ: {
        "extended": (0, 10, 16, 6),
        "running": (9, 4, 0, 0),
        "work": [70, 95, 120, 150, 175, 190, 210, 240, 275, 310, 370, 380, 390, 400, 410, 420, 430, 440, 450]
        + [460, 470, 480, 495, 510, 539, 745, 755, 765, 775, 790, 805, 820, 850],  # mean 448
        "other": (11, 33, 5, 0),
    },
    SAI: {
        "extended": (0, 4, 6, 0),
        "running": (8, 10, 0, 0),
        "work": [45, 70, 90, 130, 145, 160, 175, 190, 200, 215, 225, 240, 255, 270, 305, 380, 400, 420, 455],  # 230
        "other": (5, 30, 5, 0),
    },
}
BUCKET_RANGES = [(12, 96), (110, 355), (375, 720), (745, 1000)]
RUNNING_UNTIL = 175  # an insats runs six months before its first extension
EXTENDED_FROM = 190

# The 20 customers with two insatser in 2023 (§6: half of them women). The first insats ends
# early in the year with the given exit, the second starts after it in the given programme;
# the six changes of programme or provider are §12.3's "bytt kundvalsinsats".
PAIRS = [
    (FJ, "byte_anordnare", FJ), (FJ, "byte_anordnare", FJ), (FJ, "byte_anordnare", FJ),
    (FJ, "annan_insats", SAI), (SAI, "byte_anordnare", SAI), (SAI, "annan_insats", FJ),
    (FJ, "sjukdom", FJ), (FJ, "sjukdom", FJ), (FJ, "sjukdom", FJ), (FJ, "annan_orsak", FJ),
    (FJ, "annan_orsak", FJ), (FJ, "annan_myndighet", FJ), (FJ, "annan_myndighet", FJ),
    (JG, "annan_orsak", JG), (JG, "annan_orsak", JG), (JG, "annan_myndighet", FJ),
    (SAI, "annan_orsak", SAI), (SAI, "annan_orsak", SAI), (SAI, "sjukdom", SAI), (SAI, "annan_myndighet", SAI),
]  # fmt: skip


@dataclass
class Row:
    provider: int
    programme: str
    gender: str
    age_group: int
    kind: str  # extended, running, work, other
    exit: str = ""
    days: int = 0
    start: date | None = None
    end: date | None = None
    planned_end: date | None = None
    birth_year: int | None = None
    customer: str = ""
    paired_with: Row | None = None  # a second insats: the customer's first one
    is_first: bool = False


def spread(counts: list[int]) -> list[int]:
    """Category indexes in an even order: each category's items spaced out over the whole list."""
    total = sum(counts)
    used = [0] * len(counts)
    order = []
    for position in range(1, total + 1):
        best = max(range(len(counts)), key=lambda k: (position * counts[k] / total - used[k], -k))
        used[best] += 1
        order.append(best)
    return order


def _bucket_days(buckets: tuple[int, ...], kind: str) -> list[int]:
    days = []
    for count, (low, high) in zip(buckets, BUCKET_RANGES, strict=True):
        if kind == "running":
            high = min(high, RUNNING_UNTIL)
        elif kind == "extended":
            low = max(low, EXTENDED_FROM)
        days += [round(low + (high - low) * (i + 0.5) / count) for i in range(count)]
    return days


def _cell_rows(cell: Cell) -> list[Row]:
    ongoing, extended, _t1, _t2 = cell.ongoing
    kinds = [("extended", "")] * extended + [("running", "")] * (ongoing - extended)
    for code in EXITS:
        kinds += [("work" if code in WORK_OR_STUDIES else "other", code)] * cell.exits.get(code, 0)
    assert len(kinds) == cell.n, cell
    genders = spread([cell.women, cell.n - cell.women])
    ages = spread(list(cell.ages))[::-1]  # reversed: ages do not march in step with genders
    return [
        Row(cell.provider, cell.programme, ("kvinna", "man")[genders[i]], ages[i], kinds[i][0], kinds[i][1])
        for i in range(cell.n)
    ]


def _pair(rows: list[Row]) -> list[tuple[Row, Row]]:
    free = list(rows)
    quota = {"kvinna": len(PAIRS) // 2, "man": len(PAIRS) - len(PAIRS) // 2}
    pairs = []
    for first_programme, first_exit, second_programme in PAIRS:
        found = None
        for gender in sorted(quota, key=lambda g: -quota[g]):
            for first in (r for r in free if (r.programme, r.exit, r.gender) == (first_programme, first_exit, gender)):
                second = next(
                    (
                        r
                        for r in free
                        if r.programme == second_programme
                        and (r.gender, r.age_group) == (first.gender, first.age_group)
                        and r.kind in ("running", "other", "work")
                        and r.exit not in ("annan_insats", "byte_anordnare")  # a third insats would follow
                        and r is not first
                        and not (first_exit == "byte_anordnare" and r.provider == first.provider)
                    ),
                    None,
                )
                if second is not None:
                    found = first, second
                    break
            if found:
                break
        assert found is not None, (first_programme, first_exit, second_programme)
        first, second = found
        free.remove(first)
        free.remove(second)
        quota[first.gender] -= 1
        first.is_first, second.paired_with = True, first
        pairs.append(found)
    assert not any(quota.values()), quota
    return pairs


def _assign_days(rows: list[Row]) -> None:
    for programme, plan in DURATIONS.items():
        for kind, spec in plan.items():
            days = sorted(spec if isinstance(spec, list) else _bucket_days(spec, kind))
            group = [r for r in rows if (r.programme, r.kind) == (programme, kind)]
            assert len(group) == len(days), (programme, kind, len(group), len(days))
            seconds = [r for r in group if r.paired_with is not None]
            others = [r for r in group if r.paired_with is None]
            # The second insatser started in the year: they take the shortest durations.
            for row, value in zip(seconds, days, strict=False):
                row.days = value
            rest = days[len(seconds) :]
            step = next(s for s in (7, 5, 3, 1) if math.gcd(s, len(rest)) == 1)  # a permutation, well mixed
            for position, row in enumerate(others):
                row.days = rest[(position * step) % len(rest)]


def _assign_dates(rows: list[Row], pairs: list[tuple[Row, Row]]) -> None:
    year_end = date(YEAR, 12, 31)
    for index, (first, second) in enumerate(pairs):
        gap = timedelta(days=6 + (index * 5) % 25)
        if second.kind == "running":
            second.start = year_end - timedelta(days=second.days)
            first.end = second.start - gap
        else:
            first.end = date(YEAR, 1, 12) + timedelta(days=index * 8)
            second.start = first.end + gap
            second.end = second.start + timedelta(days=second.days)
        assert date(YEAR, 1, 1) <= first.end and (second.end or year_end) <= year_end, (first, second)
    closed = 0
    for row in rows:
        if row.kind in ("extended", "running"):
            row.start = year_end - timedelta(days=row.days)
        elif row.end is None and row.start is None:
            row.end = date(YEAR, 1, 4) + timedelta(days=(closed * 47) % 358)
            closed += 1
        if row.start is None:
            row.start = row.end - timedelta(days=row.days)
        if row.end is None and row.kind in ("work", "other"):
            row.end = row.start + timedelta(days=row.days)


def _assign_people(rows: list[Row]) -> None:
    age_counters = [0, 0, 0, 0]
    number = 0
    for row in sorted(rows, key=lambda r: (r.start, PROGRAMMES.index(r.programme), r.provider)):
        if row.paired_with is not None:
            continue
        low, high = AGE_SPANS[row.age_group]
        age = low + (age_counters[row.age_group] * 7) % (high - low + 1)
        age_counters[row.age_group] += 1
        number += 1
        row.birth_year, row.customer = YEAR - age, f"K{number:04d}"
    for row in rows:
        if row.paired_with is not None:
            row.birth_year, row.customer = row.paired_with.birth_year, row.paired_with.customer


def _assign_planned_ends(rows: list[Row]) -> None:
    t1 = t2 = 0
    for cell in CELLS:
        ongoing = [r for r in rows if (r.provider, r.programme) == (cell.provider, cell.programme) and not r.end]
        ongoing.sort(key=lambda r: r.start)  # the longest running end first
        for position, row in enumerate(ongoing):
            if position < cell.ongoing[2]:
                row.planned_end = date(YEAR + 1, 1, 8) + timedelta(days=(t1 * 11) % 110)
                t1 += 1
            else:
                row.planned_end = date(YEAR + 1, 5, 6) + timedelta(days=(t2 * 13) % 112)
                t2 += 1


def _extensions(row: Row) -> int:
    if row.kind == "running":
        return 0
    if row.kind == "extended":
        return max(1, row.days // 183)
    return row.days // 183


def build_2023() -> list[Row]:
    rows = [row for cell in CELLS for row in _cell_rows(cell)]
    pairs = _pair(rows)
    _assign_days(rows)
    _assign_dates(rows, pairs)
    _assign_people(rows)
    _assign_planned_ends(rows)
    return rows


def as_import_row(row: Row) -> dict:
    return {
        "kund_id": row.customer,
        "insatstyp": row.programme,
        "anordnare": PROVIDERS[row.provider],
        "startdatum": row.start,
        "slutdatum": row.end,
        "avslutsorsak": row.exit,
        "forlangningar": _extensions(row),
        "kon": row.gender,
        "fodelsear": row.birth_year,
        "planerat_slutdatum": row.planned_end,
    }


def demo_insatser() -> list[dict]:
    """The 2023 register as import rows (239 insatser, 219 customers): the same on every call."""
    rows = build_2023()
    return [as_import_row(r) for r in sorted(rows, key=lambda r: (r.customer, r.start))]


# The 2022 register: rows that ended in 2022, beside the 2023 rows already running then.
# The 2022 external review counted 282 customers, 30 of them in Jobbpeng grund, from
# 1 January to 19 September 2022; the rows below make the demo's count the same.
REVIEW_CUTOFF = date(YEAR - 1, 9, 19)
REVIEW_CUSTOMERS, REVIEW_JG_CUSTOMERS = 282, 30
EARLIER_SHARE_FJ = 80 / 164  # of the new customers before the cut-off outside Jobbpeng grund
LATE_ROWS = {JG: 2, FJ: 6, SAI: 6}  # started after the cut-off and ended in 2022
REPEATS = {FJ: 7, SAI: 5}  # customers whose 2022 insats ended before their next one started in 2022
EXIT_WEIGHTS_2022 = {  # in the order of EXITS
    JG: [30, 8, 0, 10, 3, 20, 7, 8, 14],
    FJ: [28, 8, 0, 4, 4, 22, 5, 16, 13],
    SAI: [16, 14, 0, 2, 2, 14, 36, 4, 12],
}
DAYS_2022 = {JG: (20, 320), FJ: (30, 900), SAI: (40, 700)}


def _cell_weights(programme: str) -> tuple[list[int], list[int]]:
    cells = [c for c in CELLS if c.programme == programme]
    return [c.provider for c in cells], [c.n for c in cells]


def build_2022_only(rows_2023: list[Row]) -> list[Row]:
    rng = random.Random(YEAR - 1)
    year_start, year_end = date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31)
    running = [r for r in rows_2023 if r.start <= year_end]
    early = {r.customer for r in running if r.start <= REVIEW_CUTOFF}
    early_jg = {r.customer for r in running if r.start <= REVIEW_CUTOFF and r.programme == JG}
    new_jg = REVIEW_JG_CUSTOMERS - len(early_jg)
    new_other = REVIEW_CUSTOMERS - len(early) - new_jg
    new_fj = round(new_other * EARLIER_SHARE_FJ)
    plan = [(JG, "early", new_jg), (FJ, "early", new_fj), (SAI, "early", new_other - new_fj)]
    plan += [(programme, "late", count) for programme, count in LATE_ROWS.items()]
    plan += [(programme, "repeat", count) for programme, count in REPEATS.items()]
    later_starts = sorted(
        (r for r in running if date(YEAR - 1, 3, 1) <= r.start <= REVIEW_CUTOFF and r.paired_with is None),
        key=lambda r: (r.start, r.customer),
    )
    number = len({r.customer for r in rows_2023})
    rows: list[Row] = []
    for programme, when, count in plan:
        providers, weights = _cell_weights(programme)
        ages = [sum(c.ages[k] for c in CELLS if c.programme == programme) for k in range(4)]
        for index in range(count):
            row = Row(
                rng.choices(providers, weights)[0],
                programme,
                rng.choice(["kvinna", "man"]),
                rng.choices(range(4), ages)[0],
                "other",
                rng.choices(EXITS, EXIT_WEIGHTS_2022[programme])[0],
                rng.randint(*DAYS_2022[programme]),
            )
            if when == "early":
                latest = min(year_end, REVIEW_CUTOFF + timedelta(days=row.days))
                row.end = year_start + timedelta(days=rng.randint(0, (latest - year_start).days))
            elif when == "late":
                row.days = min(row.days, 60)
                row.start = REVIEW_CUTOFF + timedelta(days=rng.randint(5, 40))
                row.end = row.start + timedelta(days=row.days)
            else:  # the customer comes back to a new insats later in 2022
                later = later_starts[(index * 7 + len(rows)) % len(later_starts)]
                later_starts.remove(later)
                row.gender, row.age_group, row.customer = later.gender, later.age_group, later.customer
                row.birth_year = later.birth_year
                row.exit = rng.choice(["sjukdom", "annan_orsak", "annan_myndighet"])
                row.end = later.start - timedelta(days=rng.randint(7, 40))
                row.days = min(row.days, 300)
            row.start = row.start or row.end - timedelta(days=row.days)
            row.days = (row.end - row.start).days
            if not row.customer:
                number += 1
                low, high = AGE_SPANS[row.age_group]
                row.customer, row.birth_year = f"K{number:04d}", YEAR - 1 - rng.randint(low, high)
            if row.exit in WORK_OR_STUDIES | {"eget_foretag"} and row.days < 60:
                row.exit = "annan_orsak"  # nobody reaches self-support in under two months
            rows.append(row)
    # Two data problems the 2022 review would recognise, for the data-quality list.
    rows[4].birth_year = None
    repeat = next(r for r in rows if r.exit == "annan_myndighet" and r.customer in {x.customer for x in running})
    repeat.end = next(x.start for x in running if x.customer == repeat.customer) + timedelta(days=9)
    repeat.days = (repeat.end - repeat.start).days
    return rows


def history_insatser() -> list[dict]:
    """The insatser of 2022 that ended in 2022 (the rest of 2022 is in the 2023 register)."""
    rows = build_2022_only(build_2023())
    return [as_import_row(r) for r in sorted(rows, key=lambda r: (r.customer, r.start))]
