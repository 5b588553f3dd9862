"""The golden-case runner: cases files as data, checked without pytest or Hypothesis.

A cases file names its rule set and holds entries of four kinds (the format is
in ``docs/testing.md``): ``[[cases]]`` (a report over the ``[base]`` report and
what its result must be), ``[[criteria]]`` (one answer, the points its line
shows), ``[[cohorts]]`` (reports through the quota, each unit's band) and
``[[dates]]`` (which rule set is in force on a date). Every entry must be able
to fail, so an entry that expects nothing is a malformed file, reported with
every problem at once before any case runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from os import PathLike
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from danvan_rules import codec, rulesets
from danvan_rules.codec import report_from_data
from danvan_rules.errors import (
    AmbiguousRuleSetError,
    Collector,
    DataError,
    NoRuleSetInForceError,
    ReportError,
    field_path,
    index_path,
    key_path,
)
from danvan_rules.limits import MAX_RULESET_FILE_BYTES
from danvan_rules.model import RuleSet, ScoreResult
from danvan_rules.scoring import apply_quota, score, score_many

__all__ = [
    "EXPECTATIONS",
    "KINDS",
    "Case",
    "CaseFailure",
    "CasesError",
    "Kind",
    "Mismatch",
    "check_result",
    "load_cases",
    "merged",
]

#: The kinds of entries of a cases file, in the order they run.
Kind = Literal["cases", "criteria", "cohorts", "dates"]
KINDS: Final[tuple[Kind, ...]] = ("cases", "criteria", "cohorts", "dates")
#: What the ``expect`` table of a ``[[cases]]`` entry may check.
EXPECTATIONS: Final = (
    "total",
    "self_total",
    "criteria_total",
    "band",
    "band_by_score",
    "status",
    "applied",
    "warnings",
    "error",
)
_TOP_KEYS: Final = frozenset({"ruleset", "base", *KINDS})
_SCORE_TABLES: Final = ("self_scores", "appraised_scores", "facts", "bonuses")
_NOT_REPORT: Final = frozenset({"name", "source", "published", "expect"})
_DATE_ERRORS: Final = {"none": NoRuleSetInForceError, "ambiguous": AmbiguousRuleSetError}


class CasesError(DataError):
    """A cases file that is malformed: not a failing case, a broken test."""

    subject = "cases file"
    subject_vi = "tệp ca kiểm thử"


@attrs.frozen
class Mismatch:
    """One expectation of a case that the result does not meet."""

    what: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.what}: expected {self.expected}, got {self.actual}"


class CaseFailure(AssertionError):  # noqa: N818 - it is an assertion failure, named for what failed
    """A case whose result differs from what it expects; every mismatch is listed.

    >>> print(CaseFailure([Mismatch("total", "78.50", "78.00")]))
    total: expected 78.50, got 78.00
    """

    def __init__(self, mismatches: Iterable[Mismatch]) -> None:
        self.mismatches = tuple(mismatches)
        super().__init__("\n".join(str(m) for m in self.mismatches))


def merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The base report with the entry's fields over it; score tables merge key by key.

    >>> merged({"unit_id": "a", "facts": {"x": 1}}, {"facts": {"y": 2}})
    {'unit_id': 'a', 'facts': {'x': 1, 'y': 2}, 'unit_name': 'Đơn vị thử'}
    """
    out = dict(base)
    for key, value in changes.items():
        if key in _NOT_REPORT:
            continue
        old = out.get(key)
        if key in _SCORE_TABLES and isinstance(value, Mapping) and isinstance(old, Mapping):
            out[key] = {**old, **value}
        else:
            out[key] = value
    out.setdefault("unit_id", "case")
    out.setdefault("unit_name", "Đơn vị thử")
    return out


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _same_number(got: Decimal, want: object) -> bool:
    return _number(want) == got


