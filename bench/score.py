"""Benchmark of danvan_rules' scorer against a plain-dict reference.

Run it from the repository root, with the library installed::

    python bench/score.py [--quick] [--profile]

It builds "the 5-criterion scorecard" (five leaves worth 20/25/20/20/15 points,
one category, a bonus of direct points capped at 5, a deduction of 2 points per
occurrence capped at 10, four bands and one veto) as a danvan_rules rule set
from the TOML below, and a plain-Python reference that computes the same total
and band on plain dicts of Decimals. It then:

1. checks that ``danvan_rules.score()`` and the reference agree (total and band)
   on random reports and hand-picked edge cases, and exits non-zero if not;
2. measures the median time per ``score()`` call and per reference call (µs);
3. measures the throughput of ``score_many()`` on pre-built ``UnitReport``
   objects and of the reference on the same data as dicts (units/s);
4. measures ``import danvan_rules`` in fresh interpreters (the clock runs in the
   child around the import alone) against a plain ``import decimal, json`` (ms);
5. with ``--profile``, runs cProfile over many ``score()`` calls and prints the
   functions with the most own time, and where ``_score`` spends its time.

Each number is printed next to its target (issue #9: score() ≤ 5 µs, the
explanation read ≤ 15 µs, score_many and iter_scores ≥ 250 000 units/s,
import ≤ 50 ms) with whether the target is met; missed targets
never fail the run. ``--quick`` uses small counts (10 000 reports, fewer
repeats) so that a test can run the script in seconds; the default is the full
run (100 000 reports). See ``bench/README.md`` for what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import re
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Final, TypedDict

import attrs

import danvan_rules
from danvan_rules import RuleSet, ScoreResult, UnitReport
from danvan_rules.scoring.score import iter_scores

# ---------------------------------------------------------------------- the fixture

#: The five leaf criteria and their maxes, in annex order (they add up to the scale).
CRITERIA: Final = (("TC1", 20), ("TC2", 25), ("TC3", 20), ("TC4", 20), ("TC5", 15))
CATEGORY: Final = "don-vi"
PROVINCE: Final = "bench"
YEAR: Final = 2024
BONUS_CODE: Final = "diem-thuong"
COUNT_FACT: Final = "so_vi_pham"
VETO_FACT: Final = "ky_luat"

RULESET_TOML: Final = """
code = "bench/scorecard-5"
province = "bench"
title_vi = "Bảng điểm 5 tiêu chí (dữ liệu đo hiệu năng)"
title_en = "The 5-criterion scorecard (benchmark fixture)"
illustrative = true
effective_from = 2024-01-01
scale = 100
notes = "Benchmark fixture: every value is assumed."

[instrument]
number = "BENCH-FIXTURE"
issuer = "danvan_rules benchmark fixture (không phải văn bản pháp luật)"

[rounding]
places = 2
mode = "half_up"

[[categories]]
code = "don-vi"
label_vi = "Đơn vị"
scorecard = "bang-5"

[[facts]]
name = "so_vi_pham"
kind = "count"
label_vi = "Số vi phạm trong năm"

[[facts]]
name = "ky_luat"
kind = "flag"
label_vi = "Người đứng đầu bị kỷ luật"

[[adjustments]]
kind = "bonus"
code = "diem-thuong"
label_vi = "Điểm thưởng"
cap = 5
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[adjustments]]
kind = "deduction"
code = "tru-vi-pham"
label_vi = "Trừ 2 điểm mỗi vi phạm, tối đa 10 điểm"
fact = "so_vi_pham"
points = 2
cap = 10
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[conditions]]
code = "ky-luat"
label_vi = "Người đứng đầu bị kỷ luật: xếp loại Không hoàn thành"
when = { kind = "flag", fact = "ky_luat" }
effect = { kind = "force", band = "khong-hoan-thanh" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[bands]]
code = "xuat-sac"
label_vi = "Hoàn thành xuất sắc"
min = 90
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[bands]]
code = "tot"
label_vi = "Hoàn thành tốt"
min = 70
below = 90
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[bands]]
code = "hoan-thanh"
label_vi = "Hoàn thành"
min = 50
below = 70
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[bands]]
code = "khong-hoan-thanh"
label_vi = "Không hoàn thành"
min = 0
below = 50
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[scorecards]]
code = "bang-5"
title_vi = "Bảng điểm 5 tiêu chí"

