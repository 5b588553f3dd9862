"""The input: one unit's report for one evaluation year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from danvan_rules.errors import Problem, ReportError

from ._numbers import NumberError, float_message, parse_decimal

__all__ = ["Answer", "UnitReport", "evaluation_date", "report_problems"]

#: What a report gives for a leaf criterion: points (a Decimal), a checklist
#: answer (``True``/``False``) or a level's name. Ints and numeric strings are
#: turned into Decimals when the report is built.
Answer = Decimal | bool | str


def evaluation_date(year: int) -> dt.date:
    """The date that stands for an evaluation year: its last day, 31 December.

    Appraisal happens in November–December and results are decided at the end
    of the year or later (DOMAIN.md §1), so the rules in force — and the units
    that exist — on 31 December govern the year. A rule set that took effect
    during the year therefore governs that whole year.

    >>> evaluation_date(2025)
    datetime.date(2025, 12, 31)
    """
    return dt.date(year, 12, 31)


def _answer(value: object) -> object:
    if isinstance(value, bool | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return parse_decimal(value)
        except NumberError:
            return value  # a level's name; the scorer checks it against the levels
    return value  # not an answer at all; __attrs_post_init__ reports it


def _answers(values: Mapping[str, object]) -> Mapping[str, Answer]:
    return MappingProxyType({key: _answer(value) for key, value in values.items()})  # type: ignore[misc]


def _optional_answers(values: Mapping[str, object] | None) -> Mapping[str, Answer] | None:
    return None if values is None else _answers(values)


def _frozen(values: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(values))


def _key(name: str, key: object) -> str:
    return f"$.{name}[{_quote(key)}]"


def _quote(key: object) -> str:
    text = str(key).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


@attrs.frozen
class UnitReport:
    """One unit's self-assessment (and, later, its appraisal) for one year.

    ``self_scores`` and ``appraised_scores`` map leaf criterion codes to
    :data:`Answer` values; ``facts`` map declared fact names to flags (bool) or
    counts (int); ``bonuses`` map bonus codes to claimed points or items.
    Whether each value fits the rule set is checked by the scorer; values that
    fit no rule set at all (floats, lists, negative counts) are refused here,
    all at once:

    >>> UnitReport("x", "X", "so-nganh", 2024, "example", {"I.1": 0.5}, facts={"n": -1})
    Traceback (most recent call last):
      ...
    danvan_rules.errors.ReportError: 2 problems in report of unit 'x':
      0.5 is a float, which is not exact; write it as Decimal('0.5') or the string '0.5' @ $.self_scores["I.1"]
      a fact is true/false or a whole count >= 0, not -1 @ $.facts["n"]
    """

    unit_id: str
    unit_name: str
    category: str
    year: int
    province: str
    self_scores: Mapping[str, Answer] = attrs.field(converter=_answers)
    appraised_scores: Mapping[str, Answer] | None = attrs.field(
        default=None, converter=_optional_answers
    )
    facts: Mapping[str, bool | int] = attrs.field(factory=dict, converter=_frozen)
    bonuses: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_answers)
    former_province: str | None = None

    @property
    def evaluation_date(self) -> dt.date:
        """31 December of the report's year (see :func:`evaluation_date`)."""
        return evaluation_date(self.year)

    def __attrs_post_init__(self) -> None:
        problems = list(report_problems(attrs.asdict(self, recurse=False)))
        if problems:
            raise ReportError(problems, unit_id=self.unit_id or None)


def report_problems(fields: Mapping[str, object]) -> Iterator[Problem]:
    """Value problems of a report's fields, given as plain objects.

    Used by :class:`UnitReport` on its converted fields, and by the codec on raw
    data whose *types* are wrong elsewhere, so that both kinds of problem come
    back together. Fields of the wrong type are skipped: the codec reports those.
    """
    unit_id, year = fields.get("unit_id"), fields.get("year")
    if isinstance(unit_id, str) and not unit_id.strip():
        yield Problem("unit_id must not be empty", "$.unit_id")
    if isinstance(year, int) and not isinstance(year, bool) and not 1900 <= year <= 2200:
        yield Problem(f"year {year} is not a plausible evaluation year", "$.year")
    for name in ("self_scores", "appraised_scores"):
        mapping = fields.get(name)
        if isinstance(mapping, Mapping):
            yield from _answer_problems(name, mapping)
    facts, bonuses = fields.get("facts"), fields.get("bonuses")
    if isinstance(facts, Mapping):
        yield from _fact_problems(facts)
    if isinstance(bonuses, Mapping):
        yield from _bonus_problems(bonuses)


def _bonus_problems(bonuses: Mapping[str, object]) -> Iterator[Problem]:
    for key, claimed in bonuses.items():
        value = _answer(claimed)
        if not isinstance(value, Decimal):
            yield Problem(
                f"a bonus claim is points or a number of items, not {claimed!r}",
                _key("bonuses", key),
            )
        else:
            yield from _number_problems(value, _key("bonuses", key))


def _fact_problems(facts: Mapping[str, object]) -> Iterator[Problem]:
    for key, fact in facts.items():
        if not isinstance(fact, bool) and not (isinstance(fact, int) and fact >= 0):
            yield Problem(
                f"a fact is true/false or a whole count >= 0, not {fact!r}", _key("facts", key)
            )


def _answer_problems(name: str, mapping: Mapping[str, object]) -> Iterator[Problem]:
    for key, raw in mapping.items():
        value = _answer(raw)  # as the converter would keep it
        if not isinstance(value, Answer):
            yield Problem(_not_answer(value), _key(name, key))
        elif isinstance(value, Decimal):
            yield from _number_problems(value, _key(name, key))


def _number_problems(number: Decimal, path: str) -> Iterator[Problem]:
    """A Decimal given as such is checked like one given as text: finite, within limits."""
    try:
        parse_decimal(number)
    except NumberError as exc:
        yield Problem(str(exc), path)


def _not_answer(value: object) -> str:
    if isinstance(value, float):
        return float_message(value)
    return f"{value!r} is not points, true/false or a level name"
