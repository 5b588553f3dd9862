"""Plots (extra ``plot``): each figure renders to a PNG that is not blank; margins are exact."""

from __future__ import annotations

import sys
from decimal import Decimal, localcontext
from fractions import Fraction
from io import BytesIO
from pathlib import Path

import attrs
import matplotlib as mpl
import pytest

mpl.use("Agg")

import matplotlib.image as mpimg
from matplotlib.figure import Figure

import danvan_rules as dr
from danvan_rules import plots
from danvan_rules.errors import ConfigurationError, MissingExtraError
from danvan_rules.io import load_round
from danvan_rules.model import Deduction, RuleSet, UnitReport
from danvan_rules.model.rounds import RoundComparison, RoundResult
from danvan_rules.scoring import reweight, score
from danvan_rules.scoring.rounds import compare_rounds

ROOT = Path(__file__).resolve().parent.parent
RS = dr.rulesets.get("example/dan-van-2024")
REPORTS = [r for r in dr.load_reports(ROOT / "examples/cohort.json") if isinstance(r, UnitReport)]
TOT = dr.load_report(ROOT / "examples/tot.json")


def _round(name: str) -> RoundResult:
    return load_round(ROOT / "examples/rounds" / name / "round.toml").score()


@pytest.fixture(scope="module")
def pair() -> tuple[RoundResult, RoundResult]:
    return _round("dong-thap-2021"), _round("dong-thap-2022")


def _png(fig: Figure) -> bytes:
    out = BytesIO()
    fig.savefig(out, format="png")
    data = out.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5_000
    pixels = mpimg.imread(BytesIO(data), format="png")
    assert len({tuple(p) for p in pixels.reshape(-1, pixels.shape[-1])[::7]}) > 1
    return data


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("stacked", [True, False])
def test_band_distribution_of_a_round(
    pair: tuple[RoundResult, RoundResult], lang: dr.errors.Lang, stacked: bool
) -> None:
    fig = plots.band_distribution(pair[0], stacked=stacked, lang=lang)
    _png(fig)
    (ax,) = fig.axes
    expected = "Số đơn vị theo mức xếp loại" if lang == "vi" else "Units per band"
    assert ax.get_title() == expected
    assert [t.get_text() for t in ax.get_xticklabels()][:1] == [
        "Cơ quan hành chính nhà nước" if lang == "vi" else "co-quan-hanh-chinh"
    ]


def test_band_distribution_of_a_batch_a_cohort_and_a_list() -> None:
    batch = dr.score_many(RS, [*REPORTS, "not a report"])
    _png(plots.band_distribution(batch, lang="en"))
    _png(plots.band_distribution(dr.apply_quota(RS, batch.results)))
    fig = plots.band_distribution(list(batch.results))
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert labels == ["Hoàn thành tốt nhiệm vụ", "Hoàn thành xuất sắc nhiệm vụ"] or labels