[[scorecards.criteria]]
code = "TC1"
title_vi = "Tiêu chí 1"
max = 20
measure = { kind = "points" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[scorecards.criteria]]
code = "TC2"
title_vi = "Tiêu chí 2"
max = 25
measure = { kind = "points" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[scorecards.criteria]]
code = "TC3"
title_vi = "Tiêu chí 3"
max = 20
measure = { kind = "points" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[scorecards.criteria]]
code = "TC4"
title_vi = "Tiêu chí 4"
max = 20
measure = { kind = "points" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }

[[scorecards.criteria]]
code = "TC5"
title_vi = "Tiêu chí 5"
max = 15
measure = { kind = "points" }
provenance = "assumed"
reference = { document = "benchmark fixture", note = "benchmark fixture: assumed" }
"""


def build_ruleset() -> RuleSet:
    """The 5-criterion scorecard as a rule set (linted by the library as it is built)."""
    ruleset = danvan_rules.ruleset_from_toml(RULESET_TOML)
    leaves = ruleset.scorecard_for(CATEGORY).leaves
    declared = tuple((leaf.code, int(leaf.max)) for leaf in leaves)
    if declared != CRITERIA:  # the TOML and the constants the data is drawn from must agree
        raise SystemExit(f"fixture mismatch: the TOML declares {declared}, CRITERIA is {CRITERIA}")
    return ruleset


# ---------------------------------------------------------------------- the reference

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")
BONUS_CAP: Final = Decimal(5)
DEDUCTION_PER_OCCURRENCE: Final = Decimal(2)
DEDUCTION_CAP: Final = Decimal(10)
VETO_BAND: Final = "khong-hoan-thanh"
#: (lowest total, band), highest band first; below the last floor: khong-hoan-thanh
BAND_FLOORS: Final = ((Decimal(90), "xuat-sac"), (Decimal(70), "tot"), (Decimal(50), "hoan-thanh"))


class RefReport(TypedDict):
    """A report as the reference reads it: a plain dict of Decimals."""

    points: dict[str, Decimal]
    bonus: Decimal
    count: int
    veto: bool


def reference_score(report: RefReport) -> tuple[Decimal, str]:
    """Total and band of the 5-criterion scorecard, computed directly.

    Sum of the points, plus the bonus capped at 5, minus 2 per occurrence capped
    at 10, not below 0, rounded half-up to 0.01; the band by the total, unless
    the veto flag forces khong-hoan-thanh.
    """
    total = (
        sum(report["points"].values(), ZERO)
        + min(report["bonus"], BONUS_CAP)
        - min(DEDUCTION_PER_OCCURRENCE * report["count"], DEDUCTION_CAP)
    )
    total = max(total, ZERO).quantize(CENT, rounding=ROUND_HALF_UP)
    if report["veto"]:
        return total, VETO_BAND
    for floor, band in BAND_FLOORS:
        if total >= floor:
            return total, band
    return total, VETO_BAND


# ---------------------------------------------------------------------- data

SEED: Final = 20240101
#: occurrence counts, drawn uniformly: mostly none, sometimes past the cap (6 × 2 > 10)
COUNTS: Final = (0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 8)


def _cents(rng: random.Random, top: float) -> Decimal:
    """A random Decimal with 2 places in 0..top."""
    return Decimal(rng.randint(0, round(top * 100))).scaleb(-2)


def random_reports(count: int, seed: int = SEED) -> list[RefReport]:
    """Valid random reports: totals spread over every band, some vetoed, some floored at 0."""
    rng = random.Random(seed)
    reports: list[RefReport] = []
    for _ in range(count):
        quality = rng.random()  # spreads totals from 0 to the max
        reports.append(
            {
                "points": {code: _cents(rng, top * quality) for code, top in CRITERIA},
                "bonus": ZERO if rng.random() < 0.5 else _cents(rng, 5),
                "count": rng.choice(COUNTS),
                "veto": rng.random() < 0.1,
            }
        )
    return reports


def edge_reports() -> list[RefReport]:
    """Totals exactly on and just under each band bound, the 0 floor, the veto, the top."""
    cases: list[tuple[tuple[str, ...], str, int, bool]] = [
        (("20", "25", "20", "20", "5"), "0", 0, False),  # 90.00: xuat-sac
        (("20", "25", "20", "20", "4.99"), "0", 0, False),  # 89.99: tot
        (("20", "25", "20", "20", "0"), "5", 0, False),  # 85 + 5 bonus = 90.00
        (("20", "25", "20", "5", "0"), "0", 0, False),  # 70.00
        (("20", "25", "20", "4.99", "0"), "0", 0, False),  # 69.99
        (("20", "25", "5", "0", "0"), "0", 0, False),  # 50.00
        (("20", "25", "5", "0", "0"), "0", 1, False),  # 50 - 2 = 48.00
        (("20", "25", "4.99", "0", "0"), "0", 0, False),  # 49.99
        (("3", "0", "0", "0", "0"), "0", 8, False),  # 3 - min(16, 10): floored at 0.00
        (("0", "0", "0", "0", "0"), "0", 0, False),  # 0.00
        (("20", "25", "20", "20", "15"), "5", 0, False),  # 105.00
        (("20", "25", "20", "20", "15"), "5", 0, True),  # 105.00, vetoed
    ]
    return [
        {
            "points": {code: Decimal(p) for (code, _), p in zip(CRITERIA, points, strict=True)},
            "bonus": Decimal(bonus),
            "count": count,
            "veto": veto,
        }
        for points, bonus, count, veto in cases
    ]


def to_unit_report(index: int, report: RefReport) -> UnitReport:
    """The same report as the library reads it."""
    return UnitReport(
        unit_id=f"u{index:06d}",
        unit_name=f"Đơn vị {index}",
        category=CATEGORY,
        year=YEAR,
        province=PROVINCE,
        self_scores=report["points"],
        facts={COUNT_FACT: report["count"], VETO_FACT: report["veto"]},
        bonuses={BONUS_CODE: report["bonus"]},
    )


# ---------------------------------------------------------------------- verification


def _mismatches(
    results: Sequence[ScoreResult | danvan_rules.ReportError], refs: Sequence[RefReport]
) -> list[str]:
    found = []
    for index, (result, ref) in enumerate(zip(results, refs, strict=True)):
        want_total, want_band = reference_score(ref)
        if isinstance(result, danvan_rules.ReportError):
            found.append(f"report {index}: the library refused it: {result}")
        elif (str(result.total), result.band_code) != (str(want_total), want_band):
            found.append(
                f"report {index} {ref}: library {result.total} {result.band_code}, "
                f"reference {want_total} {want_band}"
            )
    return found


def _fail_on(mismatches: list[str], what: str) -> None:
    if mismatches:
        shown = "\n  ".join(mismatches[:5])
        raise SystemExit(
            f"MISMATCH: {what}: {len(mismatches)} report(s) differ from the reference:\n  {shown}"
        )


def verify(ruleset: RuleSet, refs: Sequence[RefReport]) -> None:
    """Exit non-zero unless score() gives the reference's total and band on every report."""
    results: list[ScoreResult | danvan_rules.ReportError] = []
    for index, ref in enumerate(refs):
        try:
            results.append(danvan_rules.score(ruleset, to_unit_report(index, ref)))
        except danvan_rules.ReportError as exc:
            results.append(exc)
    _fail_on(_mismatches(results, refs), "score()")


