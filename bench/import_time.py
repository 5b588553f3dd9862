"""How long ``import danvan_rules`` and the registry's first and cached look-ups take.

Run it from the repository root, with the library installed::

    python bench/import_time.py [--runs N] [--quick]

It prints, for fresh interpreters of this Python:

1. the median wall time of ``python -c pass``, of ``python -c "import json,
   decimal"`` and of ``python -c "import danvan_rules"`` over N runs each (the
   commands interleaved, so that load on the machine falls on all three), and
   the import's cost as the difference to ``pass`` next to the target (≤ 50 ms)
   and as a ratio to ``json, decimal``; each with bytecode cached (a temporary
   ``PYTHONPYCACHEPREFIX``, filled by an untimed run, as for an installed
   application) and as this environment runs it (where
   ``PYTHONDONTWRITEBYTECODE`` is set and an editable install has no
   ``__pycache__``, every run recompiles the library's sources);
2. the same import timed inside the child (``perf_counter`` around the
   ``import`` statement alone), which leaves out interpreter start-up noise;
3. in one fresh interpreter, ``rulesets.get`` on its first call (reading and
   parsing every data file, building one rule set) and once cached, and
   ``in_force``, ``for_year`` and ``for_report`` cached, in µs.

Nothing fails on a missed target: it is printed as ``NOT met``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from typing import Final

TARGET_MS: Final = 50.0
COMMANDS: Final = {
    "pass": "pass",
    "json, decimal": "import json, decimal",
    "danvan_rules": "import danvan_rules",
}
IN_CHILD: Final = (
    "import time\n"
    "t = time.perf_counter_ns()\n"
    "import danvan_rules\n"
    "print(time.perf_counter_ns() - t)\n"
)
REGISTRY: Final = """
import datetime as dt, json, time, timeit
from danvan_rules import report_from_json, rulesets

code, n = "example/dan-van-2024", {calls}
with open("examples/tot.json", encoding="utf-8") as stream:
    report = report_from_json(stream.read())
rulesets.available  # the module is loaded: the import is not timed below
t = time.perf_counter_ns()
rulesets.get(code)
first = (time.perf_counter_ns() - t) / 1e3


def per_call(call):
    return min(timeit.repeat(call, number=n, repeat=5)) / n * 1e6


def cold():
    rulesets.clear_cache()
    rulesets.get(code)


print(json.dumps({{
    "get, first call": first,
    "get, after clear_cache()": min(timeit.repeat(cold, number=1, repeat=5)) * 1e6,
    "get, cached": per_call(lambda: rulesets.get(code)),
    "in_force, cached": per_call(lambda: rulesets.in_force("example", on=dt.date(2024, 12, 31))),
    "for_year, cached": per_call(lambda: rulesets.for_year("example", 2024)),
    "for_report, cached": per_call(lambda: rulesets.for_report(report)),
}}))
"""


def _run(code: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter and fixed code
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )


def measure(runs: int, env: Mapping[str, str]) -> tuple[dict[str, list[float]], list[float]]:
    """Wall ms of each command's runs, and the in-child ms of the import, interleaved run by run."""
    for code in (*COMMANDS.values(), IN_CHILD):
        _run(code, env)  # untimed: fills a bytecode cache when there is one
    wall: dict[str, list[float]] = {name: [] for name in COMMANDS}
    inside: list[float] = []
    for _ in range(runs):
        for name, code in COMMANDS.items():
            start = time.perf_counter()
            _run(code, env)
            wall[name].append((time.perf_counter() - start) * 1e3)
        inside.append(int(_run(IN_CHILD, env).stdout) / 1e6)
    return wall, inside


def report_import(label: str, runs: int, env: Mapping[str, str]) -> None:
    """Print the wall times, the import's cost against ``pass`` and ``json, decimal``."""
    times, inside = measure(runs, env)
    wall = {name: statistics.median(values) for name, values in times.items()}
    cost = wall["danvan_rules"] - wall["pass"]
    reference = wall["json, decimal"] - wall["pass"]
    met = "met" if cost <= TARGET_MS else "NOT met"
    print(f"{label}:")
    for name, code in COMMANDS.items():
        best = min(times[name])
        print(f"  python -c {code!r:24} {wall[name]:8.1f} ms   median of {runs}, best {best:.1f}")
    print(f"  import json, decimal {reference:33.1f} ms   medians, over `pass`")
    print(
        f"  import danvan_rules {cost:34.1f} ms   medians, over `pass`; "
        f"target ≤ {TARGET_MS:.0f} ms: {met}"
    )
    ratio = f"{cost / reference:.1f}×" if reference > 0 else "n/a (reference below noise)"
    print(f"  danvan_rules / json, decimal {ratio:>25}")
    print(
        f"  import danvan_rules, in the child {statistics.median(inside):20.1f} ms   "
        f"median of {runs}, best {min(inside):.1f}"
    )


def report_registry(calls: int) -> None:
    """Print the registry's first and cached look-ups, measured in one fresh interpreter."""
    found = json.loads(_run(REGISTRY.format(calls=calls), os.environ).stdout)
    print("registry (one fresh interpreter):")
    for name, micros in found.items():
        print(f"  rulesets.{name:34} {micros:12,.1f} µs")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="fresh interpreters per command")
    parser.add_argument("--quick", action="store_true", help="3 runs and few calls, for tests")
    args = parser.parse_args(argv)
    runs, calls = (3, 100) if args.quick else (args.runs, 2_000)
    print(
        f"import-time benchmark: Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="danvan-bench-pyc-") as cache:
        cached = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        report_import("bytecode cached (as installed)", runs, cached)
    report_import("as this environment runs it", runs, os.environ)
    report_registry(calls)
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (other processes skew timings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
