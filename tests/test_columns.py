"""The exact columnar path (issue #9 §3): identical to ``score()`` on every unit.

Each row of ``score_columns`` / ``from_reports`` must give exactly the total,
band and status ``score()`` gives its report, or exactly its error; the
properties check it over every built-in rule set and category, reweighted
variants (weights with 4 places, such as 33.3333), random rule sets, and
columns written as floats, ints and objects, with corrupted values mixed in.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import ReportError, RuleSet, UnitReport, rulesets, score
from danvan_rules.errors import InvalidValueError, MissingExtraError
from danvan_rules.model import Deduction, Status
from danvan_rules.scoring import _columns_run, reweight
from danvan_rules.scoring._columns_plan import compile_plan, places_of
from danvan_rules.scoring.columns import ColumnRow, ColumnScores, from_reports, score_columns
from danvan_rules.testing import report_at, reports_for

from .strategies import rulesets as random_rulesets

BUILT_IN = rulesets.load_all()
PAIRS = [(rs.code, c.code) for rs in BUILT_IN for c in rs.categories]
BY_CODE = {rs.code: rs for rs in BUILT_IN}

Outcome = tuple[Decimal | None, str | None, Status | None, str | None]


# ---------------------------------------------------------------------- helpers


def _same(report: UnitReport) -> UnitReport:
    return report


def _from_dict(data: Any) -> UnitReport:
    return UnitReport(**data)


def _expected(ruleset: RuleSet, build: Callable[[], UnitReport]) -> Outcome:
    """What score() gives (total, band, status) or the text of its error."""
    try:
        result = score(ruleset, build())
    except ReportError as exc:
        return None, None, None, f"{exc} {[p.code for p in exc.problems]}"
    return result.total, result.band_code, result.status, None


def _got(scored: ColumnScores, index: int) -> Outcome:
    row = scored.row(index)
    if row.error is not None:
        exc = row.error
        return None, None, None, f"{exc} {[p.code for p in exc.problems]}"
    return row.total, row.band, row.status, None


def _assert_rows_match(ruleset: RuleSet, scored: ColumnScores) -> None:
    """Every row equals score() of its report, and the columns agree with the rows."""
    for i in range(len(scored)):
        want = _expected(ruleset, partial(scored.report, i))
        assert _got(scored, i) == want, i
        assert scored.totals[i] == want[0]
        assert scored.bands[i] == want[1]
        assert scored.statuses[i] == want[2]
        assert (i in scored.errors) == (want[3] is not None)


def _columns(ruleset: RuleSet, reports: Sequence[UnitReport]) -> dict[str, list[Any]]:
    """The reports' answers as columns (None where a report leaves a key out)."""
    card = ruleset.scorecard_for(reports[0].category)
    out: dict[str, list[Any]] = {}
    for leaf in card.leaves:
        if not leaf.appraiser_only:
            out[leaf.code] = [r.self_scores.get(leaf.code) for r in reports]
        if any(r.appraised_scores for r in reports):
            out[f"appraised:{leaf.code}"] = [
                (r.appraised_scores or {}).get(leaf.code) for r in reports
            ]
    for fact in ruleset.facts:
        out[f"fact:{fact.name}"] = [r.facts.get(fact.name) for r in reports]
    for code in ruleset.bonuses:
        out[f"bonus:{code}"] = [r.bonuses.get(code) for r in reports]
    return out


def _as_float(value: object) -> object:
    """A Decimal as the float whose shortest text it is (when one is)."""
    if isinstance(value, Decimal) and repr(float(value)) in {str(value), f"{value}.0"}:
        return float(value)
    return value


def _as_int(value: object) -> object:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


#: Values a report refuses or that some measure refuses (some only off the grid).
BAD = [
    Decimal(-1),
    Decimal("1E+6"),
    Decimal("0.001"),
    Decimal("0.125"),
    "abc",
    "0,5",
    float("nan"),
    float("inf"),
    True,
    False,
    None,
    10**13,
    -3,
    2.5,
    "Tốt",
    [1],
    Decimal("7.5"),
]


