"""The input: one unit's report for one evaluation year."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs

from danvan_rules.errors import Collector, NumberError, Problem, ReportError, field_path, key_path
from danvan_rules.limits import MAX_COUNT, MAX_STRING_LENGTH, MAX_TABLE_KEYS

from ._numbers import numpy_plain, parse_decimal, shown

__all__ = [
    "Answer",
    "UnitReport",
    "answer_text",
    "evaluation_date",
    "numpy_plain",
    "report_problems",
    "shown",
]

#: What a report gives for a leaf criterion: points (a Decimal), a checklist
#: answer (``True``/``False``) or a level's name. Ints, floats and numeric
#: strings are turned into Decimals when the report is built; a level is
#: matched on the answer's text (see :func:`answer_text`).
Answer = Decimal | bool | str

_T = TypeVar("_T")

_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2200
#: Number problems of a string answer that mean "a number, written wrongly";
#: any other text may be a level's name, which the scorer checks.
_MISWRITTEN: Final = frozenset(
    {
        "number.decimal_comma",
        "number.non_ascii_digits",
        "number.too_large",
        "number.too_many_places",
        "number.exponent_too_large",
    }
)


def evaluation_date(year: int) -> dt.date:
    """The date that stands for an evaluation year: its last day, 31 December.

    Appraisal happens in November–December and results are decided at the end
    of the year or later (docs/sources.md#cycle), so the rules in force — and the units
    that exist — on 31 December govern the year. A rule set that took effect
    during the year therefore governs that whole year.

    >>> evaluation_date(2025)
    datetime.date(2025, 12, 31)
    """
    return dt.date(year, 12, 31)


def _given(values: Mapping[str, object]) -> Any:
    """A table as given: it is checked, and replaced by its checked form, after init."""
    return values


def _optional_given(values: Mapping[str, object] | None) -> Any:
    return values


@attrs.frozen
class UnitReport:
    """One unit's self-assessment (and, later, its appraisal) for one year.

    ``self_scores`` and ``appraised_scores`` map leaf criterion codes to
    :data:`Answer` values; ``facts`` map declared fact names to flags (bool) or
    counts (int); ``bonuses`` map bonus codes to claimed points or items.
    Every text is kept in Unicode NFC, so a decomposed "Khá" (typed on macOS or
    with Unikey) is the same answer as a composed one; numpy scalars and floats
    are read exactly (a float by its shortest text).

    Whether each value fits the rule set is checked by the scorer; values that
    fit no rule set at all (a year that is not a whole number, lists, negative
    counts, text that is not valid Unicode) are refused here, all at once:

    >>> UnitReport("x", "X", "so-nganh", 2024.0, "example", {"I.1": "0,5"}, facts={"n": -1})
    Traceback (most recent call last):
      ...
    danvan_rules.errors.ReportError: 3 problems in report of unit 'x':
      expected a whole number, not 2024.0 @ $.year
      '0,5' uses a decimal comma: write '0.5' @ $.self_scores["I.1"]
      a fact is true/false or a whole count >= 0, not -1 @ $.facts["n"]
    """

    unit_id: str
    unit_name: str
    category: str
    year: int
    province: str
    self_scores: Mapping[str, Answer] = attrs.field(converter=_given)
    appraised_scores: Mapping[str, Answer] | None = attrs.field(
        default=None, converter=_optional_given
    )
    facts: Mapping[str, bool | int] = attrs.field(factory=dict, converter=_given)
    bonuses: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_given)
    former_province: str | None = None

    @property
    def evaluation_date(self) -> dt.date:
        """31 December of the report's year (see :func:`evaluation_date`)."""
        return evaluation_date(self.year)

    def __attrs_post_init__(self) -> None:
        found = Collector()
        clean = _validated(attrs.asdict(self, recurse=False), found)
        unit_id = clean.get("unit_id")
        found.raise_if_any(
            ReportError, unit_id=unit_id if isinstance(unit_id, str) and unit_id else None
        )
        for name, value in clean.items():
            # the checked, normalised form of each field (the class is frozen)
            object.__setattr__(self, name, value)


def answer_text(answer: object) -> str | None:
    """The text a level is matched on: a name as given, a number as its shortest text.

    The report's canonical form writes a number answer as its text, so ``5``
    and ``"5"`` are the same answer, and both match a level named ``"5"``;
    a checklist answer (or anything that is not an acceptable number) has no
    text.

    >>> answer_text("Tốt"), answer_text(Decimal("5.0")), answer_text(True)
    ('Tốt', '5', None)
    """
    answer = numpy_plain(answer)
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        return answer
    try:
        number = parse_decimal(answer)  # checked before it is written out
    except NumberError:
        return None
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def report_problems(fields: Mapping[str, object]) -> Iterator[Problem]:
    """Every problem of a report's fields, given as plain objects.

    The one validation of a report: :class:`UnitReport` runs it on the fields
    it is given, and the codec on raw data, so that type problems and value
    problems come back together. A field that is absent is not a problem here
    (the codec reports missing keys).

    >>> [str(p) for p in report_problems({"year": True, "facts": {"n": 10**5000}})]
    ['expected a whole number, not True @ $.year', 'a fact count is at most 999999999999, not an integer of more than 40 digits @ $.facts["n"]']
    """
    found = Collector()
    _validated(fields, found)
    return iter(found.problems)


def _validated(fields: Mapping[str, object], found: Collector) -> dict[str, object]:
    """The fields that are present, checked and normalised; problems go to ``found``."""
    clean: dict[str, object] = {}
    for name, check in _CHECKS:
        value = fields.get(name)
        if name in fields and (value is not None or name not in _OPTIONAL):
            clean[name] = check(value, field_path("$", name), found)
    return clean


def _answers(value: object, path: str, found: Collector) -> Mapping[str, Answer] | None:
    return _table(value, path, _answer, found)


def _facts(value: object, path: str, found: Collector) -> Mapping[str, bool | int] | None:
    return _table(value, path, _fact, found)


def _bonuses(value: object, path: str, found: Collector) -> Mapping[str, Decimal] | None:
    return _table(value, path, _bonus, found)


# ---------------------------------------------------------------------- text


def _text(value: object, path: str, found: Collector) -> str | None:
    """``value`` as NFC text, or ``None`` after recording why it is not acceptable text."""
    if not isinstance(value, str):
        found.add(
            f"expected text, not {shown(value)}",
            path,
            code="data.expected_text",
            vi=f"cần một chuỗi ký tự, không phải {shown(value, 'vi')}",
        )
        return None
    if len(value) > MAX_STRING_LENGTH:
        found.add(
            f"text of {len(value)} characters is longer than the limit of {MAX_STRING_LENGTH}",
            path,
            code="text.too_long",
            vi=f"chuỗi {len(value)} ký tự dài quá giới hạn {MAX_STRING_LENGTH} ký tự",
        )
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        found.add(
            f"text is not valid Unicode: a lone surrogate at position {exc.start}",
            path,
            code="text.invalid_unicode",
            vi=f"chuỗi không phải Unicode hợp lệ: có ký tự thay thế đơn lẻ ở vị trí {exc.start}",
        )
        return None
    return unicodedata.normalize("NFC", value)


def _name(value: object, path: str, found: Collector) -> str | None:
    text = _text(value, path, found)
    if text is not None and not text.strip():
        name = path.rsplit(".", 1)[-1]
        found.add(
            f"{name} must not be empty",
            path,
            code="text.empty",
            vi=f"{name} không được để trống",
        )
    return text


# ---------------------------------------------------------------------- fields


def _year(value: object, path: str, found: Collector) -> int | None:
    year = numpy_plain(value)
    if isinstance(year, bool) or not isinstance(year, int):
        found.add(
            f"expected a whole number, not {shown(value)}",
            path,
            code="data.expected_integer",
            vi=f"cần một số nguyên, không phải {shown(value, 'vi')}",
        )
        return None
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        found.add(
            f"year {shown(year)} is not a plausible evaluation year",
            path,
            code="report.implausible_year",
            vi=f"năm {shown(year, 'vi')} không phải là một năm đánh giá hợp lý "
            f"({_FIRST_YEAR}–{_LAST_YEAR})",
        )
    return year


def _table(
    value: object,
    path: str,
    item: Callable[[object, str, Collector], _T | None],
    found: Collector,
) -> Mapping[str, _T] | None:
    """A read-only table of NFC names to checked items, or ``None`` when it is not a table."""
    if not isinstance(value, Mapping):
        found.add(
            f"expected a table of names to values, not {shown(value)}",
            path,
            code="data.expected_table",
            vi=f"cần một bảng tên và giá trị, không phải {shown(value, 'vi')}",
        )
        return None
    if len(value) > MAX_TABLE_KEYS:
        found.add(
            f"a table of {len(value)} keys is larger than the limit of {MAX_TABLE_KEYS}",
            path,
            code="report.too_many_keys",
            vi=f"bảng có {len(value)} khóa, vượt quá giới hạn {MAX_TABLE_KEYS} khóa",
        )
        return None
    out: dict[str, _T] = {}
    for raw_key, raw in value.items():
        where = key_path(path, raw_key if isinstance(raw_key, str) else shown(raw_key))
        key = _text(raw_key, where, found)
        checked = item(raw, where, found)
        if key is None or checked is None:
            continue
        if key in out:
            found.add(
                f"duplicate key {shown(key)}: another key is the same text in Unicode NFC",
                where,
                code="report.duplicate_key",
                vi=f"khóa {shown(key, 'vi')} bị trùng: một khóa khác cũng là chuỗi này "
                "khi chuẩn hóa Unicode NFC",
            )
            continue
        out[key] = checked
    return MappingProxyType(out)


def _answer(value: object, path: str, found: Collector) -> Answer | None:
    answer = numpy_plain(value)
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str):
        return _text_answer(answer, path, found)
    try:
        return parse_decimal(value)
    except NumberError as exc:
        if exc.code != "number.wrong_type":
            found.append(exc.at(path))
            return None
    found.add(
        f"{shown(value)} is not points, true/false or a level name",
        path,
        code="answer.invalid_type",
        vi=f"{shown(value, 'vi')} không phải là điểm, đúng/sai hay tên một mức",
    )
    return None


