"""DataFrames in and out (issue #10 §1): ``danvan_rules.frames``, the extra ``pandas``.

Frames of reports read back as the same reports, scored frames give exactly
what ``score()`` gives row by row, every input row has its one row, and a bad
row's problems sit in its ``error`` cell with the row's label and the column.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import frames
from danvan_rules.errors import ConfigurationError, InvalidValueError, MissingExtraError
from danvan_rules.io import load_round
from danvan_rules.model import UnitReport
from danvan_rules.model.rounds import RoundResult
from danvan_rules.scoring.rounds import score_round
from danvan_rules.testing import report_at as kit_report_at
from danvan_rules.testing import reports_for

from .conftest import EXAMPLE_CODE, EXAMPLES, ROOT

RULESETS = [rs for rs in dr.rulesets.load_all() if rs.categories]
EXAMPLE = dr.rulesets.get(EXAMPLE_CODE)
TOT = dr.load_report(EXAMPLES / "tot.json")
ROUND = ROOT / "examples" / "rounds" / "vi-du-2024" / "round.toml"
IDENTITY = {"category": "so-nganh", "year": 2024, "province": "example"}


def report_row(report: UnitReport) -> dict[str, object]:
    """A report as one row of a report frame: its fields, then its answers by key."""
    row: dict[str, object] = {
        "unit_id": report.unit_id,
        "unit_name": report.unit_name,
        "category": report.category,
        "year": report.year,
        "province": report.province,
        **report.self_scores,
        **{f"appraised:{code}": v for code, v in (report.appraised_scores or {}).items()},
        **{f"fact:{name}": v for name, v in report.facts.items()},
        **{f"bonus:{code}": v for code, v in report.bonuses.items()},
    }
    if report.former_province is not None:
        row["former_province"] = report.former_province
    return row


def as_read(report: UnitReport) -> UnitReport:
    """The report a frame gives back: an empty appraisal is no appraisal."""
    return attrs.evolve(report, appraised_scores=report.appraised_scores or None)


def tot_frame(**changes: object) -> pd.DataFrame:
    """A one-row frame of ``examples/tot.json`` without its identity columns but the ids."""
    row = report_row(TOT)
    for name in IDENTITY:
        del row[name]
    row.update(changes)
    return pd.DataFrame([row])


def cell(frame: pd.DataFrame, label: Any, column: str) -> Any:
    """One cell, as the tests read it (pandas-stubs type cells as a union of scalars)."""
    return frame.loc[label, column]


def error_of(scored: pd.DataFrame, label: Any) -> str:
    return str(cell(scored, label, "error"))


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[dr.RuleSet, list[UnitReport]]:
    ruleset = draw(st.sampled_from(RULESETS))
    return ruleset, draw(st.lists(reports_for(ruleset), min_size=1, max_size=4))


# ---------------------------------------------------------------------- properties


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cohorts())
def test_a_frame_of_reports_reads_back_and_scores_as_score_does(
    cohort: tuple[dr.RuleSet, list[UnitReport]],
) -> None:
    ruleset, reports = cohort
    frame = pd.DataFrame([report_row(r) for r in reports])
    assert frames.reports_from_frame(frame) == [as_read(r) for r in reports]
    scored = frames.score_frame(ruleset, frame)
    expected = [dr.score(ruleset, r) for r in reports]
    assert len(scored) == len(reports)
    assert scored.index.equals(frame.index)
    assert scored["error"].isna().all()
    for (_, row), result in zip(scored.iterrows(), expected, strict=True):
        assert type(row["total"]) is Decimal
        assert row["total"] == result.total
        assert row["self_total"] == result.self_total
        assert row["criteria_total"] == result.criteria_total
        assert row["band"] == result.band_code if result.band_code else pd.isna(row["band"])
        assert row["status"] == result.status.value
        for line in result.lines:
            assert row[line.code] == line.awarded
            if line.weighted is not None:
                assert row[f"weighted:{line.code}"] == line.weighted
    batch = frames.results_frame(dr.score_many(ruleset, reports))
    assert batch["total"].tolist() == scored["total"].tolist()
    lines = frames.lines_frame(expected)
    assert len(lines) == sum(len(r.lines) for r in expected)
    assert lines["awarded"].tolist() == [line.awarded for r in expected for line in r.lines]


def as_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its Decimals as floats, as ``pd.read_excel`` would give the points."""
    out = frame.copy()
    for name in out.columns:
        if any(isinstance(v, Decimal) for v in out[name]):
            out[name] = [float(v) if isinstance(v, Decimal) else v for v in out[name]]
    return out


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cohorts(), st.sampled_from(["objects", "nullable", "floats", "nullable floats"]))
def test_the_dtypes_pandas_gives_do_not_change_the_reports(
    cohort: tuple[dr.RuleSet, list[UnitReport]], kind: str
) -> None:
    ruleset, reports = cohort
    frame = pd.DataFrame([report_row(r) for r in reports])
    variants: dict[str, Callable[[], pd.DataFrame]] = {
        "objects": lambda: frame.astype(object),  # numpy scalars in object columns
        "nullable": frame.convert_dtypes,  # Int64, boolean, string: numpy scalars and pd.NA
        "floats": lambda: as_floats(frame),
        "nullable floats": lambda: as_floats(frame).convert_dtypes(),
    }
    variant = variants[kind]()
    assert frames.reports_from_frame(variant) == [as_read(r) for r in reports]
    scored = frames.score_frame(ruleset, variant)
    assert scored["total"].tolist() == [dr.score(ruleset, r).total for r in reports]


