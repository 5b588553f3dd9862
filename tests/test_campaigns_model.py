"""The campaign model and its linter (model/_dvk_campaign.py, model/_dvk_lint.py).

Each check of the linter has its own test: a valid campaign broken in one way
gives that problem, with its code, its path and a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import assume, given

from danvan_rules.errors import DataError, Problem
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_STRING_LENGTH
from danvan_rules.model._dvk_lint import MAX_REGISTRATIONS, lint_campaign
from danvan_rules.model.dvk import (
    Campaign,
    CampaignError,
    CampaignField,
    HolderKind,
    Issuer,
    IssuerLevel,
    ModelKind,
    RecognitionLevel,
    Registration,
    Requirement,
    Tier,
)
from danvan_rules.model.sources import Provenance, Reference

from .campaign_strategies import LAST_DISTRICT_DAY, campaign, campaigns, field, level, tier

REF = Reference("01-KH/TU", note="docs/sources.md#dan-van-kheo")


def problems(**changes: Any) -> list[Problem]:
    with pytest.raises(CampaignError) as info:
        campaign(**changes)
    assert all(p.code and p.message_vi for p in info.value.problems)
    return list(info.value.problems)


def found(**changes: Any) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems(**changes)]


# ---------------------------------------------------------------------- the error


def test_campaign_error_names_the_campaign_in_both_languages() -> None:
    with pytest.raises(CampaignError) as info:
        campaign(title_vi=" ")
    error = info.value
    assert isinstance(error, DataError)
    assert isinstance(error, ValueError)
    assert (
        str(error) == "1 problem in campaign 'bac-kan/thu-nghiem':\n  missing vi label @ $.title_vi"
    )
    assert error.render("vi") == (
        "1 lỗi trong phong trào 'bac-kan/thu-nghiem':\n  thiếu nhãn tiếng Việt @ $.title_vi"
    )


def test_a_very_long_code_is_shortened_in_the_subject() -> None:
    with pytest.raises(CampaignError) as info:
        campaign(code="bac-kan/" + "X" * 300)
    assert len(info.value.subject) < 230
    assert info.value.subject.endswith("…'")


def test_the_base_campaign_lints_clean() -> None:
    assert lint_campaign(campaign()) == ()


# ---------------------------------------------------------------------- header


@pytest.mark.parametrize("code", ["bac-kan", "Bac-Kan/x", "bac-kan/x/y", "bac kan/x", "/x"])
def test_code_shape(code: str) -> None:
    assert ("campaign.code_format", "$.code") in found(code=code)


def test_unknown_province_suggests_close_codes() -> None:
    [p] = problems(code="bac-kann/x", issuer=Issuer("Tỉnh ủy", IssuerLevel.PROVINCE, "bac-kann"))
    assert (p.code, p.path) == ("campaign.unknown_province", "$.code")
    assert "did you mean: 'bac-kan'" in p.message
    assert "có phải là: 'bac-kan'" in p.message_vi


def test_unknown_province_without_a_close_code() -> None:
    [p] = problems(code="zzzz/x", issuer=Issuer("Tỉnh ủy", IssuerLevel.PROVINCE, "zzzz"))
    assert p.code == "campaign.unknown_province"
    assert "did you mean" not in p.message


def test_an_illustrative_campaign_may_use_any_province() -> None:
    example = campaign(
        code="example/x",
        issuer=Issuer("Ví dụ", IssuerLevel.PROVINCE, "example"),
        illustrative=True,
    )
    assert example.province == "example"
    assert ("campaign.unknown_province", "$.code") in found(
        code="example/x", issuer=Issuer("Ví dụ", IssuerLevel.PROVINCE, "example")
    )


def test_issuer_province_matches_the_code() -> None:
    assert found(issuer=Issuer("Tỉnh ủy", IssuerLevel.PROVINCE, "kien-giang")) == [
        ("campaign.issuer_province_mismatch", "$.issuer.province")
    ]


def test_a_central_body_has_the_national_province_and_only_it() -> None:
    national = campaign(
        code="national/x", issuer=Issuer("Ban Dân vận Trung ương", IssuerLevel.NATIONAL, "national")
    )
    assert national.province == "national"
    assert found(issuer=Issuer("Ban Dân vận Trung ương", IssuerLevel.NATIONAL, "bac-kan")) == [
        ("campaign.national_province", "$.code")
    ]
    assert found(code="national/x", issuer=Issuer("Tỉnh ủy", IssuerLevel.PROVINCE, "national")) == [
        ("campaign.national_province", "$.code")
    ]


def test_replaces_another_campaign_of_the_same_province() -> None:
    assert campaign(replaces="bac-kan/truoc").replaces == "bac-kan/truoc"
    assert found(replaces="bac-kan/thu-nghiem") == [("campaign.replaces_invalid", "$.replaces")]
    assert found(replaces="kien-giang/x") == [("campaign.replaces_invalid", "$.replaces")]


def test_missing_issuer_name() -> None:
    assert found(issuer=Issuer("", IssuerLevel.PROVINCE, "bac-kan")) == [
        ("campaign.missing_label_vi", "$.issuer.name_vi")
    ]


# ---------------------------------------------------------------------- dates


def test_period_reversed() -> None:
    [p] = problems(period_from=dt.date(2022, 1, 1), period_until=dt.date(2021, 12, 31))
    assert (p.code, p.path) == ("campaign.period_reversed", "$.period_until")
    assert "2021-12-31" in p.message_vi


def test_instrument_effective_before_signed() -> None:
    base = campaign()
    instrument = attrs.evolve(
        base.instrument, signed=dt.date(2021, 3, 16), effective=dt.date(2021, 3, 1)
    )
    assert found(instrument=instrument) == [("campaign.period_reversed", "$.instrument.effective")]


def test_a_level_that_ended_before_the_period() -> None:
    levels = (level("co-so"), level("huyen", valid_until=LAST_DISTRICT_DAY))
    assert found(
        period_from=dt.date(2026, 1, 1), period_until=dt.date(2026, 12, 31), levels=levels
    ) == [("campaign.level_outside_period", "$.levels[1].valid_until")]


def test_a_level_that_began_after_the_period() -> None:
    levels = (level("co-so"), level("tinh", valid_from=dt.date(2030, 1, 1)))
    assert found(levels=levels) == [("campaign.level_outside_period", "$.levels[1].valid_from")]


def test_a_level_whose_own_dates_are_reversed() -> None:
    levels = (level("co-so", valid_from=dt.date(2022, 1, 1), valid_until=dt.date(2021, 1, 1)),)
    assert found(levels=levels) == [("campaign.level_dates_reversed", "$.levels[0].valid_until")]


def test_a_district_level_without_its_end_while_the_period_runs_past_2025() -> None:
    [p] = problems(levels=(level("co-so"), level("huyen")))
    assert (p.code, p.path) == ("campaign.district_level_after_2025", "$.levels[1].valid_until")
    assert "2025-12-31" in p.message


def test_a_district_level_without_its_end_is_fine_in_a_period_before_the_reorganisation() -> None:
    early = campaign(period_until=dt.date(2024, 12, 31), levels=(level("huyen"),))
    assert [lv.code for lv in early.levels_in(2024)] == ["huyen"]


def test_a_district_level_that_ends_after_the_district_tier() -> None:
    late = level("huyen", valid_until=dt.date(2025, 12, 31))
    assert found(period_until=dt.date(2024, 12, 31), levels=(late,)) == [
        ("campaign.district_level_after_2025", "$.levels[0].valid_until")
    ]


# ---------------------------------------------------------------------- elements


def test_duplicate_codes_in_each_list() -> None:
    assert found(
        fields=(field("kinh-te"), field("kinh-te")),
        levels=(level("co-so"), level("co-so")),
        tiers=(tier("cong-nhan"), tier("x"), tier("x")),
        requirements=(
            Requirement("a", "A", Provenance.ASSUMED),
            Requirement("a", "A", Provenance.ASSUMED),
        ),
    ) == [
        ("campaign.duplicate", "$.fields[1].code"),
        ("campaign.duplicate", "$.levels[1].code"),
        ("campaign.duplicate", "$.tiers[2].code"),
        ("campaign.duplicate", "$.requirements[1].code"),
    ]


def test_empty_element_code() -> None:
    assert found(fields=(field(" "),)) == [("campaign.code_empty", "$.fields[0].code")]


def test_tiers_out_of_order() -> None:
    tiers = (tier("tieu-bieu"), tier("rieng"), tier("cong-nhan"), tier("de-nghi-khen-thuong"))
    [p] = problems(tiers=tiers)
    assert (p.code, p.path) == ("campaign.out_of_order", "$.tiers[2].code")
    assert "cong-nhan < tieu-bieu < de-nghi-khen-thuong" in p.message


def test_own_tier_codes_may_sit_anywhere() -> None:
    tiers = (tier("rieng"), tier("cong-nhan"), tier("khac"), tier("de-nghi-khen-thuong"))
    assert campaign(tiers=tiers).tier_rank("khac") == 2


def test_levels_out_of_order() -> None:
    levels = (level("tinh"), level("co-so"))
    assert found(levels=levels) == [("campaign.out_of_order", "$.levels[1].code")]


@pytest.mark.parametrize("name", ["fields", "levels", "tiers"])
def test_empty_lists(name: str) -> None:
    assert found(**{name: ()}) == [("campaign.list_empty", f"$.{name}")]


def test_no_requirements_is_allowed() -> None:
    assert campaign(requirements=()).requirements == ()


@pytest.mark.parametrize(
    ("name", "value", "path"),
    [
        ("kinds", (), "$.kinds"),
        ("holders", (), "$.holders"),
        ("kinds", (ModelKind.MO_HINH, ModelKind.MO_HINH), "$.kinds[1]"),
        ("holders", (HolderKind.CA_NHAN, HolderKind.TAP_THE, HolderKind.CA_NHAN), "$.holders[2]"),
    ],
)
def test_kinds_and_holders_empty_or_duplicated(name: str, value: object, path: str) -> None:
    [(code, where)] = found(**{name: value})
    assert where == path
    assert code in {"campaign.list_empty", "campaign.duplicate"}


def test_missing_vietnamese_labels_everywhere() -> None:
    assert found(
        fields=(field("kinh-te", " "),),
        levels=(level("co-so", ""),),
        tiers=(tier("cong-nhan", "\t"),),
        requirements=(Requirement("a", "", Provenance.ASSUMED),),
    ) == [
        ("campaign.missing_label_vi", "$.fields[0].label_vi"),
        ("campaign.missing_label_vi", "$.levels[0].label_vi"),
        ("campaign.missing_label_vi", "$.tiers[0].label_vi"),
        ("campaign.missing_label_vi", "$.requirements[0].label_vi"),
    ]


def test_a_sourced_element_needs_a_reference() -> None:
    assert found(
        fields=(CampaignField("kinh-te", "Kinh tế", Provenance.SOURCED),),
        levels=(RecognitionLevel("co-so", "Cấp cơ sở", Provenance.SOURCED),),
        tiers=(Tier("cong-nhan", "Được công nhận", Provenance.SOURCED),),
        requirements=(Requirement("a", "A", Provenance.SOURCED),),
        registration=Registration(1, Provenance.SOURCED),
    ) == [
        ("campaign.missing_reference", "$.fields[0].reference"),
        ("campaign.missing_reference", "$.levels[0].reference"),
        ("campaign.missing_reference", "$.tiers[0].reference"),
        ("campaign.missing_reference", "$.requirements[0].reference"),
        ("campaign.missing_reference", "$.registration.reference"),
    ]


def test_a_sourced_element_with_its_reference_is_fine() -> None:
    sourced = campaign(
        fields=(CampaignField("kinh-te", "Kinh tế", Provenance.SOURCED, reference=REF),)
    )
    assert sourced.field("kinh-te").reference == REF


# ---------------------------------------------------------------------- registration


@pytest.mark.parametrize(
    ("at_least", "code"),
    [
        (0, "campaign.registration_below_one"),
        (-3, "campaign.registration_below_one"),
        (MAX_REGISTRATIONS + 1, "campaign.registration_too_many"),
    ],
)
def test_registration_at_least(at_least: int, code: str) -> None:
    assert found(registration=Registration(at_least, Provenance.ASSUMED)) == [
        (code, "$.registration.at_least")
    ]


def test_registration_up_to_the_limit() -> None:
    top = campaign(registration=Registration(MAX_REGISTRATIONS, Provenance.ASSUMED))
    assert top.registration is not None
    assert top.registration.at_least == MAX_REGISTRATIONS


def test_registration_binds_empty_or_duplicated_khoi() -> None:
    binds = ("phong-ban", " ", "phong-ban")
    assert found(registration=Registration(1, Provenance.ASSUMED, binds=binds)) == [
        ("campaign.binds_empty", "$.registration.binds[1]"),
        ("campaign.duplicate", "$.registration.binds[2]"),
    ]


def test_registration_assumed_names_its_fields() -> None:
    good = Registration(1, Provenance.SOURCED, reference=REF, assumed=("binds",))
    assert campaign(registration=good).assumed_values == 8 + 1  # 8 assumed elements, 1 part
    bad = Registration(1, Provenance.SOURCED, reference=REF, assumed=("binds", "units"))
    assert found(registration=bad) == [("campaign.assumed_unknown", "$.registration.assumed[1]")]
    redundant = Registration(1, Provenance.ASSUMED, assumed=("at_least",))
    assert found(registration=redundant) == [
        ("campaign.assumed_redundant", "$.registration.assumed")
    ]


# ---------------------------------------------------------------------- campaign values


def test_assumed_names_campaign_values() -> None:
    ok = campaign(assumed=("period_from", "issuer.party", "instrument.number", "issuer"))
    assert ok.assumed_values == campaign().assumed_values + 4
    [p] = problems(assumed=("period_from", "scale"))
    assert (p.code, p.path) == ("campaign.assumed_unknown", "$.assumed[1]")
    assert "instrument.number" in p.message
    assert found(assumed=("kinds", "kinds")) == [("campaign.duplicate", "$.assumed[1]")]


@pytest.mark.parametrize("years", [0, -1])
def test_certificate_years_at_least_one(years: int) -> None:
    assert found(certificate_years=years) == [
        ("campaign.certificate_years_below_one", "$.certificate_years")
    ]
    assert campaign(certificate_years=1).certificate_years == 1


# ---------------------------------------------------------------------- limits


def test_text_and_list_limits() -> None:
    assert found(notes="x" * (MAX_STRING_LENGTH + 1)) == [("text.too_long", "$.notes")]
    assert found(title_en="a\ud800b") == [("text.invalid_unicode", "$.title_en")]
    many = tuple(field(f"f-{k}") for k in range(MAX_LIST_LENGTH + 1))
    assert ("data.list_too_long", "$.fields") in found(fields=many)


# ---------------------------------------------------------------------- all at once


def test_several_problems_come_together() -> None:
    codes = found(
        code="bac-kan/x",
        title_vi="",
        issuer=Issuer("Tỉnh ủy", IssuerLevel.PROVINCE, "kien-giang"),
        period_from=dt.date(2026, 1, 1),
        period_until=dt.date(2021, 1, 1),
        fields=(),
        tiers=(tier("tieu-bieu"), tier("cong-nhan")),
        registration=Registration(0, Provenance.ASSUMED, binds=("",)),
        certificate_years=0,
        assumed=("nothing",),
    )
    assert {code for code, _ in codes} >= {
        "campaign.issuer_province_mismatch",
        "campaign.missing_label_vi",
        "campaign.period_reversed",
        "campaign.list_empty",
        "campaign.out_of_order",
        "campaign.registration_below_one",
        "campaign.binds_empty",
        "campaign.certificate_years_below_one",
        "campaign.assumed_unknown",
    }
    assert len(codes) >= 9


# ---------------------------------------------------------------------- lookups


def test_lookups() -> None:
    c = campaign()
    assert c.field("kinh-te").label_vi == "Kinh tế"
    assert c.level("huyen").valid_until == LAST_DISTRICT_DAY
    assert c.tier("tieu-bieu").label_vi == "Tiêu biểu"
    assert c.requirement("ten-dia-chi").label_vi == "Có tên, địa chỉ"
    assert (c.level_rank("co-so"), c.level_rank("tinh")) == (0, 2)
    assert (c.tier_rank("cong-nhan"), c.tier_rank("tieu-bieu")) == (0, 1)
    assert c.field_codes == ("kinh-te", "van-hoa-xa-hoi")
    assert c.requirement_codes == ("ten-dia-chi",)
    assert list(c.years) == [2021, 2022, 2023, 2024, 2025]
    assert c.province == "bac-kan"
    for lookup in (c.field, c.level, c.tier, c.requirement, c.level_rank, c.tier_rank):
        with pytest.raises(KeyError):
            lookup("khong-co")


def test_in_force_on_is_inclusive() -> None:
    c = campaign()
    assert c.in_force_on(dt.date(2021, 1, 1))
    assert c.in_force_on(dt.date(2025, 12, 31))
    assert not c.in_force_on(dt.date(2020, 12, 31))
    assert not c.in_force_on(dt.date(2026, 1, 1))


def test_levels_in_a_year_count_any_day_of_it() -> None:
    c = campaign(
        levels=(
            level("co-so", valid_from=dt.date(2022, 7, 1)),
            level("huyen", valid_until=LAST_DISTRICT_DAY),
            level("tinh"),
        )
    )
    assert [lv.code for lv in c.levels_in(2021)] == ["huyen", "tinh"]
    assert [lv.code for lv in c.levels_in(2022)] == ["co-so", "huyen", "tinh"]
    assert [lv.code for lv in c.levels_in(2025)] == ["co-so", "huyen", "tinh"]
    assert [lv.code for lv in c.levels_in(2026)] == ["co-so", "tinh"]


def test_assumed_values_counts_elements_parts_and_campaign_values() -> None:
    c = campaign()  # 2 fields + 3 levels + 2 tiers + 1 requirement + the registration, all assumed
    assert c.assumed_values == 9
    sourced = Registration(1, Provenance.SOURCED, reference=REF, assumed=("at_least", "binds"))
    assert campaign(registration=sourced, assumed=("kinds",)).assumed_values == 8 + 2 + 1
    assert campaign(registration=None).assumed_values == 8


def test_codes_are_nfc() -> None:
    decomposed = "kinh-te\u0301"
    assert campaign(fields=(field(decomposed),)).fields[0].code == "kinh-té"


# ---------------------------------------------------------------------- properties


@given(campaigns())
def test_valid_campaigns_lint_clean(c: Campaign) -> None:
    assert lint_campaign(c) == ()
    assert c.years.start == c.period_from.year
    assert all(c.in_force_on(day) for day in (c.period_from, c.period_until))


@given(campaigns())
def test_reversing_the_period_always_fails(c: Campaign) -> None:
    assume(c.period_from < c.period_until)
    with pytest.raises(CampaignError) as info:
        attrs.evolve(c, period_from=c.period_until, period_until=c.period_from)
    assert ("campaign.period_reversed", "$.period_until") in [
        (p.code, p.path) for p in info.value.problems
    ]


@given(campaigns())
def test_ranks_follow_the_listed_order(c: Campaign) -> None:
    assert [c.tier_rank(t.code) for t in c.tiers] == list(range(len(c.tiers)))
    assert [c.level_rank(lv.code) for lv in c.levels] == list(range(len(c.levels)))
    for year in c.years:
        assert set(c.levels_in(year)) <= set(c.levels)
