from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysConfig(AppConfig):
    name = "analys"
    verbose_name = _("Analysis")
