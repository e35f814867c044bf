"""Benchmark of analys.core: the library against a hand-vectorised numpy baseline.

Run: .venv/bin/python benchmarks/bench_analys.py [--quick]

Each case runs in its own subprocess so that its peak RSS (ru_maxrss) is its
own. Cases:
  data      only builds the synthetic survey (the memory floor of the others)
  library   analyse(): six single groupings, correlation effects, analytic
            intervals (n above the threshold), no bootstrap
  baseline  the same figures (question means, area indices, group means,
            correlations) written directly in numpy
  boot72-*  analyse() on 72 respondents with 1000 bootstrap resamples, per
            effect method (the < 2 s target is for correlation)
Writes benchmarks/results/analys.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    ("q1", "NKI"),
    ("q2", "NKI"),
    ("q3", "NKI"),
    ("q4", "Mål"),
    ("q5", "Mål"),
    ("q6", "Mål"),
    ("q7", "Arbetsplats"),
    ("q8", "Arbetsplats"),
    ("q9", "Utveckling"),
    ("q10", "Utveckling"),
    ("q11", "Utveckling"),
]
DIMS = ("gender", "age_group", "programme", "provider", "status", "language")
DIM_VALUES = {
    "gender": ["kvinna", "man", None],
    "age_group": ["under 18", "18-24", "25-39", "40-59", "60+"],
    "programme": ["Jobbpeng grund", "Förstärkt jobbpeng", "SAI"],
    "provider": [f"Anordnare {i:02d}" for i in range(20)] + [None],
    "status": ["pågående", "avslutad"],
    "language": ["sv", "en", "ar", "prs"],
}
METHODS = ("correlation", "regression", "lmg")
FULL_N = 1_000_000
QUICK_N = 100_000
REPEATS = 3
TARGETS = {"ratio": 2.0, "seconds": 5.0, "rss_mb": 2048.0, "boot_seconds": 2.0}


def make_survey(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {}
    for dim, values in DIM_VALUES.items():
        labels = np.array(values, dtype=object)
        data[dim] = labels[rng.integers(0, len(labels), size=n)]
    tendency = rng.normal(size=n)
    for code, area in QUESTIONS:
        answers = np.clip(np.rint(3.6 + tendency + rng.normal(scale=0.9, size=n)), 1, 5)
        missing = 0.35 if area == "Arbetsplats" else 0.08
        answers[rng.random(n) < missing] = np.nan
        data[code] = answers
    return pd.DataFrame(data)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_library(df: pd.DataFrame) -> dict:
    from analys.core import analyse

    return analyse(df, QUESTIONS, dims=DIMS, method="correlation", bootstrap=1000)


def run_baseline(df: pd.DataFrame) -> dict:
    """The same figures in plain vectorised numpy, nothing else."""
    codes = [c for c, _ in QUESTIONS]
    x = df[codes].to_numpy(dtype=np.float64)
    valid = ~np.isnan(x)
    filled = np.where(valid, x, 0.0)
    columns = {c: j for j, c in enumerate(codes)}
    areas: dict[str, list[int]] = {}
    for code, area in QUESTIONS:
        areas.setdefault(area, []).append(columns[code])

    def score(cols: list[int]) -> np.ndarray:
        count = valid[:, cols].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = filled[:, cols].sum(axis=1) / count
        return np.where(count * 2 >= len(cols), s, np.nan)

    scores = np.column_stack([score(cols) for cols in areas.values()])
    values = np.column_stack([x, scores])
    ok = ~np.isnan(values)
    vals = np.asfortranarray(np.where(ok, values, 0.0))
    okf = np.asfortranarray(ok.astype(np.float64))
    out: dict = {
        "questions": (vals[:, : len(codes)].sum(0) / okf[:, : len(codes)].sum(0)).tolist(),
        "areas": (vals[:, len(codes) :].sum(0) / okf[:, len(codes) :].sum(0)).tolist(),
        "groups": {},
    }
    for dim in DIMS:
        group, uniques = pd.factorize(df[dim], sort=True)
        group = np.where(group < 0, len(uniques), group)
        size = len(uniques) + 1
        sums = np.column_stack([np.bincount(group, weights=vals[:, j], minlength=size) for j in range(vals.shape[1])])
        counts = np.column_stack([np.bincount(group, weights=okf[:, j], minlength=size) for j in range(vals.shape[1])])
        with np.errstate(invalid="ignore", divide="ignore"):
            out["groups"][dim] = (sums / counts)[counts[:, 0] > 0].tolist()
    nki = areas["NKI"]
    effects = []
    for code in codes:
        j = columns[code]
        y = score([c for c in nki if c != j]) if j in nki else scores[:, 0]
        m = valid[:, j] & ~np.isnan(y)
        xs, ys = x[m, j], y[m]
        dx, dy = xs - xs.mean(), ys - ys.mean()
        effects.append(float(dx @ dy / np.sqrt((dx @ dx) * (dy @ dy))))
    out["effects"] = effects
    return out


def library_figures(result) -> dict:
    """The library result (an AnalysisResult) reduced to the baseline's figures, for the agreement check."""
    return {
        "questions": [q.mean for q in result.questions],
        "areas": [a.mean for a in result.areas.values()],
        "effects": [q.effect for q in result.questions],
        "groups": {
            dim: [
                [
                    *[f.mean for f in g.questions.values()],
                    *[f.mean for f in g.areas.values()],
                ]
                for g in result.groups[dim]
            ]
            for dim in DIMS
        },
    }