def test_band_distribution_counts_ineligible_units() -> None:
    bad = dr.load_report(ROOT / "examples/khong-du-dieu-kien.json")
    results = [score(RS, bad), score(RS, TOT)]
    assert results[0].band is None
    fig = plots.band_distribution(results, lang="en")
    assert fig.axes[0].get_legend_handles_labels()[1][0] == "Ineligible"
    _png(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_waterfall(lang: dr.errors.Lang) -> None:
    result = score(RS, TOT)
    fig = plots.waterfall(result, ruleset=RS, lang=lang)
    _png(fig)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[0] == "I"
    assert ticks[-1] == ("Tổng" if lang == "vi" else "Total")
    _png(plots.waterfall(result, lang=lang))


def test_waterfall_with_a_deduction_and_the_top_band() -> None:
    for report in REPORTS:
        _png(plots.waterfall(score(RS, report)))


def test_tornado(pair: tuple[RoundResult, RoundResult]) -> None:
    del pair
    fig = plots.tornado(RS, "so-nganh", REPORTS, lang="en")
    _png(fig)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(RS.weights("so-nganh"))
    _png(plots.tornado(RS, "so-nganh", TOT))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_year_over_year(pair: tuple[RoundResult, RoundResult], lang: dr.errors.Lang) -> None:
    fig = plots.year_over_year(pair, lang=lang)
    _png(fig)
    assert "2021 → 2022" in fig.axes[0].get_title()
    _png(plots.year_over_year(compare_rounds(*pair), lang=lang))


def test_year_over_year_without_units() -> None:
    empty = RoundComparison(2020, 2021, (), (), (), ())
    fig = plots.year_over_year(empty)
    assert "\n" not in fig.axes[0].get_title()


def test_drawing_into_given_axes_and_a_subfigure(pair: tuple[RoundResult, RoundResult]) -> None:
    fig = Figure()
    left, _ = fig.subfigures(1, 2, squeeze=False)[0]
    ax = left.add_subplot()
    assert plots.band_distribution(pair[1], ax=ax) is fig
    plain = Figure()
    assert plots.waterfall(score(RS, TOT), ax=plain.add_subplot()) is plain
    _png(fig)


def test_a_bad_lang_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        plots.waterfall(score(RS, TOT), lang="fr")  # type: ignore[arg-type]


def test_without_matplotlib_the_functions_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingExtraError, match=r"danvan_rules\[plot\]"):
        plots.waterfall(score(RS, TOT))
    # the margins need no matplotlib
    assert plots.weight_margins(RS, "so-nganh", TOT)


# ---------------------------------------------------------------- margins


def _moved(rs: RuleSet, category: str, code: str, t: Decimal) -> RuleSet:
    """``code``'s weight moved by ``t × (scale − w)``, the others scaled by ``1 − t``: Decimals."""
    weights = rs.weights(category)
    rest = rs.scale - weights[code]
    with localcontext() as ctx:
        ctx.prec = 60
        new = {c: w + t * rest if c == code else w * (1 - t) for c, w in weights.items()}
    exact = plots.rebalanced(rs, category, code, Fraction(new[code]))
    assert {c: Fraction(w) for c, w in new.items()} == exact
    return reweight(rs, category, new)


def _bands(rs: RuleSet, reports: list[UnitReport]) -> list[str | None]:
    return [score(rs, r).band_code for r in reports]


