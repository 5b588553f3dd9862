"""Counting a campaign's records over some years, and one unit's models year by year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from danvan_rules.errors import Collector, field_path, index_path
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkBreakdown,
    DvkError,
    DvkMeasure,
    DvkRecords,
    DvkTally,
    HolderKind,
    Model,
    ModelHistory,
    ModelYear,
    Recognition,
    Review,
    ReviewOutcome,
    UnitDvkHistory,
    YearStatus,
)
from danvan_rules.model.rounds import Award, AwardKind, AwardStream, Unit

from ._dvk_review import (
    answer_problems,
    campaign_years,
    outcome,
    requirements_problem,
    running_problem,
    year_problems,
)

__all__ = ["ALL_DIMENSIONS", "tally", "unit_history"]

#: Every dimension, in the order breakdowns list them.
ALL_DIMENSIONS: Final = tuple(Dimension)

_MODEL_DIMS: Final = (
    Dimension.FIELD,
    Dimension.LEVEL,
    Dimension.HOLDER_KIND,
    Dimension.KIND,
    Dimension.UNIT,
    Dimension.YEAR,
)
#: The dimensions each measure can be broken down by.
_APPLIES: Final[Mapping[DvkMeasure, tuple[Dimension, ...]]] = {
    DvkMeasure.REGISTERED: _MODEL_DIMS,
    DvkMeasure.REVIEWED: _MODEL_DIMS,
    DvkMeasure.PASSED: _MODEL_DIMS,
    DvkMeasure.RECOGNISED: (*_MODEL_DIMS, Dimension.TIER),
    DvkMeasure.HONOURED: (Dimension.HOLDER_KIND, Dimension.AWARD_KIND),
}
_RECIPIENT: Final = {"collective": HolderKind.TAP_THE.value, "individual": HolderKind.CA_NHAN.value}


class _Counter:
    """One measure being counted: totals, per-dimension counts, records outside and other."""

    def __init__(
        self,
        measure: DvkMeasure,
        dims: tuple[Dimension, ...],
        zeros: Mapping[Dimension, Iterable[str]],
    ) -> None:
        self.measure = measure
        self.total = self.outside = self.other = 0
        self.by: dict[Dimension, dict[str, int]] = {
            dim: dict.fromkeys(zeros.get(dim, ()), 0) for dim in dims
        }

    def add(self, values: Mapping[Dimension, str]) -> None:
        self.total += 1
        for dim, counts in self.by.items():
            key = values[dim]
            counts[key] = counts.get(key, 0) + 1

    def done(self) -> DvkBreakdown:
        return DvkBreakdown(self.measure, self.total, self.by, self.outside, self.other)


def _model_values(model: Model, year: int) -> dict[Dimension, str]:
    return {
        Dimension.FIELD: model.field,
        Dimension.LEVEL: model.target_level,
        Dimension.HOLDER_KIND: model.holder_kind.value,
        Dimension.KIND: model.kind.value,
        Dimension.UNIT: model.unit,
        Dimension.YEAR: str(year),
    }


def check_years(
    campaign: Campaign, years: Iterable[int] | None, found: Collector
) -> tuple[int, ...]:
    """The years asked for, sorted and each once (the campaign's period for ``None``)."""
    if years is None:
        return campaign_years(campaign)
    given = tuple(years)
    if not given:
        found.add(
            "at least one year is needed",
            "$.years",
            code="dvk.no_years",
            vi="cần ít nhất một năm",
        )
    for i, year in enumerate(given):
        year_problems(campaign, year, index_path("$.years", i), found)
    return tuple(sorted(set(given)))


def _dimensions(
    by: Iterable[Dimension | str] | Dimension | str, found: Collector
) -> tuple[Dimension, ...]:
    chosen: set[Dimension] = set()
    for i, dim in enumerate((by,) if isinstance(by, str | Dimension) else by):
        if isinstance(dim, Dimension):
            chosen.add(dim)
            continue
        try:
            chosen.add(Dimension(dim))
        except ValueError:
            names = ", ".join(d.value for d in Dimension)
            found.add(
                f"{dim!r} is not a dimension to tally by ({names})",
                index_path("$.by", i),
                code="dvk.unknown_dimension",
                vi=f"{dim!r} không phải là tiêu thức thống kê ({names})",
            )
    return tuple(d for d in ALL_DIMENSIONS if d in chosen)


def _models(records: DvkRecords, found: Collector) -> dict[str, Model]:
    by_id: dict[str, Model] = {}
    for i, model in enumerate(records.models):
        if model.id in by_id:
            found.add(
                f"model id {model.id!r} is used twice",
                field_path(index_path("$.models", i), "id"),
                code="dvk.duplicate_model",
                vi=f"mã mô hình {model.id!r} bị dùng hai lần",
            )
        else:
            by_id[model.id] = model
    return by_id


def _model_of(
    by_id: Mapping[str, Model], record: Review | Recognition, path: str, found: Collector
) -> Model | None:
    model = by_id.get(record.model)
    if model is None:
        found.add(
            f"no model has the id {record.model!r}",
            field_path(path, "model"),
            code="dvk.unknown_model",
            vi=f"không có mô hình nào mang mã {record.model!r}",
        )
    return model


class _Reviews:
    """Reviews checked once: each (model, year) reviewed at most once, answers valid."""

    def __init__(self, campaign: Campaign, found: Collector) -> None:
        self.campaign = campaign
        self.found = found
        self.seen: dict[tuple[str, int], str] = {}

    def outcome(self, model: Model, review: Review, path: str) -> ReviewOutcome | None:
        key = (model.id, review.year)
        if key in self.seen:
            self.found.add(
                f"model {model.id!r} is reviewed twice for {review.year} (first at {self.seen[key]})",
                path,
                code="dvk.duplicate_review",
                vi=f"mô hình {model.id!r} được đánh giá hai lần cho năm {review.year} "
                f"(lần đầu ở {self.seen[key]})",
            )
            return None
        if not self.seen:
            requirements_problem(self.campaign, self.found)
        self.seen[key] = path
        before = len(self.found)
        running_problem(model, review.year, field_path(path, "year"), self.found)
        answers = answer_problems(
            self.campaign, review.answers, field_path(path, "answers"), self.found
        )
        if len(self.found) > before:
            return None
        return outcome(self.campaign, model, answers, review.year)


def tally(
    campaign: Campaign,
    records: DvkRecords,
    *,
    years: Iterable[int] | None = None,
    by: Iterable[Dimension | str] | Dimension | str = ALL_DIMENSIONS,
) -> DvkTally:
    """The campaign's records counted over ``years``; see :func:`danvan_rules.scoring.dvk.tally`."""
    found = Collector()
    counted = check_years(campaign, years, found)
    dims = _dimensions(by, found)
    by_id = _models(records, found)
    found.raise_if_any(DvkError)
    zeros: dict[Dimension, Iterable[str]] = {
        Dimension.FIELD: [f.code for f in campaign.fields],
        Dimension.LEVEL: [lv.code for lv in campaign.levels],
        Dimension.TIER: [t.code for t in campaign.tiers],
        Dimension.HOLDER_KIND: [h.value for h in campaign.holders],
        Dimension.KIND: [k.value for k in campaign.kinds],
        Dimension.YEAR: [str(y) for y in counted],
        Dimension.AWARD_KIND: [k.value for k in AwardKind],
    }
    counters = {
        m: _Counter(m, tuple(d for d in _APPLIES[m] if d in dims), zeros) for m in DvkMeasure
    }
    run = _Tallying(campaign, by_id, set(counted), counters, found)
    run.models(records.models)
    run.reviews(records.reviews)
    run.recognitions(records.recognitions)
    found.raise_if_any(DvkError)
    run.awards(records.awards)
    breakdowns = {m: c.done() for m, c in counters.items()}
    return DvkTally(campaign.code, counted, campaign_years(campaign), breakdowns, run.synthetic)


class _Tallying:
    """One tally being counted: the campaign's models by id, the years, the counters."""

    def __init__(
        self,
        campaign: Campaign,
        by_id: Mapping[str, Model],
        wanted: set[int],
        counters: Mapping[DvkMeasure, _Counter],
        found: Collector,
    ) -> None:
        self.campaign = campaign
        self.by_id = by_id
        self.wanted = wanted
        self.counters = counters
        self.found = found
        self.synthetic = 0

    def models(self, models: Iterable[Model]) -> None:
        registered = self.counters[DvkMeasure.REGISTERED]
        for model in models:
            if model.campaign != self.campaign.code:
                registered.other += 1
            elif model.period_from not in self.wanted:
                registered.outside += 1
            else:
                registered.add(_model_values(model, model.period_from))
                self.synthetic += model.synthetic

    def reviews(self, reviews: Iterable[Review]) -> None:
        reviewed, passed = self.counters[DvkMeasure.REVIEWED], self.counters[DvkMeasure.PASSED]
        checker = _Reviews(self.campaign, self.found)
        for i, review in enumerate(reviews):
            path = index_path("$.reviews", i)
            model = _model_of(self.by_id, review, path, self.found)
            if model is None:
                continue
            if model.campaign != self.campaign.code:
                reviewed.other += 1
                passed.other += 1
                continue
            if review.year not in self.wanted:
                reviewed.outside += 1
                passed.outside += 1
                continue
            result = checker.outcome(model, review, path)
            if result is None:
                continue
            values = _model_values(model, review.year)
            reviewed.add(values)
            self.synthetic += review.synthetic
            if result.passed:
                passed.add(values)

    def recognitions(self, recognitions: Iterable[Recognition]) -> None:
        recognised = self.counters[DvkMeasure.RECOGNISED]
        for i, recognition in enumerate(recognitions):
            path = index_path("$.recognitions", i)
            model = _model_of(self.by_id, recognition, path, self.found)
            if model is None:
                continue
            if model.campaign != self.campaign.code:
                recognised.other += 1
            elif recognition.year not in self.wanted:
                recognised.outside += 1
            else:
                values = _model_values(model, recognition.year)
                values[Dimension.LEVEL] = recognition.level
                values[Dimension.TIER] = recognition.tier
                recognised.add(values)
                self.synthetic += recognition.synthetic

    def awards(self, awards: Iterable[Award]) -> None:
        honoured = self.counters[DvkMeasure.HONOURED]
        for award in awards:
            if award.stream is not AwardStream.DAN_VAN_KHEO:
                honoured.other += 1
                continue
            honoured.add(
                {
                    Dimension.HOLDER_KIND: _RECIPIENT[award.recipient.KIND],
                    Dimension.AWARD_KIND: award.kind.value,
                }
            )
            self.synthetic += award.synthetic


def unit_history(
    campaign: Campaign, records: DvkRecords, unit: Unit | str, years: Iterable[int]
) -> UnitDvkHistory:
    """A unit's models year by year; see :func:`danvan_rules.scoring.dvk.unit_history`."""
    found = Collector()
    asked = check_years(campaign, years, found)
    _models(records, found)
    found.raise_if_any(DvkError)
    unit_id = unit.id if isinstance(unit, Unit) else unit
    mine = {m.id: m for m in records.models if m.campaign == campaign.code and m.unit == unit_id}
    checker = _Reviews(campaign, found)
    outcomes: dict[tuple[str, int], ReviewOutcome] = {}
    for i, review in enumerate(records.reviews):
        model = mine.get(review.model)
        if model is not None:
            result = checker.outcome(model, review, index_path("$.reviews", i))
            if result is not None:
                outcomes[model.id, review.year] = result
    found.raise_if_any(DvkError)
    recognitions: dict[tuple[str, int], list[Recognition]] = {}
    for recognition in records.recognitions:
        if recognition.model in mine:
            recognitions.setdefault((recognition.model, recognition.year), []).append(recognition)
    histories = tuple(
        ModelHistory(
            model,
            tuple(
                _model_year(
                    model,
                    year,
                    outcomes.get((model.id, year)),
                    recognitions.get((model.id, year), []),
                )
                for year in asked
            ),
        )
        for model in mine.values()
    )
    return UnitDvkHistory(campaign.code, unit_id, asked, histories)


def _model_year(
    model: Model, year: int, result: ReviewOutcome | None, recognitions: list[Recognition]
) -> ModelYear:
    if result is not None:
        if result.passed:
            status = YearStatus.PASSED
        elif result.failing:
            status = YearStatus.FAILED
        else:
            status = YearStatus.INCOMPLETE
    elif model.period_from <= year <= model.period_until:
        status = YearStatus.NOT_REVIEWED
    else:
        status = YearStatus.NOT_RUNNING
    return ModelYear(year, status, result, tuple(recognitions))
