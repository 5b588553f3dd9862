"""Files: rule sets from TOML files, reports from JSON files, rounds and unit lists from TOML.

Every reader names the file in its errors; a file of many reports gives one
outcome per report, so nothing in a batch is dropped:

>>> from danvan_rules import load_reports
>>> outcomes = load_reports("examples/cohort.json")
>>> len(outcomes), sum(isinstance(o, ReportError) for o in outcomes)
(8, 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import attrs

from danvan_rules import rulesets as _registry
from danvan_rules.codec import parse_json_document, parse_toml, report_from_data, ruleset_from_toml
from danvan_rules.codec.rounds import registry_from_data, round_from_data
from danvan_rules.errors import (
    Collector,
    DanvanError,
    DataError,
    Problem,
    ReportError,
    RuleSetError,
    field_path,
    index_path,
    key_path,
)
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_REPORT_FILE_BYTES, MAX_RULESET_FILE_BYTES
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model.rounds import (
    FixedRuleSets,
    Registry,
    RegistryError,
    Round,
    RoundError,
    RoundResult,
)
from danvan_rules.scoring.rounds import score_round

__all__ = [
    "LoadedRound",
    "load_report",
    "load_reports",
    "load_round",
    "load_ruleset",
    "load_units",
    "read_report_lines",
]

StrPath = str | PathLike[str]


def _read(path: StrPath, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the file: enough to tell that it is too large.

    (``/dev/zero`` or a huge file is refused after ``limit`` bytes, not read
    until memory runs out.)
    """
    with Path(path).open("rb") as file:
        return file.read(limit + 1)


def load_ruleset(path: StrPath) -> RuleSet:
    """Read and validate a rule-set TOML file.

    At most :data:`~danvan_rules.limits.MAX_RULESET_FILE_BYTES` are read; a
    leading byte-order mark is ignored (see ``docs/limits.md``).

    Raises:
        RuleSetError: every problem of the file, each with its path.
        OSError: the file cannot be read.
    """
    try:
        return ruleset_from_toml(_read(path, MAX_RULESET_FILE_BYTES))
    except RuleSetError as exc:
        raise RuleSetError(exc.problems, f"{exc.subject} ({path})") from None


def _json_file(path: StrPath) -> Any:
    try:
        content = _read(path, MAX_REPORT_FILE_BYTES)
        return parse_json_document(content, limit=MAX_REPORT_FILE_BYTES)
    except DataError as exc:
        raise ReportError(exc.problems, source=str(path)) from None


def load_report(path: StrPath) -> UnitReport:
    """Read one report from a JSON file holding one report object, or from an Excel form.

    A ``.xlsx`` file is a filled self-assessment form, read by
    :func:`danvan_rules.forms.read_form` (the ``excel`` extra; ``docs/forms.md``).

    Raises:
        ReportError: every problem, naming the unit, the file and each path.
        OSError: the file cannot be read.
    """
    if Path(path).suffix.casefold() == ".xlsx":
        from danvan_rules.forms import read_form  # the excel extra, loaded only for a form

        return read_form(path)
    return _report(_json_file(path), path)


def _report(data: Any, path: StrPath) -> UnitReport:
    try:
        return report_from_data(data)
    except ReportError as exc:
        raise ReportError(exc.problems, unit_id=exc.unit_id, source=str(path)) from None


def load_reports(path: StrPath) -> tuple[UnitReport | ReportError, ...]:
    """Read a JSON file of one report or a list of reports: one outcome per report.

    A report that cannot be read becomes its :class:`ReportError` (paths start
    at ``$[i]``) in its place, so :func:`~danvan_rules.score_many` can account
    for every input.

    A file holding one object gives one outcome, the report or its error.

    Raises:
        ReportError: the file is not JSON, or is neither an object nor a list.
        OSError: the file cannot be read.
    """
    data = _json_file(path)
    if isinstance(data, dict):
        try:
            return (_report(data, path),)
        except ReportError as exc:
            return (exc,)
    if not isinstance(data, list):
        name = type(data).__name__
        raise ReportError(
            [
                Problem(
                    f"expected a report object or a list of them, not {name}",
                    code="data.expected_reports",
                    message_vi=f"cần một báo cáo hoặc một danh sách báo cáo, không phải {name}",
                )
            ],
            source=str(path),
        )
    if len(data) > MAX_LIST_LENGTH:
        raise ReportError(
            [
                Problem(
                    f"a file of {len(data)} reports is more than the limit of {MAX_LIST_LENGTH}",
                    code="document.list_too_long",
                    message_vi=(
                        f"tệp có {len(data)} báo cáo, vượt quá giới hạn {MAX_LIST_LENGTH} báo cáo"
                    ),
                )
            ],
            source=str(path),
        )
    outcomes: list[UnitReport | ReportError] = []
    for i, item in enumerate(data):
        try:
            outcomes.append(report_from_data(item))
        except ReportError as exc:
            problems = [p.under(index_path("$", i)) for p in exc.problems]
            outcomes.append(ReportError(problems, unit_id=exc.unit_id, source=str(path)))
    return tuple(outcomes)


