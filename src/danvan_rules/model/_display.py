"""Rich display: results, batches, rule sets and rounds as compact HTML tables (Jupyter).

``_repr_html_`` of :class:`~danvan_rules.ScoreResult`, :class:`~danvan_rules.Batch`,
:class:`~danvan_rules.RuleSet` and :class:`~danvan_rules.model.rounds.RoundResult`
calls their ``to_html(lang="vi")``, which builds its table here: pure string building,
no I/O, no third-party import. Every text that comes from data (a unit's name, a
criterion's title, an error message) is printable (:func:`~danvan_rules.errors.safe_text`)
and escaped with :func:`html.escape`, so a unit named ``<script>`` shows as text.
This module is imported when a table is first asked for, not with the library.

>>> print(fields([("Đơn vị", "<b>Sở</b>")]))
<table><tbody><tr><th>Đơn vị</th><td>&lt;b&gt;Sở&lt;/b&gt;</td></tr></tbody></table>
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from danvan_rules.errors import ConfigurationError, Lang, ReportError, safe_text

from ._canonical import decimal_text
from ._exact import EXACT
from .result import Batch, CriterionLine, ScoreResult, Status
from .ruleset import RuleSet, _flags, _in_force

if TYPE_CHECKING:
    from ._round_results import RoundResult

__all__ = [
    "batch_html",
    "check_lang",
    "fields",
    "result_html",
    "round_html",
    "ruleset_html",
    "table",
]

#: How many outcomes (and errors) of a batch its table shows.
BATCH_ROWS: Final = 20
#: How many criteria with headroom the gap names.
HEADROOM_SHOWN: Final = 5
_PLACES: Final = Decimal("1E-4")
#: where "not eligible" sorts among the bands of a batch: after them all
_LAST: Final = (Decimal("Infinity"), "")

_WORDS: Final[dict[str, tuple[str, str]]] = {
    "unit": ("Đơn vị", "Unit"),
    "category": ("Khối", "Category"),
    "year": ("Năm đánh giá", "Evaluation year"),
    "ruleset": ("Bộ quy tắc", "Rule set"),
    "self_total": ("Điểm tự chấm", "Self-assessed total"),
    "total": ("Tổng điểm", "Total"),
    "band": ("Xếp loại", "Band"),
    "status": ("Trạng thái", "Status"),
    "rated": ("đã xếp loại", "rated"),
    "ineligible": ("không đủ điều kiện xếp loại", "not eligible to be rated"),
    "conditions": ("Điều kiện áp dụng", "Conditions applied"),
    "rank": ("Xếp hạng trong khối", "Rank in cohort"),
    "warnings": ("Lưu ý", "Warnings"),
    "code": ("Mã", "Code"),
    "criterion": ("Tiêu chí", "Criterion"),
    "points": ("Điểm", "Points"),
    "adjustment": ("Điểm cộng / trừ", "Adjustment"),
    "gap": ("Để đạt mức cao hơn", "To reach the next band"),
    "needed": ("cần thêm", "points needed"),
    "headroom": ("còn có thể tăng ở", "headroom in"),
    "blocking": ("vẫn bị chặn bởi", "still blocked by"),
    "outcomes": ("kết quả", "outcomes"),
    "scored": ("đã chấm", "scored"),
    "errors": ("lỗi", "errors"),
    "error": ("Lỗi", "Error"),
    "count": ("Số đơn vị", "Units"),
    "shown": ("Hiển thị {shown} / {of} kết quả đầu tiên", "Showing the first {shown} of {of}"),
    "more_errors": ("Các lỗi khác", "Other errors"),
    "province": ("Tỉnh", "Province"),
    "title": ("Tên", "Title"),
    "instrument": ("Văn bản", "Instrument"),
    "in_force": ("Hiệu lực", "In force"),
    "scale": ("Thang điểm", "Scale"),
    "scorecard": ("Bảng tiêu chí", "Scorecard"),
    "criteria": ("Số tiêu chí", "Criteria"),
    "range": ("Khoảng điểm", "Range"),
    "assumed_values": ("Giá trị giả định", "Assumed values"),
    "kind": ("Loại", "Kind"),
    "illustrative": ("minh họa", "illustrative"),
    "national": ("mẫu quốc gia", "national template"),
    "modified": ("đã sửa đổi", "modified"),
    "sourced": ("theo văn bản", "sourced"),
    "assumed": ("giả định", "assumed"),
    "reports": ("Báo cáo", "Reports"),
    "used": ("đã dùng", "used"),
    "refused": ("bị từ chối", "refused"),
    "registry": ("Đơn vị trong danh sách", "Units in the registry"),
    "not_in_year": ("không tồn tại trong năm", "not in the year"),
    "invalid": ("báo cáo không hợp lệ", "invalid report"),
    "no_report": ("không có báo cáo", "no report"),
    "tallies": ("Kết quả theo khối", "Tallies"),
    "scope": ("Phạm vi", "Scope"),
    "size": ("Tổng số", "Size"),
    "synthetic": ("dữ liệu giả lập", "synthetic data"),
}


def check_lang(lang: object) -> Lang:
    """``lang`` when it is ``"vi"`` or ``"en"``.

    Raises:
        ConfigurationError: any other value (a ``ValueError``).
    """
    if lang == "vi":
        return "vi"
    if lang == "en":
        return "en"
    raise ConfigurationError(f"lang must be 'vi' or 'en', not {lang!r}")


def word(key: str, lang: Lang) -> str:
    """The label ``key`` in ``lang``."""
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def esc(value: object) -> str:
    """``value`` as printable text, escaped for HTML (quotes included)."""
    return html.escape(safe_text(str(value)))


def number(value: Decimal) -> str:
    """Exact text, or ``≈`` and 4 places for a long quotient (from a weight)."""
    if value.is_finite() and int(value.as_tuple().exponent) < -4:
        shown = value.quantize(_PLACES, context=EXACT)
        if shown != value:
            return "≈" + decimal_text(shown)
    return decimal_text(value)


def fields(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table: a header cell and a value cell per pair."""
    rows = "".join(f"<tr><th>{esc(key)}</th><td>{esc(value)}</td></tr>" for key, value in pairs)
    return f"<table><tbody>{rows}</tbody></table>"


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    depths: Sequence[int] = (),
) -> str:
    """A table with a header row; every cell is text.

    ``depths`` indents the first cell of each row by that many steps (a criterion's depth).
    """
    top = f"<caption>{esc(caption)}</caption>" if caption else ""
    header = "".join(f"<th>{esc(cell)}</th>" for cell in head)
    body = "".join(
        f"<tr>{_first(row[0], depths[i] if i < len(depths) else 0)}"
        + "".join(f"<td>{esc(c)}</td>" for c in row[1:])
        + "</tr>"
        for i, row in enumerate(rows)
    )
    return f"<table>{top}<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _first(cell: str, depth: int) -> str:
    if depth:
        return f'<td style="padding-left: {depth * 1.5}em">{esc(cell)}</td>'
    return f"<td>{esc(cell)}</td>"


