"""Rich display of version comparisons: a diff, its impact on a cohort, a sweep (Jupyter).

``to_html(lang="vi")`` and ``_repr_html_`` of :class:`~danvan_rules.scoring.RuleSetDiff`,
:class:`~danvan_rules.scoring.Impact` and :class:`~danvan_rules.scoring.Sweep` build their
tables here, with the helpers of the other tables (``danvan_rules.model._display``): pure
string building, every text escaped. Long lists are cut at :data:`ROWS` rows, and the
table says how many it shows of how many.

>>> from danvan_rules import rulesets
>>> from danvan_rules.scoring import diff, reweight
>>> rs = rulesets.get("example/dan-van-2024")
>>> page = diff(rs, reweight(rs, "so-nganh", {"I": 5, "II": 30})).to_html("en")
>>> "<td>weight of I for so-nganh: 15 → 5</td>" in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from danvan_rules.errors import Lang
from danvan_rules.model._canonical import decimal_text
from danvan_rules.model._display import esc, fields, table, word

if TYPE_CHECKING:
    from .diff import Impact, RuleSetDiff, Sweep, VersionOutcome

__all__ = ["ROWS", "diff_html", "impact_html", "sweep_html"]

#: How many changes, changed units or settings a table shows.
ROWS: Final = 50

_WORDS: Final[dict[str, tuple[str, str]]] = {
    "changes": ("thay đổi", "changes"),
    "no_change": ("Hai bộ quy tắc chấm như nhau", "The two rule sets score alike"),
    "change": ("Thay đổi", "Change"),
    "where": ("Vị trí", "Where"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "why": ("Do thay đổi", "Because of"),
    "changed": ("đơn vị thay đổi", "units changed"),
    "of": ("trên", "of"),
    "transitions": ("Chuyển mức", "Transitions"),
    "weights": ("Trọng số", "Weights"),
    "settings": ("phương án trọng số", "weightings"),
    "units": ("đơn vị", "units"),
    "columnar": ("tính theo cột", "columnar"),
    "shown": ("Hiển thị {shown} / {of}", "Showing {shown} of {of}"),
    "error": ("lỗi", "error"),
    "ineligible": ("không đủ điều kiện", "not eligible"),
}


def _word(key: str, lang: Lang) -> str:
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def _shown(total: int, lang: Lang) -> str:
    """A note when a table shows only the first :data:`ROWS` of ``total`` rows."""
    if total <= ROWS:
        return ""
    return f"<p>{esc(_word('shown', lang).format(shown=ROWS, of=total))}</p>"


def _block(kind: str, *parts: str) -> str:
    return f'<div class="danvan-{kind}">{"".join(parts)}</div>'


def _label(label: str, lang: Lang) -> str:
    """A band code as is; ``error`` and ``ineligible`` in words."""
    return _word(label, lang) if label in ("error", "ineligible") else label


def _outcome(outcome: VersionOutcome, lang: Lang) -> str:
    if outcome.error is not None:
        first = outcome.error.problems[0]
        return f"{_word('error', lang)}: {first.code}"
    total = "—" if outcome.total is None else decimal_text(outcome.total)
    return f"{total} · {_label(outcome.label, lang)}"


def diff_html(changes: RuleSetDiff, lang: Lang) -> str:
    """A diff: both codes and the count, the kinds, then one row per change."""
    head = [
        (word("ruleset", lang), f"{changes.a.code} → {changes.b.code}"),
        (_word("change", lang), f"{len(changes)} {_word('changes', lang)}"),
    ]
    if not changes:
        return _block("diff", fields(head), f"<p>{esc(_word('no_change', lang))}</p>")
    kinds = ", ".join(f"{kind}: {n}" for kind, n in changes.kinds().items())
    head.append((word("kind", lang), kinds))
    rows = table(
        [word("kind", lang), _word("change", lang), _word("where", lang)],
        ((c.kind, c.text(lang), c.path) for c in changes.changes[:ROWS]),
    )
    return _block("diff", fields(head), rows, _shown(len(changes), lang))


def impact_html(scored: Impact, lang: Lang) -> str:
    """An impact: how many units changed, the transitions, then each changed unit and why."""
    codes = f"{scored.diff.a.code} → {scored.diff.b.code}"
    count = f"{len(scored.changed)} {_word('of', lang)} {len(scored.before)}"
    head = [(word("ruleset", lang), codes), (_word("changed", lang), count)]
    transitions = table(
        [_word("before", lang), _word("after", lang), word("count", lang)],
        (
            (_label(x, lang), _label(y, lang), str(n))
            for (x, y), n in sorted(scored.transitions.items(), key=lambda kv: -kv[1])
        ),
        caption=_word("transitions", lang),
    )
    units = table(
        [
            "#",
            word("unit", lang),
            word("category", lang),
            _word("before", lang),
            _word("after", lang),
            _word("why", lang),
        ],
        (
            (
                str(u.index),
                u.unit_id,
                u.category,
                _outcome(u.before, lang),
                _outcome(u.after, lang),
                "; ".join(c.text(lang) for c in u.why) or "—",
            )
            for u in scored.changed[:ROWS]
        ),
    )
    shown = _shown(len(scored.changed), lang)
    return _block("impact", fields(head), transitions, units if scored else "", shown)


def _weights(weights: Mapping[str, Decimal]) -> str:
    return ", ".join(f"{code} = {decimal_text(w)}" for code, w in weights.items())


def sweep_html(swept: Sweep, lang: Lang) -> str:
    """A sweep: the category and its size, then one row per weighting with units per label."""
    size = f"{len(swept)} {_word('settings', lang)} × {len(swept.unit_ids)} {_word('units', lang)}"
    path = _word("columnar", lang) if swept.columnar else "score_many"
    head = [
        (word("category", lang), swept.category),
        (word("size", lang), size),
        (word("kind", lang), path),
    ]
    labels: dict[str, None] = {}
    for setting in swept.settings:
        labels.update(dict.fromkeys(setting.counts))
    order: Sequence[str] = list(labels)
    rows = table(
        ["#", _word("weights", lang), *(_label(label, lang) for label in order)],
        (
            (
                str(i),
                _weights(setting.weights),
                *(str(setting.counts.get(label, 0)) for label in order),
            )
            for i, setting in enumerate(swept.settings[:ROWS])
        ),
    )
    return _block("sweep", fields(head), rows, _shown(len(swept), lang))
