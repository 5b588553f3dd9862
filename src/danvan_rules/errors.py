"""Every error the library raises, under one root: :class:`DanvanError`.

Each error also subclasses the builtin a caller would naturally catch
(``ValueError`` for bad data, ``LookupError`` for a rule set that is not there),
and data errors carry *every* problem found, each with a stable machine-readable
``code``, the path of the offending value, and a message in English and
Vietnamese, so a caller can fix all of them in one pass and a portal can show
its users Vietnamese text without parsing English:

>>> from danvan_rules.errors import Problem, ReportError
>>> err = ReportError(
...     [Problem("27 is above the maximum of 25", '$.self_scores["I.2"]',
...              code="score.out_of_range", message_vi="27 vượt quá mức tối đa 25")],
...     unit_id="so-vhttdl",
... )
>>> print(err)
1 problem in report of unit 'so-vhttdl':
  27 is above the maximum of 25 @ $.self_scores["I.2"]
>>> print(err.render("vi"))
1 lỗi trong báo cáo của đơn vị 'so-vhttdl':
  27 vượt quá mức tối đa 25 @ $.self_scores["I.2"]
>>> err.problems[0].code, isinstance(err, ValueError)
('score.out_of_range', True)

Paths are built by one function, :func:`key_path` (and :func:`index_path`,
:func:`field_path`), so every path is escaped the same way; problems are
gathered by one small collector, :class:`Collector`, which also bounds how many
are kept (see :data:`MAX_PROBLEMS`). The codes are listed in ``docs/errors.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal, NoReturn

import attrs

from .limits import MAX_PROBLEMS

__all__ = [
    "MAX_PROBLEMS",
    "AmbiguousRuleSetError",
    "Collector",
    "ConfigurationError",
    "DanvanError",
    "DataError",
    "DuplicateRuleSetError",
    "InvalidValueError",
    "Lang",
    "MissingExtraError",
    "NoRuleSetInForceError",
    "NumberError",
    "Problem",
    "ReportError",
    "RuleSetError",
    "UnknownProvinceError",
    "UnknownRuleSetError",
    "field_path",
    "index_path",
    "key_path",
    "safe_text",
]

#: The languages messages are written in.
Lang = Literal["vi", "en"]

_CONTROL_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe_text(text: str) -> str:
    r"""``text`` with control characters and lone surrogates escaped, for printing.

    A unit id with a newline must not forge a row of a table, an ANSI escape
    must not reach the terminal, and a lone surrogate (legal in JSON) cannot be
    encoded at all; each becomes a visible escape:

    >>> safe_text("so-\nx\x1b[31m\ud800"), safe_text("Sở Nội vụ")
    ('so-\\nx\\x1b[31m\\ud800', 'Sở Nội vụ')
    """
    if text.isprintable():
        return text
    return "".join(_escape_char(char) for char in text)


def _escape_char(char: str) -> str:
    if char.isprintable() or char == " ":
        return char
    if char in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[char]
    point = ord(char)
    if point <= 0xFF:
        return f"\\x{point:02x}"
    if point <= 0xFFFF:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def key_path(path: str, key: object) -> str:
    r"""``$.self_scores`` + ``"I.2"`` → ``$.self_scores["I.2"]``; ints index lists.

    Quotes, backslashes and control characters of the key are escaped, so a
    path is always one printable line:

    >>> key_path("$.facts", 'a"b'), key_path("$", 3)
    ('$.facts["a\\"b"]', '$[3]')
    """
    if isinstance(key, int) and not isinstance(key, bool):
        return index_path(path, key)
    text = safe_text(str(key).replace("\\", "\\\\").replace('"', '\\"'))
    return f'{path}["{text}"]'


def index_path(path: str, index: int) -> str:
    """``$.criteria`` + ``2`` → ``$.criteria[2]``."""
    return f"{path}[{index}]"


def field_path(path: str, name: str) -> str:
    """``$.bands[0]`` + ``"min"`` → ``$.bands[0].min`` (for field names of the format).

    >>> field_path("$.bands[0]", "min")
    '$.bands[0].min'
    """
    return f"{path}.{name}"


def _join(outer: str, inner: str) -> str:
    """``$.units[3]`` + ``$.khoi`` → ``$.units[3].khoi``: a nested path under an outer one."""
    return outer + inner[1:] if inner.startswith("$") else outer


@attrs.frozen
class Problem:
    """One thing wrong with a piece of data, where it is, and what to call it.

    ``message`` is the English text, ``message_vi`` the Vietnamese; ``code`` is
    stable and machine-readable (``score.out_of_range``); ``path`` is a
    JSONPath-like address into the data as written
    (``$.scorecards[0].criteria[3].max``, ``$.self_scores["I.2"]``).
    """

    message: str
    path: str = "$"
    code: str = attrs.field(kw_only=True)
    message_vi: str = attrs.field(kw_only=True)

    @property
    def message_en(self) -> str:
        """The English message (the same as :attr:`message`)."""
        return self.message

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang`` (English where no Vietnamese text was written)."""
        return self.message_vi or self.message if lang == "vi" else self.message

    def render(self, lang: Lang = "en") -> str:
        """``message @ path``, in ``lang``, printable on one line."""
        return f"{safe_text(self.text(lang))} @ {safe_text(self.path)}"

    def under(self, outer: str) -> Problem:
        """The same problem with its path moved under ``outer`` (``$[3]`` + ``$.year``)."""
        return attrs.evolve(self, path=_join(outer, self.path))

    def to_data(self) -> dict[str, str]:
        """The JSON form: ``code``, ``path``, ``message_vi`` and ``message_en``."""
        return {
            "code": self.code,
            "path": self.path,
            "message_vi": self.text("vi"),
            "message_en": self.message,
        }

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


