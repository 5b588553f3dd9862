"""The unit registry of a round: units with stable ids, and how they succeeded each other."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from danvan_rules.errors import Collector, DataError, field_path, index_path

from ._text import nfc, optional_nfc
from .report import evaluation_date

__all__ = ["Citation", "Registry", "RegistryError", "Succession", "SuccessionKind", "Unit"]


def nfc_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """Attrs converter: the names as a tuple, each in Unicode NFC."""
    return tuple(nfc(value) for value in values)


def _units(values: Iterable[Unit]) -> tuple[Unit, ...]:
    return tuple(values)


def _successions(values: Iterable[Succession]) -> tuple[Succession, ...]:
    return tuple(values)


class RegistryError(DataError):
    """A unit registry (or one of its units) that is malformed or inconsistent."""

    subject = "unit registry"
    subject_vi = "danh sách đơn vị"


def _need_text(found: Collector, value: str, path: str) -> None:
    if not value.strip():
        name = path.rsplit(".", 1)[-1]
        found.add(
            f"{name} must not be empty",
            path,
            code="text.empty",
            vi=f"{name} không được để trống",
        )


@attrs.frozen
class Citation:
    """Where a fact comes from: a document or publication, its date, and optionally a URL.

    >>> str(Citation("QĐ 1634/QĐ-UBND", dt.date(2021, 5, 17)))
    'QĐ 1634/QĐ-UBND (2021-05-17)'
    """

    document: str
    date: dt.date | None = None
    url: str = ""
    publisher: str = ""
    note: str = ""

    def __str__(self) -> str:
        return self.document if self.date is None else f"{self.document} ({self.date})"


@attrs.frozen
class Unit:
    """One evaluated unit ("đơn vị"), with an id that stays the same across years.

    ``khoi`` is the khối (the rule set's category code) the unit is rated in;
    ``valid_from`` / ``valid_until`` (inclusive, either may be open) say when
    the unit exists. A unit takes part in the round of a year when it exists
    on that year's evaluation date, 31 December (see
    :func:`~danvan_rules.model.evaluation_date`), so every UBND cấp huyện,
    which ends on 2025-06-30, is in the 2024 round and not in the 2025 one:

    >>> huyen = Unit("ubnd-cao-lanh", "UBND huyện Cao Lãnh", "ubnd-huyen", "dong-thap",
    ...             valid_until=dt.date(2025, 6, 30))
    >>> huyen.exists_in(2024), huyen.exists_in(2025)
    (True, False)
    >>> Unit("x", "X", "k", "p", valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2024, 1, 1))
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_registry.RegistryError: 1 problem in unit registry:
      validity ends (2024-01-01) before it starts (2025-01-01) @ $.valid_until
    """

    id: str = attrs.field(converter=nfc)
    name_vi: str
    khoi: str = attrs.field(converter=nfc)
    province: str
    former_province: str | None = None
    parent: str | None = attrs.field(default=None, converter=optional_nfc)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    name_en: str = ""

    def __attrs_post_init__(self) -> None:
        found = Collector()
        for name in ("id", "name_vi", "khoi", "province"):
            _need_text(found, getattr(self, name), field_path("$", name))
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            found.add(
                f"validity ends ({self.valid_until}) before it starts ({self.valid_from})",
                "$.valid_until",
                code="registry.unit_validity_reversed",
                vi=f"thời hạn hiệu lực kết thúc ({self.valid_until}) trước khi bắt đầu "
                f"({self.valid_from})",
            )
        found.raise_if_any(RegistryError)

    def exists_on(self, day: dt.date) -> bool:
        """Whether the unit exists on ``day`` (its validity is inclusive at both ends)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def exists_in(self, year: int) -> bool:
        """Whether the unit exists on 31 December of ``year``, and so is evaluated for it."""
        return self.exists_on(evaluation_date(year))


