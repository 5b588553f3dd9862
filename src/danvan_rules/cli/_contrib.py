"""The contributor's verbs: ``test`` (golden cases) and ``check`` (the contract).

Both load :mod:`danvan_rules.testing` when they run, and only then: nothing
else in the library imports the kit. ``test`` needs no optional dependency;
``check`` needs the ``testing`` extra, and says so when it is missing.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from danvan_rules.errors import DanvanError, DataError, MissingExtraError

from ._common import INVALID, OK, UsageError, emit, lang_of, print_problems, read_ruleset

__all__ = ["check", "test"]


def _kit() -> ModuleType:
    """The test kit, loaded on use (the CLI must not import it at start).

    This is the one import of the kit inside the library, declared as such in
    the import-linter contract of pyproject.toml.
    """
    from danvan_rules import testing

    return testing


def _case_files(paths: list[str]) -> Iterator[Path]:
    """Each file named, and every ``*.toml`` file under each folder named, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"no such file or folder: {name}")


def _run_case(kit: ModuleType, case: Any, args: argparse.Namespace, out: TextIO) -> bool:
    """Run one case; print it unless it passes quietly. Whether it passed."""
    try:
        case.run()
    except kit.CaseFailure as exc:
        emit(out, f"FAIL {case.id}")
        for mismatch in exc.mismatches:
            emit(out, f"  {mismatch}")
    except DanvanError as exc:  # could not score at all: an error, shown as one
        emit(out, f"ERROR {case.id}")
        text = exc.render(lang_of(args)) if isinstance(exc, DataError) else str(exc)
        for line in text.split("\n"):
            emit(out, f"  {line}")
    except Exception as exc:  # noqa: BLE001 - a crash is one failed case, not the end of the run
        emit(out, f"ERROR {case.id}")
        emit(out, f"  {type(exc).__name__}: {exc}")
    else:
        if args.verbose:
            emit(out, f"ok   {case.id}")
        return True
    return False


def test(args: argparse.Namespace, out: TextIO) -> int:
    """``test PATH…``: run every golden case; print each failing one with expected and actual."""
    kit = _kit()
    passed = failed = 0
    for path in _case_files(args.paths):
        try:
            cases = kit.load_cases(path)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        except DataError as exc:  # a malformed file: not a failing case, a broken one
            failed += 1
            print_problems(exc, out, lang_of(args))
            continue
        for case in cases:
            if _run_case(kit, case, args, out):
                passed += 1
            else:
                failed += 1
    if not passed and not failed:
        raise UsageError("no cases files found in " + ", ".join(args.paths))
    emit(out, f"{passed} passed, {failed} failed")
    return INVALID if failed else OK


def check(args: argparse.Namespace, out: TextIO) -> int:
    """``check RULESET``: the contract of :func:`danvan_rules.testing.check_ruleset`, each failure listed."""
    ruleset = read_ruleset(args.ruleset)
    try:
        contract_failures = _kit().contract_failures
    except MissingExtraError as exc:
        raise MissingExtraError(exc.module, "testing", "danvan-rules check") from None
    failures = contract_failures(ruleset, max_examples=args.max_examples)
    if not failures:
        emit(out, f"{ruleset.code}: the contract holds")
        return OK
    emit(out, f"{ruleset.code}: {len(failures)} contract check(s) failed")
    for line in failures:
        emit(out, f"  - {line}")
    return INVALID