@st.composite
def _written(draw: st.DrawFn, column: list[Any]) -> Any:
    """The column written one way or another, maybe with bad values mixed in."""
    values = list(column)
    if draw(st.integers(0, 4)) == 0:
        for i in draw(st.lists(st.integers(0, len(values) - 1), max_size=2)):
            values[i] = draw(st.sampled_from(BAD))
    how = draw(st.sampled_from(["objects", "list", "floats", "ints"]))
    if how == "floats":
        values = [_as_float(v) for v in values]
    elif how == "ints":
        values = [_as_int(v) for v in values]
    if how == "list":
        return values
    kinds = {type(v) for v in values}
    if kinds <= {float}:
        return np.array(values, dtype=np.float64)
    if kinds <= {int} and all(abs(v) < 2**63 for v in values):
        return np.array(values, dtype=np.int64)
    if kinds <= {bool}:
        return np.array(values, dtype=np.bool_)
    return np.fromiter(values, dtype=object, count=len(values))


def _check_reports(data: st.DataObject, ruleset: RuleSet, reports: list[UnitReport]) -> None:
    category = reports[0].category
    plain = _columns(ruleset, reports)
    # as they are: each row is its report (up to the unit id) and scores as it does
    scored = score_columns(ruleset, category, plain)
    assert len(scored) == len(reports)
    for i, report in enumerate(reports):
        assert _got(scored, i) == _expected(ruleset, partial(_same, report))
    _assert_rows_match(ruleset, scored)
    # written as floats, ints, lists and objects, with bad values: each row is still exact
    written = {key: data.draw(_written(column)) for key, column in plain.items()}
    _assert_rows_match(ruleset, score_columns(ruleset, category, written))
    # through from_reports, as reports and as dicts
    via = from_reports(ruleset, reports)
    for i, report in enumerate(reports):
        assert _got(via, i) == _expected(ruleset, partial(_same, report))
    dicts = [_as_dict(report, data) for report in reports]
    via_dicts = from_reports(ruleset, dicts)
    for i, item in enumerate(dicts):
        assert _got(via_dicts, i) == _expected(ruleset, partial(_from_dict, item))


def _as_dict(report: UnitReport, data: st.DataObject) -> dict[str, Any]:
    """The report as a dict of its fields, its numbers maybe as floats, maybe one bad value."""
    how = data.draw(st.sampled_from([_as_float, _as_int, lambda v: v]))
    out: dict[str, Any] = {
        "unit_id": report.unit_id,
        "unit_name": report.unit_name,
        "category": report.category,
        "year": report.year,
        "province": report.province,
        "self_scores": {k: how(v) for k, v in report.self_scores.items()},
        "facts": dict(report.facts),
        "bonuses": {k: how(v) for k, v in report.bonuses.items()},
    }
    if report.appraised_scores is not None:
        out["appraised_scores"] = {k: how(v) for k, v in report.appraised_scores.items()}
    if data.draw(st.integers(0, 5)) == 0 and out["self_scores"]:
        key = data.draw(st.sampled_from(sorted(out["self_scores"])))
        out["self_scores"][key] = data.draw(st.sampled_from(BAD))
    return out


# ---------------------------------------------------------------------- properties


@pytest.mark.parametrize(("code", "category"), PAIRS)
@settings(max_examples=4)
@given(data=st.data())
def test_identical_to_score_on_builtin_rulesets(
    code: str, category: str, data: st.DataObject
) -> None:
    ruleset = BY_CODE[code]
    reports = data.draw(st.lists(reports_for(ruleset, category), min_size=1, max_size=5))
    _check_reports(data, ruleset, reports)


@pytest.mark.parametrize(("code", "category"), PAIRS)
@settings(max_examples=2)
@given(data=st.data())
def test_identical_to_score_when_reweighted(code: str, category: str, data: st.DataObject) -> None:
    ruleset = BY_CODE[code]
    roots = list(ruleset.weights(category))
    shares = data.draw(st.lists(st.integers(0, 7), min_size=len(roots), max_size=len(roots)))
    if not any(shares):
        shares[0] = 1
    # normalised to 4 places: 1/3 of 100 is 33.3333, so weight / max is a fraction like 1/3
    changed = reweight(ruleset, category, dict(zip(roots, shares, strict=True)), normalize=True)
    reports = data.draw(st.lists(reports_for(changed, category), min_size=1, max_size=5))
    _check_reports(data, changed, reports)


