"""Every benchmark of ``bench/``, one after the other, in one command.

Run it from the repository root, with the library installed (the ``columns``
extra for the columnar benchmark)::

    python bench/all.py [--quick]

It runs, each in its own process so that none skews another's memory or
import timings: ``score.py`` (``score()``, the explanation read,
``score_many`` and ``iter_scores`` against a plain-dict reference, the example
rule set, the import), ``columns.py`` (the exact columnar path against a
plain-dict loop and a NumPy float loop, with the units where floats put a unit
in another band), ``cli_stream.py`` (the command line on a JSON Lines file),
``import_time.py`` (the import and the registry) and, last, ``table.py`` (every
measure of issue #9 §5 in one table, on both rule sets, with the same
``--quick`` flag). It exits with the first non-zero status (a mismatch with a
reference), after running them all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Each script, with its arguments for a full run and for a quick one.
SCRIPTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("score.py", (), ("--quick",)),
    ("columns.py", (), ("--quick",)),
    ("cli_stream.py", (), ("--reports", "10000")),
    ("import_time.py", (), ("--quick",)),
    ("table.py", (), ("--quick",)),  # last: the summary of all the measures
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark; the first non-zero exit status, or 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small counts")
    args = parser.parse_args(argv)
    status = 0
    for name, full, quick in SCRIPTS:
        command = [sys.executable, str(HERE / name), *(quick if args.quick else full)]
        print(f"\n$ python bench/{name} {' '.join(quick if args.quick else full)}".rstrip())
        sys.stdout.flush()
        done = subprocess.run(command, check=False)  # noqa: S603 - our own scripts
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