@given(
    labels=st.lists(st.integers(-5, 5) | st.text(max_size=3), min_size=1, max_size=5, unique=True)
)
def test_every_row_has_one_row_under_its_label(labels: list[object]) -> None:
    rows = [report_row(attrs.evolve(TOT, unit_id=f"u{i}")) for i in range(len(labels))]
    rows[0]["I.2"] = "bad"  # one bad row among good ones
    frame = pd.DataFrame(rows, index=pd.Index(labels, dtype=object))
    scored = frames.score_frame(EXAMPLE, frame)
    assert list(scored.index) == labels
    assert scored["unit_id"].tolist() == [f"u{i}" for i in range(len(labels))]
    assert scored["error"].notna().tolist() == [True] + [False] * (len(labels) - 1)
    assert f'@ {dr.errors.key_path("$", labels[0])}["I.2"]' in str(scored["error"].iloc[0])


# ---------------------------------------------------------------------- reading cells


def test_numpy_scalars_are_read_exactly() -> None:
    cells = {
        "I.1": np.bool_(True),  # noqa: FBT003 - a numpy scalar, as read_excel gives
        "I.2": np.int64(5),
        "II.1": np.float64(8.5),
        "fact:khieu_nai_dong_nguoi": np.int64(0),
        "fact:ky_luat": np.bool_(False),  # noqa: FBT003 - the same
        "appraised:VII": np.float64(8.0),
        "bonus:dvk-cap-tinh": np.int64(1),
    }
    frame = tot_frame(**cells).astype(object)
    frame["year"] = pd.Series([np.int64(2024)], dtype=object)
    [report] = frames.reports_from_frame(frame, category="so-nganh", province="example")
    assert report == TOT
    scored = frames.score_frame(EXAMPLE, frame, category="so-nganh", province="example")
    assert scored.loc[0, "total"] == dr.score(EXAMPLE, TOT).total == Decimal("82.50")


def test_a_float_off_the_step_is_refused_in_its_row() -> None:
    frame = pd.concat([tot_frame(), tot_frame(**{"I.2": np.float64(4.3)})], ignore_index=True)
    scored = frames.score_frame(EXAMPLE, frame, **IDENTITY)  # type: ignore[arg-type]
    assert scored.loc[0, "total"] == Decimal("82.50")
    assert error_of(scored, 1) == (
        'score.off_step @ $[1]["I.2"]: 4.3 is not a multiple of the step 0.5 for criterion I.2'
    )
    assert scored.loc[1, "unit_id"] == TOT.unit_id
    assert scored.loc[1, ["total", "band", "status", "year", "I.2"]].isna().all()
    vi = frames.score_frame(EXAMPLE, frame, lang="vi", **IDENTITY)  # type: ignore[arg-type]
    assert error_of(vi, 1).startswith('score.off_step @ $[1]["I.2"]: 4.3 không')


