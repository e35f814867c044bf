from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Cross-cutting infrastructure shared by every app; no models of its own."""

    name = "common"
    verbose_name = "Common"
