"""The explanation rendered as text, in Vietnamese and English."""

from __future__ import annotations

import attrs
import pytest

import danvan_rules as dr

from .conftest import EXAMPLES


def explained(example: dr.RuleSet, name: str, lang: str = "vi") -> str:
    return dr.explain(dr.score(example, dr.load_report(EXAMPLES / name)), lang=lang)  # type: ignore[arg-type]


def test_vietnamese_lines_carry_citations(example: dr.RuleSet) -> None:
    text = explained(example, "tham-dinh.json")
    assert "Đơn vị: UBND xã Phú Mỹ (xa-phu-my)" in text
    assert (
        "II.1 Công khai thông tin theo quy định: 7/10 (thẩm định; tự chấm 9.75; giả định)" in text
    )
    assert "[Luật Thực hiện dân chủ ở cơ sở 2022, mục II.1 (minh họa)]" in text
    assert "Điểm tự chấm: 88.69" in text
    assert "Tổng điểm: 82.92" in text
    assert "≈14.6667/20" in text  # reweighted commune category, shown rounded
    assert "Để đạt mức cao hơn (Hoàn thành xuất sắc, xuat-sac): cần thêm 7.08" in text
    assert "kết quả này không chính thức" in text


def test_english_veto_and_blocking(example: dr.RuleSet) -> None:
    text = explained(example, "veto.json", "en")
    assert "Band: Không hoàn thành / Not completed (khong-hoan-thanh)" in text
    assert "ky-luat Head disciplined: rated Not completed: band forced to khong-hoan-thanh" in text
    assert "Still blocked by: ky-luat" in text
    assert "this result is not official" in text
    assert text.splitlines()[-1].startswith("Audit: example/dan-van-2024 sha256:")


def test_ineligible_adjustments_and_rank(example: dr.RuleSet) -> None:
    text = explained(example, "khong-du-dieu-kien.json")
    assert "Xếp loại: Không đủ điều kiện xếp loại" in text
    cohort = dr.apply_quota(
        example, dr.score_many(example, dr.load_reports(EXAMPLES / "cohort.json")).results
    )
    first = dr.explain(cohort.results[0], lang="en")
    assert "Rank in cohort: 1/8" in first
    assert "dvk-cap-tinh" in first
    assert "+2" in first
    note = cohort.results[0].cohort
    assert note is not None
    unranked = attrs.evolve(cohort.results[0], cohort=attrs.evolve(note, rank=None))
    assert "Rank in cohort: -/8" in dr.explain(unranked, lang="en")


def test_top_band_has_no_gap_section(example: dr.RuleSet) -> None:
    assert "To reach the next band" not in explained(example, "xuat-sac.json", "en")


def test_unknown_language(example: dr.RuleSet) -> None:
    result = dr.score(example, dr.load_report(EXAMPLES / "tot.json"))
    with pytest.raises(ValueError, match="lang must be 'vi' or 'en', not 'fr'"):
        dr.explain(result, lang="fr")  # type: ignore[arg-type]


def test_an_assumed_annex_location_does_not_print_like_a_citation() -> None:
    """Issue #7 §3: an assumed criterion's annex item is a guess, shown as such."""
    rs = dr.rulesets.get("dong-nai/3225-2018")
    scores = {str(code): 9 for code in range(1, 11)}
    report = dr.UnitReport("so-x", "Sở X", "so-ban-nganh", 2020, "dong-nai", scores)
    text = dr.explain(dr.score(rs, report))
    assert "[3225/QĐ-UBND, Phụ lục, vị trí chưa biết]" in text
    assert "tiêu chí 1]" not in text
    english = dr.explain(dr.score(rs, report), lang="en")
    assert "[3225/QĐ-UBND, Phụ lục, location unknown]" in english


def test_a_sourced_reference_prints_its_item() -> None:
    from danvan_rules.model import Reference
    from danvan_rules.scoring.explain import _cite

    reference = Reference("NĐ 335/2025/NĐ-CP", item="Điều 14")
    assert _cite(reference, assumed=False, lang="vi") == " [NĐ 335/2025/NĐ-CP, Điều 14]"
    assert _cite(reference, assumed=True, lang="vi") == " [NĐ 335/2025/NĐ-CP, Điều 14]"
    annex = Reference("QĐ 1", item="Annex, item 4")
    assert _cite(annex, assumed=True, lang="en") == " [QĐ 1, Annex, location unknown]"
    assert _cite(annex, assumed=False, lang="en") == " [QĐ 1, Annex, item 4]"
    assert _cite(Reference("QĐ 1"), assumed=True, lang="en") == " [QĐ 1]"
    assert _cite(None, assumed=True, lang="en") == ""