# ---------------------------------------------------------------------- measurements


@attrs.frozen
class Settings:
    """How much work each measurement does (--quick makes it small)."""

    verify_reports: int  # random reports checked against the reference
    calls: int  # score() calls per timing sample
    repeat: int  # timing samples per call measurement (the median is reported)
    batch: int  # reports per score_many() run
    batch_repeat: int  # score_many() runs (the median is reported)
    import_runs: int  # fresh interpreters per import measurement
    profile_calls: int  # score() calls under cProfile


FULL: Final = Settings(1_000, 1_000, 7, 100_000, 3, 7, 20_000)
QUICK: Final = Settings(200, 200, 3, 10_000, 1, 3, 2_000)


@attrs.frozen
class Timing:
    """The median of repeated measurements, the one reported, and the best of them."""

    median: float
    best: float


def per_call_us(loop: Callable[[], object], calls: int, repeat: int) -> Timing:
    """Time per call in µs of ``loop``, which makes ``calls`` calls, over ``repeat`` samples.

    Uses ``timeit.repeat`` with ``time.perf_counter_ns`` (timeit turns the
    garbage collector off while it times, as usual).
    """
    loop()  # warm-up
    samples = timeit.repeat(loop, number=1, repeat=repeat, timer=time.perf_counter_ns)
    per_call = [ns / calls / 1_000 for ns in samples]
    return Timing(statistics.median(per_call), min(per_call))