def bullets(items: Sequence[str], caption: str) -> str:
    """A captioned list, or nothing when there are no items."""
    if not items:
        return ""
    listed = "".join(f"<li>{esc(item)}</li>" for item in items)
    return f"<p>{esc(caption)}</p><ul>{listed}</ul>"


def _block(kind: str, *parts: str) -> str:
    return f'<div class="danvan-{kind}">{"".join(parts)}</div>'


def _band_text(label_vi: str, label_en: str, code: str, lang: Lang) -> str:
    label = f"{label_vi} / {label_en}" if lang == "en" and label_en else label_vi
    return f"{label} ({code})"


def _band_of(result: ScoreResult, lang: Lang) -> str:
    band = result.band
    if band is None:
        return word("ineligible", lang)
    return _band_text(band.label_vi, band.label_en, band.code, lang)


def _status(result: ScoreResult, lang: Lang) -> str:
    return word("rated" if result.status is Status.RATED else "ineligible", lang)


# ---------------------------------------------------------------------- a result


def result_html(result: ScoreResult, lang: Lang) -> str:
    """A result: who, total, band, status, warnings, then its lines, adjustments and gap."""
    head = [
        (word("unit", lang), f"{result.unit_name} ({result.unit_id})"),
        (word("category", lang), f"{result.category} · {word('year', lang)} {result.year}"),
        (word("ruleset", lang), result.audit.ruleset_code),
    ]
    if result.self_total != result.total:
        head.append((word("self_total", lang), format(result.self_total, "f")))
    head += [
        (word("total", lang), format(result.total, "f")),
        (word("band", lang), _band_of(result, lang)),
        (word("status", lang), _status(result, lang)),
    ]
    if result.applied_conditions:
        head.append(
            (word("conditions", lang), ", ".join(c.code for c in result.applied_conditions))
        )
    if result.cohort is not None:
        rank = "-" if result.cohort.rank is None else str(result.cohort.rank)
        head.append((word("rank", lang), f"{rank}/{result.cohort.cohort_size}"))
    warnings = [n.en if lang == "en" else n.vi for n in result.warnings]
    lines = table(
        [word("code", lang), word("criterion", lang), word("points", lang)],
        [_line_row(line, lang) for line in result.lines],
        depths=[line.depth for line in result.lines],
    )
    return _block(
        "result",
        fields(head),
        bullets(warnings, word("warnings", lang)),
        lines,
        _adjustments(result, lang),
        _gap(result, lang),
    )