def child(case: str, n: int, out: Path) -> None:
    if case.startswith("boot72"):
        from analys.core import analyse

        method = case.split("-")[1]
        df = make_survey(72, seed=72)
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            analyse(df, QUESTIONS, dims=DIMS, method=method, bootstrap=1000, seed=1)
            times.append(time.perf_counter() - start)
        out.write_text(json.dumps({"times": times, "rss_mb": peak_rss_mb()}))
        return
    df = make_survey(n)
    if case == "data":
        out.write_text(json.dumps({"times": [0.0], "rss_mb": peak_rss_mb()}))
        return
    func = run_library if case == "library" else run_baseline
    if case == "library":
        import analys.core  # noqa: F401  (import time is not analysis time)
    times = []
    result = None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = func(df)
        times.append(time.perf_counter() - start)
    figures = library_figures(result) if case == "library" else result
    extra = {"uncertainty_method": str(result.uncertainty_method)} if case == "library" else {}
    out.write_text(json.dumps({"times": times, "rss_mb": peak_rss_mb(), "figures": figures, **extra}))


def run_child(case: str, n: int) -> dict:
    out = ROOT / "benchmarks" / "results" / f".{case}.json"
    subprocess.run(
        [sys.executable, __file__, "--child", case, "--n", str(n), "--out", str(out)],
        check=True,
        cwd=ROOT,
    )
    data = json.loads(out.read_text())
    out.unlink()
    return data


def max_difference(a: object, b: object) -> float:
    if isinstance(a, dict):
        return max((max_difference(a[k], b[k]) for k in a), default=0.0)
    if isinstance(a, list):
        assert len(a) == len(b), "figure lists differ in length"
        return max((max_difference(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    if a is None or b is None or (isinstance(b, float) and np.isnan(b)):
        return 0.0 if (a is None or np.isnan(a)) and (b is None or np.isnan(b)) else np.inf
    return abs(float(a) - float(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N} instead of {FULL_N}")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.out)
        return
    n = QUICK_N if args.quick else FULL_N
    data = run_child("data", n)
    library = run_child("library", n)
    baseline = run_child("baseline", n)
    boot = {method: run_child(f"boot72-{method}", 72) for method in METHODS}
    for case in (library, baseline, *boot.values()):
        case["seconds"] = min(case["times"])
        case["first"] = case["times"][0]
    difference = max_difference(library["figures"], baseline["figures"])
    ratio = library["seconds"] / baseline["seconds"]
    checks = {
        "ratio": ratio <= TARGETS["ratio"],
        "seconds": library["first"] < TARGETS["seconds"],
        "rss": library["rss_mb"] < TARGETS["rss_mb"],
        "boot": boot["correlation"]["first"] < TARGETS["boot_seconds"],
        "agree": difference < 1e-9,
    }
    yes = {True: "met", False: "NOT met"}
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "benchmarks/bench_analys.py" + (" --quick" if args.quick else "")
    machine = (
        f"Machine: nproc {len(os.sched_getaffinity(0))} ({os.cpu_count()} CPUs), "
        f"{platform.machine()}, {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}."
    )
    survey = (
        f"Survey: {n:,} respondents x {len(QUESTIONS)} questions, single groupings "
        f"{', '.join(DIMS)}; correlation effects; library uncertainty: "
        f"{library.get('uncertainty_method')}. Each case runs {REPEATS} times in its own "
        "process: 'first' is the first call, 'best' the fastest; peak RSS is the "
        "process's ru_maxrss, the synthetic data included. The time target is checked "
        "on the first call, the ratio on the best calls."
    )
    lines = [
        "# analys.core benchmark",
        "",
        f"Generated by `{command}` on {now}.",
        "",
        machine,
        "",
        survey,
        "",
        "| case | first (s) | best (s) | peak RSS (MB) | target | result |",
        "|---|---:|---:|---:|---|---|",
        f"| data only (memory floor) | - | - | {data['rss_mb']:.0f} | - | - |",
    ]
    lines.append(
        f"| library `analyse()` | {library['first']:.3f} | {library['seconds']:.3f} "
        f"| {library['rss_mb']:.0f} | < {TARGETS['seconds']:.0f} s, "
        f"< {TARGETS['rss_mb']:.0f} MB | {yes[checks['seconds']]}, {yes[checks['rss']]} |"
    )
    lines.append(
        f"| numpy baseline | {baseline['first']:.3f} | {baseline['seconds']:.3f} | {baseline['rss_mb']:.0f} | - | - |"
    )
    lines.append(
        f"| ratio library / baseline | - | {ratio:.2f} | - | <= {TARGETS['ratio']:.0f} | {yes[checks['ratio']]} |"
    )
    for method, case in boot.items():
        target = f"< {TARGETS['boot_seconds']:.0f} s" if method == "correlation" else "-"
        verdict = yes[checks["boot"]] if method == "correlation" else "-"
        lines.append(
            f"| 72 respondents, 1000 resamples, {method} | {case['first']:.3f} "
            f"| {case['seconds']:.3f} | {case['rss_mb']:.0f} | {target} | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"Largest difference between library and baseline figures: {difference:.3g} ({yes[checks['agree']]}: < 1e-9)."
    )
    lines.append("")
    report = "\n".join(lines)
    target = ROOT / "benchmarks" / "results" / "analys.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
