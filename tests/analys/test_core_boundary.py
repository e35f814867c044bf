"""The analysis core stays plain pandas/numpy: no Django, no dimension vocabulary of its own."""

import ast
import subprocess
import sys
from pathlib import Path

from django.utils import translation

from enkat.models import GroupSnapshot
from register.dimensions import (
    DIMENSION_CODES,
    DIMENSIONS,
    SNAPSHOT_FIELDS,
    WEIGHTING_DIMENSIONS,
    dim_label,
    value_label,
)
from tests.analys.core_as_dict import DIMS, WEIGHTING_DIMS

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "analys" / "core"


def test_importing_and_running_the_core_loads_no_django():
    script = (
        "import sys\n"
        "import pandas as pd\n"
        "from analys.core import analyse\n"
        "frame = pd.DataFrame({'gender': ['kvinna', 'man'], 'q1': [4, 5], 'q2': [3, 5]})\n"
        "analyse(frame, [('q1', 'NKI'), ('q2', 'NKI')], dims=['gender'], bootstrap=10).to_dict()\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PATH": ""}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_django_or_the_apps():
    forbidden = ("django", "register", "enkat", "utskick", "kvalitetsrapport")
    for path in sorted(CORE.glob("*.py")):
        for name in _imported_modules(path):
            assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
            assert not name.startswith("analys.") or name.startswith("analys.core"), f"{path.name} imports {name}"


def test_the_vocabulary_matches_the_snapshot_model_and_the_core_tests():
    fields = {f.name for f in GroupSnapshot._meta.get_fields()}
    assert set(SNAPSHOT_FIELDS) <= fields
    assert len(set(DIMENSION_CODES)) == len(DIMENSIONS) == len(set(SNAPSHOT_FIELDS))
    assert set(WEIGHTING_DIMENSIONS) <= set(DIMENSION_CODES)
    # The core tests pass the dimensions as plain strings: the same ones.
    assert DIMS == DIMENSION_CODES and WEIGHTING_DIMS == WEIGHTING_DIMENSIONS


def test_every_dimension_and_known_value_has_its_swedish_label():
    def labels() -> list[str]:
        shown = [dim_label(d.code) for d in DIMENSIONS]
        return shown + [value_label(d.code, code) for d in DIMENSIONS for code in d.codes]

    with translation.override("sv"):
        assert labels() == [
            "Kön",
            "Åldersgrupp",
            "Insatstyp",
            "Anordnare",
            "Pågående eller avslutad",
            "Språk",
            "Kvinna",
            "Man",
            "Annat",
            "Pågående",
            "Avslutad",
            "svenska",
            "engelska",
            "arabiska",
            "dari",
            "somaliska",
            "tigrinja",
            "ukrainska",
        ]
