"""The sending plan as a real form, and the calendar of its waves.

The model (SendingPlan.clean, called by save) holds the rules; the form only turns
"3, 7, 12" into a list and offers the time zones and weekdays to choose from.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from enkat.models import Survey
from utskick.models import Channel, Message, MessageStatus, SendingPlan
from utskick.window import Window, add_local_days

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DaysField(forms.CharField):
    """Whole days after the invitation, written "3, 7, 12"."""

    def prepare_value(self, value):
        return ", ".join(str(day) for day in value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        try:
            return sorted(int(part) for part in parts)
        except ValueError as error:
            raise forms.ValidationError(
                _("Write whole days separated by commas, e.g. 3, 7, 12."), code="days"
            ) from error


class SendingPlanForm(forms.ModelForm):
    sms_reminder_days = DaysField(label=_("SMS reminders (days after the invitation)"), required=False)
    email_reminder_days = DaysField(label=_("E-mail reminders (days after the invitation)"), required=False)
    window_weekdays = forms.TypedMultipleChoiceField(
        label=_("Sending days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    window_timezone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = SendingPlan
        fields = [
            "channel_preference",
            "sms_reminder_days",
            "email_reminder_days",
            "window_weekdays",
            "window_start",
            "window_end",
            "window_timezone",
            "retention_days",
        ]
        widgets = {
            "window_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "window_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window_timezone"].choices = [(zone, zone) for zone in sorted(available_timezones())]


@dataclass(frozen=True)
class Wave:
    step: int  # 0 = the invitation
    day: int
    channel: str
    due: datetime


def wave_calendar(survey: Survey, plan: SendingPlan, now: datetime) -> list[Wave]:
    """The calendar moment of every wave for invitations planned at the opening (or now, if later)."""
    window = Window.of(plan)
    base = max(survey.opens_at, now)
    waves = []
    for channel in (Channel.SMS, Channel.EMAIL):
        waves.append(Wave(0, 0, channel, window.next_open(base)))
        for step, day in enumerate(plan.reminder_days(channel), start=1):
            due = window.next_open(add_local_days(base, day, window.timezone))
            if due < survey.closes_at:
                waves.append(Wave(step, day, channel, due))
    return waves


def next_send(survey: Survey, plan: SendingPlan, now: datetime) -> datetime | None:
    """When the next message goes out: the earliest waiting one, no earlier than the window opens."""
    if plan.paused or survey.is_closed(now):
        return None
    due = (
        Message.objects.filter(survey=survey, status=MessageStatus.PENDING)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if due is None:
        return None
    return Window.of(plan).next_open(max(due, now, survey.opens_at))