def _line_row(line: CriterionLine, lang: Lang) -> tuple[str, str, str]:
    title = line.title_en if lang == "en" and line.title_en else line.title_vi
    points = f"{number(line.awarded)}/{number(line.max)}"
    if line.weighted is not None and line.weight is not None and line.weight != line.max:
        points += f" → {number(line.weighted)}/{number(line.weight)}"
    return (line.code, title, points)


def _adjustments(result: ScoreResult, lang: Lang) -> str:
    if not result.adjustments:
        return ""
    rows = [
        (
            adj.code,
            adj.label_en if lang == "en" and adj.label_en else adj.label_vi,
            ("+" if adj.points > 0 else "") + number(adj.points),
        )
        for adj in result.adjustments
    ]
    return table([word("code", lang), word("adjustment", lang), word("points", lang)], rows)


def _gap(result: ScoreResult, lang: Lang) -> str:
    gap = result.gap
    if gap is None:
        return ""
    text = (
        f"{word('gap', lang)} ({gap.next_band_label_vi}, {gap.next_band}): "
        f"{word('needed', lang)} {number(gap.points_needed)}"
    )
    if gap.headroom:
        rooms = ", ".join(f"{h.code} +{number(h.available)}" for h in gap.headroom[:HEADROOM_SHOWN])
        text += f"; {word('headroom', lang)}: {rooms}"
    if gap.blocking:
        text += f"; {word('blocking', lang)}: {', '.join(gap.blocking)}"
    return f"<p>{esc(text)}</p>"


# ---------------------------------------------------------------------- a batch


def batch_summary(batch: Batch, lang: Lang) -> str:
    """``120 outcomes: 118 scored, 2 errors`` (or in Vietnamese)."""
    errors = len(batch.errors)
    return (
        f"{len(batch)} {word('outcomes', lang)}: {len(batch) - errors} {word('scored', lang)}, "
        f"{errors} {word('errors', lang)}"
    )


def _error_text(error: ReportError, lang: Lang) -> str:
    first = error.problems[0].render(lang)
    more = len(error.problems) - 1
    return f"{first} (+{more})" if more else first


def _outcome_row(index: int, outcome: ScoreResult | ReportError, lang: Lang) -> tuple[str, ...]:
    if isinstance(outcome, ReportError):
        unit = "—" if outcome.unit_id is None else outcome.unit_id
        return (str(index), unit, "", "", f"{word('error', lang)}: {_error_text(outcome, lang)}")
    return (
        str(index),
        outcome.unit_id,
        format(outcome.total, "f"),
        _band_of(outcome, lang),
        _status(outcome, lang),
    )


def batch_html(batch: Batch, lang: Lang, rows: int = BATCH_ROWS) -> str:
    """A batch: the summary, units per band, the first ``rows`` outcomes, the other errors."""
    counts: dict[str, int] = {}
    order: dict[str, tuple[Decimal, str]] = {}
    for result in batch.results:
        shown = _band_of(result, lang)
        counts[shown] = counts.get(shown, 0) + 1
        order[shown] = _LAST if result.band is None else (result.band.min.copy_negate(), shown)
    bands = table(
        [word("band", lang), word("count", lang)],
        ((band, str(counts[band])) for band in sorted(counts, key=order.__getitem__)),
    )
    head = ["#", word("unit", lang), word("total", lang)]
    first = table(
        [*head, word("band", lang), word("status", lang)],
        (_outcome_row(i, o, lang) for i, o in enumerate(batch.outcomes[:rows])),
    )
    note = ""
    if len(batch) > rows:
        note = f"<p>{esc(word('shown', lang).format(shown=rows, of=len(batch)))}</p>"
    later = [(i, e) for i, e in batch.errors if i >= rows][:rows]
    others = ""
    if later:
        others = table(
            ["#", word("unit", lang), word("error", lang)],
            ((str(i), e.unit_id or "—", _error_text(e, lang)) for i, e in later),
            caption=word("more_errors", lang),
        )
    summary = f"<p>{esc(batch_summary(batch, lang))}</p>"
    return _block("batch", summary, bands, first, note, others)


