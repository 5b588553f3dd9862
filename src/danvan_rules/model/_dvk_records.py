"""The register of "Dân vận khéo" models: models, their yearly reviews, and their recognitions.

A Ban Dân vận officer keeps one row per model (who holds it, in which field,
registered when, for which level and period), one review per model and year
(the checklist answers of the campaign's requirements), and one recognition
per certificate (level, body, decision, tier, validity). Commendations of
exemplars are the rounds' :class:`~danvan_rules.model.rounds.Award` records,
stream ``dan-van-kheo``.

Each record checks itself when it is built, every problem at once; what needs
the campaign (its fields, levels, tiers, requirements and period) is checked by
:func:`~danvan_rules.model._dvk_check.check_records`:

>>> import datetime as dt
>>> from danvan_rules.model.dvk import HolderKind, ModelKind
>>> Model("m-1", "Mô hình A", "vt/1606", "so-a", "kinh-te", ModelKind.MO_HINH,
...       HolderKind.CA_NHAN, dt.date(2022, 3, 1), "co-so", 2021, 2020)
Traceback (most recent call last):
  ...
danvan_rules.model._dvk_records.RegisterError: 3 problems in register of models:
  an individual's model names the person (holder_kind is 'ca-nhan') @ $.person
  the period ends (2020) before it starts (2021) @ $.period_until
  registered on 2022-03-01, after the period ends (2020) @ $.registered_on
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from danvan_rules.errors import Collector, DataError, field_path, key_path
from danvan_rules.limits import MAX_STRING_LENGTH

from ._dvk_campaign import HolderKind, ModelKind
from ._round_facts import Award
from ._text import nfc, optional_nfc

__all__ = ["DvkRecords", "Model", "Recognition", "RegisterError", "Review"]

#: The plausible years of a record (as a round's year, model/_round.py).
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2200


class RegisterError(DataError):
    """A record of the register of models (or the register) that is malformed or inconsistent."""

    subject = "register of models"
    subject_vi = "sổ theo dõi mô hình"


def _answers(value: Mapping[str, bool]) -> Mapping[str, bool]:
    given: object = value  # checked by the record: a caller may pass anything
    if not isinstance(given, Mapping):
        return value
    return MappingProxyType({nfc(k): v for k, v in dict(value).items()})


def _text(found: Collector, value: object, name: str, *, required: bool = True) -> None:
    path = field_path("$", name)
    if not isinstance(value, str):
        found.add(
            f"{name} is text, not {type(value).__name__}",
            path,
            code="data.expected_text",
            vi=f"{name} phải là một chuỗi ký tự, không phải {type(value).__name__}",
        )
    elif len(value) > MAX_STRING_LENGTH:
        found.add(
            f"{name} is {len(value)} characters long, more than the limit of {MAX_STRING_LENGTH}",
            path,
            code="text.too_long",
            vi=f"{name} dài {len(value)} ký tự, vượt quá giới hạn {MAX_STRING_LENGTH}",
        )
    elif required and not value.strip():
        found.add(
            f"{name} must not be empty",
            path,
            code="text.empty",
            vi=f"{name} không được để trống",
        )


def _year(found: Collector, value: object, name: str) -> bool:
    """Record a problem unless ``value`` is a whole year in FIRST_YEAR..LAST_YEAR."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not FIRST_YEAR <= value <= LAST_YEAR
    ):
        found.add(
            f"{name} {value!r} is not a plausible year ({FIRST_YEAR}–{LAST_YEAR})",
            field_path("$", name),
            code="records.implausible_year",
            vi=f"{name} {value!r} không phải là một năm hợp lý ({FIRST_YEAR}–{LAST_YEAR})",
        )
        return False
    return True


def _date(found: Collector, value: object, name: str, *, required: bool = True) -> bool:
    """Record a problem unless ``value`` is a date of a plausible year (or ``None``, if allowed)."""
    if value is None and not required:
        return False
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        found.add(
            f"{name} is a date, not {value!r}",
            field_path("$", name),
            code="data.expected_date",
            vi=f"{name} phải là một ngày, không phải {value!r}",
        )
        return False
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        found.add(
            f"{name} {value} is not in a plausible year ({FIRST_YEAR}–{LAST_YEAR})",
            field_path("$", name),
            code="records.implausible_year",
            vi=f"{name} {value} không thuộc một năm hợp lý ({FIRST_YEAR}–{LAST_YEAR})",
        )
        return False
    return True