def _decimal(value: Fraction, places: int, up: bool) -> Decimal:
    scaled = value * 10**places
    n = (
        -((-scaled.numerator) // scaled.denominator)
        if up
        else scaled.numerator // scaled.denominator
    )
    return Decimal(n).scaleb(-places)


@pytest.mark.parametrize(
    ("category", "reports"),
    [
        ("so-nganh", REPORTS),
        ("so-nganh", [TOT]),
        *(("so-nganh", [r]) for r in REPORTS[:4]),
    ],
)
def test_moving_less_than_the_margin_keeps_bands_and_past_it_changes_one(
    category: str, reports: list[UnitReport]
) -> None:
    before = _bands(RS, reports)
    margins = plots.weight_margins(RS, category, reports)
    finite = 0
    for m in margins:
        rest = Fraction(RS.scale) - Fraction(m.weight)
        for margin, sign, at in ((m.down, -1, m.at_down), (m.up, 1, m.at_up)):
            if margin is None:
                limit = Fraction(m.weight) / rest if sign < 0 else Fraction(1)
                t_end = _decimal(limit, 10, up=False)
                assert _bands(_moved(RS, category, m.code, sign * t_end), reports) == before
                continue
            finite += 1
            t = margin / rest
            inside = _decimal(t, 10, up=False)
            if inside == t:
                inside -= Decimal("1E-10")
            for point in (inside, _decimal(t / 2, 10, up=False)):
                assert _bands(_moved(RS, category, m.code, sign * point), reports) == before
            past = _decimal(t, 10, up=True)
            if past == t and not at:
                past += Decimal("1E-10")
            assert _bands(_moved(RS, category, m.code, sign * past), reports) != before, m
    assert finite or len(reports) == 1


@pytest.mark.parametrize("name", ["veto.json", "khong-hoan-thanh.json"])
def test_margins_hold_the_conditions_of_a_vetoed_or_capped_unit(name: str) -> None:
    report = dr.load_report(ROOT / "examples" / name)
    category = report.category
    assert dr.score(RS, report).applied_conditions  # a veto (force) or a cap applies
    before = _bands(RS, [report])
    for m in plots.weight_margins(RS, category, report):
        for margin, sign in ((m.down, -1), (m.up, 1)):
            rest = Fraction(RS.scale) - Fraction(m.weight)
            limit = Fraction(m.weight) / rest if sign < 0 else Fraction(1)
            if margin is None:  # no band change over the whole range: check its far end
                point = _decimal(limit, 10, up=False)
                assert _bands(_moved(RS, category, m.code, sign * point), [report]) == before
            else:
                past = _decimal(margin / rest, 10, up=True) + Decimal("1E-10")
                assert _bands(_moved(RS, category, m.code, sign * past), [report]) != before


@pytest.mark.parametrize("complaints", [1, 4, 9])
def test_margins_with_an_uncapped_deduction_match_the_scorer(complaints: int) -> None:
    uncapped = attrs.evolve(
        RS,
        adjustments=tuple(
            attrs.evolve(a, cap=None) if isinstance(a, Deduction) else a for a in RS.adjustments
        ),
    )
    report = attrs.evolve(TOT, facts={**TOT.facts, "khieu_nai_dong_nguoi": complaints})
    before = _bands(uncapped, [report])
    for m in plots.weight_margins(uncapped, "so-nganh", report):
        rest = Fraction(uncapped.scale) - Fraction(m.weight)
        for margin, sign in ((m.down, -1), (m.up, 1)):
            if margin is not None:
                inside = _decimal(margin / rest, 10, up=False) - Decimal("1E-10")
                past = _decimal(margin / rest, 10, up=True) + Decimal("1E-10")
                moved = _bands(_moved(uncapped, "so-nganh", m.code, sign * inside), [report])
                assert moved == before
                moved = _bands(_moved(uncapped, "so-nganh", m.code, sign * past), [report])
                assert moved != before


def test_a_vetoed_unit_has_no_margin() -> None:
    vetoed = dr.load_report(ROOT / "examples" / "veto.json")
    margins = plots.weight_margins(RS, "so-nganh", vetoed)
    assert margins
    assert all(m.down is None and m.up is None for m in margins)


def test_margins_of_a_criterion_holding_the_whole_scale() -> None:
    weights = dict.fromkeys(RS.weights("so-nganh"), 0) | {"I": 100}
    rs = reweight(RS, "so-nganh", weights)
    (first, *_) = plots.weight_margins(rs, "so-nganh", TOT)
    assert (first.down, first.up) == (None, None)
    with pytest.raises(ConfigurationError, match="whole scale"):
        plots.rebalanced(rs, "so-nganh", "I", 50)
    with pytest.raises(ConfigurationError, match="within"):
        plots.rebalanced(RS, "so-nganh", "I", 101)


def test_margins_refuse_a_report_of_another_category() -> None:
    import attrs

    with pytest.raises(ConfigurationError, match="category"):
        plots.weight_margins(RS, "so-nganh", attrs.evolve(TOT, category="ubnd-xa"))


def test_an_ineligible_unit_never_changes_band_and_a_full_scale_tornado() -> None:
    bad = dr.load_report(ROOT / "examples/khong-du-dieu-kien.json")
    assert all(m.down is None and m.up is None for m in plots.weight_margins(RS, "so-nganh", bad))
    weights = dict.fromkeys(RS.weights("so-nganh"), 0) | {"I": 100}
    _png(plots.tornado(reweight(RS, "so-nganh", weights), "so-nganh", TOT))