def units_per_second(run: Callable[[], object], units: int, repeat: int) -> Timing:
    """Units per second of ``run`` (which handles ``units`` units) over ``repeat`` runs.

    The garbage collector stays on, as in an application.
    """
    rates = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        run()
        rates.append(units / ((time.perf_counter_ns() - start) / 1e9))
    return Timing(statistics.median(rates), max(rates))


#: Run in a fresh interpreter: the time of ``{statement}`` alone, in ns, on stdout.
IMPORT_PROBE: Final = (
    "import time; t = time.perf_counter_ns(); {statement}; print(time.perf_counter_ns() - t)"
)


def import_ms(statement: str, runs: int) -> Timing:
    """Time of ``statement`` (an import) in fresh interpreters, in ms, over ``runs`` runs.

    The clock runs inside each fresh interpreter around the statement alone, so
    interpreter start-up and its noise are left out. Bytecode is cached in a
    temporary ``PYTHONPYCACHEPREFIX`` (filled by an untimed first run), as it is
    for an installed application, even where the environment sets
    ``PYTHONDONTWRITEBYTECODE``; the repository is left untouched.
    """
    probe = IMPORT_PROBE.format(statement=statement)
    with tempfile.TemporaryDirectory(prefix="danvan-bench-pyc-") as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        def once() -> float:
            done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed statement
                [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
            )
            return int(done.stdout) / 1e6

        once()  # compiles into the cache
        times = [once() for _ in range(runs)]
    return Timing(statistics.median(times), min(times))


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _line(label: str, value: str, detail: str = "") -> None:
    print(f"{label:<28}{value:>18}   {detail}".rstrip())


# ---------------------------------------------------------------------- profile