# ---------------------------------------------------------------------- rounds


@attrs.frozen
class LoadedRound:
    """A round file read whole: the round, every report it points to, the rule set of each khối.

    ``reports`` holds one outcome per report found (a :class:`ReportError`
    for one that could not be read), ``sources`` where each came from
    (``reports/so-tu-phap.json``, ``reports.jsonl:3``), in the same order.
    """

    path: str
    round: Round
    reports: tuple[UnitReport | ReportError, ...]
    sources: tuple[str, ...]
    rulesets: Mapping[str, RuleSet]
    #: the rule sets of the units of a former province, where they differ: former → khối → rule set
    former: Mapping[str, Mapping[str, RuleSet]] = attrs.field(factory=dict)

    def score(self) -> RoundResult:
        """The scored round: :func:`~danvan_rules.scoring.rounds.score_round`, one call."""
        return score_round(self.round, self.reports, self.rulesets, former=self.former)


def _toml_file(path: Path, where: str, found: Collector) -> dict[str, Any] | None:
    """The TOML data of a file the round reads, its problems recorded under ``where``."""
    try:
        return parse_toml(_read(path, MAX_RULESET_FILE_BYTES))
    except OSError as exc:
        found.add(
            f"cannot read {path}: {exc.strerror}",
            where,
            code="roundfile.unreadable_file",
            vi=f"không đọc được tệp {path}: {exc.strerror}",
        )
    except RuleSetError as exc:
        found.extend(p.under(where) for p in exc.problems)
    return None


def load_round(path: StrPath) -> LoadedRound:
    """Read a round file (``docs/rounds.md``), its registry, reports and rule sets.

    The registry file and the reports are found relative to the round file.
    Reports are a folder of report JSON files (each holding one report or a
    list), one ``.json`` file, or one ``.jsonl`` file (one report a line; a
    line that cannot be read is that report's :class:`ReportError`, its
    source naming the line). The rule set of each khối is the round's fixed
    choice (``rulesets.get``; ``[rulesets.former.<province>]`` for the units
    of a former province) or, with ``by = "date"``, the one
    ``rulesets.for_report`` would choose for each unit: the province's rule
    set in force on 31 December of the year, and for a unit with a
    ``former_province`` after the 2025 reorganisation the merged province's
    own, or else the former province's (``rulesets.for_former``).

    >>> loaded = load_round("examples/rounds/vi-du-2024/round.toml")
    >>> loaded.round.synthetic, len(loaded.reports), sorted(loaded.rulesets)
    (True, 7, ['so-nganh', 'ubnd-xa'])
    >>> loaded.score().tally("*").rated
    7

    Raises:
        RoundError: every problem of the round file, its registry and its
            rule-set choice, each with its path (report problems are not
            raised: they are the reports' outcomes).
        OSError: the round file itself cannot be read.
    """
    base = Path(path).parent
    found = Collector()
    try:
        data = parse_toml(_read(path, MAX_RULESET_FILE_BYTES))
    except RuleSetError as exc:
        raise RoundError(exc.problems, f"round ({path})") from None
    registry = None
    name = data.get("registry")
    if isinstance(name, str):
        registry = _toml_file(base / name, "$.registry", found)
        if registry is None:
            found.fail(RoundError, subject=f"round ({path})")
    try:
        the_round = round_from_data(data, registry=registry)
    except RoundError as exc:
        raise RoundError(exc.problems, f"round ({path})") from None
    rulesets, former = _round_rulesets(the_round, found)
    reports, sources = _round_reports(base, the_round.reports_from, found)
    found.raise_if_any(RoundError, subject=f"round ({path})")
    return LoadedRound(
        str(path),
        the_round,
        reports,
        sources,
        MappingProxyType(rulesets),
        MappingProxyType({k: MappingProxyType(v) for k, v in former.items()}),
    )


#: The rule sets of a round: per khối, and per former province and khối.
_Chosen = tuple[dict[str, RuleSet], dict[str, dict[str, RuleSet]]]


def _round_rulesets(the_round: Round, found: Collector) -> _Chosen:
    """The rule set of every (khối, former province) that a unit of the year needs."""
    needed = dict.fromkeys(
        (u.khoi, u.former_province) for u in the_round.registry if u.exists_in(the_round.year)
    )
    choice = the_round.rulesets
    if isinstance(choice, FixedRuleSets):
        return _fixed_rulesets(the_round, choice, needed, found)
    return _dated_rulesets(the_round, needed, found)


