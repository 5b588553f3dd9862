"""The unit registry: units, successions, matching across years, and its typed errors."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan_rules.model.rounds import Citation, Registry, RegistryError, Succession, SuccessionKind

from .round_strategies import unit

JULY = dt.date(2025, 7, 1)
END_OF_DISTRICTS = dt.date(2025, 6, 30)


def _merge(old: tuple[str, ...], new: str) -> Succession:
    return Succession(old, (new,), JULY, SuccessionKind.MERGE, Citation("NQ 202/2025/QH15"))


def test_an_id_used_twice_is_reported_at_its_path() -> None:
    units = [unit("a"), unit("b"), unit("c"), unit("a")]
    with pytest.raises(RegistryError) as caught:
        Registry(units)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("registry.duplicate_unit_id", "$.units[3].id")
    assert "bị dùng hai lần" in problem.message_vi
    assert caught.value.render("vi").startswith("1 lỗi trong danh sách đơn vị:")


def test_validity_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(RegistryError) as caught:
        unit("a", valid_from=dt.date(2025, 1, 2), valid_until=dt.date(2025, 1, 1))
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("registry.unit_validity_reversed", "$.valid_until")
    ]
    one_day = unit("a", valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 1, 1))
    assert one_day.exists_on(dt.date(2025, 1, 1))
    assert not one_day.exists_on(dt.date(2025, 1, 2))
    assert not one_day.exists_on(dt.date(2024, 12, 31))


def test_empty_names_are_refused_all_at_once() -> None:
    with pytest.raises(RegistryError) as caught:
        Registry([unit(" ", " ")])
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("text.empty", "$.id"),
        ("text.empty", "$.khoi"),
    ]


def test_a_district_ends_with_june_2025() -> None:
    huyen = unit("huyen", "ubnd-huyen", valid_until=END_OF_DISTRICTS)
    assert huyen.exists_in(2024)
    assert not huyen.exists_in(2025)
    xa = unit("xa", "ubnd-xa", valid_from=JULY)
    assert not xa.exists_in(2024)
    assert xa.exists_in(2025)


def test_a_succession_naming_unknown_ids_is_reported_at_each() -> None:
    with pytest.raises(RegistryError) as caught:
        Registry([unit("a")], [_merge(("a", "x"), "y")])
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("registry.unknown_unit", "$.successions[0].old[1]"),
        ("registry.unknown_unit", "$.successions[0].new[0]"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (("a",), ("b", "c"), SuccessionKind.RENAME),
        (("a",), ("b",), SuccessionKind.MERGE),
        (("a", "b"), ("c",), SuccessionKind.SPLIT),
        ((), ("c",), SuccessionKind.RENAME),
    ],
)
def test_a_succession_has_the_shape_of_its_kind(
    old: tuple[str, ...], new: tuple[str, ...], kind: SuccessionKind
) -> None:
    with pytest.raises(RegistryError) as caught:
        Succession(old, new, JULY, kind)
    assert caught.value.problems[0].code == "registry.succession_shape"
    assert "mã cũ" in caught.value.problems[0].message_vi


def test_a_rename_cycle_is_refused() -> None:
    a, b, c = unit("a"), unit("b"), unit("c")
    ring = [
        Succession(("a",), ("b",), JULY, SuccessionKind.RENAME),
        Succession(("b",), ("c",), JULY, SuccessionKind.RENAME),
        Succession(("c",), ("a",), JULY, SuccessionKind.RENAME),
    ]
    with pytest.raises(RegistryError) as caught:
        Registry([a, b, c], ring)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("registry.succession_cycle", "$.successions[0]"),
        ("registry.succession_cycle", "$.successions[1]"),
        ("registry.succession_cycle", "$.successions[2]"),
    ]
    with pytest.raises(RegistryError) as caught:
        Registry([a], [Succession(("a",), ("a",), JULY, SuccessionKind.RENAME)])
    assert caught.value.problems[0].code == "registry.succession_cycle"


def test_a_chain_without_a_cycle_is_accepted_and_diamonds_are_fine() -> None:
    units = [unit("a"), unit("b"), unit("c"), unit("d")]
    chain = [
        Succession(("a",), ("b", "c"), JULY, SuccessionKind.SPLIT),
        Succession(("b", "c"), ("d",), dt.date(2026, 1, 1), SuccessionKind.MERGE),
    ]
    reg = Registry(units, chain)
    assert reg.successors("a") == ("b", "c")
    assert reg.predecessors("d") == ("b", "c")
    assert "a" in reg
    assert "z" not in reg
    assert len(reg) == 4
    assert [u.id for u in reg] == ["a", "b", "c", "d"]
    assert reg.unit("b").id == "b"
    with pytest.raises(KeyError):
        reg.unit("z")


def test_match_follows_mergers_forward_and_back() -> None:
    units = [
        unit("huyen-1", "ubnd-huyen", valid_until=END_OF_DISTRICTS),
        unit("huyen-2", "ubnd-huyen", valid_until=END_OF_DISTRICTS),
        unit("xa-tam", "ubnd-xa", valid_from=JULY, valid_until=dt.date(2025, 7, 1)),
        unit("xa-moi", "ubnd-xa", valid_from=dt.date(2025, 7, 2)),
        unit("so", "so-nganh"),
    ]
    reg = Registry(
        units,
        [
            _merge(("huyen-1", "huyen-2"), "xa-tam"),
            Succession(("xa-tam",), ("xa-moi",), dt.date(2025, 7, 2), SuccessionKind.RENAME),
        ],
    )
    assert reg.match("huyen-1", 2025) == ("xa-moi",)  # through the short-lived unit
    assert reg.match("xa-moi", 2024) == ("huyen-1", "huyen-2")
    assert reg.match("so", 2021) == ("so",)
    assert reg.match("so", 2025) == ("so",)
    assert reg.match("huyen-1", 2024) == ("huyen-1",)


def test_match_on_a_diamond_visits_each_unit_once() -> None:
    units = [
        unit("a", valid_until=dt.date(2020, 1, 1)),
        unit("b", valid_from=dt.date(2020, 1, 2), valid_until=dt.date(2020, 1, 3)),
        unit("c", valid_from=dt.date(2020, 1, 2), valid_until=dt.date(2020, 1, 3)),
        unit("d", valid_from=dt.date(2020, 1, 4)),
    ]
    reg = Registry(
        units,
        [
            Succession(("a",), ("b", "c"), dt.date(2020, 1, 2), SuccessionKind.SPLIT),
            Succession(("b", "c"), ("d",), dt.date(2020, 1, 4), SuccessionKind.MERGE),
        ],
    )
    assert reg.match("a", 2021) == ("d",)
    assert reg.match("d", 2019) == ("a",)


def test_a_citation_prints_with_its_date() -> None:
    assert str(Citation("QĐ 1634/QĐ-UBND")) == "QĐ 1634/QĐ-UBND"
    assert str(Citation("QĐ 1634/QĐ-UBND", dt.date(2021, 5, 17))) == "QĐ 1634/QĐ-UBND (2021-05-17)"