def _short_paths(text: str) -> str:
    """Profile text with paths relative to the package, site-packages or the stdlib."""
    package_root = str(Path(danvan_rules.__file__).resolve().parent.parent)
    for prefix in (package_root, sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"]):
        text = text.replace(prefix + os.sep, "")
    return text


def _printed(profiler: cProfile.Profile, print_it: Callable[[pstats.Stats], object]) -> list[str]:
    """The non-blank lines pstats prints, paths shortened."""
    stream = io.StringIO()
    print_it(pstats.Stats(profiler, stream=stream))
    return [line for line in _short_paths(stream.getvalue()).splitlines() if line.strip()]


#: one callee row of ``print_callees``: ncalls (maybe "total/primitive"), tottime, cumtime, name
_CALLEE_ROW: Final = re.compile(r"(\d+(?:/\d+)?)\s+([\d.]+)\s+([\d.]+)\s+(\S.*)$")


def profile(ruleset: RuleSet, reports: Sequence[UnitReport], calls: int) -> None:
    """Print the top functions by own time over ``calls`` score() calls, and _score's callees."""
    score = danvan_rules.score
    profiler = cProfile.Profile()
    profiler.enable()
    for index in range(calls):
        score(ruleset, reports[index % len(reports)])
    profiler.disable()
    total = pstats.Stats(profiler).get_stats_profile().total_tt
    print(f"\nProfile of {calls:,} score() calls (cProfile: its overhead inflates small functions)")
    print(f"{total / calls * 1e6:,.1f} µs per score() under the profiler")

    top = _printed(profiler, lambda s: s.sort_stats("tottime").print_stats(12))
    heading = next(i for i, line in enumerate(top) if line.lstrip().startswith("ncalls"))
    print(f"{top[0].strip()} → {int(top[0].split()[0]) / calls:,.0f} function calls per score()")
    print("\nTop 12 functions by own time (tottime, seconds over all calls):")
    print("\n".join(top[heading:]))

    callees = _printed(profiler, lambda s: s.print_callees(r"score\.py:\d+\(_score\)"))
    rows = []
    for line in callees:
        found = _CALLEE_ROW.search(line.split("->")[-1])
        if found:
            ncalls, _tottime, cumtime, name = found.groups()
            rows.append((float(cumtime), ncalls, name))
    print("\nWhere score.py:_score spends its time: its callees by cumulative time")
    print(f"{'cumtime':>9} {'share':>6} {'ncalls':>12}  function")
    for cumtime, ncalls, name in sorted(rows, reverse=True):
        print(f"{cumtime:9.3f} {cumtime / total:6.1%} {ncalls:>12}  {name}")


# ---------------------------------------------------------------------- main


def _print_calls(
    ruleset: RuleSet, settings: Settings, refs: Sequence[RefReport], reports: Sequence[UnitReport]
) -> None:
    score = danvan_rules.score

    def library_loop() -> None:
        for report in reports:
            score(ruleset, report)

    def reference_loop() -> None:
        for ref in refs:
            reference_score(ref)

    def explained_loop() -> None:
        for report in reports:
            result = score(ruleset, report)
            _ = (result.lines, result.gap, result.warnings, result.audit)

    lib = per_call_us(library_loop, settings.calls, settings.repeat)
    full = per_call_us(explained_loop, settings.calls, settings.repeat)
    ref = per_call_us(reference_loop, settings.calls, settings.repeat)
    how = f"median of {settings.repeat} × {settings.calls:,} calls"
    _line(
        "score() per call",
        f"{lib.median:,.2f} µs",
        f"target ≤ 5 µs: {_verdict(lib.median <= 5)}; {how}, best {lib.best:,.2f}",
    )
    _line(
        "score() + explanation read",
        f"{full.median:,.2f} µs",
        f"target ≤ 15 µs: {_verdict(full.median <= 15)}; lines, gap, warnings, audit; {how}",
    )
    _line("reference per call", f"{ref.median:,.2f} µs", f"{how}, best {ref.best:,.2f}")
    _line("score() / reference", f"{lib.median / ref.median:,.1f}×", "time per call, medians")


def _print_throughput(ruleset: RuleSet, settings: Settings) -> None:
    refs = random_reports(settings.batch, seed=SEED + 2)
    reports = [to_unit_report(i, ref) for i, ref in enumerate(refs)]
    _fail_on(_mismatches(tuple(danvan_rules.score_many(ruleset, reports)), refs), "score_many()")
    print(f"check: score_many() == reference on {len(refs):,} reports: ok")

    lib = units_per_second(
        lambda: danvan_rules.score_many(ruleset, reports), settings.batch, settings.batch_repeat
    )
    ref = units_per_second(
        lambda: [reference_score(item) for item in refs], settings.batch, settings.batch_repeat
    )
    streamed = units_per_second(
        lambda: sum(1 for _ in iter_scores(ruleset, iter(reports))),
        settings.batch,
        settings.batch_repeat,
    )
    how = f"{settings.batch:,} reports, median of {settings.batch_repeat}"
    _line(
        "score_many() throughput",
        f"{lib.median:,.0f} units/s",
        f"target ≥ 250,000 units/s: {_verdict(lib.median >= 250_000)}; {how}, best {lib.best:,.0f}",
    )
    _line(
        "iter_scores() throughput",
        f"{streamed.median:,.0f} units/s",
        f"target ≥ 250,000 units/s: {_verdict(streamed.median >= 250_000)}; {how}, consumed",
    )
    _line("reference throughput", f"{ref.median:,.0f} units/s", f"{how}, best {ref.best:,.0f}")
    _line("reference / score_many()", f"{ref.median / lib.median:,.1f}×", "throughput, medians")


#: The bundled example reports that score (every band, a veto, an appraisal, an ineligible unit).
_EXAMPLE_REPORTS: Final = (
    "xuat-sac.json",
    "tot.json",
    "hoan-thanh.json",
    "khong-hoan-thanh.json",
    "khong-du-dieu-kien.json",
    "tham-dinh.json",
    "veto.json",
)


def _print_example(settings: Settings) -> None:
    """The same measures on the illustrative rule set and its example reports (no reference)."""
    ruleset = danvan_rules.rulesets.get("example/dan-van-2024")
    folder = Path(__file__).resolve().parent.parent / "examples"
    base = [danvan_rules.load_report(folder / name) for name in _EXAMPLE_REPORTS]
    reports = (base * (settings.calls // len(base) + 1))[: settings.calls]
    score = danvan_rules.score

    def library_loop() -> None:
        for report in reports:
            score(ruleset, report)

    def explained_loop() -> None:
        for report in reports:
            result = score(ruleset, report)
            _ = (result.lines, result.gap, result.warnings, result.audit)

    lib = per_call_us(library_loop, settings.calls, settings.repeat)
    full = per_call_us(explained_loop, settings.calls, settings.repeat)
    batch = (base * (settings.batch // len(base) + 1))[: settings.batch]
    many = units_per_second(
        lambda: danvan_rules.score_many(ruleset, batch), settings.batch, settings.batch_repeat
    )
    how = f"median of {settings.repeat} × {settings.calls:,} calls"
    print(
        f"rule set {ruleset.code}: {len(ruleset.scorecards[0].criteria)} criteria in its first "
        f"scorecard, {len(ruleset.conditions)} conditions; the {len(base)} example reports "
        "(no plain reference: it would re-implement the rule set)"
    )
    _line("score() per call", f"{lib.median:,.2f} µs", f"{how}, best {lib.best:,.2f}")
    _line("score() + explanation read", f"{full.median:,.2f} µs", how)
    _line(
        "score_many() throughput",
        f"{many.median:,.0f} units/s",
        f"{settings.batch:,} reports, median of {settings.batch_repeat}",
    )


def _print_imports(settings: Settings) -> None:
    lib = import_ms("import danvan_rules", settings.import_runs)
    ref = import_ms("import decimal, json", settings.import_runs)
    how = f"fresh interpreters, bytecode cached, median of {settings.import_runs}"
    _line(
        "import danvan_rules",
        f"{lib.median:,.1f} ms",
        f"target ≤ 50 ms: {_verdict(lib.median <= 50)}; {how}, best {lib.best:,.1f}",
    )
    _line("import decimal, json", f"{ref.median:,.1f} ms", f"{how}, best {ref.best:,.1f}")
    _line("danvan_rules / reference", f"{lib.median / ref.median:,.1f}×", "import time, medians")


def main(argv: Sequence[str] | None = None) -> int:
    """Check, measure and print; 0 unless the library disagrees with the reference."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small counts, for tests")
    parser.add_argument("--profile", action="store_true", help="also profile score()")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL

    print(
        f"danvan_rules {danvan_rules.__version__} benchmark, {'quick' if args.quick else 'full'} "
        f"run: Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    ruleset = build_ruleset()
    print(
        f"rule set {ruleset.code}: 5 criteria (20/25/20/20/15), bonus cap 5, "
        f"deduction 2/occurrence cap 10, 4 bands, 1 veto; {ruleset.assumed_values} assumed values"
    )

    refs = random_reports(settings.verify_reports) + edge_reports()
    verify(ruleset, refs)  # exits non-zero on any difference
    print(f"check: score() == reference (total and band) on {len(refs):,} reports: ok\n")

    call_refs = random_reports(settings.calls, seed=SEED + 1)
    reports = [to_unit_report(i, ref) for i, ref in enumerate(call_refs)]
    _print_calls(ruleset, settings, call_refs, reports)
    print()
    _print_throughput(ruleset, settings)
    print()
    _print_example(settings)
    print()
    _print_imports(settings)
    if args.profile:
        profile(ruleset, reports, settings.profile_calls)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} (other processes skew timings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