def test_narrow_wide_and_categorical_columns_are_read_exactly_or_refused() -> None:
    frame = pd.concat([tot_frame(), tot_frame(), tot_frame()], ignore_index=True)
    frame["II.2"] = pd.Series([2, 2, 2], dtype="int8")
    frame["I.3"] = pd.Series(["Khá", None, "Khá"], dtype="category")
    frame["fact:khieu_nai_dong_nguoi"] = pd.Series([0, 0, 2**64 - 1], dtype="uint64")
    scored = frames.score_frame(EXAMPLE, frame, **IDENTITY)  # type: ignore[arg-type]
    assert scored.loc[0, "total"] == Decimal("82.50")
    assert (
        error_of(scored, 1) == 'report.missing_score @ $[1]["I.3"]: missing score for criterion I.3'
    )
    assert error_of(scored, 2) == (
        'fact.count_too_large @ $[2]["fact:khieu_nai_dong_nguoi"]: '
        "a fact count is at most 999999999999, not 18446744073709551615"
    )


@pytest.mark.parametrize("dtype", ["float32", "float16", "Float32"])
def test_a_narrow_float_column_is_read_by_its_own_shortest_text(dtype: str) -> None:
    frame = pd.concat([tot_frame(), tot_frame(), tot_frame()], ignore_index=True)
    frame["II.1"] = pd.Series([8.5, 8.1, None], dtype=dtype)  # 8.1 is no float32 exactly
    scored = frames.score_frame(EXAMPLE, frame, **IDENTITY)  # type: ignore[arg-type]
    assert scored.loc[0, "total"] == Decimal("82.50")
    assert error_of(scored, 1) == (
        'score.off_step @ $[1]["II.1"]: 8.1 is not a multiple of the step 0.25 for criterion II.1'
    )
    assert error_of(scored, 2).startswith('report.missing_score @ $[2]["II.1"]: ')


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA, pd.NaT, float("nan")])
def test_an_na_cell_leaves_the_key_out(missing: object) -> None:
    frame = tot_frame(**{"I.3": pd.Series([missing], dtype=object)[0]}).astype(object)
    [report] = frames.reports_from_frame(frame, **IDENTITY)  # type: ignore[arg-type]
    assert isinstance(report, UnitReport)
    assert "I.3" not in report.self_scores
    scored = frames.score_frame(EXAMPLE, frame, **IDENTITY)  # type: ignore[arg-type]
    assert error_of(scored, 0).startswith('report.missing_score @ $[0]["I.3"]: ')


def test_whole_floats_of_an_integer_column_with_na_are_integers() -> None:
    first = report_row(TOT)
    second = {**report_row(TOT), "unit_id": "b", "year": None, "fact:khieu_nai_dong_nguoi": None}
    frame = pd.DataFrame([first, second])
    assert frame["year"].dtype == np.float64
    got = frames.reports_from_frame(frame, year=2024)
    assert got[0] == TOT
    assert isinstance(got[1], UnitReport)
    assert got[1].year == 2024
    assert "khieu_nai_dong_nguoi" not in got[1].facts
    [half] = frames.reports_from_frame(tot_frame(year=2024.5), category="x", province="y")
    assert isinstance(half, dr.ReportError)
    assert half.problems[0].path == '$[0]["year"]'


def test_the_keywords_fill_the_na_cells_of_their_columns() -> None:
    frame = pd.DataFrame([report_row(TOT), {**report_row(TOT), "category": None}])
    got = frames.reports_from_frame(frame, category="so-nganh")
    assert got == [TOT, TOT]


def test_a_former_province_column_is_read() -> None:
    frame = tot_frame(former_province="cu")
    [report] = frames.reports_from_frame(frame, **IDENTITY)  # type: ignore[arg-type]
    assert isinstance(report, UnitReport)
    assert report.former_province == "cu"


