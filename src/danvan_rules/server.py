"""An HTTP API on Starlette and uvicorn (the ``server`` extra): ``danvan-rules serve``.

Routes (``docs/server.md``), every body JSON in and out (``application/json``):

- ``GET /rulesets``: every rule set (code, title, province, dates);
- ``GET /rulesets/{code}``: one rule set's data; ``GET /rulesets/{code}/schema/{category}``:
  the JSON Schema of a report (:func:`~danvan_rules.codec.schema.report_schema`);
- ``POST /score?ruleset=CODE``: one report → its result; a report the library refuses
  → 422 with ``{"errors": [...]}``, each problem ``{code, path, message_vi, message_en}``
  as the library writes it;
- ``POST /score/batch?ruleset=CODE``: a list of reports → one outcome per report, in place;
- ``POST /explain?ruleset=CODE&lang=vi|en``: the result and its explanation;
- ``POST /lint``: a rule-set TOML body → its problems;
- ``GET /openapi.json``: the OpenAPI 3.1 description; ``GET /``: a self-assessment page.

The work is done by pure functions of the request's data (:func:`score_reply` and the
others return a :class:`Reply`), so they are tested without a server; :func:`create_app`
only wires them to routes, reading each body in chunks and refusing it (413) past
``max_body`` bytes, never reading more than ``max_body + 1`` of them:

>>> reply = score_reply("example/dan-van-2024", b'{"unit_id": "x"}')
>>> reply.status, reply.data["errors"][0]["code"]
(422, 'data.missing_key')
>>> score_reply("nowhere/none", b"{}").status
404

Starlette is imported only by :func:`create_app`; without it, that raises
:class:`~danvan_rules.errors.MissingExtraError` naming the extra ``server``.
"""

from __future__ import annotations

import html
import json
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from danvan_rules import rulesets
from danvan_rules._metadata import VERSION
from danvan_rules.codec import (
    batch_to_data,
    parse_json_document,
    report_from_data,
    report_schema,
    result_schema,
    result_to_data,
    ruleset_from_toml,
    ruleset_to_data,
)
from danvan_rules.errors import (
    DataError,
    MissingExtraError,
    Problem,
    ReportError,
    RuleSetError,
    index_path,
    key_path,
)
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_REPORT_FILE_BYTES
from danvan_rules.model import (
    Checklist,
    Criterion,
    Levels,
    Points,
    RateTable,
    RuleSet,
    UnitReport,
)
from danvan_rules.model._canonical import decimal_text
from danvan_rules.scoring import explain, score, score_many

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "DEFAULT_MAX_BATCH",
    "DEFAULT_MAX_BODY",
    "DEFAULT_RULESET",
    "Reply",
    "batch_reply",
    "create_app",
    "encode",
    "explain_reply",
    "lint_reply",
    "list_reply",
    "openapi",
    "page",
    "read_body",
    "schema_reply",
    "score_reply",
    "show_reply",
    "too_large",
]

#: Bytes of one request body by default (``--max-body``).
DEFAULT_MAX_BODY: Final = 4 * 1024 * 1024
#: Reports in one batch by default.
DEFAULT_MAX_BATCH: Final = 1000
#: The rule set the page shows when none is asked for.
DEFAULT_RULESET: Final = "example/dan-van-2024"

_JSON: Final = "application/json"


@attrs.frozen
class Reply:
    """What a route answers: an HTTP status and the JSON data of the body."""

    status: int
    data: Any


class _RefusedError(Exception):
    """A request the API refuses: its status and its problems."""

    def __init__(self, status: int, problems: tuple[Problem, ...] | list[Problem]) -> None:
        super().__init__(status)
        self.status = status
        self.problems = tuple(problems)


def _errors(status: int, problems: tuple[Problem, ...] | list[Problem]) -> Reply:
    return Reply(status, {"errors": [problem.to_data() for problem in problems]})


def _replying(work: Callable[[], Any]) -> Reply:
    """``work()`` as a 200 reply, or the errors of the request it refused."""
    try:
        return Reply(200, work())
    except _RefusedError as exc:
        return _errors(exc.status, exc.problems)


# ---------------------------------------------------------------------- parameters


def _ruleset(code: str | None) -> RuleSet:
    if code is None or code == "":
        raise _RefusedError(
            400,
            [
                Problem(
                    "the query parameter 'ruleset' is missing: ?ruleset=CODE",
                    "ruleset",
                    code="server.missing_parameter",
                    message_vi="thiếu tham số 'ruleset' trong địa chỉ: ?ruleset=MÃ",
                )
            ],
        )
    try:
        return rulesets.get(code)
    except (LookupError, ValueError, TypeError):
        raise _unknown_ruleset(code) from None


