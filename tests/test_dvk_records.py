"""The register of models: each record checks itself, and check_records checks the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_rules.errors import DataError
from danvan_rules.limits import MAX_STRING_LENGTH
from danvan_rules.model._dvk_records import FIRST_YEAR, LAST_YEAR, RegisterError
from danvan_rules.model.dvk import (
    DvkRecords,
    HolderKind,
    Model,
    ModelKind,
    Recognition,
    Review,
    check_records,
)
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
)
from tests.dvk_strategies import CODE, example_campaign, example_units, registers

CAMPAIGN = example_campaign()
UNITS = example_units()


def model(**changes: Any) -> Model:
    fields: dict[str, Any] = {
        "id": "m-1",
        "name_vi": "Mô hình “Dân vận khéo” trong cải cách hành chính",
        "campaign": CODE,
        "unit": "dv-0",
        "field": "kinh-te",
        "kind": ModelKind.MO_HINH,
        "holder_kind": HolderKind.TAP_THE,
        "registered_on": dt.date(2021, 3, 20),
        "target_level": "co-so",
        "period_from": 2021,
        "period_until": 2021,
    }
    return Model(**{**fields, **changes})


def review(**changes: Any) -> Review:
    fields: dict[str, Any] = {
        "model": "m-1",
        "year": 2021,
        "body": "Ban Chỉ đạo phong trào Dân vận khéo",
        "answers": {"ten-dia-chi": True, "ben-vung": False},
    }
    return Review(**{**fields, **changes})


def recognition(**changes: Any) -> Recognition:
    fields: dict[str, Any] = {
        "model": "m-1",
        "year": 2021,
        "level": "co-so",
        "tier": "cong-nhan",
        "body": "Ban Thường vụ Thành ủy",
        "decision": "12-QĐ/TU",
        "decided_on": dt.date(2021, 12, 20),
    }
    return Recognition(**{**fields, **changes})


def award(**changes: Any) -> Award:
    fields: dict[str, Any] = {
        "kind": AwardKind.GIAY_KHEN,
        "stream": AwardStream.DAN_VAN_KHEO,
        "issuer": "Đảng ủy Sở",
        "recipient": Collective(unit="dv-0"),
        "source": Citation("Quyết định khen thưởng (tổng hợp)"),
    }
    return Award(**{**fields, **changes})


def problems(error: pytest.ExceptionInfo[RegisterError]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in error.value.problems]


def found(records: DvkRecords) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in check_records(CAMPAIGN, records)]


class TestModel:
    def test_a_valid_model_in_nfc(self) -> None:
        m = model(name_vi="Mô hi\u0300nh", unit="dv-0", person=None)
        assert m.name_vi == "Mô hình"
        assert m.years == range(2021, 2022)

    def test_every_empty_text_at_once(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(id="", name_vi=" ", campaign="", unit="", field="", target_level="\t")
        assert problems(info) == [
            ("text.empty", f"$.{name}")
            for name in ("id", "name_vi", "campaign", "unit", "field", "target_level")
        ]
        assert info.value.subject == "register of models"
        assert "sổ theo dõi mô hình" in info.value.render("vi")
        assert isinstance(info.value, DataError)

    def test_person_set_exactly_for_an_individual(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(holder_kind=HolderKind.CA_NHAN)
        assert problems(info) == [("records.individual_without_person", "$.person")]
        with pytest.raises(RegisterError) as info:
            model(person="Nguyễn Văn A")
        assert problems(info) == [("records.person_of_collective", "$.person")]
        with pytest.raises(RegisterError) as info:
            model(holder_kind=HolderKind.CA_NHAN, person="  ")
        assert problems(info) == [("text.empty", "$.person")]
        assert model(holder_kind=HolderKind.CA_NHAN, person="Nguyễn Văn A").person

    def test_the_period_and_registration(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(period_from=2023, period_until=2022, registered_on=dt.date(2023, 1, 5))
        assert problems(info) == [
            ("records.period_reversed", "$.period_until"),
            ("records.registered_after_period", "$.registered_on"),
        ]

    @pytest.mark.parametrize("year", [FIRST_YEAR - 1, LAST_YEAR + 1, True, "2021", 2021.0])
    def test_implausible_years(self, year: object) -> None:
        with pytest.raises(RegisterError) as info:
            model(period_from=year, period_until=year)
        assert problems(info) == [
            ("records.implausible_year", "$.period_from"),
            ("records.implausible_year", "$.period_until"),
        ]

    def test_dates_of_implausible_years_and_wrong_types(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(registered_on=dt.date(1899, 12, 31))
        assert problems(info) == [("records.implausible_year", "$.registered_on")]
        with pytest.raises(RegisterError) as info:
            model(registered_on=dt.datetime(2021, 3, 1, 8, 0))  # noqa: DTZ001 - a wrong type
        assert problems(info) == [("data.expected_date", "$.registered_on")]

    def test_wrong_types_are_reported_not_crashed_on(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(id=7, kind="mo-hinh", holder_kind="ca-nhan", person="A", synthetic="yes")
        assert problems(info) == [
            ("data.expected_text", "$.id"),
            ("data.unknown_choice", "$.kind"),
            ("data.unknown_choice", "$.holder_kind"),
            ("records.person_of_collective", "$.person"),
            ("data.expected_boolean", "$.synthetic"),
        ]
        assert "'ca-nhan'" in info.value.problems[3].message

    def test_text_limits(self) -> None:
        with pytest.raises(RegisterError) as info:
            model(description="x" * (MAX_STRING_LENGTH + 1), name_vi="y" * (MAX_STRING_LENGTH + 1))
        assert problems(info) == [
            ("text.too_long", "$.name_vi"),
            ("text.too_long", "$.description"),
        ]


class TestReview:
    def test_answers_are_a_read_only_table_in_nfc(self) -> None:
        r = review(answers={"be\u0302n": True})
        assert dict(r.answers) == {"bên": True}
        with pytest.raises(TypeError):
            r.answers["x"] = False  # type: ignore[index]

    def test_answers_keys_and_values(self) -> None:
        with pytest.raises(RegisterError) as info:
            review(answers={"": True, "ben-vung": 1, 3: False})
        assert problems(info) == [
            ("records.empty_requirement", '$.answers[""]'),
            ("records.invalid_answer", '$.answers["ben-vung"]'),
            ("records.empty_requirement", "$.answers[3]"),
        ]

    def test_everything_at_once(self) -> None:
        with pytest.raises(RegisterError) as info:
            review(
                model="",
                year=1800,
                body="",
                answers=[("ten-dia-chi", True)],
                reviewed_on=dt.date(3000, 1, 1),
                notes=None,
                synthetic=None,
            )
        assert problems(info) == [
            ("text.empty", "$.model"),
            ("records.implausible_year", "$.year"),
            ("text.empty", "$.body"),
            ("data.expected_table", "$.answers"),
            ("records.implausible_year", "$.reviewed_on"),
            ("data.expected_text", "$.notes"),
            ("data.expected_boolean", "$.synthetic"),
        ]


class TestRecognition:
    def test_a_certificate_period(self) -> None:
        ok = recognition(valid_from=dt.date(2022, 1, 1), valid_until=dt.date(2024, 12, 31))
        assert ok.valid_until == dt.date(2024, 12, 31)
        assert recognition(valid_from=dt.date(2022, 1, 1)).valid_until is None
        with pytest.raises(RegisterError) as info:
            recognition(valid_from=dt.date(2022, 1, 1), valid_until=dt.date(2021, 12, 31))
        assert problems(info) == [("records.certificate_reversed", "$.valid_until")]

    def test_everything_at_once(self) -> None:
        with pytest.raises(RegisterError) as info:
            recognition(
                model=" ", year=None, level="", tier="", body="", decision="", decided_on=None
            )
        assert problems(info) == [
            ("text.empty", "$.model"),
            ("records.implausible_year", "$.year"),
            ("text.empty", "$.level"),
            ("text.empty", "$.tier"),
            ("text.empty", "$.body"),
            ("text.empty", "$.decision"),
            ("data.expected_date", "$.decided_on"),
        ]


def test_a_register_takes_any_iterables() -> None:
    records = DvkRecords([model()], iter([review()]), (recognition(),), [award()])
    assert records.models == (model(),)
    assert isinstance(records.reviews, tuple)
    assert found(records) == []


class TestCheckRecords:
    """check_records: what needs the campaign, and what needs the whole register."""

    def test_unknown_codes_of_the_campaign(self) -> None:
        records = DvkRecords(
            [model(field="nong-thon-moi", target_level="xa")],
            [review(answers={"phieu-diem": True, "ben-vung": True})],
            [recognition(level="trung-uong", tier="xuat-sac")],
        )
        assert found(records) == [
            ("records.unknown_field", "$.models[0].field"),
            ("records.unknown_level", "$.models[0].target_level"),
            ("records.unknown_requirement", '$.reviews[0].answers["phieu-diem"]'),
            ("records.unknown_level", "$.recognitions[0].level"),
            ("records.unknown_tier", "$.recognitions[0].tier"),
        ]

    def test_kinds_and_holders_the_campaign_admits(self) -> None:
        campaign = attrs.evolve(CAMPAIGN, kinds=(ModelKind.MO_HINH,), holders=(HolderKind.TAP_THE,))
        m = model(kind=ModelKind.DIEN_HINH, holder_kind=HolderKind.CA_NHAN, person="Trần Thị B")
        assert [(p.code, p.path) for p in check_records(campaign, DvkRecords([m]))] == [
            ("records.kind_not_admitted", "$.models[0].kind"),
            ("records.holder_not_admitted", "$.models[0].holder_kind"),
        ]
        assert check_records(CAMPAIGN, DvkRecords([m])) == ()

    def test_the_district_level_ends_on_2025_06_30(self) -> None:
        last = model(target_level="huyen", registered_on=dt.date(2025, 6, 30), period_until=2025)
        after = attrs.evolve(last, id="m-2", registered_on=dt.date(2025, 7, 1))
        late = recognition(model="m-2", year=2025, level="huyen", decided_on=dt.date(2025, 7, 1))
        records = DvkRecords([last, after], recognitions=[late])
        assert found(records) == [
            ("records.level_not_in_force", "$.models[1].target_level"),
            ("records.level_not_in_force", "$.recognitions[0].level"),
        ]
        problem = check_records(CAMPAIGN, records)[0]
        assert "2025-07-01" in problem.message
        assert "… to 2025-06-30" in problem.message

    def test_a_level_that_did_not_exist_yet(self) -> None:
        campaign = attrs.evolve(
            CAMPAIGN,
            levels=(
                *CAMPAIGN.levels[:2],
                attrs.evolve(CAMPAIGN.levels[2], valid_from=dt.date(2022, 1, 1)),
            ),
        )
        records = DvkRecords([model(target_level="tinh")])
        assert [p.code for p in check_records(campaign, records)] == ["records.level_not_in_force"]

    def test_registered_outside_the_campaign(self) -> None:
        records = DvkRecords(
            [
                model(registered_on=dt.date(2020, 12, 31)),
                model(id="m-2", registered_on=dt.date(2026, 1, 1), period_until=2026),
            ]
        )
        assert found(records) == [
            ("records.outside_campaign", "$.models[0].registered_on"),
            ("records.outside_campaign", "$.models[1].registered_on"),
        ]

    def test_consistency_of_the_register(self) -> None:
        records = DvkRecords(
            [model(), model(name_vi="another"), model(id="m-2")],
            [review(), review(model="m-9"), review(year=2021), review(model="m-2", year=2022)],
            [recognition(model="m-9")],
        )
        assert found(records) == [
            ("records.duplicate_model", "$.models[1].id"),
            ("records.unknown_model", "$.reviews[1].model"),
            ("records.duplicate_review", "$.reviews[2].year"),
            ("records.unknown_model", "$.recognitions[0].model"),
        ]

    def test_models_of_another_campaign_are_not_checked_further(self) -> None:
        other = model(campaign="dong-thap/khac", field="khac", target_level="khac")
        records = DvkRecords(
            [other], [review(answers={"khac": True})], [recognition(level="khac", tier="khac")]
        )
        assert found(records) == [("records.other_campaign", "$.models[0].campaign")]

    def test_awards_are_of_the_dan_van_kheo_stream(self) -> None:
        records = DvkRecords(awards=[award(), award(stream=AwardStream.QUY_CHE_DAN_CHU)])
        assert found(records) == [("records.award_other_stream", "$.awards[1].stream")]


@settings(max_examples=60, deadline=None)
@given(registers(CAMPAIGN, UNITS))
def test_drawn_registers_are_sound(records: DvkRecords) -> None:
    assert check_records(CAMPAIGN, records) == ()


@settings(max_examples=60, deadline=None)
@given(registers(CAMPAIGN, UNITS, max_models=5).filter(lambda r: r.models), st.data())
def test_one_broken_field_is_exactly_one_problem(records: DvkRecords, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(records.models) - 1))
    breaks: list[tuple[str, Any, str]] = [
        ("field", "khong-co", "records.unknown_field"),
        ("target_level", "khong-co", "records.unknown_level"),
        ("registered_on", dt.date(2020, 6, 1), "records.outside_campaign"),
        ("campaign", "khac/khac", "records.other_campaign"),
    ]
    name, value, code = data.draw(st.sampled_from(breaks))
    models = list(records.models)
    models[i] = attrs.evolve(models[i], **{name: value})
    got = check_records(CAMPAIGN, attrs.evolve(records, models=models))
    assert [(p.code, p.path) for p in got] == [(code, f"$.models[{i}].{name}")]