def _choice(found: Collector, value: object, name: str, kind: type[ModelKind | HolderKind]) -> None:
    if not isinstance(value, kind):
        listed = ", ".join(repr(member.value) for member in kind)
        found.add(
            f"{name} is one of {listed}, not {value!r}",
            field_path("$", name),
            code="data.unknown_choice",
            vi=f"{name} phải là một trong các giá trị {listed}, không phải {value!r}",
        )


def _flag(found: Collector, value: object, name: str) -> None:
    if not isinstance(value, bool):
        found.add(
            f"{name} is true or false, not {value!r}",
            field_path("$", name),
            code="data.expected_boolean",
            vi=f"{name} phải là true hoặc false, không phải {value!r}",
        )


@attrs.frozen
class Model:
    """One registered model or exemplar ("mô hình, điển hình Dân vận khéo").

    ``unit`` is the registry id of the holding unit (for an individual, the
    unit the person belongs to); ``person`` names the individual and is set
    exactly when ``holder_kind`` is ``ca-nhan``. ``field`` and
    ``target_level`` are codes of the campaign's fields and levels;
    ``period_from`` / ``period_until`` are the years the model runs
    (inclusive). ``synthetic`` marks a made-up record standing in for an
    unpublished one.
    """

    id: str = attrs.field(converter=nfc)
    name_vi: str = attrs.field(converter=nfc)
    campaign: str
    unit: str = attrs.field(converter=nfc)
    field: str = attrs.field(converter=nfc)
    kind: ModelKind
    holder_kind: HolderKind
    registered_on: dt.date
    target_level: str = attrs.field(converter=nfc)
    period_from: int
    period_until: int
    person: str | None = attrs.field(default=None, converter=optional_nfc)
    description: str = ""
    synthetic: bool = False

    def __attrs_post_init__(self) -> None:
        found = Collector()
        for name in ("id", "name_vi", "campaign", "unit", "field", "target_level"):
            _text(found, getattr(self, name), name)
        _text(found, self.description, "description", required=False)
        _choice(found, self.kind, "kind", ModelKind)
        _choice(found, self.holder_kind, "holder_kind", HolderKind)
        self._person_problems(found)
        registered = _date(found, self.registered_on, "registered_on")
        years = _year(found, self.period_from, "period_from")
        years = _year(found, self.period_until, "period_until") and years
        if years and self.period_from > self.period_until:
            found.add(
                f"the period ends ({self.period_until}) before it starts ({self.period_from})",
                "$.period_until",
                code="records.period_reversed",
                vi=f"thời gian thực hiện kết thúc ({self.period_until}) trước khi bắt đầu "
                f"({self.period_from})",
            )
        if registered and years and self.registered_on.year > self.period_until:
            found.add(
                f"registered on {self.registered_on}, after the period ends ({self.period_until})",
                "$.registered_on",
                code="records.registered_after_period",
                vi=f"đăng ký ngày {self.registered_on}, sau khi thời gian thực hiện đã kết thúc "
                f"({self.period_until})",
            )
        _flag(found, self.synthetic, "synthetic")
        found.raise_if_any(RegisterError)

    def _person_problems(self, found: Collector) -> None:
        individual = self.holder_kind is HolderKind.CA_NHAN
        if self.person is not None:
            _text(found, self.person, "person")
            if not individual:
                found.add(
                    f"a collective's model names no person (holder_kind is "
                    f"{_shown_kind(self.holder_kind)})",
                    "$.person",
                    code="records.person_of_collective",
                    vi="mô hình của tập thể không ghi tên cá nhân (holder_kind là "
                    f"{_shown_kind(self.holder_kind)})",
                )
        elif individual:
            found.add(
                "an individual's model names the person (holder_kind is 'ca-nhan')",
                "$.person",
                code="records.individual_without_person",
                vi="mô hình của cá nhân phải ghi họ tên cá nhân (holder_kind là 'ca-nhan')",
            )

    @property
    def years(self) -> range:
        """The years the model runs, ``period_from`` to ``period_until`` inclusive."""
        return range(self.period_from, self.period_until + 1)