@settings(max_examples=60)
@given(ruleset=random_rulesets(), data=st.data())
def test_identical_to_score_on_random_rulesets(ruleset: RuleSet, data: st.DataObject) -> None:
    reports = data.draw(st.lists(reports_for(ruleset), min_size=1, max_size=4))
    category = reports[0].category
    same = [r for r in reports if r.category == category]
    _check_reports(data, ruleset, same)
    # mixed categories and things that are not reports, in one call
    items: list[object] = [*reports, None, {"unit_id": "x"}, 7]
    mixed = from_reports(ruleset, items)
    assert len(mixed) == len(items)
    for i, report in enumerate(reports):
        assert _got(mixed, i) == _expected(ruleset, partial(_same, report))
    codes = [mixed.errors[i].problems[0].code for i in range(len(reports), len(items))]
    assert codes == ["batch.not_a_report", "columns.report_fields", "batch.not_a_report"]


# ---------------------------------------------------------------------- float engines


FIVE = """
code = "test/five-{step}"
province = "test"
title_vi = "Năm tiêu chí"
illustrative = true
effective_from = 2024-01-01
scale = 100

[instrument]
number = "TEST"
issuer = "test"

[[categories]]
code = "don-vi"
label_vi = "Đơn vị"
scorecard = "bang"

[[bands]]
code = "xuat-sac"
label_vi = "Xuất sắc"
min = 90
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}

[[bands]]
code = "tot"
label_vi = "Tốt"
min = 70
below = 90
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}

[[bands]]
code = "hoan-thanh"
label_vi = "Hoàn thành"
min = 50
below = 70
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}

[[bands]]
code = "khong"
label_vi = "Không hoàn thành"
min = 0
below = 50
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}

[[scorecards]]
code = "bang"
title_vi = "Bảng"
{criteria}
"""

CRITERION = """
[[scorecards.criteria]]
code = "TC{n}"
title_vi = "Tiêu chí {n}"
max = {top}
measure = {{ kind = "points", step = {step} }}
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}
"""


def _five(step: str) -> RuleSet:
    criteria = "".join(
        CRITERION.format(n=n, top=top, step=step)
        for n, top in enumerate((20, 25, 20, 20, 15), start=1)
    )
    return dr.ruleset_from_toml(FIVE.format(step=step.replace(".", ""), criteria=criteria))


@pytest.mark.parametrize(
    ("step", "points", "band"),
    [
        ("0.1", ("17.7", "24.1", "19.4", "18.7", "10.1"), "xuat-sac"),  # 90.0
        ("0.1", ("11.7", "5.1", "13.9", "12.2", "7.1"), "hoan-thanh"),  # 50.0
        ("0.01", ("14.54", "22.93", "4.52", "18.99", "9.02"), "tot"),  # 70.00
        ("0.01", ("18.36", "21.24", "17.02", "19.46", "13.92"), "xuat-sac"),  # 90.00
    ],
)
def test_floats_put_the_unit_in_the_wrong_band_and_the_columns_do_not(
    step: str, points: tuple[str, ...], band: str
) -> None:
    ruleset = _five(step)
    columns = {f"TC{n}": np.array([float(p)]) for n, p in enumerate(points, start=1)}
    # a float engine: add the float64 columns, compare with the bounds
    total = sum(columns.values(), np.zeros(1))
    floats = np.select(
        [total >= 90, total >= 70, total >= 50], ["xuat-sac", "tot", "hoan-thanh"], "khong"
    )
    assert floats[0] != band
    scored = score_columns(ruleset, "don-vi", columns)
    assert scored.bands == (band,)
    assert scored.exact_rows == 1
    report = UnitReport(
        "0", "0", "don-vi", 2024, "test", {f"TC{n}": p for n, p in enumerate(points, 1)}
    )
    assert (scored.totals[0], scored.bands[0]) == (score(ruleset, report).total, band)


# ---------------------------------------------------------------------- the API


EXAMPLE = BY_CODE["example/dan-van-2024"]