def _unknown_ruleset(code: str) -> _RefusedError:
    return _RefusedError(
        404,
        [
            Problem(
                f"no rule set {code!r} (GET /rulesets lists them)",
                "ruleset",
                code="server.unknown_ruleset",
                message_vi=f"không có bộ quy tắc {code!r} (GET /rulesets liệt kê các bộ)",
            )
        ],
    )


def _path_ruleset(code: str) -> RuleSet:
    """The rule set a route's path names: an empty one (``/rulesets/``) is no rule set."""
    if code == "":
        raise _unknown_ruleset(code)
    return _ruleset(code)


def _category(ruleset: RuleSet, category: str) -> None:
    covered = [c.code for c in ruleset.categories]
    if category not in covered:
        raise _RefusedError(
            404,
            [
                Problem(
                    f"rule set {ruleset.code} has no category {category!r} "
                    f"(it covers {', '.join(covered)})",
                    "category",
                    code="server.unknown_category",
                    message_vi=f"bộ quy tắc {ruleset.code} không có khối {category!r} "
                    f"(các khối: {', '.join(covered)})",
                )
            ],
        )


def _lang(lang: str | None) -> str:
    if lang is None:
        return "vi"
    if lang not in {"vi", "en"}:
        raise _RefusedError(
            400,
            [
                Problem(
                    f"lang must be 'vi' or 'en', not {lang!r}",
                    "lang",
                    code="server.invalid_parameter",
                    message_vi=f"lang phải là 'vi' hoặc 'en', không phải {lang!r}",
                )
            ],
        )
    return lang


def too_large(max_body: int) -> Reply:
    """The 413 reply to a body of more than ``max_body`` bytes."""
    return _errors(
        413,
        [
            Problem(
                f"the request body is larger than the limit of {max_body} bytes",
                code="server.body_too_large",
                message_vi=f"nội dung yêu cầu lớn hơn giới hạn {max_body} byte",
            )
        ],
    )


def _document(body: bytes) -> Any:
    """The JSON data of a body (exact numbers, the library's limits); 400 when it is not JSON."""
    try:
        return parse_json_document(body, limit=MAX_REPORT_FILE_BYTES)
    except DataError as exc:
        raise _RefusedError(400, exc.problems) from None


def _report(data: Any) -> UnitReport:
    try:
        return report_from_data(data)
    except ReportError as exc:
        raise _RefusedError(422, exc.problems) from None


def _scored(ruleset: RuleSet, body: bytes) -> Any:
    report = _report(_document(body))
    try:
        return score(ruleset, report)
    except ReportError as exc:
        raise _RefusedError(422, exc.problems) from None


# ---------------------------------------------------------------------- the routes' work


def list_reply() -> Reply:
    """``GET /rulesets``: every rule set's code, titles, province and dates."""
    return Reply(
        200,
        [
            {
                "code": rs.code,
                "title_vi": rs.title_vi,
                "province": rs.province,
                "instrument": rs.instrument.number,
                "effective_from": rs.effective_from.isoformat(),
                "effective_until": None
                if rs.effective_until is None
                else rs.effective_until.isoformat(),
                "categories": [{"code": c.code, "label_vi": c.label_vi} for c in rs.categories],
                "illustrative": rs.illustrative,
            }
            for rs in rulesets.load_all()
        ],
    )


def show_reply(code: str) -> Reply:
    """``GET /rulesets/{code}``: the rule set's data form (as ``danvan-rules show --format json``)."""
    return _replying(lambda: ruleset_to_data(_path_ruleset(code)))


def schema_reply(code: str, category: str) -> Reply:
    """``GET /rulesets/{code}/schema/{category}``: the JSON Schema of a report."""

    def work() -> Any:
        ruleset = _path_ruleset(code)
        _category(ruleset, category)
        return report_schema(ruleset, category)

    return _replying(work)


def score_reply(code: str | None, body: bytes) -> Reply:
    """``POST /score``: one report's result, or 422 with every problem of the report."""
    return _replying(lambda: result_to_data(_scored(_ruleset(code), body)))


def explain_reply(code: str | None, lang: str | None, body: bytes) -> Reply:
    """``POST /explain``: the result with its ``explanation`` in ``lang`` (Vietnamese by default)."""

    def work() -> Any:
        refused: list[_RefusedError] = []
        try:
            ruleset = _ruleset(code)
        except _RefusedError as exc:
            refused.append(exc)
        try:
            language = _lang(lang)
        except _RefusedError as exc:
            refused.append(exc)
        if refused:  # both parameters' problems at once: a 400 before a 404
            status = min(exc.status for exc in refused)
            raise _RefusedError(status, [p for exc in refused for p in exc.problems])
        result = _scored(ruleset, body)
        return {
            **result_to_data(result),
            "explanation": explain(result, lang="vi" if language == "vi" else "en"),
        }

    return _replying(work)


