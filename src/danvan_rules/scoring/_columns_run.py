"""Driving the kernel: which columns it reads, which rows it may hold, reports to columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from itertools import repeat
from operator import eq, ge, itemgetter, le, methodcaller
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from danvan_rules.limits import MAX_STRING_LENGTH, MAX_TABLE_KEYS
from danvan_rules.model import RuleSet, UnitReport, evaluation_date

from ._columns_input import FIELDS, REQUIRED, code_of, ended, guess, plain_text, table_of
from ._columns_kernel import Outcome, Reads, run
from ._columns_plan import Plan, compile_plan
from ._columns_values import Probe, Read, Seen, read_bonus, read_fact, read_leaf

__all__ = ["score_arrays", "score_items"]

Bools = npt.NDArray[np.bool_]

#: Rows scored together: the kernel's arrays of one chunk stay in the processor's caches.
CHUNK: Final = 1 << 15
_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2200


def _none(n: int) -> Outcome:
    """No row held: every row goes to ``score()``."""
    return Outcome(
        np.zeros(n, dtype=np.bool_),
        np.zeros(n, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        np.zeros(n, dtype=np.int8),
    )


def _present(column: np.ndarray) -> Bools:
    if column.dtype.kind != "O":
        return np.ones(len(column), dtype=np.bool_)
    return np.fromiter((item is not None for item in column), dtype=np.bool_, count=len(column))


def score_arrays(
    ruleset: RuleSet, probe: Probe, arrays: Mapping[str, np.ndarray], n: int
) -> Outcome:
    """The kernel's outcome for ``n`` rows of columns; rows it does not hold have ``ok`` false.

    ``probe`` says the rows' category, year and province.
    """
    category = probe.category
    if (
        category not in [c.code for c in ruleset.categories]
        or probe.report() is None
        or ended(ruleset, category, probe.year)
    ):
        return _none(n)
    plan = ruleset.compiled("columns", category, lambda: compile_plan(ruleset, category))
    tables: dict[str, int] = {}
    for key in arrays:
        tables[table_of(key)] = tables.get(table_of(key), 0) + 1
    if not plan.safe or max(tables.values(), default=0) > MAX_TABLE_KEYS:
        return _none(n)
    if n <= CHUNK:
        return _chunk(plan, probe, arrays, n, {})
    out = _none(n)
    seen: dict[str, Seen] = {}
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        part = {key: column[start:stop] for key, column in arrays.items()}
        outcome = _chunk(plan, probe, part, stop - start, seen)
        out.ok[start:stop] = outcome.ok
        out.totals[start:stop] = outcome.totals
        out.ranks[start:stop] = outcome.ranks
        out.statuses[start:stop] = outcome.statuses
    return out


def _chunk(
    plan: Plan, probe: Probe, arrays: Mapping[str, np.ndarray], n: int, seen: dict[str, Seen]
) -> Outcome:
    """The kernel over one chunk of rows (``seen``: distinct values read, per column key)."""
    ruleset = plan.ruleset
    ok = np.ones(n, dtype=np.bool_)
    by_code = {leaf.criterion.code: leaf for leaf in plan.leaves}
    leaves: dict[str, tuple[Read | None, Read | None]] = {}
    facts: dict[str, Read | None] = dict.fromkeys(ruleset.fact_names)
    bonuses: dict[str, Read] = {}
    for key, column in arrays.items():
        table, code = table_of(key), code_of(key)
        known = plain_text(code)
        values = seen.setdefault(key, {})
        if table in {"self_scores", "appraised_scores"}:
            leaf = by_code.get(code) if known else None
            if leaf is None:
                ok &= ~_present(column)
                continue
            read = read_leaf(leaf.criterion, column, plan.grid, probe, name=table, seen=values)
            own, appraised = leaves.get(code, (None, None))
            leaves[code] = (read, appraised) if table == "self_scores" else (own, read)
        elif table == "facts":
            if not known or code not in facts:
                ok &= ~_present(column)
                continue
            facts[code] = read_fact(ruleset.fact(code), column, probe, values)
        else:
            bonus = ruleset.bonuses.get(code) if known else None
            if bonus is None:
                ok &= ~_present(column)
                continue
            bonuses[code] = read_bonus(bonus, column, plan.grid, probe, values)
    return run(plan, n, Reads(leaves, facts, bonuses), ok)


# ---------------------------------------------------------------------- reports


class _Shape:
    """What a report of one category must look like for its tables to become columns as they are."""

    def __init__(self, ruleset: RuleSet, category: str) -> None:
        card = ruleset.scorecard_for(category)
        self.own = frozenset(leaf.code for leaf in card.leaves if not leaf.appraiser_only)
        self.leaves = frozenset(leaf.code for leaf in card.leaves)
        self.appraiser_only = any(leaf.appraiser_only for leaf in card.leaves)
        self.facts = ruleset.fact_names
        self.bonuses = frozenset(ruleset.bonuses)
        self.province = ruleset.province
        self.until = ruleset.category(category).until
        self.category = category

    def appraisal(self, appraised: Any) -> bool:
        """Whether an appraisal table (not None) can be read as it is."""
        return (
            type(appraised) in _TABLES
            and appraised.keys() <= self.leaves
            and (bool(appraised) or not self.appraiser_only)
        )


@attrs.define
class _Group:
    """The rows of one category whose tables are read as they are."""

    index: list[int] = attrs.Factory(list)
    own: list[Any] = attrs.Factory(list)
    appraised: list[Any] = attrs.Factory(list)
    facts: list[Any] = attrs.Factory(list)
    bonuses: list[Any] = attrs.Factory(list)


#: The types of a table read as it is (a report's tables are read-only views).
_TABLES: Final = (dict, MappingProxyType)
#: Stands for an absent key while a column is built.
_MISSING: Final = object()


class _Refused:
    """A value no report accepts: stands for an explicit None (a report refuses it)."""


_REFUSED: Final = _Refused()
_is_nfc: Final = partial(unicodedata.is_normalized, "NFC")
#: The text fields of a report (its category is compared with the rule set's).
_NAMES: Final = ("unit_id", "unit_name", "province")


def _plain_name(value: object, seen: dict[str, bool]) -> bool:
    """:func:`plain_text`, quick for ASCII and remembered for other text."""
    if type(value) is not str:
        return False
    if value.isascii():
        return 0 < len(value) <= MAX_STRING_LENGTH and not value.isspace()
    known = seen.get(value)
    if known is None:
        known = seen[value] = plain_text(value)
    return known


def _dict_row(item: dict[str, Any], shape: _Shape, names: dict[str, bool]) -> bool:
    """Whether a report dict's fields are plain (its tables are checked after)."""
    keys = item.keys()
    year = item.get("year")
    return (
        keys <= FIELDS
        and keys >= REQUIRED
        and item.get("former_province") in {None, shape.province}
        and type(year) is int
        and _FIRST_YEAR <= year <= _LAST_YEAR
        and _plain_name(item["unit_id"], names)
        and _plain_name(item["unit_name"], names)
        and _plain_name(item["province"], names)
    )