class SuccessionKind(enum.Enum):
    """How units succeeded each other."""

    RENAME = "rename"  #: one unit, a new id (a new name or a new parent)
    MERGE = "merge"  #: several units became one
    SPLIT = "split"  #: one unit became several


_SHAPE: Final = {
    SuccessionKind.RENAME: ("exactly one old and one new id", "đúng một mã cũ và một mã mới"),
    SuccessionKind.MERGE: (
        "two or more old ids and one new id",
        "từ hai mã cũ trở lên và một mã mới",
    ),
    SuccessionKind.SPLIT: (
        "one old id and two or more new ids",
        "một mã cũ và từ hai mã mới trở lên",
    ),
}


def _shape_ok(kind: SuccessionKind, old: int, new: int) -> bool:
    if kind is SuccessionKind.RENAME:
        return old == 1 and new == 1
    if kind is SuccessionKind.MERGE:
        return old >= 2 and new == 1
    return old == 1 and new >= 2


@attrs.frozen
class Succession:
    """Old unit ids replaced by new ones on a date: a rename, a merger or a split.

    >>> Succession(("huyen-a", "huyen-b"), ("xa-moi",), dt.date(2025, 7, 1), SuccessionKind.MERGE)
    ... # doctest: +ELLIPSIS
    Succession(old=('huyen-a', 'huyen-b'), new=('xa-moi',), date=datetime.date(2025, 7, 1), ...)
    >>> Succession(("a",), ("b", "c"), dt.date(2025, 7, 1), SuccessionKind.RENAME)
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_registry.RegistryError: 1 problem in unit registry:
      a rename has exactly one old and one new id, not 1 old and 2 new @ $
    """

    old: tuple[str, ...] = attrs.field(converter=nfc_tuple)
    new: tuple[str, ...] = attrs.field(converter=nfc_tuple)
    date: dt.date
    kind: SuccessionKind
    source: Citation | None = None

    def __attrs_post_init__(self) -> None:
        if not _shape_ok(self.kind, len(self.old), len(self.new)):
            en, vi = _SHAPE[self.kind]
            found = Collector()
            found.add(
                f"a {self.kind.value} has {en}, not {len(self.old)} old and {len(self.new)} new",
                code="registry.succession_shape",
                vi=f"một {_KIND_VI[self.kind]} có {vi}, không phải {len(self.old)} mã cũ "
                f"và {len(self.new)} mã mới",
            )
            found.fail(RegistryError)


_KIND_VI: Final = {
    SuccessionKind.RENAME: "thay đổi tên gọi",
    SuccessionKind.MERGE: "hợp nhất",
    SuccessionKind.SPLIT: "chia tách",
}