# ---------------------------------------------------------------------- a rule set


def ruleset_html(ruleset: RuleSet, lang: Lang) -> str:
    """A rule set: code, title, instrument, dates, categories, bands, assumed values."""
    title = ruleset.title_en if lang == "en" and ruleset.title_en else ruleset.title_vi
    instrument = ruleset.instrument
    flags = ", ".join(word(flag, lang) for flag in _flags(ruleset))
    head = [
        (word("ruleset", lang), ruleset.code + (f" ({flags})" if flags else "")),
        (word("title", lang), title),
        (word("province", lang), ruleset.province),
        (word("instrument", lang), f"{instrument.number} · {instrument.issuer}"),
        (word("in_force", lang), _in_force(ruleset)),
        (word("scale", lang), decimal_text(ruleset.scale)),
        (word("assumed_values", lang), str(ruleset.assumed_values)),
    ]
    categories = table(
        [
            word("code", lang),
            word("category", lang),
            word("scorecard", lang),
            word("criteria", lang),
        ],
        (
            (
                c.code,
                c.label_en if lang == "en" and c.label_en else c.label_vi,
                c.scorecard,
                str(len(ruleset.scorecard(c.scorecard).ordered)),
            )
            for c in ruleset.categories
        ),
    )
    bands = table(
        [word("code", lang), word("band", lang), word("range", lang), word("kind", lang)],
        (
            (
                b.code,
                b.label_en if lang == "en" and b.label_en else b.label_vi,
                _range(b.min, b.below),
                word("sourced" if b.provenance.value == "sourced" else "assumed", lang),
            )
            for b in reversed(ruleset.bands_ascending)
        ),
    )
    return _block("ruleset", fields(head), categories, bands)


def _range(low: Decimal, below: Decimal | None) -> str:
    if below is None:
        return f"≥ {decimal_text(low)}"
    return f"{decimal_text(low)} – < {decimal_text(below)}"


# ---------------------------------------------------------------------- a round


def round_html(scored: RoundResult, lang: Lang) -> str:
    """A scored round: who and when, reports, units per status, the tallies per khối and band."""
    counts = {status.value: n for status, n in scored.counts().items()}
    head = [
        (word("province", lang), scored.round.province),
        (word("year", lang), str(scored.round.year)),
    ]
    if scored.round.title_vi:
        head.append((word("title", lang), scored.round.title_vi))
    reports = (
        f"{scored.report_count} ({len(scored.used)} {word('used', lang)}, "
        f"{len(scored.refused)} {word('refused', lang)})"
    )
    registry = ", ".join(f"{word(status, lang)}: {n}" for status, n in counts.items())
    head += [(word("reports", lang), reports), (word("registry", lang), registry)]
    if scored.synthetic:
        head.append((word("warnings", lang), word("synthetic", lang)))
    codes: dict[str, None] = {}
    for tally in scored.tallies:
        codes.update(dict.fromkeys(tally.bands))
    labels: dict[str, str] = {}
    for use in scored.rulesets:
        for code in use.bands:
            labels.setdefault(code, use.band_label(code) or code)
    others = ("ineligible", "invalid", "no_report")
    tallies = table(
        [
            word("scope", lang),
            *(labels.get(code, code) for code in codes),
            *(word(key, lang) for key in others),
            word("size", lang),
        ],
        (
            (
                f"{tally.label_vi} ({tally.scope})",
                *(str(tally.count(code)) for code in codes),
                str(tally.ineligible),
                str(tally.invalid),
                str(tally.no_report),
                str(tally.size),
            )
            for tally in scored.tallies
        ),
        caption=word("tallies", lang),
    )
    notices = bullets(
        [n.en if lang == "en" else n.vi for n in scored.notices], word("warnings", lang)
    )
    return _block("round", fields(head), tallies, notices)
