"""The campaign registry (danvan_rules.campaigns): built-in campaigns and plug-ins.

Plug-ins are offered through a fake entry point naming a package written into
a temporary folder (as tests/test_registry.py does for rule sets).
"""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from danvan_rules import _toml_sources, campaigns, rulesets
from danvan_rules.campaigns import (
    ENTRY_POINT_GROUP,
    NO_PLUGINS_ENV,
    CampaignEntry,
    DuplicateCampaignError,
    UnknownCampaignError,
)
from danvan_rules.codec.campaigns import campaign_to_data
from danvan_rules.errors import ConfigurationError, DanvanError, InvalidValueError
from danvan_rules.model._dvk_lint import lint_campaign
from danvan_rules.model.dvk import (
    Campaign,
    CampaignError,
    CampaignField,
    IssuerLevel,
    RecognitionLevel,
    Registration,
    Requirement,
    Tier,
)
from danvan_rules.model.sources import Provenance

DATA = Path(__file__).resolve().parent.parent / "src" / "danvan_rules" / "data" / "campaigns"
VUNG_TAU = "ba-ria-vung-tau/vung-tau-1606-2021"
BUILT_IN = (
    VUNG_TAU,
    "bac-kan/dvk-2021-2025",
    "bac-kan/thanh-pho-2023",
    "example/dvk-2021-2025",
    "ho-chi-minh/so-van-hoa-the-thao-2016",
    "kien-giang/vinh-phu-2021-2023",
)
STANDARD_FIELDS = ("kinh-te", "van-hoa-xa-hoi", "quoc-phong-an-ninh", "xay-dung-he-thong-chinh-tri")
PLUGIN_TOML = (DATA / "kien-giang-vinh-phu-2021-2023.toml").read_text(encoding="utf-8")


@pytest.fixture
def loose_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, str]], None]]:
    """A package of campaign TOML files offered through an entry point of no distribution."""
    package = tmp_path / "loose_campaigns"
    package.mkdir()
    (package / "__init__.py").write_text('"""Loose campaigns."""\n', encoding="utf-8")
    (package / "README.txt").write_text("not a campaign\n", encoding="utf-8")
    (package / "nested.toml").mkdir()  # a folder named like a data file is skipped
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="loose", value="loose_campaigns", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [point] if group == ENTRY_POINT_GROUP else [],
    )

    def write(files: dict[str, str]) -> None:
        for name, text in files.items():
            (package / name).write_text(text, encoding="utf-8")

    yield write
    sys.modules.pop("loose_campaigns", None)


def plugin_copy(code: str) -> str:
    return PLUGIN_TOML.replace(
        'code = "kien-giang/vinh-phu-2021-2023"', f'code = "{code}"'
    ).replace('province = "kien-giang"', f'province = "{code.partition("/")[0]}"')


# ---------------------------------------------------------------------- built-ins


def test_the_built_in_campaigns() -> None:
    assert campaigns.available() == BUILT_IN
    loaded = campaigns.load_all()
    assert tuple(c.code for c in loaded) == BUILT_IN
    assert all(lint_campaign(c) == () for c in loaded)


def test_each_file_is_named_after_its_code() -> None:
    for path in sorted(DATA.glob("*.toml")):
        code = tomllib.loads(path.read_text(encoding="utf-8"))["code"]
        assert path.stem == code.replace("/", "-")


def test_every_bundled_value_is_sourced_with_a_reference_or_assumed() -> None:
    for c in campaigns.load_all():
        elements: list[CampaignField | RecognitionLevel | Tier | Requirement | Registration] = [
            *c.fields,
            *c.levels,
            *c.tiers,
            *c.requirements,
        ]
        if c.registration is not None:
            elements.append(c.registration)
        for element in elements:
            assert element.provenance in (Provenance.SOURCED, Provenance.ASSUMED), (c.code, element)
            if element.provenance is Provenance.SOURCED:
                ref = element.reference
                assert ref is not None, (c.code, element)
                assert "docs/sources.md#" in ref.note or ref.url.startswith("https://"), ref
        # campaign-level values: the period is sourced by the instrument or assumed
        if c.instrument.signed is None:
            assert {"period_from", "period_until"} <= set(c.assumed), c.code
        if c.illustrative:
            assert c.province == "example"
            assert all(
                e.provenance is Provenance.ASSUMED for e in elements if e not in c.requirements
            )
        assert c.assumed_values > 0  # nothing bundled pretends to be wholly official
        assert "assumed" in c.notes.lower() or "giả định" in c.notes.lower(), c.code


