"""The pure DVK functions, case by case: registrations, review, tally, unit history, reconcile.

Issue #8 §2: ``check_registrations`` per unit (registered vs required, the
units with none); ``review`` with every failing requirement named and cited;
``tally`` by field, level, tier, holder kind, kind, unit and year; a unit's
multi-year summary; published tallies reconciled. Every bad input is a typed
error with its path, all problems at once.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pytest

from danvan_rules.errors import DataError
from danvan_rules.model import Reference
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkError,
    DvkFact,
    DvkMeasure,
    DvkRecords,
    HolderKind,
    HonouredCount,
    Model,
    ModelKind,
    PassedCount,
    RecognisedCount,
    Recognition,
    RegisteredCount,
    Registration,
    RequirementStatus,
    Review,
    SkipReason,
    YearStatus,
)
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
    Individual,
    PublishedError,
    Registry,
    Unit,
    Verdict,
)
from danvan_rules.scoring.dvk import (
    check_registrations,
    reconcile_dvk,
    review,
    tally,
    unit_history,
)

from .golden_dvk import S, campaign

REF = Reference("Hướng dẫn số 01-HD/BCĐ (ví dụ)", item="mục II")
CODE = "ba-ria-vung-tau/vi-du-2021-2023"
SRC = Citation("Báo ví dụ", dt.date(2024, 1, 10))
REQS = (
    ("ten-dia-chi", "Có tên gọi, địa chỉ"),
    ("hieu-qua", "Có hiệu quả"),
    ("ben-vung", "Bền vững"),
)


def _campaign(**changes: Any) -> Campaign:
    c = campaign(
        CODE,
        years=(2021, 2023),
        requirements=REQS,
        requirement_reference=REF,
        registration=Registration(1, S, ("ubnd-xa",), reference=REF),
    )
    return attrs.evolve(c, **changes)


def _unit(uid: str, khoi: str = "ubnd-xa", **changes: object) -> Unit:
    return Unit(uid, f"Đơn vị {uid}", khoi, "ba-ria-vung-tau", **changes)  # type: ignore[arg-type]


def _model(mid: str, unit: str = "xa-1", **changes: Any) -> Model:
    base = Model(
        mid,
        f"Mô hình {mid}",
        CODE,
        unit,
        "kinh-te",
        ModelKind.MO_HINH,
        HolderKind.TAP_THE,
        dt.date(2021, 2, 1),
        "co-so",
        2021,
        2023,
    )
    return attrs.evolve(base, **changes)


def _review(mid: str, year: int, **answers: bool) -> Review:
    return Review(mid, year, "Ban Chỉ đạo", answers)


ALL_TRUE = {code: True for code, _ in REQS}


def _recognition(mid: str, year: int, level: str = "co-so", tier: str = "cong-nhan") -> Recognition:
    return Recognition(mid, year, level, tier, "Ban Chỉ đạo", "01/QĐ", dt.date(year, 12, 1))


def _problems(err: pytest.ExceptionInfo[DataError]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in err.value.problems]


# ---------------------------------------------------------------------- check_registrations


def test_registrations_per_bound_unit_in_the_order_given() -> None:
    units = [
        _unit("xa-1"),
        _unit("phong-1", "phong-ban"),  # not bound
        _unit("xa-2"),
        _unit("xa-cu", valid_until=dt.date(2020, 12, 31)),  # gone before 2021
        _unit("xa-3"),
    ]
    models = [
        _model("m1", "xa-1"),
        _model("m2", "phong-1"),
        _model("m3", "xa-2", period_from=2022, period_until=2023),
        _model("m4", "xa-3", campaign="ba-ria-vung-tau/khac"),
        _model("m5", "xa-1"),
        _model("m6", "xa-khong-co"),
    ]
    report = check_registrations(_campaign(), Registry(units), models, 2021)
    assert [c.unit.id for c in report.checks] == ["xa-1", "xa-2", "xa-3"]
    assert report.check("xa-1").registered == ("m1", "m5")
    assert report.check("xa-1").compliant
    assert [u.id for u in report.missing] == ["xa-2", "xa-3"]
    assert report.non_compliant == report.missing
    assert (report.compliant_count, report.registered_count, report.ok) == (1, 2, False)
    assert [(s.model, s.reason) for s in report.skipped] == [
        ("m2", SkipReason.UNIT_NOT_CHECKED),
        ("m3", SkipReason.OUTSIDE_YEAR),
        ("m4", SkipReason.OTHER_CAMPAIGN),
        ("m6", SkipReason.UNIT_NOT_CHECKED),
    ]
    assert (report.campaign, report.year, report.required) == (CODE, 2021, 1)
    with pytest.raises(KeyError):
        report.check("phong-1")


def test_registrations_bind_every_unit_when_binds_is_empty_and_count_at_least() -> None:
    c = _campaign(registration=Registration(2, S, reference=REF))
    units = [_unit("xa-1"), _unit("phong-1", "phong-ban")]
    records = DvkRecords((_model("m1", "xa-1"), _model("m2", "phong-1"), _model("m3", "phong-1")))
    report = check_registrations(c, units, records, 2022)
    assert [(ch.unit.id, ch.compliant) for ch in report.checks] == [
        ("xa-1", False),
        ("phong-1", True),
    ]
    assert report.missing == ()
    assert [u.id for u in report.non_compliant] == ["xa-1"]
    every = check_registrations(c, units, records, 2022)
    assert every == report  # pure: the same input, the same report
    ok = check_registrations(c, units[1:], records, 2022)
    assert ok.ok


def test_registrations_refuse_every_problem_at_once() -> None:
    c = _campaign(registration=None)
    with pytest.raises(DvkError) as err:
        check_registrations(c, [_unit("xa-1"), _unit("xa-1")], [], 2030)
    assert _problems(err) == [
        ("dvk.no_registration", "$.campaign.registration"),
        ("dvk.year_outside_campaign", "$.year"),
        ("dvk.duplicate_unit", "$.units[1].id"),
    ]
    assert "Dân vận khéo" in str(err.value)
    assert "hồ sơ Dân vận khéo" in err.value.render("vi")
    with pytest.raises(DvkError) as err:
        check_registrations(_campaign(), [_unit("xa-1"), _unit("xa-1")], [], 2021)
    assert _problems(err) == [("dvk.duplicate_unit", "$.units[1].id")]


# ---------------------------------------------------------------------- review


def test_review_passes_only_when_every_requirement_is_met() -> None:
    c = _campaign()
    passed = review(c, _model("m1"), ALL_TRUE, year=2022)
    assert passed.passed
    assert (passed.model, passed.year, passed.campaign) == ("m1", 2022, CODE)
    assert passed.failing == passed.unanswered == ()
    assert [r.code for r in passed.requirements] == [code for code, _ in REQS]
    assert "Kết quả: Đạt" in passed.lines_vi
    assert "Yêu cầu không đạt" not in passed.explain("vi")


def test_review_names_and_cites_failing_and_unanswered_requirements() -> None:
    c = _campaign()
    result = review(c, _model("m1"), {"ten-dia-chi": True, "hieu-qua": False}, year=2021)
    assert not result.passed
    assert [(r.code, r.status) for r in result.requirements] == [
        ("ten-dia-chi", RequirementStatus.PASSED),
        ("hieu-qua", RequirementStatus.FAILED),
        ("ben-vung", RequirementStatus.UNANSWERED),
    ]
    assert [r.code for r in result.failing] == ["hieu-qua"]
    assert [r.code for r in result.unanswered] == ["ben-vung"]
    assert result.failing[0].citation == "Hướng dẫn số 01-HD/BCĐ (ví dụ), mục II"
    assert not result.failing[0].assumed
    assert result.explain("vi").splitlines() == [
        "Mô hình: Mô hình m1 (m1)",
        f"Phong trào: {CODE} · Năm đánh giá: 2021",
        "Kết quả: Không đạt",
        "Yêu cầu:",
        "  [đạt] ten-dia-chi Có tên gọi, địa chỉ [Hướng dẫn số 01-HD/BCĐ (ví dụ), mục II]",
        "  [không đạt] hieu-qua Có hiệu quả [Hướng dẫn số 01-HD/BCĐ (ví dụ), mục II]",
        "  [chưa đánh giá] ben-vung Bền vững [Hướng dẫn số 01-HD/BCĐ (ví dụ), mục II]",
        "Yêu cầu không đạt: hieu-qua",
        "Yêu cầu chưa được đánh giá: ben-vung",
    ]
    assert result.explain("en").splitlines()[2:3] == ["Outcome: not passed"]
    assert result.lines_en[-1] == "Unanswered requirements: ben-vung"


def test_review_marks_assumed_requirements_and_uses_english_labels() -> None:
    c = _campaign()
    reqs = (attrs.evolve(c.requirements[0], label_en="Has a name and address"),)
    assumed = campaign(CODE, years=(2021, 2023), requirements=[("x", "Yêu cầu X")])
    en = review(attrs.evolve(c, requirements=reqs), _model("m1"), {"ten-dia-chi": True}, year=2021)
    assert (
        en.lines_en[4]
        == "  [passed] ten-dia-chi Has a name and address [Hướng dẫn số 01-HD/BCĐ (ví dụ), mục II]"
    )
    plain = review(assumed, _model("m1"), {"x": False}, year=2021)
    assert plain.requirements[0].assumed
    assert plain.requirements[0].citation == ""
    assert plain.lines_vi[4] == "  [không đạt] x Yêu cầu X (giả định)"
    assert plain.lines_en[4] == "  [failed] x Yêu cầu X (assumed)"


def test_review_escapes_control_characters_in_the_explanation() -> None:
    result = review(_campaign(), _model("m\n1", name_vi="A\x1bB"), ALL_TRUE, year=2021)
    assert all(line.isprintable() for line in result.lines_vi + result.lines_en)
    assert result.lines_vi[0] == "Mô hình: A\\x1bB (m\\n1)"


def test_review_refuses_unknown_codes_and_non_boolean_answers_with_their_paths() -> None:
    answers: dict[str, object] = {"ten-dia-chi": True, "x": True, 'b"c': False, "hieu-qua": "có"}
    with pytest.raises(DvkError) as err:
        review(_campaign(), _model("m1"), answers, year=2021)  # type: ignore[arg-type]
    assert _problems(err) == [
        ("dvk.unknown_requirement", '$.answers["x"]'),
        ("dvk.unknown_requirement", '$.answers["b\\"c"]'),
        ("dvk.invalid_answer", '$.answers["hieu-qua"]'),
    ]
    assert all(p.message_vi for p in err.value.problems)


def test_review_refuses_a_model_or_year_it_cannot_review() -> None:
    other = _model("m1", campaign="ba-ria-vung-tau/khac", period_from=2022, period_until=2022)
    with pytest.raises(DvkError) as err:
        review(_campaign(), other, ALL_TRUE, year=2024)
    assert _problems(err) == [
        ("dvk.other_campaign", "$.model.campaign"),
        ("dvk.year_outside_campaign", "$.year"),
        ("dvk.year_outside_model", "$.year"),
    ]
    with pytest.raises(DvkError) as err:
        review(_campaign(requirements=()), _model("m1"), {}, year=2021)
    assert _problems(err) == [("dvk.no_requirements", "$.campaign.requirements")]


# ---------------------------------------------------------------------- tally


def _records() -> DvkRecords:
    c = CODE
    models = (
        _model("m1", "xa-1"),
        _model(
            "m2",
            "xa-2",
            field="van-hoa-xa-hoi",
            holder_kind=HolderKind.CA_NHAN,
            person="Bà A",
            kind=ModelKind.DIEN_HINH,
        ),
        _model("m3", "xa-1", period_from=2023, target_level="huyen"),
        _model("m4", "xa-9", campaign="ba-ria-vung-tau/khac"),
    )
    reviews = (
        _review("m1", 2021, **ALL_TRUE),
        _review("m1", 2022, **{**ALL_TRUE, "hieu-qua": False}),
        _review("m2", 2021, **ALL_TRUE),
        _review("m4", 2021, **ALL_TRUE),
        _review("m3", 2023, **ALL_TRUE),
    )
    recognitions = (
        _recognition("m1", 2021),
        _recognition("m1", 2022, "huyen", "tieu-bieu"),
        _recognition("m2", 2021),
        _recognition("m4", 2021),
    )
    awards = (
        Award(AwardKind.GIAY_KHEN, AwardStream.DAN_VAN_KHEO, "UBND", Collective("xa-1"), SRC),
        Award(
            AwardKind.BANG_KHEN,
            AwardStream.DAN_VAN_KHEO,
            "UBND",
            Individual("Bà A"),
            SRC,
            synthetic=True,
        ),
        Award(AwardKind.BANG_KHEN, AwardStream.QUY_CHE_DAN_CHU, "UBND", Individual("Ông B"), SRC),
    )
    assert c == models[0].campaign
    return DvkRecords(models, reviews, recognitions, awards)


def test_tally_counts_each_measure_by_each_dimension() -> None:
    counted = tally(_campaign(), _records())
    assert (counted.campaign, counted.years, counted.period) == (
        CODE,
        (2021, 2022, 2023),
        (2021, 2022, 2023),
    )
    reg = counted.registered
    assert (reg.total, reg.outside, reg.other) == (3, 0, 1)
    assert dict(reg.by[Dimension.YEAR]) == {"2021": 2, "2022": 0, "2023": 1}
    assert dict(reg.by[Dimension.LEVEL]) == {"co-so": 2, "huyen": 1, "tinh": 0}
    assert dict(reg.by[Dimension.HOLDER_KIND]) == {"tap-the": 2, "ca-nhan": 1}
    assert dict(reg.by[Dimension.KIND]) == {"mo-hinh": 2, "dien-hinh": 1}
    assert dict(reg.by[Dimension.UNIT]) == {"xa-1": 2, "xa-2": 1}
    assert reg.count(Dimension.FIELD, "van-hoa-xa-hoi") == 1
    assert reg.count(Dimension.FIELD, "quoc-phong-an-ninh") == 0
    assert Dimension.TIER not in reg.by
    assert (counted.reviewed.total, counted.reviewed.other) == (4, 1)
    assert (counted.passed.total, counted.passed.other) == (3, 1)
    assert dict(counted.passed.by[Dimension.YEAR]) == {"2021": 2, "2022": 0, "2023": 1}
    rec = counted.recognised
    assert (rec.total, rec.other) == (3, 1)
    assert dict(rec.by[Dimension.TIER]) == {
        "cong-nhan": 2,
        "tieu-bieu": 1,
        "de-nghi-khen-thuong": 0,
    }
    assert dict(rec.by[Dimension.LEVEL]) == {"co-so": 2, "huyen": 1, "tinh": 0}
    assert dict(rec.by[Dimension.FIELD])["kinh-te"] == 2
    hon = counted.honoured
    assert (hon.total, hon.other) == (2, 1)
    assert dict(hon.by[Dimension.HOLDER_KIND]) == {"tap-the": 1, "ca-nhan": 1}
    assert dict(hon.by[Dimension.AWARD_KIND]) == {"bang-khen": 1, "giay-khen": 1}
    assert set(hon.by) == {Dimension.HOLDER_KIND, Dimension.AWARD_KIND}
    assert counted.synthetic == 1
    assert counted[DvkMeasure.HONOURED] is hon


def test_tally_over_some_years_counts_the_rest_as_outside() -> None:
    counted = tally(_campaign(), _records(), years=[2022, 2021, 2022], by=["field", Dimension.YEAR])
    assert counted.years == (2021, 2022)
    assert (counted.registered.total, counted.registered.outside) == (2, 1)
    assert (counted.reviewed.total, counted.reviewed.outside) == (3, 1)
    assert (counted.recognised.total, counted.recognised.outside) == (3, 0)
    assert set(counted.registered.by) == {Dimension.FIELD, Dimension.YEAR}
    assert counted.honoured.by == {}
    with pytest.raises(KeyError):
        counted.registered.count(Dimension.UNIT, "xa-1")
    one = tally(_campaign(), _records(), by="unit")
    assert set(one.registered.by) == {Dimension.UNIT}
    assert tally(_campaign(), _records(), by=Dimension.UNIT) == one


def test_tally_refuses_every_problem_at_once() -> None:
    with pytest.raises(DvkError) as err:
        tally(_campaign(), _records(), years=[2020, 2021], by=["field", "khoi"])
    assert _problems(err) == [
        ("dvk.year_outside_campaign", "$.years[0]"),
        ("dvk.unknown_dimension", "$.by[1]"),
    ]
    with pytest.raises(DvkError) as err:
        tally(_campaign(), _records(), years=[])
    assert _problems(err) == [("dvk.no_years", "$.years")]
    records = _records()
    broken = DvkRecords(
        (*records.models, records.models[0]),
        (
            _review("m9", 2021),
            _review("m1", 2021, **ALL_TRUE),
            _review("m1", 2021, **ALL_TRUE),
            _review("m3", 2021, **ALL_TRUE),
            _review("m2", 2022, x=True),
        ),
        (_recognition("m8", 2021),),
    )
    with pytest.raises(DvkError) as err:
        tally(_campaign(), broken)
    assert _problems(err) == [("dvk.duplicate_model", "$.models[4].id")]
    with pytest.raises(DvkError) as err:
        tally(_campaign(), attrs.evolve(broken, models=records.models))
    assert _problems(err) == [
        ("dvk.unknown_model", "$.reviews[0].model"),
        ("dvk.duplicate_review", "$.reviews[2]"),
        ("dvk.year_outside_model", "$.reviews[3].year"),
        ("dvk.unknown_requirement", '$.reviews[4].answers["x"]'),
        ("dvk.unknown_model", "$.recognitions[0].model"),
    ]
    assert "first at $.reviews[1]" in err.value.problems[1].message


def test_tally_of_reviews_needs_requirements() -> None:
    with pytest.raises(DvkError) as err:
        tally(_campaign(requirements=()), _records())
    codes = [p.code for p in err.value.problems]
    assert codes[0] == "dvk.no_requirements"
    assert codes.count("dvk.no_requirements") == 1
    assert set(codes[1:]) == {"dvk.unknown_requirement"}
    no_reviews = attrs.evolve(_records(), reviews=())
    assert tally(_campaign(requirements=()), no_reviews).reviewed.total == 0


# ---------------------------------------------------------------------- unit_history


def test_unit_history_gives_each_model_every_year_asked_for() -> None:
    records = _records()
    history = unit_history(_campaign(), records, _unit("xa-1"), [2023, 2021, 2022])
    assert (history.campaign, history.unit, history.years) == (CODE, "xa-1", (2021, 2022, 2023))
    assert [h.model.id for h in history.models] == ["m1", "m3"]
    m1, m3 = history.model("m1"), history.model("m3")
    assert [y.status for y in m1.years] == [
        YearStatus.PASSED,
        YearStatus.FAILED,
        YearStatus.NOT_REVIEWED,
    ]
    assert [y.status for y in m3.years] == [
        YearStatus.NOT_RUNNING,
        YearStatus.NOT_RUNNING,
        YearStatus.PASSED,
    ]
    assert m1.year(2022).levels == ("huyen",)
    assert m1.year(2022).tiers == ("tieu-bieu",)
    assert m1.year(2023).review is None
    assert not history.synthetic
    assert history.per_year()[2023][YearStatus.NOT_REVIEWED] == 1
    with pytest.raises(KeyError):
        history.model("m2")
    with pytest.raises(KeyError):
        m1.year(2024)
    assert unit_history(_campaign(), records, "xa-1", [2021]).models[0].years[0].recognised


def test_unit_history_refuses_bad_years_and_bad_reviews_of_its_models() -> None:
    with pytest.raises(DvkError) as err:
        unit_history(_campaign(), _records(), "xa-1", [])
    assert _problems(err) == [("dvk.no_years", "$.years")]
    records = attrs.evolve(
        _records(),
        reviews=(_review("m1", 2021, **ALL_TRUE), _review("m1", 2021), _review("m9", 2021)),
    )
    with pytest.raises(DvkError) as err:
        unit_history(_campaign(), records, "xa-1", [2021])
    assert _problems(err) == [("dvk.duplicate_review", "$.reviews[1]")]
    unit_history(
        _campaign(), records, "xa-2", [2021]
    )  # another unit's reviews are not its business


# ---------------------------------------------------------------------- reconcile_dvk


def test_reconcile_matches_true_counts_and_names_each_difference() -> None:
    facts: list[DvkFact] = [
        RegisteredCount(3, SRC, by_level={"co-so": 2, "huyen": 1}),
        RecognisedCount(4, SRC, by_tier={"tieu-bieu": 2}, by_holder={"ca-nhan": 1}),
        PassedCount(3, SRC, by_field={"kinh-te": 2}),
        HonouredCount(2, SRC, by_holder={"tap-the": 1, "ca-nhan": 1}),
    ]
    checked = reconcile_dvk(_records(), facts, campaign=_campaign())
    assert [c.verdict for c in checked.checks] == [
        Verdict.MATCHED,
        Verdict.NOT_MATCHED,
        Verdict.MATCHED,
        Verdict.MATCHED,
    ]
    assert not checked.ok
    assert checked.synthetic  # one award is synthetic
    assert checked.checks[1].notes == (
        "recognised: published 4, counted 3 (-1)",
        "recognised tier tieu-bieu: published 2, counted 1 (-1)",
    )
    assert checked.checks[1].notes_vi == (
        "công nhận: công bố 4, đếm được 3 (-1)",
        "công nhận, mức tieu-bieu: công bố 2, đếm được 1 (-1)",
    )
    assert checked.with_verdict(Verdict.NOT_MATCHED) == (checked.checks[1],)


def test_reconcile_says_what_it_cannot_check() -> None:
    facts: list[DvkFact] = [
        RegisteredCount(2, SRC, years=(2021,)),
        RegisteredCount(3, SRC, by_field={"kinh-te": 2, "nong-nghiep": 1}),
        RecognisedCount(None, SRC, by_level={"co-so": 2}),
        HonouredCount(2, SRC),
    ]
    counted = tally(_campaign(), _records(), by=[Dimension.FIELD])
    checked = reconcile_dvk(counted, facts, campaign=_campaign())
    assert [c.verdict for c in checked.checks] == [
        Verdict.UNCHECKABLE,
        Verdict.UNCHECKABLE,
        Verdict.UNCHECKABLE,
        Verdict.MATCHED,
    ]
    assert checked.checks[0].notes == ("the fact covers 2021, the tally 2021, 2022, 2023",)
    assert checked.checks[1].notes == (f"'nong-nghiep' is not a field of campaign {CODE!r}",)
    assert checked.checks[2].notes == ("the tally is not broken down by level",)
    assert [c.notes_vi for c in checked.checks[:3]] == [
        ("số liệu thuộc năm 2021, bảng thống kê năm 2021, 2022, 2023",),
        (f"'nong-nghiep' không phải là một lĩnh vực của phong trào {CODE!r}",),
        ("bảng thống kê không phân theo cấp",),
    ]


def test_reconcile_on_records_tallies_each_fact_over_its_years() -> None:
    facts: list[DvkFact] = [
        RegisteredCount(2, SRC, years=(2021,)),
        RecognisedCount(3, SRC, years=(2021, 2022)),
        RecognisedCount(2, SRC, years=(2021,), by_holder={"ca-nhan": 1}),
        RegisteredCount(1, SRC, years=(2020, 2021)),
    ]
    checked = reconcile_dvk(_records(), facts, campaign=_campaign())
    assert [c.verdict for c in checked.checks] == [
        Verdict.MATCHED,
        Verdict.MATCHED,
        Verdict.MATCHED,
        Verdict.UNCHECKABLE,
    ]
    assert checked.checks[3].notes == (
        "the fact covers 2020, 2021, outside the campaign's period (2021–2023)",
    )
    real = attrs.evolve(_records(), awards=())
    assert not reconcile_dvk(real, facts[:1], campaign=_campaign()).synthetic


def test_reconcile_refuses_records_without_their_campaign_and_a_tally_of_another() -> None:
    with pytest.raises(DvkError) as err:
        reconcile_dvk(_records(), [])
    assert _problems(err) == [("dvk.campaign_needed", "$.campaign")]
    counted = tally(_campaign(), _records())
    with pytest.raises(DvkError) as err:
        reconcile_dvk(counted, [], campaign=_campaign(code="ba-ria-vung-tau/khac"))
    assert _problems(err) == [("dvk.other_campaign", "$.campaign")]
    assert reconcile_dvk(counted, []).ok


# ---------------------------------------------------------------------- published facts


def test_a_published_count_needs_a_number_and_every_number_is_a_count() -> None:
    with pytest.raises(PublishedError) as err:
        RecognisedCount(None, SRC)
    assert _problems(err) == [("published.empty_dvk_fact", "$")]
    with pytest.raises(PublishedError) as err:
        RecognisedCount(-1, SRC, by_field={"a": True, "b": 2.0, "c": 3})  # type: ignore[dict-item]
    assert _problems(err) == [
        ("published.invalid_count", "$.total"),
        ("published.invalid_count", '$.by_field["a"]'),
        ("published.invalid_count", '$.by_field["b"]'),
    ]
    fact = HonouredCount(None, SRC, by_holder={unicodedata.normalize("NFD", "tập-thể"): 1})
    assert list(fact.by_holder) == ["tập-thể"]
    assert fact.years is None
    assert RegisteredCount(1, SRC, years=[2021]).years == (2021,)  # type: ignore[arg-type]
