from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UtskickConfig(AppConfig):
    name = "utskick"
    verbose_name = _("Invitations and reminders")