def _example_columns(n: int = 3) -> dict[str, Any]:
    report = dr.load_report("examples/tot.json")
    return {k: v * n for k, v in _columns(EXAMPLE, [report]).items()}


def test_a_result_row_and_its_explanation() -> None:
    scored = score_columns(EXAMPLE, "so-nganh", _example_columns())
    assert len(scored) == 3
    assert scored.ok
    assert scored.exact_rows == 3
    assert scored.places == 2
    assert scored.row(-1) == ColumnRow(Decimal("82.50"), "tot", Status.RATED)
    assert scored.result(0).total == Decimal("82.50")
    assert scored.report(2).unit_id == "2"
    assert list(scored.scaled_totals) == [8250, 8250, 8250]
    with pytest.raises(IndexError):
        scored.row(3)


def test_ineligible_and_errors() -> None:
    columns = _example_columns()
    columns["fact:moi_thanh_lap"] = [False, True, False]
    columns["I.2"] = [Decimal(5), Decimal(5), Decimal(6)]
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert scored.statuses == (Status.RATED, Status.INELIGIBLE, None)
    assert scored.bands == ("tot", None, None)
    assert scored.total(2) is None
    assert not scored.ok
    assert scored.row(2).error is scored.errors[2]
    assert scored.errors[2].problems[0].code == "score.out_of_range"
    with pytest.raises(ReportError):
        scored.result(2)


def test_unknown_keys_and_absent_values_are_the_reports() -> None:
    columns = _example_columns()
    columns["X.9"] = [None, 1, None]  # unknown criterion, given in row 1 only
    columns["fact:nope"] = [None, None, True]
    columns["bonus:nope"] = [Decimal(1), None, None]
    columns["appraised:I"] = [None, None, None]  # a group, never given
    columns["khó\u0301"] = [None, None, None]  # not NFC: never given
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert sorted(scored.errors) == [0, 1, 2]
    _assert_rows_match(EXAMPLE, scored)
    codes = {scored.errors[i].problems[0].code for i in range(3)}
    assert codes == {"report.unknown_criterion", "report.unknown_fact", "report.unknown_bonus"}


def test_missing_columns_and_appraiser_only() -> None:
    ruleset = BY_CODE["example/dan-van-2024"]
    columns = _example_columns()
    del columns["fact:ky_luat"], columns["I.1"]
    _assert_rows_match(ruleset, score_columns(ruleset, "so-nganh", columns))
    columns = _example_columns()
    columns["VII"] = [Decimal(1), None, None]  # appraiser-only, self-scored in row 0
    columns["appraised:VII"] = [Decimal(8), None, None]  # row 1 and 2: no appraisal, pending
    scored = score_columns(ruleset, "so-nganh", columns)
    _assert_rows_match(ruleset, scored)
    assert sorted(scored.errors) == [0]
    del columns["appraised:VII"]
    columns["appraised:I.1"] = [True, None, None]  # row 0 appraised, VII missing
    columns["VII"] = [None, None, None]
    scored = score_columns(ruleset, "so-nganh", columns)
    _assert_rows_match(ruleset, scored)
    assert scored.errors[0].problems[0].code == "report.missing_appraised_score"


def test_whole_call_refusals_go_to_score() -> None:
    columns = _example_columns(2)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("nope", {}),
        ("so-nganh", {"year": 1000}),
        ("so-nganh", {"province": ""}),
    ]
    for category, kwargs in calls:
        scored = score_columns(EXAMPLE, category, columns, **kwargs)
        assert scored.exact_rows == 0
        assert len(scored.errors) == 2
        _assert_rows_match(EXAMPLE, scored)
    ended = BY_CODE["dong-nai/3225-2018"]
    report = report_at(ended, "ubnd-huyen", Decimal(50))
    scored = score_columns(ended, "ubnd-huyen", _columns(ended, [report]), year=2025)
    assert scored.errors[0].problems[0].code == "report.category_ended"
    assert score_columns(EXAMPLE, "so-nganh", {}).totals == ()


def test_ended_category_through_reports() -> None:
    ended = BY_CODE["dong-nai/3225-2018"]
    report = attrs.evolve(report_at(ended, "ubnd-huyen", Decimal(50)), year=2025)
    scored = from_reports(ended, [report])
    assert scored.errors[0].problems[0].code == "report.category_ended"