def batch_reply(code: str | None, body: bytes, *, max_batch: int = DEFAULT_MAX_BATCH) -> Reply:
    """``POST /score/batch``: one outcome per report, in order; refused reports in their place.

    A body that is not a list is 422; a list of more than ``max_batch`` reports is 413.
    """

    def work() -> Any:
        ruleset = _ruleset(code)
        data = _document(body)
        if not isinstance(data, list):
            name = type(data).__name__
            raise _RefusedError(
                422,
                [
                    Problem(
                        f"expected a list of reports, not {name}",
                        code="data.expected_reports",
                        message_vi=f"cần một danh sách báo cáo, không phải {name}",
                    )
                ],
            )
        if len(data) > max_batch:
            raise _RefusedError(
                413,
                [
                    Problem(
                        f"a batch of {len(data)} reports is more than the limit of {max_batch}",
                        code="document.list_too_long",
                        message_vi=f"lô có {len(data)} báo cáo, vượt quá giới hạn {max_batch}",
                    )
                ],
            )
        inputs: list[UnitReport | ReportError] = []
        for i, item in enumerate(data):
            try:
                inputs.append(report_from_data(item))
            except ReportError as exc:
                problems = [p.under(index_path("$", i)) for p in exc.problems]
                inputs.append(ReportError(problems, unit_id=exc.unit_id))
        return batch_to_data(score_many(ruleset, inputs))

    return _replying(work)


def lint_reply(body: bytes) -> Reply:
    """``POST /lint``: a rule-set TOML body → ``ok`` with its code, or ``invalid`` with problems.

    Problems of the rule set are the answer, not a failure of the request: 200 either way.
    """
    try:
        rs = ruleset_from_toml(body)
    except RuleSetError as exc:
        return Reply(200, {"status": "invalid", "problems": [p.to_data() for p in exc.problems]})
    return Reply(200, {"status": "ok", "code": rs.code, "assumed_values": rs.assumed_values})


# ---------------------------------------------------------------------- OpenAPI


def _body(ref: str) -> dict[str, Any]:
    return {"content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _answer(description: str, ref: str) -> dict[str, Any]:
    return {"description": description, **_body(ref)}


def _refusals(*statuses: str) -> dict[str, Any]:
    texts = {
        "400": "a missing or invalid parameter, or a body that is not JSON",
        "404": "no such rule set or category",
        "413": "the body (or the batch) is larger than the server's limit",
        "422": "the report is refused: every problem with its code and path",
        "500": "a fault of the server (server.internal_error), never of the request",
    }
    return {status: _answer(texts[status], "Errors") for status in (*statuses, "500")}


def _component(name: str, schema: dict[str, Any], *, defs_of: str | None = None) -> dict[str, Any]:
    """``schema`` as the component ``name``, its ``$defs`` beside it as ``{name}.{def}``.

    Inside a standalone schema ``#/$defs/decimal`` points into the schema; inside the
    OpenAPI document it would point at the document's root, where nothing is. So each
    definition becomes a component of its own and each reference names it. With
    ``defs_of``, the references name that component's definitions, already there.
    """
    defs = schema.get("$defs", {})
    owner = name if defs_of is None else defs_of
    moved = {f"#/$defs/{key}": f"#/components/schemas/{owner}.{key}" for key in defs}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: moved.get(value, value) if key == "$ref" else rewrite(value)
                for key, value in node.items()
                if key not in ("$schema", "$id", "$defs")
            }
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    if defs_of is not None:
        return {name: rewrite(schema)}
    return {name: rewrite(schema), **{f"{name}.{key}": rewrite(d) for key, d in defs.items()}}


