"""Short reprs and Jupyter tables (``_repr_html_``) of results, batches, rule sets and rounds.

Issue #10 §1: what a person wants to see at a glance, in Vietnamese with English
available. A repr is one short line; a table is balanced HTML in which every text
from the data is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import ConfigurationError, Problem, ReportError
from danvan_rules.io import load_round
from danvan_rules.model import CohortNote, Gap, Headroom, ScoreResult, UnitReport
from danvan_rules.model._display import check_lang, number
from danvan_rules.model.result import _plural, _short
from danvan_rules.testing import reports_for

from .conftest import EXAMPLE_CODE, EXAMPLES, ROOT

BUILTIN = rulesets.load_all()
CASES = st.sampled_from([(rs, c.code) for rs in BUILTIN for c in rs.categories]).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), reports_for(*pair))
)
HOSTILE = "<script>alert(1)</script>"
ROUNDS = sorted((ROOT / "examples" / "rounds").glob("*/round.toml"))


class _Checked(HTMLParser):
    """Fails on an end tag that closes no open tag; keeps the text."""

    VOID = frozenset({"br", "hr", "img", "meta", "input", "col"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        assert not any(name.startswith("on") for name, _ in attributes)
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes the wrong tag"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> _Checked:
    """The parsed table; fails unless every tag is closed in order."""
    checker = _Checked()
    checker.feed(markup)
    checker.close()
    assert checker.open == [], f"unclosed: {checker.open}"
    assert "script" not in checker.tags
    return checker


def text_of(markup: str) -> str:
    return " ".join(parsed(markup).text)


def _example(name: str) -> ScoreResult:
    return dr.score(rulesets.get(EXAMPLE_CODE), dr.load_report(EXAMPLES / f"{name}.json"))


def _assert_one_short_line(shown: str) -> None:
    assert "\n" not in shown
    assert shown.isprintable()
    assert len(shown) <= 200


# ---------------------------------------------------------------------- results


@settings(max_examples=40, deadline=None)
@given(CASES)
def test_a_result_shows_on_one_short_line_and_in_a_balanced_table(
    case: tuple[dr.RuleSet, UnitReport],
) -> None:
    rs, report = case
    result = dr.score(rs, report)
    shown = repr(result)
    _assert_one_short_line(shown)
    assert shown.startswith("<ScoreResult unit=")
    assert shown.endswith(">")
    assert f"total={result.total}" in shown
    assert f"band={result.band_code!r}" in shown
    if len(result.unit_id) <= 40:
        assert repr(result.unit_id) in shown
    text = text_of(result._repr_html_())
    assert str(result.total) in text
    if result.band is not None:
        assert f"{result.band.label_vi} ({result.band.code})" in text
    for line in result.lines:
        assert line.code in text
    english = text_of(result.to_html(lang="en"))
    assert "Total" in english
    assert "Tổng điểm" not in english


def test_the_repr_of_a_result_is_the_documented_line() -> None:
    assert repr(_example("tot")) == (
        "<ScoreResult unit='so-tu-phap' total=82.50 band='tot' status=rated "
        "ruleset='example/dan-van-2024'>"
    )
    assert repr(_example("khong-du-dieu-kien")).endswith(
        "band=None status=ineligible ruleset='example/dan-van-2024'>"
    )


def test_hostile_text_is_escaped_in_the_table_and_kept_on_one_line_in_the_repr() -> None:
    result = attrs.evolve(_example("tot"), unit_name=HOSTILE, unit_id=f"{HOSTILE}\n" * 5)
    markup = result.to_html()
    assert HOSTILE not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert HOSTILE in text_of(markup)  # shown as text
    _assert_one_short_line(repr(result))
    assert "…" in repr(result)


def test_the_vietnamese_table_and_the_english_one() -> None:
    result = _example("tot")
    assert result._repr_html_() == result.to_html("vi")
    vi, en = text_of(result.to_html()), text_of(result.to_html("en"))
    for label in ("Đơn vị", "Tổng điểm", "Xếp loại", "Trạng thái", "Lưu ý", "Tiêu chí"):
        assert label in vi
    assert "Hoàn thành tốt (tot)" in vi
    assert "Điểm tự chấm 74.50" in vi  # appraised: the self total differs
    assert "Để đạt mức cao hơn (Hoàn thành xuất sắc, xuat-sac): cần thêm 7.5" in vi
    for label in ("Unit", "Total", "Band", "Status", "Warnings", "Criterion", "Adjustment"):
        assert label in en
    assert "Hoàn thành tốt / Completed well (tot)" in en
    assert result.warnings[0].en in en
    assert result.warnings[0].vi in vi


def test_ineligible_capped_and_ranked_results() -> None:
    ineligible = _example("khong-du-dieu-kien")
    text = text_of(ineligible.to_html())
    assert "không đủ điều kiện xếp loại" in text
    assert "moi-thanh-lap" in text  # the condition applied, and what still blocks
    assert "vẫn bị chặn bởi" in text
    ranked = attrs.evolve(
        _example("xuat-sac"),
        cohort=CohortNote(rank=2, cohort_size=7, band_before_quota="xuat-sac", demoted=False),
    )
    assert "Xếp hạng trong khối 2/7" in text_of(ranked.to_html())
    unranked = attrs.evolve(
        ranked, cohort=CohortNote(rank=None, cohort_size=7, band_before_quota=None, demoted=False)
    )
    assert "Rank in cohort -/7" in text_of(unranked.to_html("en"))
    top = text_of(ranked.to_html())
    assert "Để đạt mức cao hơn" not in top  # the top band has no gap


def test_lines_weights_adjustments_and_gaps_as_they_come() -> None:
    result = _example("hoan-thanh")
    first = result.lines[0]
    weighted = attrs.evolve(
        first, weight=first.max * 2, weighted=Decimal(2) / Decimal(3), title_en=""
    )
    shown = attrs.evolve(
        result,
        lines=(weighted, *result.lines[1:]),
        adjustments=(),
        self_total=result.total,
        gap=Gap("tot", "Hoàn thành tốt", Decimal("1.50000"), (), ()),
    )
    markup = shown.to_html("en")
    text = text_of(markup)
    assert f"{first.awarded}/{first.max} → ≈0.6667/{first.max * 2}" in text
    assert first.title_vi in text  # no English title: the Vietnamese one
    assert "Adjustment" not in text
    assert "Warnings" in text_of(result.to_html("en"))
    assert "Warnings" not in text_of(attrs.evolve(result, warnings=()).to_html("en"))
    assert "Self-assessed" not in text
    assert "points needed 1.5" in text
    assert "headroom" not in text
    assert "blocked" not in text
    assert 'style="padding-left: 1.5em"' in markup  # children are indented
    assert "+1" in text_of(_example("tot").to_html())  # a bonus shows its sign
    room = Gap("tot", "Hoàn thành tốt", Decimal(1), (Headroom("I.1", "x", Decimal(2)),), ())
    assert "headroom in: I.1 +2" in text_of(attrs.evolve(result, gap=room).to_html("en"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7.50"), "7.5"),
        (Decimal("1.250000"), "1.25"),
        (Decimal("0.666666666667"), "≈0.6667"),
        (Decimal("-0.12345"), "≈-0.1235"),
        (Decimal("1E+2"), "100"),
        (Decimal("Infinity"), "Infinity"),
    ],
)
def test_numbers_are_exact_or_marked_approximate(value: Decimal, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize("lang", ["fr", "", None, "VI"])
def test_an_unknown_language_is_refused(lang: object) -> None:
    with pytest.raises(ConfigurationError, match="lang must be"):
        check_lang(lang)
    for shown in (_example("tot"), dr.score_many(rulesets.get(EXAMPLE_CODE), [])):
        with pytest.raises(ConfigurationError):
            shown.to_html(lang)  # type: ignore[arg-type]


def test_short_and_plural() -> None:
    assert _short("so-a") == "'so-a'"
    assert _short("x" * 41) == repr("x" * 39 + "…")
    assert _short("a\nb") == "'a\\nb'"
    assert [_plural(1, "error"), _plural(2, "error"), _plural(0, "category", "categories")] == [
        "1 error",
        "2 errors",
        "0 categories",
    ]


# ---------------------------------------------------------------------- batches


def _error(unit_id: str | None, problems: int) -> ReportError:
    return ReportError(
        [
            Problem(f"bad {HOSTILE} {i}", f"$.x{i}", code="report.bad", message_vi=f"sai {i}")
            for i in range(problems)
        ],
        unit_id=unit_id,
    )


def test_a_batch_shows_its_counts_and_its_errors() -> None:
    tot, ineligible = _example("tot"), _example("khong-du-dieu-kien")
    batch = dr.Batch((tot, _error(None, 1), ineligible, _error(HOSTILE, 3)))
    assert repr(batch) == "<Batch 4 outcomes: 2 scored, 2 errors>"
    assert repr(dr.Batch((tot,))) == "<Batch 1 outcome: 1 scored, 0 errors>"
    assert repr(dr.Batch((_error("a", 1),))) == "<Batch 1 outcome: 0 scored, 1 error>"
    markup = batch._repr_html_()
    assert markup == batch.to_html("vi")
    assert HOSTILE not in markup
    text = text_of(markup)
    assert "4 kết quả: 2 đã chấm, 2 lỗi" in text
    assert "Lỗi: sai 0 @ $.x0 (+2)" in text
    assert "82.50" in text
    assert "Hoàn thành tốt (tot)" in text
    assert "Hiển thị" not in text  # every row shown
    english = text_of(batch.to_html("en"))
    assert "4 outcomes: 2 scored, 2 errors" in english
    assert f"Error: bad {HOSTILE} 0 @ $.x0 (+2)" in english
    assert "Error: bad" in english
    assert "—" in english


def test_a_long_batch_shows_its_first_rows_and_the_errors_after_them() -> None:
    results: list[ScoreResult | ReportError] = [
        _example(name) for name in ("tot", "xuat-sac", "khong-du-dieu-kien", "hoan-thanh")
    ]
    outcomes = (*results * 6, _error("late-1", 1), _error(None, 2))
    batch = dr.Batch(outcomes)
    text = text_of(batch.to_html())
    assert "Hiển thị 20 / 26 kết quả đầu tiên" in text
    assert "Các lỗi khác" in text
    assert "late-1" in text
    counts = text_of(batch.to_html("en", rows=2))
    assert "Showing the first 2 of 26" in counts
    order = [
        counts.index(label)
        for label in ("excellence", "Completed well", "Completed (", "not eligible")
    ]
    assert order == sorted(order)  # bands from the highest, the ineligible last
    assert "Other errors" in counts
    assert "Other errors" not in text_of(dr.Batch(tuple(results * 6)).to_html())


# ---------------------------------------------------------------------- rule sets


@pytest.mark.parametrize("rs", BUILTIN, ids=lambda rs: rs.code)
def test_a_rule_set_shows_its_code_and_lists_every_category_and_band(rs: dr.RuleSet) -> None:
    shown = repr(rs)
    _assert_one_short_line(shown)
    assert shown.startswith(f"<RuleSet {rs.code!r} {rs.province} {rs.effective_from}..")
    assert f"{len(rs.bands)} bands" in shown
    assert rs == attrs.evolve(rs)  # equality is still attrs'
    markup = rs._repr_html_()
    assert markup == rs.to_html("vi")
    vi, en = text_of(markup), text_of(rs.to_html("en"))
    for category in rs.categories:
        assert category.code in vi
        assert category.label_vi in vi
        assert (category.label_en or category.label_vi) in en
    for band in rs.bands:
        assert band.label_vi in vi
        assert band.code in en
    assert rs.title_vi in vi
    assert rs.instrument.number in vi
    assert f"Giá trị giả định {rs.assumed_values}" in vi
    assert f"Assumed values {rs.assumed_values}" in en


def test_a_rule_set_repr_and_table_say_what_sets_it_apart() -> None:
    example = rulesets.get(EXAMPLE_CODE)
    assert repr(example) == (
        "<RuleSet 'example/dan-van-2024' example 2024-01-01..: 2 categories, 18 criteria, "
        "4 bands, 39 assumed values, illustrative>"
    )
    modified = dr.reweight(example, "so-nganh", {"I": 30, "II": 30}, normalize=True)
    assert repr(modified).endswith(", illustrative, modified>")
    assert "minh họa, đã sửa đổi" in text_of(modified.to_html())
    national = rulesets.get("national/nd-335-2025")
    assert repr(national).endswith(", national>")
    assert "national template" in text_of(national.to_html("en"))
    assert "theo văn bản" in text_of(national.to_html())  # its bands are sourced
    old = rulesets.get("dong-nai/3225-2018")
    assert "2018-09-12..2024-11-16" in repr(old)
    plain = attrs.evolve(
        old, title_en="", categories=tuple(attrs.evolve(c, label_en="") for c in old.categories)
    )
    english = text_of(plain.to_html("en"))
    assert old.title_vi in english
    assert "(illustrative" not in english
    one = attrs.evolve(old, categories=old.categories[:1])
    assert ": 1 category, " in repr(one)
    assert "≥" in text_of(old.to_html())
    assert "– <" in text_of(old.to_html())


# ---------------------------------------------------------------------- rounds


@pytest.mark.parametrize("path", ROUNDS, ids=lambda p: p.parent.name)
def test_a_round_shows_its_tallies_per_khoi_and_band(path: Path) -> None:
    scored = load_round(path).score()
    shown = repr(scored)
    _assert_one_short_line(shown)
    assert shown.startswith(f"<RoundResult {scored.round.province!r} {scored.round.year}: ")
    assert f"{len(scored.outcomes)} units" in shown
    markup = scored._repr_html_()
    assert markup == scored.to_html("vi")
    text = text_of(markup)
    for tally in scored.tallies:
        assert f"{tally.label_vi} ({tally.scope})" in text
        for band in tally.bands:
            assert band in text
    assert "Kết quả theo khối" in text
    english = text_of(scored.to_html("en"))
    assert "Tallies" in english
    assert "Kết quả theo khối" not in english
    for notice in scored.notices:
        assert notice.en in english


def test_a_round_repr_and_table_with_and_without_title_and_synthetic_reports() -> None:
    scored = load_round(ROOT / "examples" / "rounds" / "vi-du-2024" / "round.toml").score()
    assert (
        repr(scored)
        == "<RoundResult 'example' 2024: 8 units, 7 rated, 7 reports, 0 refused, synthetic>"
    )
    assert "dữ liệu giả lập" in text_of(scored.to_html())
    real = attrs.evolve(scored, round=attrs.evolve(scored.round, synthetic=False, title_vi=HOSTILE))
    assert repr(real).endswith("0 refused>")
    markup = real.to_html("en")
    assert HOSTILE not in markup
    assert HOSTILE in text_of(markup)
    assert "synthetic" not in text_of(markup).split("Tallies")[0]
    untitled = attrs.evolve(scored, round=attrs.evolve(scored.round, title_vi=""))
    assert "Title" not in text_of(untitled.to_html("en"))
    one = attrs.evolve(scored, report_count=1)
    assert "1 report, " in repr(one)
    with pytest.raises(ConfigurationError):
        scored.to_html("de")  # type: ignore[arg-type]