@pytest.mark.parametrize(
    ("columns", "code"),
    [
        ([1, 2], "columns.not_a_mapping"),
        ({1: [1]}, "columns.invalid_key"),
        ({"I.1": np.zeros((2, 2))}, "columns.not_one_dimensional"),
        ({"I.1": [True], "I.2": [1, 2]}, "columns.unequal_lengths"),
    ],
)
def test_misshapen_columns(columns: Any, code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        score_columns(EXAMPLE, "so-nganh", columns)
    assert caught.value.code == code


def test_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    for name in ("_columns_run", "_columns_kernel", "_columns_values"):  # as in a fresh process
        monkeypatch.delitem(sys.modules, f"danvan_rules.scoring.{name}")
    with pytest.raises(MissingExtraError, match=r"danvan_rules\[columns\]"):
        score_columns(EXAMPLE, "so-nganh", {})
    with pytest.raises(MissingExtraError):
        from_reports(EXAMPLE, [])


OVERFLOW = """
code = "test/huge"
province = "test"
title_vi = "Lớn"
illustrative = true
effective_from = 2024-01-01
scale = 900000000000

[instrument]
number = "TEST"
issuer = "test"

[rounding]
places = {places}
mode = "{mode}"

[[categories]]
code = "c"
label_vi = "C"
scorecard = "s"

[[bands]]
code = "b"
label_vi = "B"
min = 0
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}

[[scorecards]]
code = "s"
title_vi = "S"

[[scorecards.criteria]]
code = "A"
title_vi = "A"
max = 900000000000
measure = {{ kind = "points" }}
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}
"""


BONUS = """
[[adjustments]]
kind = "bonus"
code = "b{n}"
label_vi = "Thưởng {n}"
cap = 900000000000
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}
"""


def test_numbers_too_large_for_int64_go_to_score() -> None:
    text = OVERFLOW.format(places=6, mode="half_up").replace(
        '{ kind = "points" }', '{ kind = "points", step = 0.000000000001 }'
    )
    ruleset = dr.ruleset_from_toml(text + "".join(BONUS.format(n=n) for n in range(10)))
    assert not compile_plan(ruleset, "c").safe
    columns: dict[str, Any] = {"A": [Decimal("899999999999.99"), Decimal(1)]}
    columns |= {f"bonus:b{n}": [Decimal(900000000000), Decimal(0)] for n in range(10)}
    scored = score_columns(ruleset, "c", columns)
    assert scored.exact_rows == 0
    assert scored.totals == tuple(score(ruleset, scored.report(i)).total for i in range(2))
    assert scored.totals[0] == Decimal("9899999999999.990000")
    assert scored.scaled_totals[0] == 0  # too wide for int64: kept as a Decimal
    assert scored.scaled_totals[1] == 1_000_000


@pytest.mark.parametrize(("mode", "want"), [("half_up", "3"), ("half_even", "2"), ("down", "2")])
def test_rounding_modes(mode: str, want: str) -> None:
    text = OVERFLOW.replace("900000000000", "10").format(places=0, mode=mode)
    ruleset = dr.ruleset_from_toml(text)
    scored = score_columns(ruleset, "c", {"A": [2.5, 3.5, 2.49]})
    assert scored.exact_rows == 3
    assert str(scored.totals[0]) == want
    _assert_rows_match(ruleset, scored)


def test_places_of() -> None:
    assert places_of(Decimal("12.500")) == 1


def test_mapping_columns_of_every_kind() -> None:
    """Columns of uint, float32, str and bool dtypes, for every kind of measure."""
    report = dr.load_report("examples/tot.json")
    plain = _columns(EXAMPLE, [report, report])
    written: dict[str, Any] = {}
    for key, column in plain.items():
        value = column[0]
        if value is None:
            written[key] = column
        elif isinstance(value, bool):
            written[key] = np.array(column, dtype=np.bool_)
        elif isinstance(value, str):
            written[key] = np.array(column, dtype=str)
        elif isinstance(value, int) or value == value.to_integral_value():
            written[key] = np.array([int(v) for v in column], dtype=np.uint32)
        else:
            written[key] = np.array([float(v) for v in column], dtype=np.float32)
    scored = score_columns(EXAMPLE, "so-nganh", written)
    _assert_rows_match(EXAMPLE, scored)
    assert scored.totals[0] == score(EXAMPLE, report).total


def test_odd_keys_are_unknown_to_every_report() -> None:
    columns = _example_columns(2)
    columns[""] = np.array([1, 2])  # an empty code: a report refuses it
    columns["\ud800"] = [None, 1]  # not valid Unicode
    columns["bonus:dvk-cap-tinh"] = np.array([True, False])  # a claim is not true/false
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert scored.exact_rows == 0
    _assert_rows_match(EXAMPLE, scored)
    columns = _example_columns(2)
    columns["bonus:dvk-cap-tinh"] = ["abc", Decimal(-1)]
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert scored.exact_rows == 0
    _assert_rows_match(EXAMPLE, scored)


def test_reports_whose_tables_are_not_plain_go_to_score() -> None:
    base = dr.load_report("examples/tot.json")
    data = {
        "unit_id": "u",
        "unit_name": "U",
        "category": "so-nganh",
        "year": 2024,
        "province": "example",
        "self_scores": dict(base.self_scores),
        "appraised_scores": dict(base.appraised_scores or {}),
        "facts": dict(base.facts),
        "bonuses": dict(base.bonuses),
    }
    odd: list[object] = [
        attrs.evolve(base, former_province="dong-nai"),
        attrs.evolve(base, category="ubnd-xa"),
        attrs.evolve(base, self_scores={"I.1": True}),
        {**data, "unit_id": ""},
        {**data, "year": True},
        {**data, "appraised_scores": {"VII": None}},
        {**data, "bonuses": {"dvk-cap-tinh": None}},
        {**data, "category": "nope"},
        {**data, "unit_name": "So\u0301"},
        data,
    ]
    scored = from_reports(EXAMPLE, odd)
    assert scored.exact_rows == 2  # the reweighted category, and the plain dict
    for i, item in enumerate(odd):
        build = partial(_same, item) if isinstance(item, UnitReport) else partial(_from_dict, item)
        assert _got(scored, i) == _expected(EXAMPLE, build)


def test_level_names_as_text_arrays() -> None:
    columns = _example_columns(4)
    columns["I.3"] = np.array(["Tốt", "xyz", "Fair", "Kha\u0301"])  # by name, no, by English, NFD
    columns["VI.2"] = ["Tiêu biểu"] * 4  # a list of short text: a text array
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    _assert_rows_match(EXAMPLE, scored)
    assert scored.exact_rows == 3
    assert sorted(scored.errors) == [1]


def _plain_dict() -> dict[str, Any]:
    base = dr.load_report("examples/tot.json")
    return {
        "unit_id": "u",
        "unit_name": "Sở Tư pháp",
        "category": "so-nganh",
        "year": 2024,
        "province": "example",
        "self_scores": {k: _as_float(v) for k, v in base.self_scores.items()},
        "appraised_scores": dict(base.appraised_scores or {}),
        "facts": dict(base.facts),
        "bonuses": {k: float(v) for k, v in base.bonuses.items()},
    }


ODD_FIELDS: list[dict[str, Any]] = [
    {"unit_id": " "},
    {"unit_id": ""},
    {"unit_id": 5},
    {"unit_name": "Sở\ud800"},
    {"unit_name": "So\u0301"},
    {"category": "ubnd-xa"},
    {"category": 3},
    {"notes": "x"},
    {"year": True},
    {"year": 1800},
    {"year": 2300},
    {"former_province": "dong-nai"},
    {"facts": {"ky_luat": False}},
    {"self_scores": MappingProxyType({"I.1": True})},
    {"bonuses": {"dvk-cap-tinh": None}},
    {"appraised_scores": {"VII": None}},
    {"appraised_scores": {}},
    {"appraised_scores": None},
]


@pytest.mark.parametrize("change", ODD_FIELDS)
def test_report_dicts_checked_in_bulk_and_one_by_one(change: dict[str, Any]) -> None:
    plain, odd = _plain_dict(), {**_plain_dict(), **change}
    items = [plain, odd, {**plain, "unit_name": "Sở Nội vụ"}]
    scored = from_reports(EXAMPLE, items)
    for i, item in enumerate(items):
        if "notes" in item:  # not a field of a report
            assert scored.errors[i].problems[0].code == "columns.report_fields"
            assert "unknown fields notes" in str(scored.errors[i])
            continue
        assert _got(scored, i) == _expected(EXAMPLE, partial(_from_dict, item))


def test_report_dicts_in_bulk() -> None:
    items = [_plain_dict(), {**_plain_dict(), "bonuses": {}}, _plain_dict()]
    items[2]["appraised_scores"] = None
    scored = from_reports(EXAMPLE, items)
    assert scored.exact_rows == 3
    for i, item in enumerate(items):
        assert _got(scored, i) == _expected(EXAMPLE, partial(_from_dict, item))


def test_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_columns_run, "CHUNK", 2)
    columns = _example_columns(5)
    columns["I.3"] = ["Tốt", "Khá", "xyz", "Tốt", "Khá"]
    columns["fact:ky_luat"] = np.array([0, 1, 0, 0, 0])  # a flag is true/false, not 0/1
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert len(scored) == 5
    assert scored.exact_rows == 0
    _assert_rows_match(EXAMPLE, scored)
    columns["fact:ky_luat"] = [False] * 5
    scored = score_columns(EXAMPLE, "so-nganh", columns)
    assert scored.exact_rows == 4
    _assert_rows_match(EXAMPLE, scored)