def _explained_schema() -> dict[str, Any]:
    """The result's schema with an ``explanation`` among its properties.

    A result admits no other property, so ``allOf`` of the result and an
    ``explanation`` would admit no answer at all.
    """
    result = result_schema()
    return {
        **result,
        "title": "Explained result",
        "properties": {**result["properties"], "explanation": {"type": "string"}},
        "required": [*result["required"], "explanation"],
    }


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the API, built from the library's JSON Schemas.

    A report's schema depends on the rule set and category: the component
    ``Report`` stands for it, and ``GET /rulesets/{code}/schema/{category}``
    gives the exact one. ``Result`` is :func:`~danvan_rules.codec.schema.result_schema`.

    >>> doc = openapi()
    >>> doc["openapi"], sorted(doc["paths"])[:3]
    ('3.1.0', ['/', '/explain', '/lint'])
    """
    ruleset = {
        "name": "ruleset",
        "in": "query",
        "required": True,
        "schema": {"type": "string"},
        "description": "a rule set's code (GET /rulesets)",
        "example": DEFAULT_RULESET,
    }
    code = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    problem = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("code", "path", "message_vi", "message_en")},
        "required": ["code", "path", "message_vi", "message_en"],
        "additionalProperties": False,
    }
    invalid = {
        "type": "object",
        "properties": {
            "unit_id": {"type": ["string", "null"]},
            "status": {"const": "invalid"},
            "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        },
        "required": ["unit_id", "status", "problems"],
    }
    report_body = {"required": True, **_body("Report")}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "danvan-rules",
            "version": VERSION,
            "description": (
                "Chấm điểm công tác dân vận chính quyền theo bộ quy tắc của tỉnh. / Score "
                "units against Vietnam's dân vận chính quyền evaluation rule sets."
            ),
        },
        "paths": {
            "/": {
                "get": {
                    "summary": "the self-assessment page (trang tự chấm điểm)",
                    "parameters": [
                        {**ruleset, "required": False},
                        {"name": "category", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {"description": "HTML", "content": {"text/html": {}}},
                        "404": {"description": "no such rule set or category"},
                    },
                }
            },
            "/rulesets": {
                "get": {
                    "summary": "every rule set",
                    "responses": {"200": _answer("the rule sets", "RuleSets")},
                }
            },
            "/rulesets/{code}": {
                "get": {
                    "summary": "one rule set's data",
                    "parameters": [code],
                    "responses": {
                        "200": {
                            "description": "the rule set",
                            "content": {_JSON: {"schema": {"type": "object"}}},
                        },
                        **_refusals("404"),
                    },
                }
            },
            "/rulesets/{code}/schema/{category}": {
                "get": {
                    "summary": "the JSON Schema of a report of a category",
                    "parameters": [
                        code,
                        {
                            "name": "category",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "a JSON Schema (2020-12)",
                            "content": {_JSON: {"schema": {"type": "object"}}},
                        },
                        **_refusals("404"),
                    },
                }
            },
            "/score": {
                "post": {
                    "summary": "score one report",
                    "parameters": [ruleset],
                    "requestBody": report_body,
                    "responses": {
                        "200": _answer("the result", "Result"),
                        **_refusals("400", "404", "413", "422"),
                    },
                }
            },
            "/score/batch": {
                "post": {
                    "summary": "score a list of reports: one outcome per report, in order",
                    "parameters": [ruleset],
                    "requestBody": {"required": True, **_body("Reports")},
                    "responses": {
                        "200": _answer("one outcome per report", "Outcomes"),
                        **_refusals("400", "404", "413", "422"),
                    },
                }
            },
            "/explain": {
                "post": {
                    "summary": "score one report and explain it",
                    "parameters": [
                        ruleset,
                        {
                            "name": "lang",
                            "in": "query",
                            "schema": {"enum": ["vi", "en"], "default": "vi"},
                        },
                    ],
                    "requestBody": report_body,
                    "responses": {
                        "200": _answer("the result and its explanation", "Explained"),
                        **_refusals("400", "404", "413", "422"),
                    },
                }
            },
            "/lint": {
                "post": {
                    "summary": "check a rule-set TOML document",
                    "requestBody": {
                        "required": True,
                        "content": {"application/toml": {"schema": {"type": "string"}}},
                    },
                    "responses": {
                        "200": _answer("ok, or every problem", "Lint"),
                        **_refusals("413"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "this description",
                    "responses": {"200": {"description": "OpenAPI 3.1"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Report": {
                    "type": "object",
                    "description": (
                        "A unit's report; its exact schema depends on the rule set and "
                        "category: GET /rulesets/{code}/schema/{category}."
                    ),
                },
                "Reports": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Report"},
                },
                **_component("Result", result_schema()),
                **_component("Explained", _explained_schema(), defs_of="Result"),
                "Invalid": invalid,
                "Outcomes": {
                    "type": "array",
                    "items": {
                        "anyOf": [
                            {"$ref": "#/components/schemas/Result"},
                            {"$ref": "#/components/schemas/Invalid"},
                        ]
                    },
                },
                "Problem": problem,
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Problem"},
                        }
                    },
                    "required": ["errors"],
                },
                "RuleSets": {"type": "array", "items": {"type": "object"}},
                "Lint": {
                    "type": "object",
                    "properties": {
                        "status": {"enum": ["ok", "invalid"]},
                        "code": {"type": "string"},
                        "assumed_values": {"type": "integer"},
                        "problems": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Problem"},
                        },
                    },
                    "required": ["status"],
                },
            }
        },
    }


# ---------------------------------------------------------------------- the page

_E: Final = html.escape


def _number_input(path: str, minimum: str, maximum: str | None, step: str) -> str:
    """A text input for a number: what the person types is sent as typed.

    Not ``type="number"``: Chromium drops the keystrokes it cannot parse, so a
    decimal comma typed as ``0,5`` would reach the library as ``05`` (5 points),
    where the library refuses ``0,5`` with a hint. The limits stay as ``data-``
    attributes and a placeholder.
    """
    top = "" if maximum is None else f' data-max="{_E(maximum)}"'
    shown = f"{minimum}–{maximum}" if maximum is not None else f"≥ {minimum}"
    return (
        f'<input type="text" inputmode="decimal" data-path="{_E(path)}" data-kind="number"'
        f' data-min="{_E(minimum)}"{top} data-step="{_E(step)}" placeholder="{_E(shown)}">'
    )


def _leaf_input(leaf: Criterion, path: str) -> str:
    measure = leaf.measure
    if isinstance(measure, Checklist):
        return f'<input type="checkbox" data-path="{_E(path)}" data-kind="flag">'
    if isinstance(measure, Levels):
        options = "".join(
            f'<option value="{_E(level.name)}">{_E(level.name)} '
            f"({_E(decimal_text(level.points))} điểm)</option>"
            for level in measure.levels
        )
        return (
            f'<select data-path="{_E(path)}" data-kind="text">'
            f'<option value="">— chọn —</option>{options}</select>'
        )
    if isinstance(measure, Points):
        step = "any" if measure.step is None else decimal_text(measure.step)
        return _number_input(path, "0", decimal_text(leaf.max), step)
    if isinstance(measure, RateTable) and measure.unit == "percent":
        return _number_input(path, "0", "100", "any")
    # a count: of a rate table's events, or of deductions
    return _number_input(path, "0", None, "1")


def _row(cells: tuple[str, str, str], control: str, path: str, depth: int) -> str:
    code, title, maximum = cells
    return (
        f'<tr class="depth-{depth}"><td>{_E(code)}</td><td>{_E(title)}</td>'
        f"<td>{_E(maximum)}</td><td>{control}"
        f'<span class="error" data-error-for="{_E(path)}"></span></td></tr>'
    )


def _criteria_rows(ruleset: RuleSet, category: str) -> list[str]:
    card = ruleset.scorecard_for(category)
    rows: list[str] = []
    for criterion in card.ordered:
        depth = card.depth[criterion.code]
        maximum = decimal_text(criterion.max)
        if criterion.measure is None:
            rows.append(
                f'<tr class="group depth-{depth}"><th>{_E(criterion.code)}</th>'
                f'<th colspan="2">{_E(criterion.title_vi)}</th><th>{_E(maximum)}</th></tr>'
            )
        elif criterion.appraiser_only:
            rows.append(
                f'<tr class="depth-{depth}"><td>{_E(criterion.code)}</td>'
                f"<td>{_E(criterion.title_vi)}</td><td>{_E(maximum)}</td>"
                "<td><em>do cấp trên thẩm định</em></td></tr>"
            )
        else:
            path = key_path("$.self_scores", criterion.code)
            control = _leaf_input(criterion, path)
            rows.append(_row((criterion.code, criterion.title_vi, maximum), control, path, depth))
    return rows


def _fact_rows(ruleset: RuleSet) -> list[str]:
    rows: list[str] = []
    for fact in ruleset.facts:
        path = key_path("$.facts", fact.name)
        if fact.kind == "flag":
            control = f'<input type="checkbox" data-path="{_E(path)}" data-kind="flag">'
        else:
            control = (
                f'<input type="text" inputmode="numeric" data-path="{_E(path)}" data-kind="count" '
                'data-min="0" data-step="1" value="0">'
            )
        rows.append(_row((fact.name, fact.label_vi, ""), control, path, 0))
    return rows


def _bonus_rows(ruleset: RuleSet) -> list[str]:
    rows: list[str] = []
    for code, bonus in ruleset.bonuses.items():
        path = key_path("$.bonuses", code)
        if bonus.points is None:
            control = _number_input(path, "0", decimal_text(bonus.cap), "any")
            what = f"tối đa {decimal_text(bonus.cap)} điểm"
        else:
            control = _number_input(path, "0", None, "1")
            what = f"số lượng; {decimal_text(bonus.points)} điểm mỗi lần, tối đa {decimal_text(bonus.cap)}"
        rows.append(_row((code, f"{bonus.label_vi} ({what})", ""), control, path, 0))
    return rows


_STYLE: Final = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; max-width: 64rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
td, th { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
tr.group th { background: #f0f0f0; }
tr.depth-1 td:nth-child(2) { padding-left: 1.5rem; }
.error { color: #b00020; display: block; font-size: .9em; }
#result pre { white-space: pre-wrap; background: #f8f8f8; padding: .5rem; }
"""

