"""Rendering a result's explanation as readable text, in Vietnamese or English."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext
from typing import Final, Literal

from danvan_rules.errors import ConfigurationError, safe_text
from danvan_rules.model import CriterionLine, Reference, ScoreResult, Source
from danvan_rules.model._canonical import decimal_text

from ._context import EXACT

__all__ = ["explain"]

Language = Literal["vi", "en"]

_WORDS: Final[dict[str, dict[Language, str]]] = {
    "location_unknown": {"vi": "vị trí chưa biết", "en": "location unknown"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "category": {"vi": "Khối", "en": "Category"},
    "year": {"vi": "Năm đánh giá", "en": "Evaluation year"},
    "ruleset": {"vi": "Bộ quy tắc", "en": "Rule set"},
    "criteria": {"vi": "Tiêu chí", "en": "Criteria"},
    "criteria_total": {"vi": "Tổng điểm tiêu chí", "en": "Criteria total"},
    "adjustments": {"vi": "Điểm cộng / trừ", "en": "Adjustments"},
    "self_total": {"vi": "Điểm tự chấm", "en": "Self-assessed total"},
    "total": {"vi": "Tổng điểm", "en": "Total"},
    "band_by_score": {"vi": "Xếp loại theo điểm", "en": "Band by score"},
    "band": {"vi": "Xếp loại", "en": "Band"},
    "ineligible": {"vi": "Không đủ điều kiện xếp loại", "en": "Not eligible to be rated"},
    "conditions": {"vi": "Điều kiện áp dụng", "en": "Conditions applied"},
    "gap": {"vi": "Để đạt mức cao hơn", "en": "To reach the next band"},
    "needed": {"vi": "cần thêm", "en": "points needed"},
    "points": {"vi": "điểm", "en": "points"},
    "headroom": {"vi": "Còn có thể tăng ở", "en": "Headroom in"},
    "blocking": {"vi": "Vẫn bị chặn bởi", "en": "Still blocked by"},
    "warnings": {"vi": "Lưu ý", "en": "Warnings"},
    "audit": {"vi": "Kiểm chứng", "en": "Audit"},
    "assumed": {"vi": "giả định", "en": "assumed"},
    "quota": {"vi": "Xếp hạng trong khối", "en": "Rank in cohort"},
    "derived": {
        "vi": "Lấy từ hồ sơ Dân vận khéo",
        "en": "Taken from the Dân vận khéo records",
    },
    "registered": {"vi": "mô hình đăng ký", "en": "models registered"},
    "passed": {"vi": "mô hình đạt yêu cầu", "en": "models passing review"},
    "recognised": {"vi": "lượt công nhận", "en": "recognitions"},
    "campaign": {"vi": "phong trào", "en": "campaign"},
    "records": {"vi": "hồ sơ", "en": "records"},
    "requirement": {"vi": "căn cứ của phong trào", "en": "campaign's requirement"},
}

_SOURCES: Final[dict[Source, dict[Language, str]]] = {
    Source.SELF: {"vi": "tự chấm", "en": "self"},
    Source.APPRAISED: {"vi": "thẩm định", "en": "appraised"},
    Source.PENDING: {"vi": "chờ cấp trên chấm", "en": "pending appraisal"},
    Source.GROUP: {"vi": "", "en": ""},
}

_EFFECTS: Final[dict[str, dict[Language, str]]] = {
    "cap": {"vi": "xếp loại tối đa", "en": "band at most"},
    "force": {"vi": "xếp loại", "en": "band forced to"},
    "ineligible": {"vi": "không đủ điều kiện xếp loại", "en": "not eligible to be rated"},
}


_SHOWN_PLACES: Final = 4


def _n(number: Decimal) -> str:
    """Exact text, or ``≈`` and 4 places for long quotients (from reweighting)."""
    shown = number.quantize(Decimal(1).scaleb(-_SHOWN_PLACES))
    if shown != number:
        return "≈" + decimal_text(shown)
    return decimal_text(number)


def explain(result: ScoreResult, lang: Language = "vi") -> str:
    """The result as text: criteria with citations, adjustments, band, conditions, gap, audit.

    >>> from danvan_rules import rulesets, load_report, score
    >>> result = score(rulesets.get("example/dan-van-2024"), load_report("examples/tot.json"))
    >>> print(explain(result, lang="en"))  # doctest: +ELLIPSIS
    Unit: Sở Tư pháp (so-tu-phap)
    ...
    Total: 82.50
    Band by score: Hoàn thành tốt / Completed well (tot)
    Band: Hoàn thành tốt / Completed well (tot)
    ...

    Every line is printable: control characters and lone surrogates in the
    report's text (a unit id with a newline, an ANSI escape) are escaped, so
    they can neither forge a line nor reach the terminal.

    Raises:
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"`` (a
            ``ValueError``).
    """
    if lang not in {"vi", "en"}:
        raise ConfigurationError(f"lang must be 'vi' or 'en', not {lang!r}")
    with localcontext(EXACT):
        lines = [
            *_head(result, lang),
            *_derived(result, lang),
            *_adjustments(result, lang),
            *_bands(result, lang),
            *_conditions(result, lang),
            *_gap(result, lang),
            *_tail(result, lang),
        ]
    return "\n".join(safe_text(line) for line in lines)


def _w(key: str, lang: Language) -> str:
    return _WORDS[key][lang]


def _head(result: ScoreResult, lang: Language) -> Iterator[str]:
    yield f"{_w('unit', lang)}: {result.unit_name} ({result.unit_id})"
    yield f"{_w('category', lang)}: {result.category} · {_w('year', lang)}: {result.year}"
    yield f"{_w('ruleset', lang)}: {result.audit.ruleset_code}"
    yield ""
    yield f"{_w('criteria', lang)}:"
    yield from (_criterion(line, lang) for line in result.lines)
    yield f"{_w('criteria_total', lang)}: {_n(result.criteria_total)}"


def _derived(result: ScoreResult, lang: Language) -> Iterator[str]:
    """Each answer taken from the records: value, what was counted, and both citations."""
    if result.derived:
        yield f"{_w('derived', lang)}:"
    for d in result.derived:
        target = d.target.partition(":")[2]
        value = "✓" if d.value is True else "✗" if d.value is False else str(d.value)
        records = f"; {_w('records', lang)}: {', '.join(d.records)}" if d.records else ""
        cite = _cite(d.reference, assumed=d.assumed, lang=lang)
        requirement = f" [{_w('requirement', lang)}: {d.requirement}]" if d.requirement else ""
        yield (
            f"  {target}: {value} ({d.counted} {_w(d.count, lang)}, {_w('campaign', lang)} "
            f"{d.campaign}{records}){cite}{requirement}"
        )


def _adjustments(result: ScoreResult, lang: Language) -> Iterator[str]:
    if result.adjustments:
        yield f"{_w('adjustments', lang)}:"
    for adj in result.adjustments:
        label = adj.label_en if lang == "en" and adj.label_en else adj.label_vi
        sign = "+" if adj.points > 0 else ""
        note = f" ({adj.note})" if adj.note else ""
        cite = _cite(adj.reference, assumed=adj.assumed, lang=lang)
        yield f"  {adj.code} {label}: {sign}{_n(adj.points)}{note}{cite}"


def _bands(result: ScoreResult, lang: Language) -> Iterator[str]:
    if result.self_total != result.total:
        yield f"{_w('self_total', lang)}: {result.self_total}"
    yield f"{_w('total', lang)}: {result.total}"
    by_score = result.band_by_score
    yield f"{_w('band_by_score', lang)}: {_band(by_score.label_vi, by_score.label_en, by_score.code, lang)}"
    if result.band is None:
        yield f"{_w('band', lang)}: {_w('ineligible', lang)}"
    else:
        band = result.band
        yield f"{_w('band', lang)}: {_band(band.label_vi, band.label_en, band.code, lang)}"


def _conditions(result: ScoreResult, lang: Language) -> Iterator[str]:
    if result.applied_conditions:
        yield f"{_w('conditions', lang)}:"
    for cond in result.applied_conditions:
        label = cond.label_en if lang == "en" and cond.label_en else cond.label_vi
        effect = _EFFECTS[cond.effect][lang] + (f" {cond.band}" if cond.band else "")
        cite = _cite(cond.reference, assumed=cond.assumed, lang=lang)
        yield f"  {cond.code} {label}: {effect}{cite}"
    if result.cohort is not None:
        rank = "-" if result.cohort.rank is None else str(result.cohort.rank)
        yield f"{_w('quota', lang)}: {rank}/{result.cohort.cohort_size}"


def _gap(result: ScoreResult, lang: Language) -> Iterator[str]:
    gap = result.gap
    if gap is None:
        return
    yield (
        f"{_w('gap', lang)} ({gap.next_band_label_vi}, {gap.next_band}): "
        f"{_w('needed', lang)} {_n(gap.points_needed)}"
    )
    if gap.headroom:
        rooms = ", ".join(f"{h.code} +{_n(h.available)}" for h in gap.headroom[:5])
        yield f"  {_w('headroom', lang)}: {rooms}"
    if gap.blocking:
        yield f"  {_w('blocking', lang)}: {', '.join(gap.blocking)}"


def _tail(result: ScoreResult, lang: Language) -> Iterator[str]:
    if result.warnings:
        yield f"{_w('warnings', lang)}:"
    yield from (f"  - {n.en if lang == 'en' else n.vi}" for n in result.warnings)
    audit = result.audit
    yield (
        f"{_w('audit', lang)}: {audit.ruleset_code} sha256:{audit.ruleset_sha256[:16]} · "
        f"danvan_rules {audit.library_version} · report sha256:{audit.report_sha256[:16]}"
    )


def _band(label_vi: str, label_en: str, code: str, lang: Language) -> str:
    label = f"{label_vi} / {label_en}" if lang == "en" and label_en else label_vi
    return f"{label} ({code})"


def _criterion(line: CriterionLine, lang: Language) -> str:
    indent = "  " * (line.depth + 1)
    title = line.title_en if lang == "en" and line.title_en else line.title_vi
    points = f"{_n(line.awarded)}/{_n(line.max)}"
    if line.weighted is not None and line.weight != line.max:
        points += f" → {_n(line.weighted)}/{_n(line.weight or Decimal(0))}"
    source = _SOURCES[line.source][lang]
    extra = []
    if source:
        extra.append(source)
    if line.source is Source.APPRAISED and line.self_points is not None:
        extra.append(f"{_SOURCES[Source.SELF][lang]} {_n(line.self_points)}")
    if line.assumed:
        extra.append(_WORDS["assumed"][lang])
    detail = f" ({'; '.join(extra)})" if extra else ""
    cite = _cite(line.reference, assumed=line.assumed, lang=lang)
    return f"{indent}{line.code} {title}: {points}{detail}{cite}"


def _cite(reference: Reference | None, *, assumed: bool, lang: Language) -> str:
    """`` [document, item]``; an assumed element's place in the annex is no citation.

    An assumed criterion (or adjustment, or condition) was written where the
    annex was not available, so the annex item it names ("Phụ lục, tiêu chí 1")
    is a guess: it prints as "Phụ lục, vị trí chưa biết", never like a real
    citation. Other references (an article, an illustrative note) print as written.
    """
    if reference is None:
        return ""
    head = reference.item.split(",", 1)[0].strip()
    if not assumed or not head.casefold().startswith(("phụ lục", "annex")):
        return f" [{reference}]"
    return f" [{reference.document}, {head}, {_WORDS['location_unknown'][lang]}]"