@attrs.frozen
class Registry:
    """Every unit a province evaluates, over the years, and how they succeeded each other.

    Checked as a whole, all problems at once: an id used twice, a succession
    naming an id the registry does not have, a chain of successions that
    leads back to where it started.

    >>> a = Unit("so-a", "Sở A", "so-nganh", "example", valid_until=dt.date(2024, 12, 31))
    >>> b = Unit("so-b", "Sở B", "so-nganh", "example", valid_from=dt.date(2025, 1, 1))
    >>> reg = Registry((a, b), (Succession(("so-a",), ("so-b",), dt.date(2025, 1, 1),
    ...                                    SuccessionKind.RENAME),))
    >>> reg.successors("so-a"), reg.match("so-a", 2025), reg.match("so-b", 2024)
    (('so-b',), ('so-b',), ('so-a',))
    >>> Registry((a, a))
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_registry.RegistryError: 1 problem in unit registry:
      unit id 'so-a' is used twice (first at $.units[0]) @ $.units[1].id
    """

    units: tuple[Unit, ...] = attrs.field(converter=_units)
    successions: tuple[Succession, ...] = attrs.field(default=(), converter=_successions)
    _by_id: Mapping[str, Unit] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _forward: Mapping[str, tuple[str, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _backward: Mapping[str, tuple[str, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        found = Collector()
        by_id: dict[str, Unit] = {}
        first: dict[str, int] = {}
        for i, unit in enumerate(self.units):
            if unit.id in by_id:
                earlier = index_path("$.units", first[unit.id])
                found.add(
                    f"unit id {unit.id!r} is used twice (first at {earlier})",
                    field_path(index_path("$.units", i), "id"),
                    code="registry.duplicate_unit_id",
                    vi=f"mã đơn vị {unit.id!r} bị dùng hai lần (lần đầu ở {earlier})",
                )
                continue
            by_id[unit.id] = unit
            first[unit.id] = i
        for i, succession in enumerate(self.successions):
            where = index_path("$.successions", i)
            for side in ("old", "new"):
                for j, unit_id in enumerate(getattr(succession, side)):
                    if unit_id not in by_id:
                        found.add(
                            f"succession names unit {unit_id!r}, which the registry does not have",
                            index_path(field_path(where, side), j),
                            code="registry.unknown_unit",
                            vi=f"bản kế thừa nêu đơn vị {unit_id!r}, không có trong danh sách đơn vị",
                        )
        if not found:
            for i, unit_id in _cycles(self.successions):
                found.add(
                    f"the successions from unit {unit_id!r} lead back to it",
                    index_path("$.successions", i),
                    code="registry.succession_cycle",
                    vi=f"chuỗi kế thừa từ đơn vị {unit_id!r} quay trở lại chính đơn vị đó",
                )
        found.raise_if_any(RegistryError)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        object.__setattr__(self, "_forward", _links(self.successions, forward=True))
        object.__setattr__(self, "_backward", _links(self.successions, forward=False))

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id (``KeyError`` if none)."""
        return self._by_id[unit_id]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._by_id

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def successors(self, unit_id: str) -> tuple[str, ...]:
        """The ids that directly replaced ``unit_id``, in succession order."""
        return self._forward.get(unit_id, ())

    def predecessors(self, unit_id: str) -> tuple[str, ...]:
        """The ids that ``unit_id`` directly replaced, in succession order."""
        return self._backward.get(unit_id, ())

    def match(self, unit_id: str, year: int) -> tuple[str, ...]:
        """The units of ``year`` that ``unit_id`` is, became, or came from.

        The unit itself when it exists in ``year``; otherwise its successors
        (for a later year) or its predecessors (for an earlier one), followed
        transitively until units of that year are found.
        """
        start = self.unit(unit_id)
        if start.exists_in(year):
            return (unit_id,)
        later = start.valid_until is not None and start.valid_until < evaluation_date(year)
        step = self.successors if later else self.predecessors
        found: dict[str, None] = {}
        seen = {unit_id}
        todo = list(step(unit_id))
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            if self._by_id[current].exists_in(year):
                found[current] = None
            else:
                todo.extend(step(current))
        return tuple(found)


def _links(successions: tuple[Succession, ...], *, forward: bool) -> Mapping[str, tuple[str, ...]]:
    """Each id → the ids that directly replaced it (``forward``) or that it replaced."""
    links: dict[str, dict[str, None]] = {}
    for succession in successions:
        sources, targets = (
            (succession.old, succession.new) if forward else (succession.new, succession.old)
        )
        for source in sources:
            links.setdefault(source, {}).update(dict.fromkeys(targets))
    return MappingProxyType({key: tuple(ids) for key, ids in links.items()})


def _cycles(successions: tuple[Succession, ...]) -> Iterator[tuple[int, str]]:
    """``(succession index, unit id)`` for each succession whose new ids lead back to an old one."""
    edges: dict[str, list[str]] = {}
    for succession in successions:
        for old in succession.old:
            edges.setdefault(old, []).extend(succession.new)
    for i, succession in enumerate(successions):
        for old in succession.old:
            seen: set[str] = set()
            todo = list(succession.new)
            while todo:
                current = todo.pop()
                if current == old:
                    yield i, old
                    break
                if current not in seen:
                    seen.add(current)
                    todo.extend(edges.get(current, ()))
            else:
                continue
            break