def test_bad_cells_are_their_rows_errors_at_their_columns() -> None:
    rows = [
        report_row(TOT),
        {**report_row(TOT), "unit_id": None},
        {**report_row(TOT), "II.1": "8,5", "fact:ky_luat": -1, "bonus:dvk-cap-tinh": "nhiều"},
        {**report_row(TOT), "appraised:VII": [8]},
    ]
    frame = pd.DataFrame(rows, index=pd.Index(["a", "b", "c", 4], dtype=object))
    got = frames.reports_from_frame(frame)
    assert got[0] == TOT
    errors = got[1:]
    assert all(isinstance(e, dr.ReportError) for e in errors)
    paths = [[p.path for p in e.problems] for e in errors if isinstance(e, dr.ReportError)]
    assert paths == [
        ['$["b"]["unit_id"]'],
        ['$["c"]["II.1"]', '$["c"]["fact:ky_luat"]', '$["c"]["bonus:dvk-cap-tinh"]'],
        ['$[4]["appraised:VII"]'],
    ]
    assert [e.unit_id for e in errors if isinstance(e, dr.ReportError)] == [
        None,
        "so-tu-phap",
        "so-tu-phap",
    ]
    scored = frames.score_frame(EXAMPLE, frame)
    assert scored["error"].notna().tolist() == [False, True, True, True]
    assert error_of(scored, "b").startswith('data.expected_text @ $["b"]["unit_id"]: ')
    assert pd.isna(cell(scored, "b", "unit_id"))
    assert "; fact.invalid @ " in error_of(scored, "c")


def test_a_column_no_rule_set_knows_fails_every_row_that_gives_it() -> None:
    frame = pd.concat(
        [tot_frame(**{"Ghi chú": "xem lại"}), tot_frame(**{"Ghi chú": None})], ignore_index=True
    )
    scored = frames.score_frame(EXAMPLE, frame, **IDENTITY)  # type: ignore[arg-type]
    assert error_of(scored, 0).startswith('report.unknown_criterion @ $[0]["Ghi chú"]: ')
    assert pd.isna(cell(scored, 1, "error"))  # an empty cell gives nothing
    assert scored.loc[1, "total"] == Decimal("82.50")


def test_a_missing_column_is_refused_before_any_row() -> None:
    with pytest.raises(InvalidValueError) as info:
        frames.reports_from_frame(tot_frame().drop(columns=["unit_name"]), **IDENTITY)  # type: ignore[arg-type]
    assert info.value.code == "frames.missing_column"
    assert "unit_name" in str(info.value)
    with pytest.raises(InvalidValueError, match="no column category, province") as info:
        frames.score_frame(EXAMPLE, tot_frame(), year=2024)
    assert info.value.code == "frames.missing_column"


def test_duplicate_and_non_text_column_labels_are_refused() -> None:
    doubled = pd.concat([tot_frame(), tot_frame()[["I.2"]]], axis=1)
    with pytest.raises(InvalidValueError) as info:
        frames.reports_from_frame(doubled, **IDENTITY)  # type: ignore[arg-type]
    assert info.value.code == "frames.duplicate_column"
    with pytest.raises(InvalidValueError) as info:
        frames.reports_from_frame(pd.DataFrame([[1, 2]]))
    assert info.value.code == "columns.invalid_key"


def test_a_frame_whose_index_repeats_a_label_is_refused() -> None:
    doubled = pd.concat([tot_frame(), tot_frame(**{"I.2": "bad"}), tot_frame()])  # labels 0, 0, 0
    for call in (
        lambda: frames.reports_from_frame(doubled, **IDENTITY),  # type: ignore[arg-type]
        lambda: frames.score_frame(EXAMPLE, doubled, **IDENTITY),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidValueError, match="index label 0: ") as info:
            call()
        assert info.value.code == "frames.duplicate_index"
    scored = frames.score_frame(EXAMPLE, doubled.reset_index(drop=True), **IDENTITY)  # type: ignore[arg-type]
    assert error_of(scored, 1).startswith('number.invalid_text @ $[1]["I.2"]: ')