_SCRIPT: Final = r"""
(function () {
  "use strict";
  var form = document.getElementById("self-assessment");
  function field(path) {
    var all = form.querySelectorAll("[data-path]");
    for (var i = 0; i < all.length; i++) { if (all[i].dataset.path === path) return all[i]; }
    return null;
  }
  function slot(path) {
    var all = form.querySelectorAll("[data-error-for]");
    for (var i = 0; i < all.length; i++) { if (all[i].dataset.errorFor === path) return all[i]; }
    return null;
  }
  function put(target, key, el) {
    var kind = el.dataset.kind;
    if (kind === "flag") { target[key] = el.checked; return; }
    var value = el.value.trim();
    if (value === "") return;  // left to the library: a missing answer is named at its path
    target[key] = kind === "count" ? whole(value) : value;
  }
  function whole(value) {
    // digits only become a number; anything else ("0x10", "1e3", "2,5") goes as typed, for
    // the library to name, not for Number() to turn into something the person did not type
    return /^[0-9]+$/.test(value) ? Number(value) : value;
  }
  function report() {
    var data = { self_scores: {}, facts: {}, bonuses: {} };
    var ids = form.querySelectorAll("[data-field]");
    for (var i = 0; i < ids.length; i++) {
      var el = ids[i];
      var text = el.value.trim();
      if (el.dataset.field !== "year") data[el.dataset.field] = el.value;
      else if (text !== "") data.year = whole(text);  // "" is missing, not the year 0
    }
    var inputs = form.querySelectorAll("[data-path]");
    for (var j = 0; j < inputs.length; j++) {
      var p = inputs[j].dataset.path;
      var m = /^\$\.(self_scores|facts|bonuses)\["(.*)"\]$/.exec(p);
      if (m) put(data[m[1]], m[2].replace(/\\"/g, '"').replace(/\\\\/g, "\\"), inputs[j]);
    }
    if (Object.keys(data.bonuses).length === 0) delete data.bonuses;
    if (form.dataset.hasFacts !== "1") delete data.facts;
    return data;
  }
  function clear() {
    var slots = form.querySelectorAll("[data-error-for]");
    for (var i = 0; i < slots.length; i++) slots[i].textContent = "";
    document.getElementById("errors").textContent = "";
    document.getElementById("total").textContent = "";
    document.getElementById("band").textContent = "";
    document.getElementById("explanation").textContent = "";
  }
  function showErrors(errors) {
    var general = document.getElementById("errors");
    for (var i = 0; i < errors.length; i++) {
      var e = errors[i];
      var target = slot(e.path) || slot(e.path.replace(/^(\$\.[a-z_]+\[".*?"\]).*$/, "$1"));
      var text = e.message_vi || e.message_en;
      if (target) {
        target.textContent = (target.textContent ? target.textContent + "; " : "") + text;
      } else {
        var li = document.createElement("li");
        li.textContent = text + " (" + e.path + ")";
        general.appendChild(li);
      }
    }
    document.getElementById("status").textContent = "Báo cáo có lỗi: xem các ô được đánh dấu.";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clear();
    document.getElementById("status").textContent = "Đang chấm điểm…";
    var url = "explain?lang=vi&ruleset=" + encodeURIComponent(form.dataset.ruleset);
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(report())
    }).then(function (response) {
      return response.json().then(function (body) { return [response.status, body]; });
    }).then(function (pair) {
      var body = pair[1];
      if (pair[0] !== 200) { showErrors(body.errors || []); return; }
      document.getElementById("status").textContent = "Đã chấm điểm.";
      document.getElementById("total").textContent = body.total;
      document.getElementById("band").textContent = body.band_label_vi || "Không xếp loại";
      document.getElementById("explanation").textContent = body.explanation;
    }).catch(function (error) {
      document.getElementById("status").textContent = "Lỗi kết nối: " + error;
    });
  });
  window.danvanReady = true;
})();
"""


