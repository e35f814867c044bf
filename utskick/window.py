"""The sending window: when a customer may be sent a message, in local time.

Everything is computed in the plan's time zone (Europe/Stockholm by default) and
returned in UTC, so the daylight-saving changes move nothing: 09:00 stays 09:00.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_VALIDITY_SECONDS = 36_000  # Twilio's largest validity period (10 hours)
MIN_VALIDITY_SECONDS = 5


@dataclass(frozen=True)
class Window:
    weekdays: frozenset[int]
    start: time
    end: time
    timezone: ZoneInfo

    @classmethod
    def of(cls, plan) -> "Window":
        return cls(
            frozenset(int(day) for day in plan.window_weekdays),
            plan.window_start,
            plan.window_end,
            ZoneInfo(plan.window_timezone),
        )

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.timezone).astimezone(UTC)

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(self.timezone)
        return local.weekday() in self.weekdays and self.start <= local.time() < self.end

    def next_open(self, moment: datetime) -> datetime:
        """The moment itself when inside the window, otherwise the window's next opening."""
        if self.contains(moment):
            return moment
        if not self.weekdays:
            raise ValueError("a sending window needs at least one weekday")
        day = moment.astimezone(self.timezone).date()
        for offset in range(8):
            candidate_day = day + timedelta(days=offset)
            if candidate_day.weekday() in self.weekdays:
                opening = self._at(candidate_day, self.start)
                if opening > moment:
                    return opening
        raise AssertionError("unreachable: a weekday recurs within 8 days")

    def closes_after(self, moment: datetime) -> datetime:
        """When the window that contains the moment closes."""
        return self._at(moment.astimezone(self.timezone).date(), self.end)

    def validity_seconds(self, moment: datetime) -> int:
        """How long the provider may keep an SMS queued so that it never arrives after closing."""
        remaining = int((self.closes_after(moment) - moment).total_seconds())
        return max(MIN_VALIDITY_SECONDS, min(MAX_VALIDITY_SECONDS, remaining))


def add_local_days(moment: datetime, days: int, timezone: ZoneInfo) -> datetime:
    """The same wall-clock time `days` later, across a daylight-saving change."""
    local = moment.astimezone(timezone)
    naive = local.replace(tzinfo=None) + timedelta(days=days)
    return naive.replace(tzinfo=timezone).astimezone(UTC)