@attrs.frozen
class Case:
    """One entry of a cases file, ready to run.

    Attributes:
        kind: ``"cases"``, ``"criteria"``, ``"cohorts"`` or ``"dates"``.
        index: its position among the entries of its kind.
        name: what a report names it by (``case[0] exactly 90 …``).
        ruleset: the code of the rule set the file names.
        base: the file's ``[base]`` report.
        entry: the entry as written.
        file: the file it comes from.
    """

    kind: Kind
    index: int
    name: str
    ruleset: str
    base: Mapping[str, Any] = attrs.field(repr=False)
    entry: Mapping[str, Any] = attrs.field(repr=False)
    file: str = ""
    # the rule set, built once for all the cases of a file (they share this dict)
    _built: dict[str, RuleSet] = attrs.field(factory=dict, eq=False, repr=False, alias="built")

    @property
    def id(self) -> str:
        """``file::name``, as the CLI prints it."""
        return f"{self.file}::{self.name}"

    def run(self) -> None:
        """Check the case; return ``None`` when it holds.

        Raises:
            CaseFailure: every expectation the result does not meet.
            DanvanError: the case could not be scored at all (an unknown rule
                set, a report the rule set refuses when no error was expected).
        """
        mismatches = list(getattr(self, f"_run_{self.kind}")())
        if mismatches:
            raise CaseFailure(mismatches)

    def _rules(self) -> RuleSet:
        if self.ruleset not in self._built:
            self._built[self.ruleset] = rulesets.get(self.ruleset)
        return self._built[self.ruleset]

    def _run_cases(self) -> Iterator[Mismatch]:
        expect = self.entry["expect"]
        data = merged(self.base, self.entry)
        if "error" in expect:
            yield from self._expect_error(data, str(expect["error"]))
            return
        yield from check_result(score(self._rules(), report_from_data(data)), expect)

    def _expect_error(self, data: Mapping[str, Any], want: str) -> Iterator[Mismatch]:
        try:
            result = score(self._rules(), report_from_data(data))
        except ReportError as exc:
            codes = {problem.code for problem in exc.problems}
            if want not in str(exc) and want not in codes:
                yield Mismatch("error", repr(want), repr(str(exc)))
            return
        yield Mismatch("error", repr(want), f"no error (total {result.total})")

    def _run_criteria(self) -> Iterator[Mismatch]:
        entry = self.entry
        table = "appraised_scores" if entry.get("appraised") else "self_scores"
        data = merged(self.base, {table: {entry["criterion"]: entry["answer"]}})
        line = score(self._rules(), report_from_data(data)).line(entry["criterion"])
        if not _same_number(line.awarded, entry["points"]):
            yield Mismatch(
                f"points of {entry['criterion']} answered {entry['answer']!r}",
                str(entry["points"]),
                str(line.awarded),
            )

    def _run_cohorts(self) -> Iterator[Mismatch]:
        rules = self._rules()
        units = self.entry["units"]
        reports = [
            report_from_data(
                merged(self.base, {k: v for k, v in unit.items() if k != "expect_band"})
            )
            for unit in units
        ]
        cohort = apply_quota(rules, score_many(rules, reports).results)
        got = {r.unit_id: r.band_code for r in cohort.results}
        want = {
            report.unit_id: unit["expect_band"] or None
            for report, unit in zip(reports, units, strict=True)
        }
        if got != want:
            yield Mismatch("bands after the quota", str(want), str(got))
        if "demoted" in self.entry:
            demoted = sum(limit.demoted for limit in cohort.limits)
            if demoted != self.entry["demoted"]:
                yield Mismatch("units demoted", str(self.entry["demoted"]), str(demoted))

    def _run_dates(self) -> Iterator[Mismatch]:
        province, on, want = self.entry["province"], self.entry["on"], self.entry["expect"]
        what = f"rule set of {province!r} in force on {on}"
        try:
            got = rulesets.in_force(province, on=on).code
        except (NoRuleSetInForceError, AmbiguousRuleSetError) as exc:
            if not isinstance(exc, _DATE_ERRORS.get(want, ())):
                yield Mismatch(what, repr(want), f"{type(exc).__name__}: {exc}")
            return
        if got != want:
            yield Mismatch(what, repr(want), repr(got))


