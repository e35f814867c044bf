"""Rules of the code's shape (docs/architecture.md): small modules, and citations of the product's own docs."""

import re
import subprocess

from django.conf import settings

MAX_LINES = 500
EXEMPT = ("tests/", "benchmarks/")


def _tracked(*patterns: str) -> list[str]:
    out = subprocess.run(  # noqa: S603
        ["git", "ls-files", *patterns],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    )
    return out.stdout.split()


def test_no_module_of_the_product_is_over_500_lines():
    modules = [p for p in _tracked("*.py") if not p.startswith(EXEMPT) and "/migrations/" not in p]
    assert len(modules) > 100
    too_long = {}
    for path in modules:
        with open(settings.BASE_DIR / path, encoding="utf-8") as module:
            lines = sum(1 for _ in module)
        if lines > MAX_LINES:
            too_long[path] = lines
    assert too_long == {}


def test_the_code_cites_only_docs_that_the_repository_holds():
    cited = re.compile(r"\b(?:docs/)?([A-Za-z_-]+\.md)\b")
    held = {path.rsplit("/", 1)[-1] for path in _tracked()}
    missing = set()
    for path in _tracked("*.py", "*.html", "*.md"):
        text = (settings.BASE_DIR / path).read_text(encoding="utf-8")
        for name in cited.findall(text):
            if name not in held:
                missing.add(f"{path}: {name}")
    assert missing == set()