MANY_BANDS = "".join(
    f"""
[[bands]]
code = "b{n}"
label_vi = "B{n}"
min = {n}
{"" if n == 9 else f"below = {n + 1}"}
provenance = "assumed"
reference = {{ document = "test", note = "test fixture" }}
"""
    for n in range(10)
)


def test_many_bands() -> None:
    text = OVERFLOW.replace("900000000000", "10").format(places=2, mode="half_up")
    start = text.index("[[bands]]")
    end = text.index("[[scorecards]]")
    ruleset = dr.ruleset_from_toml(text[:start] + MANY_BANDS + text[end:])
    scored = score_columns(ruleset, "c", {"A": np.array([0, 0.99, 1, 5.5, 9, 10])})
    assert scored.bands == ("b0", "b0", "b1", "b5", "b9", "b9")
    _assert_rows_match(ruleset, scored)


def test_a_deduction_without_a_cap() -> None:
    """A deduction per occurrence that no cap limits takes every occurrence, down to 0."""
    example = BY_CODE["example/dan-van-2024"]
    adjustments = tuple(
        attrs.evolve(a, cap=None) if isinstance(a, Deduction) else a for a in example.adjustments
    )
    uncapped = attrs.evolve(example, adjustments=adjustments)
    columns = _example_columns()
    columns["fact:khieu_nai_dong_nguoi"] = np.array([0, 7, 40])
    scored = score_columns(uncapped, "so-nganh", columns)
    assert scored.exact_rows == 3
    _assert_rows_match(uncapped, scored)
    capped = score_columns(example, "so-nganh", columns)
    uncapped_total, capped_total = scored.totals[1], capped.totals[1]
    assert uncapped_total is not None
    assert capped_total is not None
    assert uncapped_total < capped_total  # 7 occurrences pass the cap of 10 points


def test_the_plan_is_compiled_once_per_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = compile_plan

    def counting(ruleset: RuleSet, category: str) -> Any:
        made.append(category)
        return real(ruleset, category)

    monkeypatch.setattr(_columns_run, "compile_plan", counting)
    example = attrs.evolve(BY_CODE["example/dan-van-2024"])  # a fresh rule set: no plan kept
    first = score_columns(example, "so-nganh", _example_columns())
    again = score_columns(example, "so-nganh", _example_columns())
    assert made == ["so-nganh"]
    assert first.totals == again.totals
    changed = reweight(example, "so-nganh", {"I": Decimal(12)}, normalize=True)
    score_columns(changed, "so-nganh", _example_columns())
    assert made == ["so-nganh", "so-nganh"]  # a changed rule set compiles its own
