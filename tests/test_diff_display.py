"""Issue #10 §1: diffs, impacts and sweeps show as short reprs and as HTML tables (Jupyter)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import ConfigurationError
from danvan_rules.model import Points, RuleSet, UnitReport
from danvan_rules.scoring import _diff_html, reweight
from danvan_rules.scoring.diff import Impact, RuleSetDiff, Sweep, diff, impact, sweep

from .conftest import EXAMPLE_CODE, EXAMPLES
from .test_display import HOSTILE, text_of

COHORT = ("tot", "xuat-sac", "hoan-thanh", "khong-hoan-thanh", "veto", "khong-du-dieu-kien")


def _example() -> RuleSet:
    return rulesets.get(EXAMPLE_CODE)


def _cohort() -> list[UnitReport]:
    return [dr.load_report(EXAMPLES / f"{name}.json") for name in COHORT]


def _retitled(rs: RuleSet, title: str) -> RuleSet:
    card = rs.scorecards[0]
    criteria = tuple(attrs.evolve(c, title_vi=title, title_en=title) for c in card.criteria)
    return attrs.evolve(rs, scorecards=(attrs.evolve(card, criteria=criteria), *rs.scorecards[1:]))


_WEIGHTS = st.lists(st.integers(0, 40), min_size=7, max_size=7).filter(lambda w: sum(w) > 0)


@settings(max_examples=25, deadline=None)
@given(raw=_WEIGHTS, lang=st.sampled_from(["vi", "en"]))
def test_a_diff_table_lists_every_change_in_its_language(raw: list[int], lang: Any) -> None:
    rs = _example()
    roots = list(rs.weights("so-nganh"))
    new = reweight(rs, "so-nganh", dict(zip(roots, raw, strict=True)), normalize=True)
    found = diff(rs, new)
    page = found.to_html(lang)
    shown = text_of(page)
    assert f"{rs.code} → {new.code}" in shown
    for change in found.changes:
        assert change.text(lang) in shown
        assert change.path in shown
    assert found._repr_html_() == found.to_html("vi")


def test_an_empty_diff_says_the_rule_sets_score_alike() -> None:
    rs = _example()
    assert "Hai bộ quy tắc chấm như nhau" in text_of(diff(rs, rs).to_html())
    assert "The two rule sets score alike" in text_of(diff(rs, rs).to_html("en"))


def test_hostile_titles_are_escaped_and_long_diffs_are_cut_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rs = _example()
    monkeypatch.setattr(_diff_html, "ROWS", 10)
    found = diff(rs, _retitled(rs, HOSTILE))
    assert len(found) > _diff_html.ROWS  # every criterion retitled
    page = found.to_html("en")
    assert HOSTILE not in page
    assert "&lt;script&gt;" in page
    assert f"Showing {_diff_html.ROWS} of {len(found)}" in text_of(page)
    assert page.count("<tr>") == 3 + 1 + _diff_html.ROWS  # the fields, the header, the rows
    assert "Hiển thị" not in text_of(
        diff(rs, reweight(rs, "so-nganh", {"I": 5, "II": 30})).to_html()
    )


def test_an_impact_table_names_every_changed_unit_and_the_transitions() -> None:
    rs = _example()
    new = reweight(rs, "so-nganh", {"I": 5, "II": 30})
    cohort: list[object] = [*_cohort(), None]
    found = impact((rs, new), cohort)
    assert isinstance(found, Impact)
    shown = text_of(found.to_html("en"))
    assert f"{len(found.changed)} of {len(cohort)}" in shown
    for unit in found.changed:
        assert unit.unit_id in shown
    for (before, after), n in found.transitions.items():
        assert str(n) in shown
        for label in (before, after):
            words = {"error": "error", "ineligible": "not eligible"}
            assert words.get(label, label) in shown
    assert "lỗi" in text_of(found.to_html("vi"))  # the None input, error → error
    assert found._repr_html_() == found.to_html("vi")


def test_a_unit_refused_by_the_new_version_shows_the_error_code() -> None:
    rs = _example()
    card = rs.scorecards[0]
    coarse = tuple(
        attrs.evolve(c, measure=Points(step=Decimal(1))) if c.code == "II.1" else c
        for c in card.criteria
    )
    new = attrs.evolve(rs, scorecards=(attrs.evolve(card, criteria=coarse), *rs.scorecards[1:]))
    found = impact((rs, new), [dr.load_report(EXAMPLES / "tot.json")])  # II.1 is 8.5
    (unit,) = found.changed
    assert unit.after.error is not None
    code = unit.after.error.problems[0].code
    assert f"error: {code}" in text_of(found.to_html("en"))
    assert "criterion II.1 of phu-luc-1" in text_of(found.to_html("en"))  # why


def test_an_impact_with_no_change_shows_no_unit_table() -> None:
    rs = _example()
    found = impact((rs, rs), _cohort())
    assert not found
    page = found.to_html()
    assert page.count("<table>") == 2  # the fields and the transitions


def test_a_sweep_table_has_a_row_per_weighting_and_a_column_per_band() -> None:
    rs = _example()
    grid: list[dict[str, Decimal | int | str]] = [{}, {"I": 5, "II": 30}, {"I": 25, "II": 10}]
    found = sweep(rs, "so-nganh", grid, [*_cohort(), None])
    assert isinstance(found, Sweep)
    page = found.to_html("en")
    shown = text_of(page)
    assert page.count("<tr>") == 3 + 1 + len(grid)
    for setting in found.settings:
        weights = ", ".join(f"{code} = {w}" for code, w in setting.weights.items())
        assert weights in shown
    assert "columnar" in shown
    assert "error" in shown
    assert found._repr_html_() == found.to_html("vi")
    assert "tính theo cột" in text_of(found.to_html())


def test_a_long_sweep_is_cut_with_a_note() -> None:
    rs = _example()
    found = sweep(rs, "so-nganh", [{}] * (_diff_html.ROWS + 1), _cohort()[:1])
    assert f"Hiển thị {_diff_html.ROWS} / {_diff_html.ROWS + 1}" in text_of(found.to_html())


def test_a_sweep_scored_without_the_columnar_path_says_so() -> None:
    rs = _example()
    found = sweep(rs, "so-nganh", [{}], _cohort())
    plain = attrs.evolve(found, columnar=False)
    assert "score_many" in text_of(plain.to_html())


@pytest.mark.parametrize(
    "shown",
    [
        lambda: diff(_example(), _example()).to_html("fr"),  # type: ignore[arg-type]
        lambda: impact((_example(), _example()), []).to_html("fr"),  # type: ignore[arg-type]
        lambda: sweep(_example(), "so-nganh", [{}], []).to_html("fr"),  # type: ignore[arg-type]
    ],
)
def test_an_unknown_language_is_refused(shown: Any) -> None:
    with pytest.raises(ConfigurationError, match="lang must be"):
        shown()


def test_the_diff_records_keep_their_short_repr() -> None:
    rs = _example()
    assert isinstance(diff(rs, rs), RuleSetDiff)
    assert "\n" not in repr(impact((rs, rs), _cohort()))
