"""Register documents: the data form of a register of models to :class:`DvkRecords`, and back.

A register document is ``{"models": [...], "reviews": [...], "recognitions":
[...], "awards": [...]}`` (each list optional); one record is a table of its
fields, as :class:`~danvan_rules.model.dvk.Model`,
:class:`~danvan_rules.model.dvk.Review` and
:class:`~danvan_rules.model.dvk.Recognition` name them, dates as ISO text,
enums as their values; an award is written as in a round file
(``docs/rounds.md``). A typo is an error, and every bad item is reported with
its path, all at once; nothing is dropped:

>>> records_from_data({"models": [{"id": "m-1", "name_vi": "Mô hình A",
...     "campaign": "vt/1606", "unit": "so-a", "field": "kinh-te", "kind": "mo-hinh",
...     "holder_kind": "tap-the", "registered_on": "2021-02-30", "target_level": "co-so",
...     "period_from": 2021, "period_until": "2021", "colour": "red"}]})
Traceback (most recent call last):
  ...
danvan_rules.model._dvk_records.RegisterError: 3 problems in register of models:
  expected a date (YYYY-MM-DD), not '2021-02-30' @ $.models[0].registered_on
  expected a whole number, not '2021' @ $.models[0].period_until
  unknown key 'colour' (known: id, name_vi, campaign, unit, field, kind, holder_kind, registered_on, target_level, period_from, period_until, person, description, synthetic) @ $.models[0].colour
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from danvan_rules.errors import Collector, DataError, Problem
from danvan_rules.limits import MAX_REPORT_FILE_BYTES
from danvan_rules.model.dvk import (
    DvkFact,
    DvkRecords,
    HonouredCount,
    Model,
    PassedCount,
    RecognisedCount,
    Recognition,
    RegisteredCount,
    RegisterError,
    Review,
)
from danvan_rules.model.rounds import Award, PublishedError

from . import _documents, _errors, parse_toml
from . import rounds as _rounds  # registers the hook of award recipients on the converter
from ._converter import CONVERTER

__all__ = [
    "DVK_FACT_KINDS",
    "RECORD_KINDS",
    "Record",
    "award_from_data",
    "model_from_data",
    "published_from_data",
    "published_from_toml",
    "recognition_from_data",
    "record_from_data",
    "record_to_data",
    "records_from_data",
    "records_to_data",
    "register_text",
    "review_from_data",
]

#: One record of a register.
Record = Model | Review | Recognition | Award

#: The record kinds of a register, by the name a JSON Lines ``record`` tag or a
#: CSV ``record`` column gives them.
RECORD_KINDS: Final[Mapping[str, type[Record]]] = {
    "model": Model,
    "review": Review,
    "recognition": Recognition,
    "award": Award,
}


@attrs.frozen
class _RegisterData:
    models: tuple[Model, ...] = ()
    reviews: tuple[Review, ...] = ()
    recognitions: tuple[Recognition, ...] = ()
    awards: tuple[Award, ...] = ()


def _structure(data: object, cls: type[Any], what: str, what_vi: str) -> Any:  # noqa: RET503 - fail() raises
    if not isinstance(data, Mapping):
        raise RegisterError([_errors.not_a_table(what, what_vi, data)])
    found = Collector()
    found.extend(_documents.check_data(data, unicode=True))
    found.raise_if_any(RegisterError)
    try:
        return CONVERTER.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - cattrs groups every field error; we render them all
        found.extend(_errors.problems_of(exc))
    found.fail(RegisterError)


def records_from_data(data: Mapping[str, Any]) -> DvkRecords:
    """The records of a register document; see the module's doctest.

    Raises:
        RegisterError: every problem of the document (limits first: sizes,
            lone surrogates), each with its path (``$.models[3].field``).
    """
    parsed: _RegisterData = _structure(data, _RegisterData, "a register", "sổ theo dõi")
    return DvkRecords(parsed.models, parsed.reviews, parsed.recognitions, parsed.awards)


def record_from_data(kind: str, data: Mapping[str, Any]) -> Record:
    """One record of ``kind`` (a key of :data:`RECORD_KINDS`), problems at ``$.field``.

    >>> record_from_data("review", {"model": "m-1", "year": 2021, "body": "Ban Dân vận",
    ...                             "answers": {"ten-dia-chi": True}}).answers
    mappingproxy({'ten-dia-chi': True})

    Raises:
        RegisterError: an unknown kind, or every problem of the data.
    """
    given: object = kind  # checked as given: a tag read from a file may be anything
    cls = RECORD_KINDS.get(given) if isinstance(given, str) else None
    if cls is None:
        listed = ", ".join(map(repr, RECORD_KINDS))
        raise RegisterError(
            [
                Problem(
                    f"a record is one of {listed}, not {kind!r}",
                    code="register.unknown_record",
                    message_vi=f"bản ghi phải là một trong các loại {listed}, không phải {kind!r}",
                )
            ]
        )
    out: Record = _structure(data, cls, f"a record ({kind})", f"bản ghi ({kind})")
    return out


def model_from_data(data: Mapping[str, Any]) -> Model:
    """One model from its data form (:func:`record_from_data` of ``"model"``)."""
    return record_from_data("model", data)  # type: ignore[return-value]


def review_from_data(data: Mapping[str, Any]) -> Review:
    """One review from its data form (:func:`record_from_data` of ``"review"``)."""
    return record_from_data("review", data)  # type: ignore[return-value]


def recognition_from_data(data: Mapping[str, Any]) -> Recognition:
    """One recognition from its data form (:func:`record_from_data` of ``"recognition"``)."""
    return record_from_data("recognition", data)  # type: ignore[return-value]


def award_from_data(data: Mapping[str, Any]) -> Award:
    """One award from its data form, as a round file writes it."""
    return record_from_data("award", data)  # type: ignore[return-value]


def record_to_data(record: Record) -> dict[str, Any]:
    """The data form of one record (defaults left out): :func:`record_from_data` reads it back.

    >>> review = record_from_data("review", {"model": "m-1", "year": 2021,
    ...                                      "body": "Ban Dân vận", "answers": {}})
    >>> record_to_data(review)
    {'model': 'm-1', 'year': 2021, 'body': 'Ban Dân vận', 'answers': {}}
    """
    if isinstance(record, Award):
        return _rounds._award(record)  # noqa: SLF001 - the one writer of awards, same package
    return CONVERTER.unstructure(record)  # type: ignore[no-any-return]


def records_to_data(records: DvkRecords) -> dict[str, Any]:
    """The register document of ``records``: :func:`records_from_data` reads it back equal."""
    return {
        "models": [record_to_data(m) for m in records.models],
        "reviews": [record_to_data(r) for r in records.reviews],
        "recognitions": [record_to_data(r) for r in records.recognitions],
        "awards": [record_to_data(a) for a in records.awards],
    }


def register_text(content: bytes) -> str:
    r"""The UTF-8 text of a register file's bytes (a byte-order mark dropped), size checked.

    >>> register_text(b"\xef\xbb\xbfid,name_vi")
    'id,name_vi'
    >>> register_text(b"m\xf4 h\xecnh")
    Traceback (most recent call last):
      ...
    danvan_rules.model._dvk_records.RegisterError: 1 problem in register of models:
      not UTF-8 text: 'utf-8' codec can't decode byte 0xf4 in position 1: invalid continuation byte @ $

    Raises:
        RegisterError: more than :data:`~danvan_rules.limits.MAX_REPORT_FILE_BYTES`
            bytes, or not UTF-8.
    """
    try:
        return _documents.decode(content, MAX_REPORT_FILE_BYTES)
    except DataError as exc:
        raise RegisterError(exc.problems) from None


# ----------------------------------------------------------------- published counts

#: The ``kind`` of each published count of a published-facts file.
DVK_FACT_KINDS: Final[Mapping[str, type[DvkFact]]] = {
    "registered": RegisteredCount,
    "passed": PassedCount,
    "recognised": RecognisedCount,
    "honoured": HonouredCount,
}


@attrs.frozen
class _PublishedData:
    published: tuple[DvkFact, ...]


CONVERTER.register_structure_hook_func(
    lambda t: t == DvkFact,
    _rounds.tagged(
        DVK_FACT_KINDS, "published count", "số liệu công bố", code="published.unknown_kind"
    ),
)


def published_from_data(data: Mapping[str, Any]) -> tuple[DvkFact, ...]:
    """The published counts of a facts document: ``{"published": [{"kind": ..., ...}, ...]}``.

    Each count is a table with its ``kind`` (a key of :data:`DVK_FACT_KINDS`),
    the fields of its class (``total``, ``source``, ``by_field``,
    ``by_level``, ``by_tier``, ``by_holder``, ``years``), as a round file
    writes its facts (``docs/dan-van-kheo.md``); a count published only as
    a split has no ``total``:

    >>> facts = published_from_data({"published": [
    ...     {"kind": "registered", "total": 279, "source": {"document": "backancity.gov.vn"}},
    ...     {"kind": "recognised", "total": 202, "by_holder": {"tap-the": 187, "ca-nhan": 15},
    ...      "source": {"document": "backancity.gov.vn"}}]})
    >>> [type(f).__name__ for f in facts], facts[1].by_holder["ca-nhan"]
    (['RegisteredCount', 'RecognisedCount'], 15)
    >>> published_from_data({"published": [{"kind": "counted", "total": 1},
    ...     {"kind": "passed", "total": -2, "source": {"document": "x"}}]})
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_facts.PublishedError: 2 problems in published facts:
      unknown published count kind 'counted' (kinds: 'registered', 'passed', 'recognised', 'honoured') @ $.published[0]
      a published count is a whole number >= 0, not -2 @ $.published[1].total

    Raises:
        PublishedError: every problem of the document, each with its path.
    """
    found = Collector()
    given: object = data  # checked as given: a caller may pass anything
    if not isinstance(given, Mapping):
        raise PublishedError(
            [_errors.not_a_table("a published-counts document", "tệp số liệu công bố", given)]
        )
    found.extend(_documents.check_data(data, unicode=True))
    found.raise_if_any(PublishedError)
    items = data.get("published")
    shaped = dict(data)
    if isinstance(items, list):
        # a count published only split (53 / 17 / 4 by level) has no total: TOML has no null
        shaped["published"] = [
            {"total": None, **item} if isinstance(item, Mapping) else item for item in items
        ]
    try:
        parsed: _PublishedData = CONVERTER.structure(shaped, _PublishedData)
    except Exception as exc:  # noqa: BLE001 - cattrs groups every field error; we render them all
        found.extend(_errors.problems_of(exc))
        found.fail(PublishedError)
    return parsed.published


def published_from_toml(text: str | bytes) -> tuple[DvkFact, ...]:
    """The published counts of a facts TOML file (``[[published]]`` tables).

    >>> (fact,) = published_from_toml('''
    ... [[published]]
    ... kind = "registered"
    ... source = { document = "the project's seed source on xã Vĩnh Phú" }
    ... by_level = { co-so = 53, huyen = 17, tinh = 4 }
    ... ''')
    >>> fact.total, dict(fact.by_level)
    (None, {'co-so': 53, 'huyen': 17, 'tinh': 4})

    Raises:
        PublishedError: a TOML syntax error, and every problem of
            :func:`published_from_data`.
    """
    try:
        data = parse_toml(text)
    except DataError as exc:
        raise PublishedError(exc.problems) from None
    return published_from_data(data)