def check_result(result: ScoreResult, expect: Mapping[str, Any]) -> Iterator[Mismatch]:
    """Every way ``result`` differs from a case's ``expect`` table (numbers compare exactly).

    >>> from danvan_rules import load_report, rulesets, score
    >>> result = score(rulesets.get("example/dan-van-2024"), load_report("examples/tot.json"))
    >>> [str(m) for m in check_result(result, {"total": "82.5", "band": "xuat-sac"})]
    ['band: expected xuat-sac, got tot']
    """
    for key in ("total", "self_total", "criteria_total"):
        if key in expect and not _same_number(getattr(result, key), expect[key]):
            yield Mismatch(key, str(expect[key]), str(getattr(result, key)))
    if "band" in expect and result.band_code != (expect["band"] or None):
        yield Mismatch("band", str(expect["band"] or None), str(result.band_code))
    if "band_by_score" in expect and result.band_by_score.code != expect["band_by_score"]:
        yield Mismatch("band by score", str(expect["band_by_score"]), result.band_by_score.code)
    if "status" in expect and result.status.value != expect["status"]:
        yield Mismatch("status", str(expect["status"]), result.status.value)
    if "applied" in expect:
        got = sorted(c.code for c in result.applied_conditions)
        if got != sorted(expect["applied"]):
            yield Mismatch("applied conditions", str(sorted(expect["applied"])), str(got))
    codes = [w.code for w in result.warnings]
    missing = [code for code in expect.get("warnings", []) if code not in codes]
    if missing:
        yield Mismatch("warnings", f"{missing} among them", str(codes))


# ---------------------------------------------------------------------- reading a file


def _read(path: Path) -> dict[str, Any]:
    found = Collector()
    with path.open("rb") as stream:  # never read past the limit (/dev/zero)
        raw = stream.read(MAX_RULESET_FILE_BYTES + 1)
    if len(raw) > MAX_RULESET_FILE_BYTES:
        found.add(
            f"the file is larger than {MAX_RULESET_FILE_BYTES} bytes",
            code="cases.too_large",
            vi=f"tệp lớn hơn {MAX_RULESET_FILE_BYTES} byte",
        )
        found.fail(CasesError, subject=f"cases file {path}", subject_vi=f"tệp ca kiểm thử {path}")
    try:  # the library's one TOML reader: byte-order mark, UTF-8, depth and size limits
        return codec.parse_toml(raw)
    except DataError as exc:
        found.extend(exc.problems)
    raise CasesError(found.problems, f"cases file {path}", subject_vi=f"tệp ca kiểm thử {path}")


def _need(
    found: Collector,
    entry: Mapping[str, Any],
    path: str,
    key: str,
    what: tuple[str, str],
    *kinds: type,
) -> None:
    """Record a problem unless ``entry[key]`` is of one of ``kinds`` (a bool is no number)."""
    value = entry.get(key)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        en, vi = what
        found.add(
            f"needs {en} {key!r}",
            field_path(path, key),
            code="cases.missing_field",
            vi=f"thiếu {vi} {key!r}",
        )


_TEXT: Final = ("a text", "giá trị văn bản")


def _check_expect(found: Collector, entry: Mapping[str, Any], path: str) -> None:
    expect = entry.get("expect")
    where = field_path(path, "expect")
    if not isinstance(expect, Mapping) or not expect:
        found.add(
            f"needs an 'expect' table holding some of {', '.join(EXPECTATIONS)}",
            where,
            code="cases.nothing_expected",
            vi=f"thiếu bảng 'expect' với ít nhất một trong {', '.join(EXPECTATIONS)}",
        )
        return
    for key in expect:
        if key not in EXPECTATIONS:
            found.add(
                f"{key!r} is not something a case can expect (one of {', '.join(EXPECTATIONS)})",
                key_path(where, key),
                code="cases.unknown_expectation",
                vi=f"{key!r} không phải điều một ca có thể kiểm tra (một trong {', '.join(EXPECTATIONS)})",
            )


