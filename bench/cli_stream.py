"""Benchmark of ``danvan-rules score --format jsonl`` on a large JSON Lines file.

Run it from the repository root, with the library installed::

    python bench/cli_stream.py [--reports N]

It writes N reports (default 100 000) of the 5-criterion scorecard of
``bench/score.py`` as JSON Lines, with that rule set as a TOML file, then runs
in fresh processes, each timed on the wall clock with its peak memory (the
child's maximum resident set size):

1. ``danvan-rules score --ruleset scorecard.toml --format jsonl reports.jsonl``,
   its output to a file;
2. a plain reference: the same lines read with ``json.loads``, the total and band
   computed by ``bench/score.py``'s reference, and written with ``json.dumps``.

It checks that the command scored every report (one line out per line in) and
prints both numbers, their ratio, and the issue #9 targets (≤ 5 s, ≤ 150 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score as fixture

from danvan_rules import ruleset_to_toml

_REFERENCE = """
import json, sys
from decimal import Decimal
sys.path.insert(0, {bench!r})
import score as fixture
with open({source!r}, encoding="utf-8") as lines, open({target!r}, "w", encoding="utf-8") as out:
    for line in lines:
        data = json.loads(line)
        report = {{
            "points": {{k: Decimal(v) for k, v in data["self_scores"].items()}},
            "bonus": Decimal(data["bonuses"][fixture.BONUS_CODE]),
            "count": data["facts"][fixture.COUNT_FACT],
            "veto": data["facts"][fixture.VETO_FACT],
        }}
        total, band = fixture.reference_score(report)
        out.write(json.dumps({{"unit_id": data["unit_id"], "total": str(total), "band": band}}))
        out.write("\\n")
"""


def _write_reports(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i, ref in enumerate(fixture.random_reports(count, seed=fixture.SEED + 3)):
            report = fixture.to_unit_report(i, ref)
            data = {
                "unit_id": report.unit_id,
                "unit_name": report.unit_name,
                "category": report.category,
                "year": report.year,
                "province": report.province,
                "self_scores": {k: str(v) for k, v in report.self_scores.items()},
                "facts": dict(report.facts),
                "bonuses": {k: str(v) for k, v in report.bonuses.items()},
            }
            out.write(json.dumps(data, ensure_ascii=False) + "\n")


_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(json.loads(sys.argv[1]), check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run(argv: Sequence[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command, measured in a fresh parent."""
    done = subprocess.run(  # noqa: S603 - our own commands
        [sys.executable, "-c", _MEASURE, json.dumps(list(argv))],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib) / 1024  # ru_maxrss is in KiB on Linux


def main(argv: Sequence[str] | None = None) -> int:
    """Write the input, run the command and the reference, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=100_000, metavar="N")
    args = parser.parse_args(argv)
    random.seed(fixture.SEED)
    command = str(Path(sysconfig.get_path("scripts")) / "danvan-rules")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        reports, ruleset = base / "reports.jsonl", base / "scorecard.toml"
        _write_reports(reports, args.reports)
        ruleset.write_text(ruleset_to_toml(fixture.build_ruleset()), encoding="utf-8")
        out = base / "out.jsonl"
        lib_s, lib_mb = _run(
            [
                "sh",
                "-c",
                f'"{command}" score --ruleset "{ruleset}" --format jsonl "{reports}" > "{out}"',
            ]
        )
        lines = out.read_text(encoding="utf-8").splitlines()
        if len(lines) != args.reports or any('"status":"invalid"' in line for line in lines):
            print(f"MISMATCH: {len(lines)} lines out for {args.reports} in, or invalid reports")
            return 1
        first = json.loads(lines[0])
        ref_out = base / "ref.jsonl"
        code = _REFERENCE.format(
            bench=str(Path(__file__).resolve().parent), source=str(reports), target=str(ref_out)
        )
        ref_s, ref_mb = _run([sys.executable, "-c", code])
        expected = json.loads(ref_out.open(encoding="utf-8").readline())
        if (first["total"], first["band"]) != (expected["total"], expected["band"]):
            print(f"MISMATCH: first report {first['total']} {first['band']} vs {expected}")
            return 1
    n = args.reports
    print(f"danvan-rules score --format jsonl, {n:,} reports, {os.cpu_count()} CPUs")
    if n == 100_000:
        targets = (
            f"   (targets ≤ 5 s: {'met' if lib_s <= 5 else 'NOT met'}, "
            f"≤ 150 MB: {'met' if lib_mb <= 150 else 'NOT met'})"
        )
    else:
        targets = "   (the targets, ≤ 5 s and ≤ 150 MB, are for 100,000 reports)"
    print(
        f"  command:   {lib_s:7.2f} s  {n / lib_s:>10,.0f} reports/s  peak {lib_mb:6.0f} MB"
        + targets
    )
    print(f"  reference: {ref_s:7.2f} s  {n / ref_s:>10,.0f} reports/s  peak {ref_mb:6.0f} MB")
    print(f"  command / reference: {lib_s / ref_s:.1f}× the time")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
