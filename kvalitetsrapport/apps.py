from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KvalitetsrapportConfig(AppConfig):
    name = "kvalitetsrapport"
    verbose_name = _("Providers' quality reports")