def _text_answer(answer: str, path: str, found: Collector) -> Answer | None:
    """A number written as text becomes a Decimal; other text is a level's name."""
    text = _text(answer, path, found)
    if text is None:
        return None
    try:
        return parse_decimal(text)
    except NumberError as exc:
        if exc.code not in _MISWRITTEN:
            return text  # a level's name; the scorer checks it against the levels
        found.append(exc.at(path))
        return None


def _fact(value: object, path: str, found: Collector) -> bool | int | None:
    fact = numpy_plain(value)
    if isinstance(fact, bool):
        return fact
    if not isinstance(fact, int) or fact < 0:
        found.add(
            f"a fact is true/false or a whole count >= 0, not {shown(value)}",
            path,
            code="fact.invalid",
            vi=f"một dữ kiện là đúng/sai hoặc một số đếm nguyên >= 0, không phải {shown(value, 'vi')}",
        )
        return None
    if fact > MAX_COUNT:
        found.add(
            f"a fact count is at most {MAX_COUNT}, not {shown(fact)}",
            path,
            code="fact.count_too_large",
            vi=f"số đếm của một dữ kiện tối đa là {MAX_COUNT}, không phải {shown(fact, 'vi')}",
        )
        return None
    return fact


def _bonus(value: object, path: str, found: Collector) -> Decimal | None:
    claim = numpy_plain(value)
    if isinstance(claim, str):
        text = _text(claim, path, found)
        if text is None:
            return None
        claim = text
    if not isinstance(claim, bool):
        try:
            return parse_decimal(claim)
        except NumberError as exc:
            if exc.code not in {"number.invalid_text", "number.wrong_type"}:
                found.append(exc.at(path))
                return None
    found.add(
        f"a bonus claim is points or a number of items, not {shown(value)}",
        path,
        code="bonus.invalid_claim",
        vi=f"điểm thưởng đề nghị phải là số điểm hoặc số lượng, không phải {shown(value, 'vi')}",
    )
    return None


#: Each field's check, in the order of the fields.
_CHECKS: Final[tuple[tuple[str, Callable[[object, str, Collector], object]], ...]] = (
    ("unit_id", _name),
    ("unit_name", _name),
    ("category", _name),
    ("year", _year),
    ("province", _name),
    ("self_scores", _answers),
    ("appraised_scores", _answers),
    ("facts", _facts),
    ("bonuses", _bonuses),
    ("former_province", _name),
)
#: The fields that may be ``None``.
_OPTIONAL: Final = frozenset({"appraised_scores", "former_province"})
