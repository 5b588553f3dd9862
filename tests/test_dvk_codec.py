"""codec.dvk: register documents to records and back, every bad item reported, none dropped."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_rules.codec import parse_json
from danvan_rules.codec.dvk import (
    RECORD_KINDS,
    Record,
    award_from_data,
    model_from_data,
    recognition_from_data,
    record_from_data,
    record_to_data,
    records_from_data,
    records_to_data,
    register_text,
    review_from_data,
)
from danvan_rules.limits import MAX_STRING_LENGTH
from danvan_rules.model.dvk import DvkRecords, HolderKind, Model, RegisterError
from tests.dvk_strategies import CODE, example_campaign, example_units, registers

CAMPAIGN = example_campaign()
UNITS = example_units()

MODEL: dict[str, Any] = {
    "id": "m-1",
    "name_vi": "Mô hình “Ngày thứ bảy vì dân”",
    "campaign": CODE,
    "unit": "dv-0",
    "field": "kinh-te",
    "kind": "mo-hinh",
    "holder_kind": "ca-nhan",
    "person": "Nguyễn Thị C",
    "registered_on": "2021-03-20",
    "target_level": "co-so",
    "period_from": 2021,
    "period_until": 2023,
}
REVIEW: dict[str, Any] = {
    "model": "m-1",
    "year": 2021,
    "body": "Ban Chỉ đạo",
    "answers": {"ten-dia-chi": True, "ben-vung": False},
    "reviewed_on": "2021-12-01",
}
RECOGNITION: dict[str, Any] = {
    "model": "m-1",
    "year": 2021,
    "level": "co-so",
    "tier": "tieu-bieu",
    "body": "Ban Thường vụ",
    "decision": "12-QĐ/TU",
    "decided_on": "2021-12-20",
    "valid_from": "2021-12-20",
}
AWARD: dict[str, Any] = {
    "kind": "giay-khen",
    "stream": "dan-van-kheo",
    "issuer": "Đảng ủy Sở Văn hóa và Thể thao",
    "recipient": {"kind": "individual", "name": "Lê Văn D", "unit": "dv-1"},
    "source": {"document": "Quyết định khen thưởng", "date": "2016-11-08"},
}


def paths(info: pytest.ExceptionInfo[RegisterError]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in info.value.problems]


def test_one_of_each_record() -> None:
    records = records_from_data(
        {"models": [MODEL], "reviews": [REVIEW], "recognitions": [RECOGNITION], "awards": [AWARD]}
    )
    assert records.models[0].holder_kind is HolderKind.CA_NHAN
    assert dict(records.reviews[0].answers) == {"ten-dia-chi": True, "ben-vung": False}
    assert records.awards[0].recipient.name == "Lê Văn D"
    assert records_to_data(records) == {
        "models": [MODEL],
        "reviews": [REVIEW],
        "recognitions": [RECOGNITION],
        "awards": [AWARD],
    }
    assert model_from_data(MODEL) == records.models[0]
    assert review_from_data(REVIEW) == records.reviews[0]
    assert recognition_from_data(RECOGNITION) == records.recognitions[0]
    assert award_from_data(AWARD) == records.awards[0]
    assert records_from_data({}) == DvkRecords()


@settings(max_examples=80, deadline=None)
@given(registers(CAMPAIGN, UNITS))
def test_round_trip(records: DvkRecords) -> None:
    data = records_to_data(records)
    assert records_from_data(data) == records
    assert records_from_data(parse_json(json.dumps(data, ensure_ascii=False))) == records
    everything: list[Record] = [
        *records.models,
        *records.reviews,
        *records.recognitions,
        *records.awards,
    ]
    for record in everything:
        kind = next(k for k, cls in RECORD_KINDS.items() if isinstance(record, cls))
        assert record_from_data(kind, record_to_data(record)) == record


_BREAKS: list[tuple[str, object, str]] = [
    ("registered_on", "2021-02-30", "data.expected_date"),
    ("period_until", "2023", "data.expected_integer"),
    ("kind", "mo hinh", "data.unknown_choice"),
    ("person", None, "records.individual_without_person"),
    ("name_vi", "", "text.empty"),
    ("colour", "red", "data.unknown_key"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.integers(0, n - 1), unique=True), st.sampled_from(_BREAKS)
        )
    )
)
def test_every_bad_item_and_nothing_else(
    case: tuple[int, list[int], tuple[str, object, str]],
) -> None:
    n, bad, (key, value, code) = case
    items: list[dict[str, Any]] = [{**MODEL, "id": f"m-{i}"} for i in range(n)]
    for i in bad:
        if value is None:
            del items[i][key]
        else:
            items[i][key] = value
    if not bad:
        assert len(records_from_data({"models": items}).models) == n
        return
    with pytest.raises(RegisterError) as info:
        records_from_data({"models": items})
    assert paths(info) == [(code, f"$.models[{i}].{key}") for i in sorted(bad)]


def test_every_kind_of_item_at_once() -> None:
    award = {**AWARD, "issuer": " ", "recipient": {"kind": "team"}}
    with pytest.raises(RegisterError) as info:
        records_from_data(
            {
                "models": [MODEL, {**MODEL, "holder_kind": "tap-the"}],
                "reviews": [{**REVIEW, "answers": {"ten-dia-chi": "có"}}],
                "recognitions": [{**RECOGNITION, "valid_until": "2020-01-01"}],
                "awards": [{**AWARD, "issuer": " "}, award],
                "review": [],
            }
        )
    assert paths(info) == [
        ("records.person_of_collective", "$.models[1].person"),
        ("data.expected_boolean", '$.reviews[0].answers["ten-dia-chi"]'),
        ("records.certificate_reversed", "$.recognitions[0].valid_until"),
        ("award.empty_issuer", "$.awards[0].issuer"),
        ("roundfile.unknown_kind", "$.awards[1].recipient"),
        ("data.unknown_key", "$.review"),
    ]


def test_not_a_table() -> None:
    bad: object
    for bad in ([], "models", None):
        with pytest.raises(RegisterError) as info:
            records_from_data(bad)  # type: ignore[arg-type]
        assert paths(info) == [("data.expected_table", "$")]
    with pytest.raises(RegisterError) as info:
        records_from_data({"models": {"m-1": MODEL}})
    assert paths(info) == [("data.expected_list", "$.models")]
    with pytest.raises(RegisterError) as info:
        model_from_data([MODEL])  # type: ignore[arg-type]
    assert "a record (model) is a table, not list" in str(info.value)


def test_limits_and_lone_surrogates_come_first() -> None:
    data = {
        "models": [{**MODEL, "name_vi": "x" * (MAX_STRING_LENGTH + 1)}, {**MODEL, "unit": "\ud800"}]
    }
    with pytest.raises(RegisterError) as info:
        records_from_data(data)
    assert paths(info) == [
        ("document.string_too_long", "$.models[0].name_vi"),
        ("text.invalid_unicode", "$.models[1].unit"),
    ]


def test_a_record_of_an_unknown_kind() -> None:
    for kind in ("modell", 3, None):
        with pytest.raises(RegisterError) as info:
            record_from_data(kind, MODEL)  # type: ignore[arg-type]
        assert paths(info) == [("register.unknown_record", "$")]
        assert "'model', 'review', 'recognition', 'award'" in info.value.problems[0].message


def test_one_record_reports_at_its_own_fields() -> None:
    with pytest.raises(RegisterError) as info:
        review_from_data({**REVIEW, "year": 2021.5, "answers": {"": True}})
    assert paths(info) == [("data.expected_integer", "$.year")]
    with pytest.raises(RegisterError) as info:
        award_from_data({**AWARD, "recipient": {"kind": "individual", "name": ""}})
    assert paths(info) == [("award.unnamed_individual", "$.recipient.name")]


def test_register_text() -> None:
    assert register_text("\ufeffid,tên\n".encode()) == "id,tên\n"
    with pytest.raises(RegisterError) as info:
        register_text("mô".encode("cp1258"))
    assert paths(info) == [("document.invalid_utf8", "$")]


def test_model_data_form_leaves_defaults_out() -> None:
    m = model_from_data({**MODEL, "holder_kind": "tap-the", "person": None})
    assert isinstance(m, Model)
    assert "person" not in record_to_data(m)
    assert "description" not in record_to_data(m)


def test_a_list_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("danvan_rules.codec._documents.MAX_LIST_LENGTH", 2)
    with pytest.raises(RegisterError) as info:
        records_from_data({"models": [MODEL] * 3, "reviews": [REVIEW] * 2})
    assert paths(info) == [("document.list_too_long", "$.models")]