def _choices(ruleset: RuleSet, category: str) -> str:
    options = []
    for rs in rulesets.load_all():
        for c in rs.categories:
            chosen = " selected" if (rs.code, c.code) == (ruleset.code, category) else ""
            value = f"ruleset={rs.code}&category={c.code}"
            options.append(
                f'<option value="{_E(value)}"{chosen}>{_E(rs.code)} — {_E(c.label_vi)}</option>'
            )
    return (
        '<form method="get" action="" id="choose" '
        "onchange=\"location.search='?'+this.elements[0].value\">"
        f'<label>Bộ quy tắc và khối: <select name="choice">{"".join(options)}</select></label>'
        "</form>"
    )


_HEAD: Final = (
    "<h2>Tiêu chí</h2><table><thead><tr><th>Mã</th><th>Nội dung</th><th>Tối đa</th>"
    "<th>Tự chấm</th></tr></thead><tbody>"
)


def page(code: str | None = None, category: str | None = None) -> tuple[int, str]:
    """``GET /``: the status and HTML of the self-assessment page of a rule set's category.

    The page (Vietnamese) lists the category's criteria in annex order, each
    with an input bounded as the rule set says, the facts and the bonuses; its
    script posts the report to ``/explain`` and shows the total, the band and
    the explanation, or each problem next to the input its path names.
    Every text is escaped. An unknown rule set or category is a 404 page.
    """
    try:
        ruleset = _ruleset(code or DEFAULT_RULESET)
        chosen = category or ruleset.categories[0].code
        _category(ruleset, chosen)
    except _RefusedError as exc:
        text = "; ".join(p.message_vi for p in exc.problems)
        body = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            "<title>Không tìm thấy</title></head><body><h1>Không tìm thấy</h1>"
            f'<p class="error">{_E(text)}</p><p><a href="?">Về trang đầu</a></p></body></html>'
        )
        return exc.status, body
    label = ruleset.category(chosen)
    identity = "".join(
        f'<label>{_E(text)} <input data-field="{name}" value="{_E(value)}"{extra}></label>'
        f'<span class="error" data-error-for="$.{name}"></span> '
        for name, text, value, extra in (
            ("unit_id", "Mã đơn vị", "", ' required placeholder="so-tu-phap"'),
            ("unit_name", "Tên đơn vị", "", " required"),
            ("year", "Năm", str(ruleset.effective_from.year), ' inputmode="numeric"'),
            ("province", "Tỉnh", ruleset.province, ""),
        )
    )
    sections = [
        _HEAD,
        *_criteria_rows(ruleset, chosen),
        "</tbody></table>",
    ]
    facts = _fact_rows(ruleset)
    if facts:
        sections += ["<h2>Dữ kiện</h2><table><tbody>", *facts, "</tbody></table>"]
    bonuses = _bonus_rows(ruleset)
    if bonuses:
        sections += ["<h2>Điểm thưởng đề nghị</h2><table><tbody>", *bonuses, "</tbody></table>"]
    body = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Tự chấm điểm — {_E(ruleset.code)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Tự chấm điểm công tác dân vận chính quyền</h1>"
        f"<p>{_E(ruleset.title_vi)} ({_E(ruleset.code)}) — khối {_E(label.label_vi)}</p>"
        f"{_choices(ruleset, chosen)}"
        f'<form id="self-assessment" novalidate data-ruleset="{_E(ruleset.code)}"'
        f' data-has-facts="{"1" if ruleset.facts else "0"}">'
        f'<p>{identity}<input type="hidden" data-field="category" value="{_E(chosen)}"></p>'
        f"{''.join(sections)}"
        '<p><button type="submit" id="submit">Chấm điểm</button></p>'
        '<ul id="errors" class="error"></ul></form>'
        '<section id="result"><h2>Kết quả</h2><p id="status"></p>'
        '<p>Tổng điểm: <strong id="total"></strong></p>'
        '<p>Xếp loại: <strong id="band"></strong></p>'
        '<pre id="explanation"></pre></section>'
        f"<script>{_SCRIPT}</script></body></html>"
    )
    return 200, body