def _fixed_rulesets(
    the_round: Round,
    choice: FixedRuleSets,
    needed: Iterable[tuple[str, str | None]],
    found: Collector,
) -> _Chosen:
    chosen: dict[str, RuleSet] = {}
    former: dict[str, dict[str, RuleSet]] = {}
    for khoi, province in needed:
        own = province is not None and khoi in choice.former.get(province, {})
        if (khoi in chosen and not own) or (own and khoi in former.get(str(province), {})):
            continue
        code = choice.code_for(khoi, province)
        where = (
            key_path(key_path("$.rulesets.former", str(province)), khoi)
            if own
            else key_path("$.rulesets.fixed", khoi)
        )
        try:
            ruleset = _registry.get(str(code))
        except DanvanError as exc:
            found.add(
                f"khối {khoi!r}: {exc}",
                where,
                code="roundfile.unknown_ruleset",
                vi=f"khối {khoi!r}: không có bộ quy tắc {code!r}",
            )
            continue
        if own:
            former.setdefault(str(province), {})[khoi] = ruleset
        else:
            chosen[khoi] = ruleset
        _check_covers(the_round, khoi, ruleset, found)
    return chosen, former


def _dated_rulesets(
    the_round: Round, needed: Iterable[tuple[str, str | None]], found: Collector
) -> _Chosen:
    """By date, as ``rulesets.for_report`` chooses: the province's, or a former province's."""
    chosen: dict[str, RuleSet] = {}
    former: dict[str, dict[str, RuleSet]] = {}
    day = the_round.evaluation_date
    default: RuleSet | None = None
    for khoi, province in needed:
        try:
            if province is None:
                default = default or _registry.for_year(the_round.province, the_round.year)
                ruleset = default
            else:
                ruleset = _registry.for_former(the_round.province, province, on=day)
        except DanvanError as exc:
            of = the_round.province if province is None else f"{the_round.province} ({province})"
            found.add(
                f"khối {khoi!r}: {exc}",
                "$.rulesets.by",
                code="roundfile.no_ruleset_in_force",
                vi=f"khối {khoi!r}: không có đúng một bộ quy tắc của tỉnh {of!r} có hiệu lực "
                f"vào ngày {day}",
            )
            continue
        if province is None:
            chosen[khoi] = ruleset
        else:
            former.setdefault(province, {})[khoi] = ruleset
        _check_covers(the_round, khoi, ruleset, found)
    return chosen, former


def _check_covers(the_round: Round, khoi: str, ruleset: RuleSet, found: Collector) -> None:
    if khoi in {c.code for c in ruleset.categories}:
        return
    first = next(i for i, u in enumerate(the_round.registry.units) if u.khoi == khoi)
    found.add(
        f"rule set {ruleset.code} has no category {khoi!r}",
        field_path(index_path("$.units", first), "khoi"),
        code="round.khoi_not_covered",
        vi=f"bộ quy tắc {ruleset.code} không có khối {khoi!r}",
    )


def _round_reports(
    base: Path, where_from: str, found: Collector
) -> tuple[tuple[UnitReport | ReportError, ...], tuple[str, ...]]:
    if not where_from:
        return (), ()
    target = base / where_from
    try:
        if target.is_dir() or where_from.endswith("/"):
            return _report_folder(target, where_from, found)
        if target.suffix == ".jsonl":
            return _report_lines(target, where_from, found)
        if target.suffix == ".json":
            return _report_file(target, where_from)
    except OSError as exc:
        found.add(
            f"cannot read the reports {where_from}: {exc.strerror}",
            "$.reports",
            code="roundfile.unreadable_file",
            vi=f"không đọc được các báo cáo {where_from}: {exc.strerror}",
        )
        return (), ()
    found.add(
        f"reports is a folder, a .json or a .jsonl file, not {where_from!r}",
        "$.reports",
        code="roundfile.unknown_reports",
        vi=f"reports phải là một thư mục, một tệp .json hoặc .jsonl, không phải {where_from!r}",
    )
    return (), ()


def _report_file(
    path: Path, shown: str
) -> tuple[tuple[UnitReport | ReportError, ...], tuple[str, ...]]:
    try:
        outcomes = load_reports(path)
    except ReportError as exc:
        outcomes = (exc,)
    if len(outcomes) == 1:
        return outcomes, (shown,)
    return outcomes, tuple(f"{shown}[{i}]" for i in range(len(outcomes)))


