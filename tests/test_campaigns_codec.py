"""Campaign files: data and TOML to a Campaign, and back (codec/campaigns.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given

from danvan_rules.codec.campaigns import campaign_from_data, campaign_from_toml, campaign_to_data
from danvan_rules.limits import MAX_DATA_DEPTH, MAX_LIST_LENGTH, MAX_RULESET_FILE_BYTES
from danvan_rules.model.dvk import Campaign, CampaignError, IssuerLevel

from .campaign_strategies import campaign, campaigns

MINIMAL = """\
code = "example/vi-du"
title_vi = "Phong trào ví dụ"
illustrative = true
period_from = 2021-01-01
period_until = 2021-12-31

[issuer]
name_vi = "UBND xã Ví Dụ"
level = "xa"
province = "example"

[instrument]
number = "01/KH"
issuer = "UBND xã Ví Dụ"

[[fields]]
code = "kinh-te"
label_vi = "Kinh tế"
provenance = "assumed"

[[levels]]
code = "co-so"
label_vi = "Cấp cơ sở"
provenance = "assumed"

[[tiers]]
code = "cong-nhan"
label_vi = "Được công nhận"
provenance = "assumed"
"""


def errors(call: Any, *args: Any) -> list[tuple[str, str]]:
    with pytest.raises(CampaignError) as info:
        call(*args)
    assert all(p.message_vi for p in info.value.problems)
    return [(p.code, p.path) for p in info.value.problems]


def test_a_minimal_campaign_file() -> None:
    c = campaign_from_toml(MINIMAL)
    assert c.issuer.level is IssuerLevel.COMMUNE
    assert c.period_until == dt.date(2021, 12, 31)
    assert c.field_codes == ("kinh-te",)
    assert campaign_from_toml(MINIMAL.encode()) == c
    assert campaign_from_toml(b"\xef\xbb\xbf" + MINIMAL.encode()) == c


def test_to_data_leaves_defaults_out_and_reads_back() -> None:
    c = campaign_from_toml(MINIMAL)
    data = campaign_to_data(c)
    assert "kinds" not in data
    assert "registration" not in data
    assert data["issuer"] == {"name_vi": "UBND xã Ví Dụ", "level": "xa", "province": "example"}
    assert campaign_from_data(data) == c
    assert campaign_from_data(json.loads(json.dumps(data))) == c


@given(campaigns())
def test_round_trip_data_campaign_data(c: Campaign) -> None:
    data = campaign_to_data(c)
    again = campaign_from_data(data)
    assert again == c
    assert campaign_to_data(again) == data


def test_type_errors_come_together_with_paths() -> None:
    data = campaign_to_data(campaign())
    data["period_from"] = "2021"
    data["fields"][1]["label_vi"] = 3
    data["levels"][0]["colour"] = "red"
    data["tiers"][0]["provenance"] = "guessed"
    data["registration"]["at_least"] = "1"
    data["kinds"] = ["mo-hinh", "ban"]
    assert errors(campaign_from_data, data) == [
        ("data.expected_date", "$.period_from"),
        ("data.expected_text", "$.fields[1].label_vi"),
        ("data.unknown_key", "$.levels[0].colour"),
        ("data.unknown_choice", "$.tiers[0].provenance"),
        ("data.unknown_choice", "$.kinds[1]"),
        ("data.expected_integer", "$.registration.at_least"),
    ]


def test_a_string_where_a_list_is_asked_for() -> None:
    data = campaign_to_data(campaign())
    data["holders"] = "tap-the"
    assert errors(campaign_from_data, data) == [("data.expected_list", "$.holders")]


def test_lint_problems_come_once_the_types_are_right() -> None:
    data = campaign_to_data(campaign())
    data["period_until"] = "2020-12-31"
    data["tiers"].reverse()
    with pytest.raises(CampaignError) as info:
        campaign_from_data(data)
    assert info.value.subject == "campaign 'bac-kan/thu-nghiem'"
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("campaign.period_reversed", "$.period_until"),
        ("campaign.out_of_order", "$.tiers[1].code"),
    ]


def test_an_empty_reference_document_is_a_problem_at_its_path() -> None:
    data = campaign_to_data(campaign())
    data["fields"][0]["reference"] = {"document": " "}
    [(code, path)] = errors(campaign_from_data, data)
    assert path == "$.fields[0].reference"
    assert code == "data.invalid_value"


@pytest.mark.parametrize("data", [[], "campaign", 3, None])
def test_a_campaign_is_a_table(data: Any) -> None:
    with pytest.raises(CampaignError) as info:
        campaign_from_data(data)
    [p] = info.value.problems
    assert p.code == "data.expected_table"
    assert info.value.subject == "campaign"
    assert p.message_vi.startswith("phong trào phải là một bảng")


def test_a_code_too_long_to_show_is_not_the_subject() -> None:
    with pytest.raises(CampaignError) as info:
        campaign_from_data({"code": "x" * 500})
    assert info.value.subject == "campaign"


# ---------------------------------------------------------------------- hostile input


def test_deep_nesting_is_refused_before_parsing() -> None:
    text = "x = " + "[" * (MAX_DATA_DEPTH + 50) + "]" * (MAX_DATA_DEPTH + 50)
    assert errors(campaign_from_toml, text) == [("document.too_deep", "$")]


def test_deep_data_is_refused_before_structuring() -> None:
    deep: Any = "x"
    for _ in range(MAX_DATA_DEPTH + 5):
        deep = [deep]
    [(code, _path)] = errors(campaign_from_data, {"code": "example/x", "notes": deep})
    assert code == "document.too_deep"


def test_a_huge_list_is_refused_at_its_path() -> None:
    text = "fields = [" + "1," * (MAX_LIST_LENGTH + 1) + "]\n"
    assert errors(campaign_from_toml, text) == [("document.list_too_long", "$.fields")]


def test_a_lone_surrogate_is_refused() -> None:
    data = campaign_to_data(campaign())
    data["title_vi"] = "Phong trào \ud800"
    assert errors(campaign_from_data, data) == [("text.invalid_unicode", "$.title_vi")]
    # TOML cannot even write one: an escaped surrogate is a syntax error.
    assert errors(campaign_from_toml, 'title_vi = "\\ud800"') == [("document.invalid_toml", "$")]


def test_bytes_that_are_not_utf8_or_too_many() -> None:
    assert errors(campaign_from_toml, b'title_vi = "\xff"') == [("document.invalid_utf8", "$")]
    big = b"#" * (MAX_RULESET_FILE_BYTES + 1)
    assert errors(campaign_from_toml, big) == [("document.too_large", "$")]


def test_a_duplicate_key_is_a_syntax_error() -> None:
    assert errors(campaign_from_toml, 'code = "a"\ncode = "b"\n') == [
        ("document.invalid_toml", "$")
    ]