# ---------------------------------------------------------------------- the app


def encode(data: Any) -> bytes:
    r"""JSON bytes of ``data``: UTF-8, or ``\u`` escapes when text is not Unicode scalar values.

    >>> encode({"a": "Tốt"}), encode("\ud800")
    (b'{"a": "T\xe1\xbb\x91t"}', b'"\\ud800"')
    """
    text = json.dumps(data, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True).encode("ascii")


def _past(digits: str, limit: int) -> bool:
    """Whether the number ``digits`` (no leading zeros) is more than ``limit``."""
    return len(digits) > len(str(limit)) or int(digits) > limit  # int() only on a few digits


async def read_body(
    chunks: AsyncIterator[bytes], declared: str | None, max_body: int
) -> bytes | None:
    """The body, or ``None`` once it is past ``max_body`` bytes (at most ``max_body + 1`` kept).

    A declared ``Content-Length`` past the limit is refused before anything is read.
    """
    length = declared.strip().lstrip("0") if declared is not None else ""
    # not "²" (no int), and compared by its digits first: int() refuses past 4300 of them
    if length.isascii() and length.isdigit() and _past(length, max_body):
        return None
    kept = bytearray()
    async for chunk in chunks:
        kept += chunk[: max_body + 1 - len(kept)]
        if len(kept) > max_body:
            return None
    return bytes(kept)


def _check_limit(name: str, value: int, most: int) -> None:
    if not 1 <= value <= most:
        raise ValueError(f"{name} must be between 1 and {most}, not {value}")


def _respond(reply: Reply) -> Response:
    from starlette.responses import Response

    return Response(encode(reply.data), status_code=reply.status, media_type=_JSON)


def _repeated(request: Request, *names: str) -> Response | None:
    """400 naming each of ``names`` given more than once (``?ruleset=a&ruleset=b``), or None.

    Starlette's ``query_params.get`` would take the last one silently: which
    rule set scored the report is not left to a guess.
    """
    problems = [
        Problem(
            f"the query parameter {name!r} is given {count} times: give it once",
            name,
            code="server.invalid_parameter",
            message_vi=f"tham số {name!r} được cho {count} lần: chỉ cho một lần",
        )
        for name in names
        if (count := len(request.query_params.getlist(name))) > 1
    ]
    return _respond(_errors(400, problems)) if problems else None