def test_the_rule_set_registry_does_not_read_the_campaigns_folder() -> None:
    names = [item.name for item in _toml_sources.toml_files(resources.files("danvan_rules.data"))]
    assert names
    assert "campaigns" not in names
    assert not set(rulesets.available()) & set(BUILT_IN)
    assert (resources.files("danvan_rules.data") / "campaigns").is_dir()


# ---------------------------------------------------------------------- published facts


def test_vung_tau_2021_registration() -> None:
    c = campaigns.get(VUNG_TAU)
    assert c.registration is not None
    assert (c.registration.at_least, c.registration.binds) == (1, ("phong-ban", "ubnd-phuong-xa"))
    assert c.registration.provenance is Provenance.SOURCED
    assert c.issuer.level is IssuerLevel.DISTRICT
    assert c.instrument.number == "1606/UBND-NV"
    assert c.instrument.signed == dt.date(2021, 3, 16)
    assert list(c.years) == [2021]
    assert c.field_codes == STANDARD_FIELDS
    assert "17 phường, xã" in c.notes


def test_codes_the_golden_tallies_look_up() -> None:
    city = campaigns.get("bac-kan/thanh-pho-2023")
    assert city.field_codes == (
        "xay-dung-dang-chinh-quyen",
        "cai-cach-hanh-chinh",
        "nong-thon-moi-do-thi-van-minh",
        "ban-sac-van-hoa-du-lich",
    )
    assert all(f.provenance is Provenance.SOURCED for f in city.fields)
    assert (
        city.issuer.name_vi
        == "Ban Chỉ đạo thực hiện QCDC và phong trào Dân vận khéo thành phố Bắc Kạn"
    )
    vinh_phu = campaigns.get("kien-giang/vinh-phu-2021-2023")
    assert [lv.code for lv in vinh_phu.levels] == ["co-so", "huyen", "tinh"]
    assert vinh_phu.level("huyen").valid_until == dt.date(2025, 6, 30)
    assert list(vinh_phu.years) == [2021, 2022, 2023]
    for c in campaigns.load_all():
        assert [t.code for t in c.tiers] == ["cong-nhan", "tieu-bieu", "de-nghi-khen-thuong"]


def test_the_guideline_requirements() -> None:
    c = campaigns.get("example/dvk-2021-2025")
    assert c.illustrative
    assert len(c.requirements) == 7
    assert all(r.provenance is Provenance.SOURCED for r in c.requirements)
    assert "chưa xác định" in c.title_vi
    assert "not identified" in c.notes


def test_the_department_campaign_of_2016() -> None:
    [c] = campaigns.by_issuer(level=IssuerLevel.DEPARTMENT)
    assert c.issuer.party
    assert c.province == "ho-chi-minh"
    assert c.in_force_on(dt.date(2016, 11, 8))


# ---------------------------------------------------------------------- lookups


def test_get_unknown_code_suggests_close_codes() -> None:
    with pytest.raises(UnknownCampaignError) as info:
        campaigns.get("bac-kan/thanh-pho-2024")
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, DanvanError)
    assert "did you mean 'bac-kan/thanh-pho-2023'" in str(info.value)


def test_get_unknown_code_with_nothing_close_lists_the_codes() -> None:
    with pytest.raises(UnknownCampaignError, match="available: ba-ria-vung-tau/"):
        campaigns.get("zzz")


