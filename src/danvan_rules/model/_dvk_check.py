"""The register of models checked against its campaign, and for its own consistency.

A record checks itself when it is built (:mod:`._dvk_records`); what needs
the campaign — its fields, kinds, holders, levels, tiers, requirements and
period — and what needs the whole register — one id per model, no review or
recognition of a model it does not hold, one review per model and year — is
checked here, every problem at once, with paths into the register's data form
(``$.models[3].field``). Models of another campaign are reported once and not
checked further (their fields belong to that campaign).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from danvan_rules.errors import Collector, Problem, field_path, index_path, key_path

from ._dvk_campaign import Campaign, RecognitionLevel
from ._dvk_records import DvkRecords, Model, Recognition, Review
from ._round_facts import AwardStream

__all__ = ["check_records"]


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


def _codes(elements: Iterable[_Coded]) -> tuple[str, ...]:
    return tuple(element.code for element in elements)


def _level_exists(level: RecognitionLevel, day: dt.date) -> bool:
    return (level.valid_from is None or level.valid_from <= day) and (
        level.valid_until is None or day <= level.valid_until
    )


def check_records(campaign: Campaign, records: DvkRecords) -> tuple[Problem, ...]:
    """Every problem of ``records`` against ``campaign``; ``()`` when the register is sound.

    Only the campaign's code, period and code lists are read (so a stand-in
    with those attributes does, as here):

    >>> import datetime as dt
    >>> from danvan_rules.model.dvk import Review
    >>> from danvan_rules.model.dvk import DvkRecords
    >>> campaign = type("C", (), {"code": "x/y", "fields": (), "levels": (), "tiers": (),
    ...     "requirements": (), "kinds": (), "holders": (),
    ...     "period_from": dt.date(2021, 1, 1), "period_until": dt.date(2021, 12, 31)})()
    >>> [(p.code, p.path) for p in check_records(
    ...     campaign, DvkRecords(reviews=[Review("m-9", 2021, "Ban Dân vận", {})]))]
    [('records.unknown_model', '$.reviews[0].model')]
    """
    found = Collector()
    ours = _model_problems(campaign, records.models, found)
    _review_problems(campaign, records, ours, found)
    _recognition_problems(campaign, records, ours, found)
    for i, award in enumerate(records.awards):
        if award.stream is not AwardStream.DAN_VAN_KHEO:
            found.add(
                f"an award of the register is for 'dan-van-kheo', not {award.stream.value!r}",
                field_path(index_path("$.awards", i), "stream"),
                code="records.award_other_stream",
                vi="khen thưởng trong sổ theo dõi phải thuộc phong trào 'dan-van-kheo', "
                f"không phải {award.stream.value!r}",
            )
    return found.problems


def _model_problems(
    campaign: Campaign, models: tuple[Model, ...], found: Collector
) -> dict[str, bool]:
    """Check each model; the ids of the register, each mapped to "of this campaign"."""
    seen: dict[str, bool] = {}
    fields, levels = set(_codes(campaign.fields)), {lv.code: lv for lv in campaign.levels}
    for i, model in enumerate(models):
        where = index_path("$.models", i)
        if model.id in seen:
            found.add(
                f"model id {model.id!r} is used twice in the register",
                field_path(where, "id"),
                code="records.duplicate_model",
                vi=f"mã mô hình {model.id!r} bị dùng hai lần trong sổ theo dõi",
            )
            continue
        seen[model.id] = ours = model.campaign == campaign.code
        if not ours:
            found.add(
                f"model {model.id!r} is of campaign {model.campaign!r}, not {campaign.code!r}",
                field_path(where, "campaign"),
                code="records.other_campaign",
                vi=f"mô hình {model.id!r} thuộc phong trào {model.campaign!r}, "
                f"không phải {campaign.code!r}",
            )
            continue
        if model.field not in fields:
            found.add(
                f"field {model.field!r} is not one of the campaign's ({', '.join(sorted(fields))})",
                field_path(where, "field"),
                code="records.unknown_field",
                vi=f"lĩnh vực {model.field!r} không thuộc phong trào ({', '.join(sorted(fields))})",
            )
        if model.kind not in campaign.kinds:
            found.add(
                f"the campaign admits no {model.kind.value!r}",
                field_path(where, "kind"),
                code="records.kind_not_admitted",
                vi=f"phong trào không nhận loại {model.kind.value!r}",
            )
        if model.holder_kind not in campaign.holders:
            found.add(
                f"the campaign admits no model of holder kind {model.holder_kind.value!r}",
                field_path(where, "holder_kind"),
                code="records.holder_not_admitted",
                vi=f"phong trào không nhận mô hình của {model.holder_kind.value!r}",
            )
        _level(
            levels,
            model.target_level,
            model.registered_on,
            field_path(where, "target_level"),
            found,
        )
        if not campaign.period_from <= model.registered_on <= campaign.period_until:
            found.add(
                f"registered on {model.registered_on}, outside the campaign's period "
                f"({campaign.period_from} to {campaign.period_until})",
                field_path(where, "registered_on"),
                code="records.outside_campaign",
                vi=f"đăng ký ngày {model.registered_on}, ngoài thời gian của phong trào "
                f"({campaign.period_from} đến {campaign.period_until})",
            )
    return seen


def _level(
    levels: dict[str, RecognitionLevel], code: str, day: dt.date, path: str, found: Collector
) -> None:
    level = levels.get(code)
    if level is None:
        found.add(
            f"level {code!r} is not one of the campaign's ({', '.join(levels)})",
            path,
            code="records.unknown_level",
            vi=f"cấp {code!r} không thuộc phong trào ({', '.join(levels)})",
        )
    elif not _level_exists(level, day):
        found.add(
            f"level {code!r} did not exist on {day} "
            f"({level.valid_from or '…'} to {level.valid_until or '…'})",
            path,
            code="records.level_not_in_force",
            vi=f"cấp {code!r} không tồn tại vào ngày {day} "
            f"({level.valid_from or '…'} đến {level.valid_until or '…'})",
        )


def _of_register(ours: dict[str, bool], model: str, where: str, found: Collector) -> bool:
    """Whether ``model`` is a model of the register and of the campaign (a problem if not held)."""
    if model not in ours:
        found.add(
            f"model {model!r} is not in the register",
            field_path(where, "model"),
            code="records.unknown_model",
            vi=f"mô hình {model!r} không có trong sổ theo dõi",
        )
        return False
    return ours[model]


def _review_problems(
    campaign: Campaign, records: DvkRecords, ours: dict[str, bool], found: Collector
) -> None:
    requirements = set(_codes(campaign.requirements))
    seen: set[tuple[str, int]] = set()
    review: Review
    for i, review in enumerate(records.reviews):
        where = index_path("$.reviews", i)
        if (review.model, review.year) in seen:
            found.add(
                f"model {review.model!r} is reviewed twice for {review.year}",
                field_path(where, "year"),
                code="records.duplicate_review",
                vi=f"mô hình {review.model!r} được đánh giá hai lần trong năm {review.year}",
            )
        seen.add((review.model, review.year))
        if not _of_register(ours, review.model, where, found):
            continue
        for code in review.answers:
            if code not in requirements:
                found.add(
                    f"{code!r} is not a requirement of the campaign",
                    key_path(field_path(where, "answers"), code),
                    code="records.unknown_requirement",
                    vi=f"{code!r} không phải là tiêu chí của phong trào",
                )


def _recognition_problems(
    campaign: Campaign, records: DvkRecords, ours: dict[str, bool], found: Collector
) -> None:
    levels = {lv.code: lv for lv in campaign.levels}
    tiers = _codes(campaign.tiers)
    recognition: Recognition
    for i, recognition in enumerate(records.recognitions):
        where = index_path("$.recognitions", i)
        if not _of_register(ours, recognition.model, where, found):
            continue
        _level(levels, recognition.level, recognition.decided_on, field_path(where, "level"), found)
        if recognition.tier not in tiers:
            found.add(
                f"tier {recognition.tier!r} is not one of the campaign's ({', '.join(tiers)})",
                field_path(where, "tier"),
                code="records.unknown_tier",
                vi=f"mức {recognition.tier!r} không thuộc phong trào ({', '.join(tiers)})",
            )
