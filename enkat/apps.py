from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnkatConfig(AppConfig):
    name = "enkat"
    verbose_name = _("Customer survey")