def test_get_in_an_empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campaigns, "entries", dict)
    with pytest.raises(UnknownCampaignError, match="available: none"):
        campaigns.get("x/y")


def test_in_force_on_a_day() -> None:
    codes = [c.code for c in campaigns.in_force(on=dt.date(2021, 6, 1))]
    assert codes == [
        VUNG_TAU,
        "bac-kan/dvk-2021-2025",
        "example/dvk-2021-2025",
        "kien-giang/vinh-phu-2021-2023",
    ]
    assert campaigns.in_force(on=dt.date(1999, 1, 1)) == ()
    assert [c.code for c in campaigns.in_force(on=dt.date(2023, 5, 1), province="bac-kan")] == [
        "bac-kan/dvk-2021-2025",
        "bac-kan/thanh-pho-2023",
    ]
    assert [c.code for c in campaigns.in_force(on=dt.date(2023, 5, 1), issuer_level="huyen")] == [
        "bac-kan/thanh-pho-2023"
    ]


def test_by_issuer_filters() -> None:
    assert [c.code for c in campaigns.by_issuer(name="vũng tàu")] == [VUNG_TAU]
    assert [c.code for c in campaigns.by_issuer(name="VU\u0303NG TÀU")] == [VUNG_TAU]
    assert [c.code for c in campaigns.by_issuer(level="xa", province="kien-giang")] == [
        "kien-giang/vinh-phu-2021-2023"
    ]
    assert campaigns.by_issuer(level=IssuerLevel.NATIONAL) == ()
    assert len(campaigns.by_issuer()) == len(BUILT_IN)


def test_for_year() -> None:
    assert [c.code for c in campaigns.for_year("kien-giang", 2023)] == [
        "kien-giang/vinh-phu-2021-2023"
    ]
    assert campaigns.for_year("kien-giang", 2024) == ()


