"""axe-core (from npm, pinned in tests/enkat/axe/package-lock.json), for accessibility checks in the browser."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

AXE_DIR = Path(__file__).parent / "enkat" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def axe_script() -> Path:
    """axe.min.js, installed with `npm ci` from the lock file when missing."""
    if AXE_JS.exists():
        return AXE_JS
    in_ci = os.environ.get("CI", "").lower() == "true"
    npm = shutil.which("npm")
    if npm:
        result = subprocess.run(  # noqa: S603 - fixed command, our own directory
            [npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, capture_output=True, text=True, timeout=300
        )
        if result.returncode == 0 and AXE_JS.exists():
            return AXE_JS
        message = f"`npm ci` in {AXE_DIR} failed: {result.stderr[-500:]}"
    else:
        message = f"axe-core is missing and npm is not installed: run `npm ci` in {AXE_DIR}."
    if in_ci:
        pytest.fail(message)
    pytest.skip(message)


def serious_violations(page) -> list[str]:
    page.wait_for_load_state()  # a click may have only just started loading the page to check
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['targets']}" for v in result if v["impact"] in SERIOUS]