def test_every_bad_column_label_is_named_at_once() -> None:
    frame = tot_frame()
    doubled = pd.concat([frame, frame[["I.2", "II.1"]], frame[["I.2"]]], axis=1)
    with pytest.raises(InvalidValueError, match=r"labelled 'I.2', 'II.1': ") as info:
        frames.reports_from_frame(doubled, **IDENTITY)  # type: ignore[arg-type]
    assert info.value.code == "frames.duplicate_column"
    with pytest.raises(InvalidValueError, match=r"not 1, \('a', 'b'\)$") as info:
        frames.reports_from_frame(pd.DataFrame([[1, 2, 3]], columns=["unit_id", 1, ("a", "b")]))
    assert info.value.code == "columns.invalid_key"


def test_report_paths_become_row_paths() -> None:
    assert frames._row_path("$[3]", '$.self_scores["I.2"]') == '$[3]["I.2"]'
    assert frames._row_path("$[3]", '$.facts["a\\"b"]') == '$[3]["fact:a\\"b"]'
    assert frames._row_path("$[3]", '$.bonuses["b"]') == '$[3]["bonus:b"]'
    assert frames._row_path("$[3]", "$.self_scores") == "$[3]"
    assert frames._row_path("$[3]", "$.category") == '$[3]["category"]'
    assert frames._row_path('$["x"]', "$") == '$["x"]'


def test_an_unscorable_row_is_its_error() -> None:
    def choose(report: UnitReport) -> dr.RuleSet:
        raise RuntimeError(report.unit_id)

    scored = frames.score_frame(choose, tot_frame(), **IDENTITY)  # type: ignore[arg-type]
    assert error_of(scored, 0) == (
        "report.unscorable @ $[0]: the report could not be scored: RuntimeError: so-tu-phap"
    )


# ---------------------------------------------------------------------- results out


def test_a_batch_frame_has_a_row_per_outcome_with_exact_points() -> None:
    reports = dr.load_reports(EXAMPLES / "cohort.json")
    batch = dr.score_many(EXAMPLE, [*reports, None])
    frame = frames.results_frame(batch)
    assert len(frame) == len(reports) + 1
    assert list(frame.columns[: len(frames.RESULT_COLUMNS)]) == list(frames.RESULT_COLUMNS)
    assert list(frame.columns[-2:]) == ["warnings", "error"]
    assert "weighted:I" in frame.columns
    assert "I.1" in frame.columns
    assert "weighted:I.1" not in frame.columns
    assert frame["total"].dtype == object
    assert frame["year"].dtype == "Int64"
    first = batch.results[0]
    assert frame.loc[0, "ruleset"] == EXAMPLE_CODE
    assert frame.loc[0, "warnings"] == ",".join(n.code for n in first.warnings)
    assert frame.loc[0, "band_by_score"] == first.band_by_score.code
    last = frame.iloc[-1]
    assert last["error"] == "batch.not_a_report @ $[8]: expected a UnitReport, not NoneType"
    assert last[["unit_id", "total", "status", "warnings"]].isna().all()
    assert frame["rank"].isna().all()


def test_floats_give_float64_copies() -> None:
    batch = dr.score_many(EXAMPLE, [TOT, None])
    exact = frames.results_frame(batch)
    view = frames.results_frame(batch, floats=True)
    for name in ("total", "self_total", "criteria_total", "I.2", "weighted:I"):
        assert view[name].dtype == np.float64
        assert view.loc[0, name] == float(cell(exact, 0, name))
        assert np.isnan(cell(view, 1, name))
    lines = frames.lines_frame(batch, floats=True)
    assert lines["awarded"].dtype == np.float64
    assert lines["code"].tolist() == [line.code for line in batch.results[0].lines]


def test_a_cohort_frame_has_the_ranks() -> None:
    reports = dr.load_reports(EXAMPLES / "cohort.json")
    cohort = dr.apply_quota(EXAMPLE, dr.score_many(EXAMPLE, reports).results)
    frame = frames.results_frame(cohort)
    assert frame["rank"].tolist() == [r.cohort.rank for r in cohort.results if r.cohort]
    assert frame["rank"].dtype == "Int64"


def scored_round() -> RoundResult:
    loaded = load_round(ROUND)
    reports = [
        attrs.evolve(r, year=2023) if isinstance(r, UnitReport) and r.unit_id == "so-y-te" else r
        for r in loaded.reports
    ]
    return score_round(loaded.round, reports, loaded.rulesets)