def _check_entry(found: Collector, kind: Kind, entry: Mapping[str, Any], path: str) -> None:
    if kind == "cases":
        _check_expect(found, entry, path)
    elif kind == "criteria":
        _need(found, entry, path, "criterion", _TEXT, str)
        _need(found, entry, path, "answer", ("an answer", "câu trả lời"), str, int, Decimal, bool)
        _need(found, entry, path, "points", ("a number of points", "số điểm"), int, Decimal, str)
    elif kind == "cohorts":
        units = entry.get("units")
        if not isinstance(units, list) or not units:
            found.add(
                "needs a non-empty list of units 'units'",
                field_path(path, "units"),
                code="cases.missing_field",
                vi="thiếu danh sách đơn vị 'units' (không được rỗng)",
            )
            return
        for i, unit in enumerate(units):
            where = index_path(field_path(path, "units"), i)
            if not isinstance(unit, Mapping):
                found.add(
                    "a unit must be a table",
                    where,
                    code="cases.not_a_table",
                    vi="mỗi đơn vị phải là một bảng",
                )
            else:
                _need(
                    found,
                    unit,
                    where,
                    "expect_band",
                    ('a band code or ""', 'mã xếp loại hoặc ""'),
                    str,
                )
    else:
        _need(found, entry, path, "province", _TEXT, str)
        _need(found, entry, path, "on", ("a date", "ngày"), dt.date)
        _need(found, entry, path, "expect", _TEXT, str)


def _label(kind: Kind, index: int, entry: Mapping[str, Any]) -> str:
    single = {"cases": "case", "criteria": "criterion", "cohorts": "cohort", "dates": "date"}[kind]
    if kind == "criteria":
        detail = str(entry.get("criterion", ""))
    elif kind == "dates":
        detail = f"{entry.get('province', '')} {entry.get('on', '')}"
    else:
        detail = str(entry.get("name", ""))
    return f"{single}[{index}] {detail}".rstrip()


def load_cases(path: str | PathLike[str]) -> tuple[Case, ...]:
    """Read a cases file: every entry as a :class:`Case`, in file order by kind.

    >>> cases = load_cases("tests/rulesets/cases/example/dan-van-2024.toml")
    >>> cases[0].kind, cases[0].ruleset
    ('cases', 'example/dan-van-2024')
    >>> cases[0].run()  # None: the case holds

    Raises:
        CasesError: the file is not a cases file (not TOML, no ``ruleset``, an
            unknown key, an entry that expects nothing…): every problem at once.
        OSError: the file cannot be read.
    """
    file = Path(path)
    data = _read(file)
    found = Collector()
    code = data.get("ruleset")
    if not isinstance(code, str):
        found.add(
            'a cases file names its rule set: ruleset = "code"',
            "$.ruleset",
            code="cases.no_ruleset",
            vi='tệp ca kiểm thử phải nêu bộ quy tắc: ruleset = "mã"',
        )
    base = data.get("base", {})
    if not isinstance(base, Mapping):
        found.add(
            "[base] must be a table (a report)",
            "$.base",
            code="cases.not_a_table",
            vi="[base] phải là một bảng (một báo cáo)",
        )
    for key in data:
        if key not in _TOP_KEYS:
            found.add(
                f"unknown key {key!r}: a cases file holds {', '.join(sorted(_TOP_KEYS))}",
                key_path("$", key),
                code="cases.unknown_key",
                vi=f"khóa không hợp lệ {key!r}: tệp ca kiểm thử chỉ gồm {', '.join(sorted(_TOP_KEYS))}",
            )
    cases: list[Case] = []
    built: dict[str, RuleSet] = {}
    for kind in KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            found.add(
                f"{kind} must be a list of tables: [[{kind}]]",
                field_path("$", kind),
                code="cases.not_a_list",
                vi=f"{kind} phải là danh sách các bảng: [[{kind}]]",
            )
            continue
        for i, entry in enumerate(entries):
            where = index_path(field_path("$", kind), i)
            if not isinstance(entry, Mapping):
                found.add(
                    "an entry must be a table",
                    where,
                    code="cases.not_a_table",
                    vi="mỗi mục phải là một bảng",
                )
                continue
            _check_entry(found, kind, entry, where)
            cases.append(
                Case(
                    kind, i, _label(kind, i, entry), str(code), base, entry, str(file), built=built
                )
            )
    if not cases and not found:
        found.add(
            f"no cases: add entries of one of the kinds {', '.join(KINDS)}",
            code="cases.empty",
            vi=f"không có ca kiểm thử nào: thêm mục thuộc một trong các loại {', '.join(KINDS)}",
        )
    found.raise_if_any(
        CasesError, subject=f"cases file {file}", subject_vi=f"tệp ca kiểm thử {file}"
    )
    return tuple(cases)