def _overflow(extra: int) -> Problem:
    return Problem(
        f"... and {extra} more problems (only the first {MAX_PROBLEMS} are listed)",
        code="data.too_many_problems",
        message_vi=f"... và {extra} lỗi khác (chỉ liệt kê {MAX_PROBLEMS} lỗi đầu tiên)",
    )


def _overflow_count(problem: Problem) -> int:
    words = problem.message.split()
    return int(words[2]) if len(words) > 2 and words[2].isdigit() else 0


def _bounded(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    kept: list[Problem] = []
    extra = 0
    for problem in problems:
        if problem.code == "data.too_many_problems":
            extra += _overflow_count(problem)
        elif len(kept) < MAX_PROBLEMS:
            kept.append(problem)
        else:
            extra += 1
    if extra:
        kept.append(_overflow(extra))
    return tuple(kept)


class Collector:
    """The one place problems are gathered before they are raised together.

    >>> found = Collector()
    >>> found.add("missing score for criterion I.1", '$.self_scores["I.1"]',
    ...           code="report.missing_score", vi="thiếu điểm tiêu chí I.1")
    >>> bool(found), len(found)
    (True, 1)
    >>> found.raise_if_any(ReportError, unit_id="x")
    Traceback (most recent call last):
      ...
    danvan_rules.errors.ReportError: 1 problem in report of unit 'x':
      missing score for criterion I.1 @ $.self_scores["I.1"]

    Beyond :data:`MAX_PROBLEMS` problems only a count is kept, so collecting
    costs bounded memory whatever the input.
    """

    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self._extra = 0

    def add(self, message: str, path: str = "$", *, code: str, vi: str) -> None:
        """Record one problem (English message, path, code, Vietnamese message)."""
        self.append(Problem(message, path, code=code, message_vi=vi))

    def append(self, problem: Problem) -> None:
        """Record a problem built elsewhere."""
        if len(self._problems) < MAX_PROBLEMS:
            self._problems.append(problem)
        else:
            self._extra += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for problem in problems:
            self.append(problem)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What was recorded, with the overflow count as a last problem when any."""
        if self._extra:
            return (*self._problems, _overflow(self._extra))
        return tuple(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def __len__(self) -> int:
        return len(self._problems) + self._extra

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def raise_if_any(self, error: type[DataError], /, **kwargs: Any) -> None:
        """Raise ``error(problems, **kwargs)`` when anything was recorded."""
        if self._problems:
            self.fail(error, **kwargs)

    def fail(self, error: type[DataError], /, **kwargs: Any) -> NoReturn:
        """Raise ``error(problems, **kwargs)``; there must be at least one problem."""
        raise error(self.problems, **kwargs)


class DanvanError(Exception):
    """The root of every error raised by danvan_rules."""


_SUBJECT_VI: Final = {
    "data": "dữ liệu",
    "rule set": "bộ quy tắc",
    "report": "báo cáo",
}


class DataError(DanvanError, ValueError):
    """Data that cannot be used, with every problem found in it.

    Attributes:
        problems: every problem, in the order found (never empty; at most
            :data:`MAX_PROBLEMS` plus one that counts the rest).
        subject: what the data is ("rule set 'x'", "report of unit 'y'").
    """

    subject: str = "data"
    subject_vi: str = ""

    def __init__(
        self,
        problems: Iterable[Problem],
        subject: str | None = None,
        *,
        subject_vi: str | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = _bounded(problems)
        if not self.problems:
            raise ValueError("a DataError needs at least one problem")
        if subject is not None:
            self.subject = subject
        if subject_vi is not None:
            self.subject_vi = subject_vi
        super().__init__(self.render())

    def render(self, lang: Lang = "en") -> str:
        """Every problem on its own line, in ``lang``, control characters escaped."""
        count = len(self.problems)
        if lang == "vi":
            subject = self.subject_vi or self._subject_vi()
            lines = [f"{count} lỗi trong {safe_text(subject)}:"]
        else:
            noun = "problem" if count == 1 else "problems"
            lines = [f"{count} {noun} in {safe_text(self.subject)}:"]
        lines.extend(f"  {problem.render(lang)}" for problem in self.problems)
        return "\n".join(lines)

    def _subject_vi(self) -> str:
        for english, vietnamese in _SUBJECT_VI.items():
            if self.subject.startswith(english):
                return vietnamese + self.subject[len(english) :]
        return self.subject

    def __str__(self) -> str:
        return self.render()


class RuleSetError(DataError):
    """A rule set (file, dict or object) that is malformed or inconsistent."""

    subject = "rule set"


class ReportError(DataError):
    """A unit report that cannot be scored against a rule set.

    Attributes:
        unit_id: the unit the report belongs to, or ``None`` when the report is
            too broken to tell.
        source: the file the report came from, if any.
    """

    subject = "report"

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        unit_id: str | None = None,
        source: str | None = None,
    ) -> None:
        self.unit_id = unit_id
        self.source = source
        subject = "report" if unit_id is None else f"report of unit {unit_id!r}"
        subject_vi = "báo cáo" if unit_id is None else f"báo cáo của đơn vị {unit_id!r}"
        if source is not None:
            subject += f" ({source})"
            subject_vi += f" ({source})"
        super().__init__(problems, subject, subject_vi=subject_vi)


class InvalidValueError(DanvanError, ValueError):
    """One value that is not acceptable, before its path is known.

    Low-level checks (a number, an answer) raise it; the validator that knows
    where the value sits turns it into a :class:`Problem` with :meth:`at`.

    >>> InvalidValueError("not a number", code="number.invalid", vi="không phải số").at("$.x")
    Problem(message='not a number', path='$.x', code='number.invalid', message_vi='không phải số')
    """

    def __init__(self, message: str, *, code: str, vi: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.message_vi = vi

    def at(self, path: str) -> Problem:
        """This error as a problem at ``path``."""
        return Problem(self.message, path, code=self.code, message_vi=self.message_vi)


class NumberError(InvalidValueError):
    """A value that is not an acceptable exact number (the message says why)."""


class ConfigurationError(DanvanError, ValueError):
    """A setting (such as an environment variable) with a value the library does not accept."""


class MissingExtraError(DanvanError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    >>> print(MissingExtraError("tomli_w", "toml", "writing TOML"))
    writing TOML needs the optional dependency 'tomli_w': pip install 'danvan_rules[toml]'
    """

    def __init__(self, module: str, extra: str, what: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"{what} needs the optional dependency {module!r}: pip install 'danvan_rules[{extra}]'",
            name=module,
        )


class UnknownRuleSetError(DanvanError, LookupError):
    """No rule set has the code asked for."""


class DuplicateRuleSetError(DanvanError, LookupError):
    """Two sources provide a rule set with the same code."""


class NoRuleSetInForceError(DanvanError, LookupError):
    """No rule set of a province is in force on the date asked for."""


class AmbiguousRuleSetError(DanvanError, LookupError):
    """More than one rule set of a province is in force on the date asked for."""


class UnknownProvinceError(DanvanError, LookupError):
    """No province, former or current, has the code asked for."""