def test_a_round_frame_has_every_unit_with_its_status() -> None:
    result = scored_round()
    frame = frames.results_frame(result)
    assert frame["unit_id"].tolist() == [o.unit.id for o in result.outcomes]
    assert frame["status"].tolist() == [o.status.value for o in result.outcomes]
    by_id = frame.set_index("unit_id")
    assert by_id.loc["so-y-te", "status"] == "invalid"
    assert str(by_id.loc["so-y-te", "error"]).startswith("round.")
    assert by_id.loc["so-y-te", "category"] == "so-nganh"
    assert by_id.loc["so-y-te", "year"] == 2024
    assert by_id.loc["xa-phu-loi", "status"] == "not_in_year"
    assert pd.isna(cell(by_id, "xa-phu-loi", "error"))
    assert by_id.loc["so-tu-phap", "total"] == Decimal("82.50")
    assert by_id.loc["so-tu-phap", "rank"] == result.outcome("so-tu-phap").rank
    lines = frames.lines_frame(result)
    rated = [i for i, o in enumerate(result.outcomes) if o.result is not None]
    assert sorted(set(lines["row"])) == rated
    assert lines["depth"].dtype == np.int64
    assert lines["assumed"].dtype == bool


def test_results_of_several_rule_sets_share_one_frame() -> None:
    other = next(rs for rs in RULESETS if rs.code != EXAMPLE_CODE)
    ours, theirs = dr.score(EXAMPLE, TOT), dr.score(other, report_at(other))
    frame = frames.results_frame([ours, theirs])
    assert frame["ruleset"].tolist() == [EXAMPLE_CODE, other.code]
    only_theirs = {line.code for line in theirs.lines} - {line.code for line in ours.lines}
    assert only_theirs
    for code in only_theirs:
        assert pd.isna(cell(frame, 0, code))


def report_at(ruleset: dr.RuleSet) -> UnitReport:
    return kit_report_at(ruleset, ruleset.categories[0].code, Decimal(50))


def test_an_item_that_is_not_an_outcome_is_refused() -> None:
    with pytest.raises(TypeError, match="not int"):
        frames.results_frame([3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not str"):
        frames.lines_frame(["x"])  # type: ignore[list-item]


def test_lang_must_be_vi_or_en() -> None:
    with pytest.raises(ConfigurationError):
        frames.results_frame([], lang="fr")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        frames.score_frame(EXAMPLE, tot_frame(), lang="VI", **IDENTITY)  # type: ignore[arg-type]


def test_empty_outcomes_give_an_empty_frame_with_the_columns() -> None:
    frame = frames.results_frame([])
    assert list(frame.columns) == [*frames.RESULT_COLUMNS, *frames.LAST_COLUMNS]
    assert len(frame) == 0
    assert list(frames.lines_frame([]).columns) == list(frames.LINE_COLUMNS)


def test_a_criterion_named_like_a_column_is_refused(small_ruleset_data: dict[str, Any]) -> None:
    small_ruleset_data["scorecards"][0]["criteria"][3]["code"] = "total"
    ruleset = dr.ruleset_from_data(small_ruleset_data)
    report = UnitReport(
        "x",
        "X",
        "cat",
        2024,
        "ha-noi",
        {"A.1": True, "A.2": 1, "total": "Tốt"},
        facts={"f": False, "n": 0},
    )
    with pytest.raises(InvalidValueError) as info:
        frames.results_frame([dr.score(ruleset, report)])
    assert info.value.code == "frames.column_clash"


# ---------------------------------------------------------------------- without pandas


def test_without_pandas_every_function_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    calls: list[Callable[[], object]] = [
        lambda: frames.results_frame([]),
        lambda: frames.lines_frame([]),
        lambda: frames.reports_from_frame(None),  # type: ignore[arg-type]
        lambda: frames.score_frame(EXAMPLE, None),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(
            MissingExtraError, match=r"pip install 'danvan_rules\[pandas\]'"
        ) as info:
            call()
        assert isinstance(info.value, ImportError)
        assert info.value.extra == "pandas"


def test_the_module_imports_without_pandas() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import danvan_rules as dr, danvan_rules.frames\n"
        "print(callable(dr.results_frame))\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "True"