@attrs.frozen
class _Api:
    """The routes' endpoints: each reads the request, calls a pure function, answers JSON."""

    max_body: int
    max_batch: int

    async def _posted(
        self, request: Request, work: Callable[[bytes], Reply], *once: str
    ) -> Response:
        """``work(body)`` in a worker thread, or 413 once the body is past ``max_body``.

        Before the body is read, a query parameter of ``once`` given twice is a 400.
        """
        from starlette.concurrency import run_in_threadpool

        if (twice := _repeated(request, *once)) is not None:
            return twice
        declared = request.headers.get("content-length")
        body = await read_body(request.stream(), declared, self.max_body)
        if body is None:
            return _respond(too_large(self.max_body))
        return _respond(await run_in_threadpool(work, body))

    async def rulesets(self, _request: Request) -> Response:
        return _respond(list_reply())

    async def show(self, request: Request) -> Response:
        return _respond(show_reply(request.path_params["code"]))

    async def schema(self, request: Request) -> Response:
        params = request.path_params
        return _respond(schema_reply(params["code"], params["category"]))

    async def score(self, request: Request) -> Response:
        code = request.query_params.get("ruleset")
        return await self._posted(request, lambda body: score_reply(code, body), "ruleset")

    async def batch(self, request: Request) -> Response:
        code = request.query_params.get("ruleset")
        return await self._posted(
            request, lambda body: batch_reply(code, body, max_batch=self.max_batch), "ruleset"
        )

    async def explain(self, request: Request) -> Response:
        code, lang = request.query_params.get("ruleset"), request.query_params.get("lang")
        return await self._posted(
            request, lambda body: explain_reply(code, lang, body), "ruleset", "lang"
        )

    async def lint(self, request: Request) -> Response:
        return await self._posted(request, lint_reply)

    async def openapi(self, _request: Request) -> Response:
        return _respond(Reply(200, openapi()))

    async def page(self, request: Request) -> Response:
        from starlette.responses import HTMLResponse

        params = request.query_params
        status, text = page(params.get("ruleset"), params.get("category"))
        return HTMLResponse(text, status_code=status)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        """Starlette's own refusals (no such route, a method not allowed) as JSON errors."""
        from starlette.exceptions import HTTPException

        assert isinstance(exc, HTTPException)  # noqa: S101 - registered for HTTPException only
        where = f"{request.method} {request.url.path}"
        problem = Problem(
            f"{exc.status_code} {exc.detail}: {where}",
            code="server.http_error",
            message_vi=f"lỗi HTTP {exc.status_code}: {where}",
        )
        reply = _respond(_errors(exc.status_code, [problem]))
        reply.headers.update(exc.headers or {})
        return reply

    async def internal_error(self, request: Request, _exc: Exception) -> Response:
        """A fault of the library (500), answered as JSON like every refusal.

        Starlette still raises the exception after this answer, so the server logs
        its traceback; the answer names no internals, only the request.
        """
        where = f"{request.method} {request.url.path}"
        problem = Problem(
            f"the server failed on {where}: a fault of danvan_rules, not of the request;"
            " please report it",
            code="server.internal_error",
            message_vi=f"máy chủ gặp lỗi khi xử lý {where}: lỗi của danvan_rules, không phải"
            " của yêu cầu; xin báo lại",
        )
        return _respond(_errors(500, [problem]))


def create_app(
    *, max_body: int = DEFAULT_MAX_BODY, max_batch: int = DEFAULT_MAX_BATCH
) -> Starlette:
    """The Starlette application of the API (``docs/server.md``).

    ``max_body`` bounds the bytes of a request body (at most
    :data:`~danvan_rules.limits.MAX_REPORT_FILE_BYTES`), ``max_batch`` the
    reports of a batch (at most :data:`~danvan_rules.limits.MAX_LIST_LENGTH`).

    Raises:
        MissingExtraError: Starlette is not installed (``pip install 'danvan_rules[server]'``).
        ValueError: a limit below 1 or above the library's.
    """
    try:
        import starlette  # noqa: F401 - the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("starlette", "server", "the HTTP API") from None
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.routing import Route

    _check_limit("max_body", max_body, MAX_REPORT_FILE_BYTES)
    _check_limit("max_batch", max_batch, MAX_LIST_LENGTH)
    api = _Api(max_body, max_batch)
    routes = [
        Route("/", api.page, methods=["GET"]),
        Route("/rulesets", api.rulesets, methods=["GET"]),
        Route("/rulesets/{code:path}/schema/{category}", api.schema, methods=["GET"]),
        Route("/rulesets/{code:path}", api.show, methods=["GET"]),
        Route("/score", api.score, methods=["POST"]),
        Route("/score/batch", api.batch, methods=["POST"]),
        Route("/explain", api.explain, methods=["POST"]),
        Route("/lint", api.lint, methods=["POST"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
    ]
    handlers = {HTTPException: api.http_error, Exception: api.internal_error}
    return Starlette(routes=routes, exception_handlers=handlers)