def _shown_kind(value: object) -> str:
    return repr(value.value) if isinstance(value, HolderKind) else repr(value)


@attrs.frozen
class Review:
    """One yearly review of a model: the answers to the campaign's requirements.

    ``answers`` maps requirement codes to pass (``True``) or fail (``False``);
    a requirement left out is unanswered, and the review's outcome says so
    (it is never taken as passed).
    """

    model: str = attrs.field(converter=nfc)
    year: int
    body: str
    answers: Mapping[str, bool] = attrs.field(converter=_answers)
    reviewed_on: dt.date | None = None
    notes: str = ""
    synthetic: bool = False

    def __attrs_post_init__(self) -> None:
        found = Collector()
        _text(found, self.model, "model")
        _year(found, self.year, "year")
        _text(found, self.body, "body")
        answers: object = self.answers
        if isinstance(answers, Mapping):
            for code, answer in answers.items():
                where = key_path("$.answers", code)
                if not isinstance(code, str) or not code.strip():
                    found.add(
                        f"a checklist answer needs a requirement code, not {code!r}",
                        where,
                        code="records.empty_requirement",
                        vi=f"câu trả lời cần mã tiêu chí, không phải {code!r}",
                    )
                if not isinstance(answer, bool):
                    found.add(
                        f"an answer is true (passed) or false (failed), not {answer!r}",
                        where,
                        code="records.invalid_answer",
                        vi=f"câu trả lời phải là true (đạt) hoặc false (không đạt), "
                        f"không phải {answer!r}",
                    )
        else:
            found.add(
                f"answers is a table of requirement codes to true/false, not {answers!r}",
                "$.answers",
                code="data.expected_table",
                vi=f"answers phải là một bảng mã tiêu chí → true/false, không phải {answers!r}",
            )
        _date(found, self.reviewed_on, "reviewed_on", required=False)
        _text(found, self.notes, "notes", required=False)
        _flag(found, self.synthetic, "synthetic")
        found.raise_if_any(RegisterError)


@attrs.frozen
class Recognition:
    """A certificate: a model recognised at a level and tier by a body's decision.

    ``year`` is the review year the recognition is for; ``valid_from`` /
    ``valid_until`` the certificate's period when it states one.
    """

    model: str = attrs.field(converter=nfc)
    year: int
    level: str = attrs.field(converter=nfc)
    tier: str = attrs.field(converter=nfc)
    body: str
    decision: str
    decided_on: dt.date
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    synthetic: bool = False

    def __attrs_post_init__(self) -> None:
        found = Collector()
        _text(found, self.model, "model")
        _year(found, self.year, "year")
        for name in ("level", "tier", "body", "decision"):
            _text(found, getattr(self, name), name)
        _date(found, self.decided_on, "decided_on")
        start = _date(found, self.valid_from, "valid_from", required=False)
        end = _date(found, self.valid_until, "valid_until", required=False)
        if start and end and self.valid_until < self.valid_from:  # type: ignore[operator]
            found.add(
                f"the certificate ends ({self.valid_until}) before it starts ({self.valid_from})",
                "$.valid_until",
                code="records.certificate_reversed",
                vi=f"giấy chứng nhận hết hạn ({self.valid_until}) trước khi có hiệu lực "
                f"({self.valid_from})",
            )
        _flag(found, self.synthetic, "synthetic")
        found.raise_if_any(RegisterError)


def _models(values: Iterable[Model]) -> tuple[Model, ...]:
    return tuple(values)


def _reviews(values: Iterable[Review]) -> tuple[Review, ...]:
    return tuple(values)


def _recognitions(values: Iterable[Recognition]) -> tuple[Recognition, ...]:
    return tuple(values)


def _awards(values: Iterable[Award]) -> tuple[Award, ...]:
    return tuple(values)


@attrs.frozen
class DvkRecords:
    """Everything a register holds: models, reviews, recognitions and awards.

    Checked against a campaign, and for its consistency (one id per model, no
    review of a model it does not hold), by
    :func:`~danvan_rules.model._dvk_check.check_records`.
    """

    models: tuple[Model, ...] = attrs.field(default=(), converter=_models)
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=_reviews)
    recognitions: tuple[Recognition, ...] = attrs.field(default=(), converter=_recognitions)
    awards: tuple[Award, ...] = attrs.field(default=(), converter=_awards)