def _report_folder(
    folder: Path, shown: str, found: Collector
) -> tuple[tuple[UnitReport | ReportError, ...], tuple[str, ...]]:
    files = []
    for file in folder.iterdir():
        if file.suffix == ".json" and file.is_file():
            files.append(file)
            if len(files) > MAX_LIST_LENGTH:
                found.add(
                    f"the folder {shown} holds more than {MAX_LIST_LENGTH} report files",
                    "$.reports",
                    code="roundfile.too_many_reports",
                    vi=f"thư mục {shown} có hơn {MAX_LIST_LENGTH} tệp báo cáo",
                )
                return (), ()
    reports: list[UnitReport | ReportError] = []
    sources: list[str] = []
    for file in sorted(files):
        outcomes, names = _report_file(file, f"{shown.rstrip('/')}/{file.name}")
        reports.extend(outcomes)
        sources.extend(names)
    return tuple(reports), tuple(sources)


def _report_lines(
    path: Path, shown: str, found: Collector
) -> tuple[tuple[UnitReport | ReportError, ...], tuple[str, ...]]:
    content = _read(path, MAX_REPORT_FILE_BYTES)
    lines = content.splitlines()
    if len(content) > MAX_REPORT_FILE_BYTES or len(lines) > MAX_LIST_LENGTH:
        found.add(
            f"{shown} is more than {MAX_REPORT_FILE_BYTES} bytes or {MAX_LIST_LENGTH} lines",
            "$.reports",
            code="roundfile.too_many_reports",
            vi=f"{shown} vượt quá {MAX_REPORT_FILE_BYTES} byte hoặc {MAX_LIST_LENGTH} dòng",
        )
        return (), ()
    reports: list[UnitReport | ReportError] = []
    sources: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{shown}:{number}"
        try:
            reports.append(report_from_data(parse_json_document(line)))
        except DataError as exc:
            unit_id = exc.unit_id if isinstance(exc, ReportError) else None
            reports.append(ReportError(exc.problems, unit_id=unit_id, source=source))
        sources.append(source)
    return tuple(reports), tuple(sources)


def read_report_lines(
    stream: IO[bytes], name: str = "-"
) -> Iterator[tuple[str, UnitReport | ReportError]]:
    r"""The reports of a JSON Lines stream, one a line, read as they come: ``(source, outcome)``.

    ``source`` is ``name:line``; blank lines are skipped. A line that is not
    a report is that line's :class:`ReportError` (its source set), so a
    stream of any length is read with memory bounded by one line, and no
    line is lost. A line longer than
    :data:`~danvan_rules.limits.MAX_REPORT_FILE_BYTES` is refused
    (``document.too_large``) without being held in memory.

    >>> import io
    >>> stream = io.BytesIO(b'{"unit_id": "x"}\n\n[]\n')
    >>> [(source, type(o).__name__) for source, o in read_report_lines(stream, "in.jsonl")]
    [('in.jsonl:1', 'ReportError'), ('in.jsonl:3', 'ReportError')]
    """
    number = 0
    while True:
        line = stream.readline(MAX_REPORT_FILE_BYTES + 1)
        if not line:
            return
        number += 1
        source = f"{name}:{number}"
        rest = line
        while len(rest) > MAX_REPORT_FILE_BYTES and not rest.endswith(b"\n"):
            # too long: the rest of the line is skipped a chunk at a time, the chunk read refused
            rest = stream.readline(MAX_REPORT_FILE_BYTES + 1)
        if not line.strip():
            continue
        try:
            yield source, report_from_data(parse_json_document(line, limit=MAX_REPORT_FILE_BYTES))
        except DataError as exc:
            unit_id = exc.unit_id if isinstance(exc, ReportError) else None
            yield source, ReportError(exc.problems, unit_id=unit_id, source=source)


def load_units(path: StrPath, *, province: str | None = None) -> Registry:
    """Read a units file: ``[[units]]`` and ``[[successions]]``, as a round's registry file.

    A top-level ``province = "..."`` (or ``province``) is the province of
    every unit that names none.

    >>> units = load_units("examples/dvk/vung-tau-2021/units.toml")
    >>> len(units.units), units.unit("phong-noi-vu").khoi
    (28, 'phong-ban')

    Raises:
        RegistryError: a TOML syntax error, and every problem of the units,
            each with its path, the file named in the error's subject.
        OSError: the file cannot be read.
    """
    subject = {"subject": f"unit registry ({path})", "subject_vi": f"danh sách đơn vị ({path})"}
    try:
        data = parse_toml(_read(path, MAX_RULESET_FILE_BYTES))
        return registry_from_data(data, province=province)
    except DataError as exc:
        raise RegistryError(exc.problems, **subject) from None