@pytest.mark.parametrize(
    "call",
    [
        lambda: campaigns.get(3),  # type: ignore[arg-type]
        lambda: campaigns.by_issuer(level="phuong"),
        lambda: campaigns.by_issuer(level=3),  # type: ignore[arg-type]
        lambda: campaigns.by_issuer(province=3),  # type: ignore[arg-type]
        lambda: campaigns.by_issuer(name=b"x"),  # type: ignore[arg-type]
        lambda: campaigns.in_force(on="2021-01-01"),  # type: ignore[arg-type]
        lambda: campaigns.in_force(on=dt.datetime(2021, 1, 1)),  # noqa: DTZ001
        lambda: campaigns.for_year("bac-kan", 0),
        lambda: campaigns.for_year("bac-kan", True),  # noqa: FBT003
        lambda: campaigns.for_year("bac-kan", "2021"),  # type: ignore[arg-type]
        lambda: campaigns.for_year(None, 2021),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_typed_errors(call: Callable[[], object]) -> None:
    with pytest.raises(InvalidValueError) as info:
        call()
    assert info.value.code in {"registry.invalid_argument", "registry.invalid_year"}
    assert info.value.message_vi


# ---------------------------------------------------------------------- plug-ins


def test_a_plug_in_campaign(loose_package: Callable[[dict[str, str]], None]) -> None:
    loose_package({"mine.toml": plugin_copy("an-giang/xa-moi-2024")})
    assert "an-giang/xa-moi-2024" in campaigns.available()
    entry = campaigns.entries()["an-giang/xa-moi-2024"]
    assert entry == CampaignEntry(
        "an-giang/xa-moi-2024", "plug-in 'loose': loose_campaigns/mine.toml", {}
    )
    assert campaigns.get("an-giang/xa-moi-2024").province == "an-giang"


def test_plug_ins_are_ignored_when_switched_off(
    loose_package: Callable[[dict[str, str]], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    loose_package({"mine.toml": plugin_copy("an-giang/xa-moi-2024")})
    monkeypatch.setenv(NO_PLUGINS_ENV, "yes")
    assert campaigns.available() == BUILT_IN


def test_an_unknown_switch_value_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "maybe")
    with pytest.raises(ConfigurationError, match="DANVAN_RULES_NO_PLUGINS='maybe'"):
        campaigns.available()


def test_duplicate_codes_name_both_sources(loose_package: Callable[[dict[str, str]], None]) -> None:
    loose_package({"copy.toml": PLUGIN_TOML})
    with pytest.raises(DuplicateCampaignError) as info:
        campaigns.available()
    assert str(info.value) == (
        "campaign code 'kien-giang/vinh-phu-2021-2023' is provided twice: by built-in file "
        "danvan_rules/data/campaigns/kien-giang-vinh-phu-2021-2023.toml and by plug-in 'loose': "
        "loose_campaigns/copy.toml"
    )


def test_a_broken_plug_in_campaign_names_its_source(
    loose_package: Callable[[dict[str, str]], None],
) -> None:
    loose_package(
        {
            "bad.toml": plugin_copy("an-giang/x").replace(
                "period_until = 2023", "period_until = 2020"
            )
        }
    )
    with pytest.raises(CampaignError) as info:
        campaigns.get("an-giang/x")
    assert (
        info.value.subject == "campaign 'an-giang/x' from plug-in 'loose': loose_campaigns/bad.toml"
    )
    assert info.value.render("vi").startswith(
        "1 lỗi trong phong trào 'an-giang/x' từ plug-in 'loose': loose_campaigns/bad.toml"
    )
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("campaign.period_reversed", "$.period_until")
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("title_vi = 'no code'\n", "registry.no_code"),
        ("code = 3\n", "registry.no_code"),
        ("code = \n", "document.invalid_toml"),
    ],
)
def test_unreadable_plug_in_files(
    loose_package: Callable[[dict[str, str]], None], text: str, code: str
) -> None:
    loose_package({"bad.toml": text})
    with pytest.raises(CampaignError) as info:
        campaigns.available()
    assert info.value.subject == "plug-in 'loose': loose_campaigns/bad.toml"
    assert [p.code for p in info.value.problems] == [code]


def test_a_plug_in_file_past_the_size_limit(
    loose_package: Callable[[dict[str, str]], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    loose_package({"big.toml": plugin_copy("an-giang/x")})
    monkeypatch.setattr(_toml_sources, "MAX_RULESET_FILE_BYTES", 100)
    with pytest.raises(CampaignError) as info:
        campaigns.available()
    assert [p.code for p in info.value.problems] == ["registry.file_too_large"]


def test_an_entry_point_that_cannot_be_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="gone", value="no_such_campaigns_here", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [point] if group == ENTRY_POINT_GROUP else [],
    )
    with pytest.raises(CampaignError) as info:
        campaigns.available()
    [problem] = info.value.problems
    assert problem.code == "registry.entry_point_failed"
    assert info.value.subject == "plug-in 'gone'"


def test_an_entry_point_that_is_not_a_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="fn", value="danvan_rules.campaigns:get", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [point] if group == ENTRY_POINT_GROUP else [],
    )
    with pytest.raises(CampaignError) as info:
        campaigns.available()
    assert [p.code for p in info.value.problems] == ["registry.not_a_package"]


def test_a_plug_in_of_a_distribution_is_named_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    class Dist:
        name = "danvan-an-giang"
        version = "1.0"

    class Point:
        name = "an-giang"
        value = "no_such_campaigns_here"
        dist = Dist()

        def load(self) -> object:
            raise ImportError("gone")

    monkeypatch.delenv(NO_PLUGINS_ENV)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [Point()] if group == ENTRY_POINT_GROUP else [],
    )
    with pytest.raises(CampaignError) as info:
        campaigns.available()
    assert info.value.subject == "plug-in 'an-giang' of danvan-an-giang 1.0"


def test_entries_round_trip_to_data() -> None:
    for code, entry in campaigns.entries().items():
        c: Campaign = entry.load()
        assert c.code == code
        assert campaign_to_data(c)["code"] == code
