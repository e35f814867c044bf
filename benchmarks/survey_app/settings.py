"""The product's settings plus a bare view for comparison (benchmark only)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.survey_app.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "survey_app" / "templates"]  # noqa: F405