#: What a row's report gives the columns: (shape, own, appraised, facts, bonuses)
_Tables = tuple[_Shape, Any, Any, Any, Any]


def _tables(item: object, shapes: Mapping[str, _Shape], names: dict[str, bool]) -> _Tables | None:
    """The tables of an item that can be read as they are, with its category's shape, or None."""
    kind = type(item)
    if kind is UnitReport:
        report: UnitReport = item  # type: ignore[assignment]
        shape = shapes.get(report.category)
        if shape is None or report.former_province not in {None, shape.province}:
            return None
        own, appraised = report.self_scores, report.appraised_scores
        facts, bonuses, year = report.facts, report.bonuses, report.year
    elif kind is dict:
        data: dict[str, Any] = item  # type: ignore[assignment]
        category = data.get("category")
        shape = shapes.get(category) if type(category) is str else None
        if shape is None or not _dict_row(data, shape, names):
            return None
        own, appraised = data["self_scores"], data.get("appraised_scores")
        facts, bonuses, year = data.get("facts", {}), data.get("bonuses", {}), data["year"]
        if type(own) is not dict or type(facts) is not dict or type(bonuses) is not dict:
            return None
    else:
        return None
    if (
        own.keys() != shape.own
        or facts.keys() != shape.facts
        or not bonuses.keys() <= shape.bonuses
        or (appraised is not None and not shape.appraisal(appraised))
        or (shape.until is not None and evaluation_date(year) > shape.until)
    ):
        return None
    return shape, own, appraised, facts, bonuses


def _groups(ruleset: RuleSet, items: Sequence[object]) -> dict[str, _Group]:
    """The rows whose tables can be read as they are, by category."""
    shapes = {c.code: _Shape(ruleset, c.code) for c in ruleset.categories}
    if items and set(map(type, items)) == {dict}:
        bulk = _bulk(shapes, items)  # type: ignore[arg-type]
        if bulk is not None:
            return bulk
    groups: dict[str, _Group] = {}
    names: dict[str, bool] = {}
    for index, item in enumerate(items):
        found = _tables(item, shapes, names)
        if found is None:
            continue
        shape, own, appraised, facts, bonuses = found
        group = groups.get(shape.category)
        if group is None:
            group = groups[shape.category] = _Group()
        group.index.append(index)
        group.own.append(own)
        group.appraised.append(appraised)
        group.facts.append(facts)
        group.bonuses.append(bonuses)
    return groups


