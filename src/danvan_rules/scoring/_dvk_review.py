"""A model's yearly review: checklist answers → outcome, every failing requirement named and cited."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from danvan_rules.errors import Collector, Lang, key_path, safe_text
from danvan_rules.model.dvk import (
    Campaign,
    Model,
    RequirementOutcome,
    RequirementStatus,
    ReviewOutcome,
)

__all__ = [
    "answer_problems",
    "campaign_problem",
    "campaign_years",
    "outcome",
    "requirements_problem",
    "running_problem",
    "year_problems",
]

_WORDS: Final[Mapping[str, Mapping[Lang, str]]] = {
    "model": {"vi": "Mô hình", "en": "Model"},
    "campaign": {"vi": "Phong trào", "en": "Campaign"},
    "year": {"vi": "Năm đánh giá", "en": "Review year"},
    "outcome": {"vi": "Kết quả", "en": "Outcome"},
    "passed": {"vi": "Đạt", "en": "passed"},
    "not_passed": {"vi": "Không đạt", "en": "not passed"},
    "requirements": {"vi": "Yêu cầu", "en": "Requirements"},
    "failing": {"vi": "Yêu cầu không đạt", "en": "Failing requirements"},
    "unanswered": {"vi": "Yêu cầu chưa được đánh giá", "en": "Unanswered requirements"},
    "assumed": {"vi": "giả định", "en": "assumed"},
}

_STATUS: Final[Mapping[RequirementStatus, Mapping[Lang, str]]] = {
    RequirementStatus.PASSED: {"vi": "đạt", "en": "passed"},
    RequirementStatus.FAILED: {"vi": "không đạt", "en": "failed"},
    RequirementStatus.UNANSWERED: {"vi": "chưa đánh giá", "en": "unanswered"},
}


def campaign_years(campaign: Campaign) -> tuple[int, ...]:
    """Every year of the campaign's period, first to last."""
    return tuple(range(campaign.period_from.year, campaign.period_until.year + 1))


def year_problems(campaign: Campaign, year: int, path: str, found: Collector) -> None:
    """A problem at ``path`` when ``year`` is outside the campaign's period."""
    first, last = campaign.period_from.year, campaign.period_until.year
    if not first <= year <= last:
        found.add(
            f"year {year} is outside the period of campaign {campaign.code!r} ({first}–{last})",
            path,
            code="dvk.year_outside_campaign",
            vi=f"năm {year} nằm ngoài thời gian của phong trào {campaign.code!r} ({first}–{last})",
        )


def answer_problems(
    campaign: Campaign, answers: Mapping[str, object], path: str, found: Collector
) -> dict[str, bool]:
    """The answers checked: a problem for each unknown code and each answer that is not a boolean."""
    known = {r.code for r in campaign.requirements}
    clean: dict[str, bool] = {}
    for key, value in answers.items():
        where = key_path(path, key)
        if key not in known:
            found.add(
                f"{key!r} is not a requirement of campaign {campaign.code!r}",
                where,
                code="dvk.unknown_requirement",
                vi=f"{key!r} không phải là yêu cầu của phong trào {campaign.code!r}",
            )
        elif not isinstance(value, bool):
            found.add(
                f"an answer is true (met) or false (not met), not {value!r}",
                where,
                code="dvk.invalid_answer",
                vi=f"câu trả lời là true (đạt) hoặc false (không đạt), không phải {value!r}",
            )
        else:
            clean[key] = value
    return clean


def requirements_problem(campaign: Campaign, found: Collector) -> None:
    """A problem when the campaign lists no requirement to review a model against."""
    if not campaign.requirements:
        found.add(
            f"campaign {campaign.code!r} lists no requirement to review a model against",
            "$.campaign.requirements",
            code="dvk.no_requirements",
            vi=f"phong trào {campaign.code!r} không có yêu cầu nào để đánh giá mô hình",
        )


def campaign_problem(campaign: Campaign, model: Model, path: str, found: Collector) -> None:
    """A problem at ``path`` when ``model`` belongs to another campaign."""
    if model.campaign != campaign.code:
        found.add(
            f"model {model.id!r} belongs to campaign {model.campaign!r}, not {campaign.code!r}",
            path,
            code="dvk.other_campaign",
            vi=f"mô hình {model.id!r} thuộc phong trào {model.campaign!r}, không phải "
            f"{campaign.code!r}",
        )


def running_problem(model: Model, year: int, path: str, found: Collector) -> None:
    """A problem at ``path`` when ``year`` is outside the model's period."""
    if not model.period_from <= year <= model.period_until:
        found.add(
            f"model {model.id!r} runs {model.period_from}–{model.period_until}, not in {year}",
            path,
            code="dvk.year_outside_model",
            vi=f"mô hình {model.id!r} thực hiện {model.period_from}–{model.period_until}, "
            f"không có năm {year}",
        )


def outcome(
    campaign: Campaign, model: Model, answers: Mapping[str, bool], year: int
) -> ReviewOutcome:
    """The outcome of checked answers: each requirement passed, failed or unanswered."""
    results = tuple(
        RequirementOutcome(
            r,
            RequirementStatus.UNANSWERED
            if r.code not in answers
            else RequirementStatus.PASSED
            if answers[r.code]
            else RequirementStatus.FAILED,
        )
        for r in campaign.requirements
    )
    draft = ReviewOutcome(model.id, year, campaign.code, results, (), ())
    return ReviewOutcome(
        model.id,
        year,
        campaign.code,
        results,
        tuple(_lines(draft, model, "vi")),
        tuple(_lines(draft, model, "en")),
    )


def _lines(result: ReviewOutcome, model: Model, lang: Lang) -> Iterator[str]:
    def w(key: str) -> str:
        return _WORDS[key][lang]

    yield safe_text(f"{w('model')}: {model.name_vi} ({model.id})")
    yield safe_text(f"{w('campaign')}: {result.campaign} · {w('year')}: {result.year}")
    yield f"{w('outcome')}: {w('passed') if result.passed else w('not_passed')}"
    yield f"{w('requirements')}:"
    for line in result.requirements:
        yield safe_text(_requirement(line, lang))
    if result.failing:
        yield f"{w('failing')}: {', '.join(safe_text(r.code) for r in result.failing)}"
    if result.unanswered:
        yield f"{w('unanswered')}: {', '.join(safe_text(r.code) for r in result.unanswered)}"


def _requirement(line: RequirementOutcome, lang: Lang) -> str:
    req = line.requirement
    label = req.label_en if lang == "en" and req.label_en else req.label_vi
    assumed = f" ({_WORDS['assumed'][lang]})" if line.assumed else ""
    cite = f" [{line.citation}]" if line.citation else ""
    return f"  [{_STATUS[line.status][lang]}] {req.code} {label}{assumed}{cite}"