def _texts_plain(values: list[Any]) -> bool:
    """Whether every value is plain text (:func:`plain_text`), checked column-wise."""
    if set(map(type, values)) != {str} or any(map(str.isspace, values)):
        return False
    if min(map(len, values)) == 0 or max(map(len, values)) > MAX_STRING_LENGTH:
        return False
    if all(map(str.isascii, values)):
        return True
    try:  # a lone surrogate anywhere refuses the lot (then each is looked at alone)
        "".join(values).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return all(map(_is_nfc, values))


def _bulk(
    shapes: Mapping[str, _Shape], items: Sequence[dict[str, Any]]
) -> dict[str, _Group] | None:
    """Report dicts all of one category, every field plain: one group, checked column-wise.

    None when any dict is not so (then each is looked at alone).
    """
    categories = set(map(methodcaller("get", "category"), items))
    shape = shapes.get(next(iter(categories))) if len(categories) == 1 else None
    if shape is None:
        return None
    # streamed, never kept: a list of a million key views would wake the garbage collector
    if not all(map(FIELDS.issuperset, map(dict.keys, items))) or not all(
        map(ge, map(dict.keys, items), repeat(REQUIRED))
    ):
        return None
    years = list(map(itemgetter("year"), items))
    if (
        set(map(methodcaller("get", "former_province"), items)) - {None, shape.province}
        or set(map(type, years)) != {int}
        or min(years) < _FIRST_YEAR
        or max(years) > _LAST_YEAR
        or (shape.until is not None and max(map(evaluation_date, set(years))) > shape.until)
        or not all(_texts_plain(list(map(itemgetter(k), items))) for k in _NAMES)
    ):
        return None
    own = list(map(itemgetter("self_scores"), items))
    facts = list(map(methodcaller("get", "facts", {}), items))
    bonuses = list(map(methodcaller("get", "bonuses", {}), items))
    appraised = list(map(methodcaller("get", "appraised_scores"), items))
    if (
        set(map(type, own)) | set(map(type, facts)) | set(map(type, bonuses)) != {dict}
        or not all(map(eq, map(dict.keys, own), repeat(shape.own)))
        or not all(map(eq, map(dict.keys, facts), repeat(shape.facts)))
        or not all(map(le, map(dict.keys, bonuses), repeat(shape.bonuses)))
        or not all(a is None or shape.appraisal(a) for a in appraised)
    ):
        return None
    group = _Group(list(range(len(items))), own, appraised, facts, bonuses)
    return {shape.category: group}


def score_items(ruleset: RuleSet, items: Sequence[object]) -> Outcome:
    """The kernel's outcome for reports and report dicts, rows grouped by category."""
    out = _none(len(items))
    year = ruleset.effective_from.year
    for category, group in _groups(ruleset, items).items():
        arrays = _group_columns(ruleset, category, group)
        probe = Probe(category, year, ruleset.province)
        outcome = score_arrays(ruleset, probe, arrays, len(group.index))
        where = np.array(group.index, dtype=np.intp)
        out.ok[where] = outcome.ok
        out.totals[where] = outcome.totals
        out.ranks[where] = outcome.ranks
        out.statuses[where] = outcome.statuses
    return out


def _optional(values: list[Any], fill: Callable[[set[type]], object]) -> np.ndarray:
    """A column of a table whose keys may be absent (some row gives the key).

    An absent key becomes ``fill`` (given the types of the other values), an
    explicit None a value every report refuses.
    """
    filler = fill(set(map(type, values)) - {object, type(None)})
    column: np.ndarray = guess(
        np, [filler if v is _MISSING else _REFUSED if v is None else v for v in values]
    )
    return column


def _zero_like(kinds: set[type]) -> object:
    """An absent claim is a claim of 0: written as the other claims are, so the column stays typed."""
    return 0.0 if kinds == {float} else 0 if kinds == {int} else Decimal(0)


def _none_for(kinds: set[type]) -> object:
    """An absent appraised answer stays absent."""
    del kinds
    return None


def _group_columns(ruleset: RuleSet, category: str, group: _Group) -> dict[str, np.ndarray]:
    card = ruleset.scorecard_for(category)
    arrays: dict[str, np.ndarray] = {}
    for leaf in card.leaves:
        if not leaf.appraiser_only:
            arrays[leaf.code] = guess(np, [t[leaf.code] for t in group.own])
    if any(group.appraised):
        given = set().union(*(t.keys() for t in group.appraised if t))
        for code in [leaf.code for leaf in card.leaves if leaf.code in given]:
            values = [_MISSING if t is None else t.get(code, _MISSING) for t in group.appraised]
            arrays[f"appraised:{code}"] = _optional(values, _none_for)
    for name in ruleset.fact_names:
        arrays[f"fact:{name}"] = guess(np, [t[name] for t in group.facts])
    for code in ruleset.bonuses:
        if any(code in t for t in group.bonuses):
            arrays[f"bonus:{code}"] = _optional(
                [t.get(code, _MISSING) for t in group.bonuses], _zero_like
            )
    return arrays
