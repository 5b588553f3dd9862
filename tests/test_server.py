"""Issue #10 §3: ``danvan-rules serve``, the HTTP API, its OpenAPI description and its page.

Three layers: the routes in-process (Starlette's test client: every route and
every refusal), a real server process on 127.0.0.1 (start, score, bad input,
oversized input, shut down), and the page in headless Chromium (fill it in,
submit, read the band, see a field-level error). The browser is Debian's
``chromium`` and ``chromium-driver``, which the test session installs: the
browser test fails rather than skips without them.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.testclient import TestClient

import danvan_rules as dr
from danvan_rules import rulesets, server
from danvan_rules.cli import OK, USAGE
from danvan_rules.errors import MissingExtraError
from danvan_rules.server import create_app, openapi, page, read_body
from danvan_rules.testing import reports_for

from .cli_run import run
from .conftest import EXAMPLE_CODE, EXAMPLE_TOML, EXAMPLES

TOT = (EXAMPLES / "tot.json").read_bytes()
PATH_I2 = '$.self_scores["I.2"]'


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(max_body=64 * 1024, max_batch=3)) as test_client:
        yield test_client


def tot(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TOT)
    data.update(changes)
    return data


def with_score(code: str, value: object) -> bytes:
    data = tot()
    data["self_scores"][code] = value
    return json.dumps(data).encode()


def codes(reply: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in reply.json()["errors"]]


# ---------------------------------------------------------------------- the app


def test_create_app_names_the_extra_without_starlette(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(MissingExtraError, match=r"danvan_rules\[server\]") as caught:
        create_app()
    assert caught.value.extra == "server"


@pytest.mark.parametrize("limits", [{"max_body": 0}, {"max_batch": 0}, {"max_batch": 10**9}])
def test_create_app_refuses_limits_out_of_range(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be between 1"):
        create_app(**limits)


def test_every_answer_is_json(client: TestClient) -> None:
    for reply in (
        client.get("/rulesets"),
        client.post("/score", content=b"{}"),
        client.get("/nowhere"),
    ):
        assert reply.headers["content-type"] == "application/json"


# ---------------------------------------------------------------------- rule sets


def test_rulesets_lists_codes_titles_provinces_and_dates(client: TestClient) -> None:
    reply = client.get("/rulesets")
    assert reply.status_code == 200
    rows = {row["code"]: row for row in reply.json()}
    assert set(rows) == set(rulesets.available())
    example = rows[EXAMPLE_CODE]
    assert example["province"] == "example"
    assert example["effective_from"] == "2024-01-01"
    assert example["effective_until"] is None
    assert example["categories"][0] == {"code": "so-nganh", "label_vi": "Sở, ban, ngành tỉnh"}
    assert any(row["effective_until"] for row in rows.values())


def test_one_ruleset_is_its_data(client: TestClient) -> None:
    reply = client.get(f"/rulesets/{EXAMPLE_CODE}")
    assert reply.status_code == 200
    assert reply.json() == json.loads(
        json.dumps(dr.codec.ruleset_to_data(rulesets.get(EXAMPLE_CODE)))
    )


def test_unknown_ruleset_is_404(client: TestClient) -> None:
    for url in ("/rulesets/nowhere/none", "/rulesets/nowhere/schema/so-nganh"):
        reply = client.get(url)
        assert reply.status_code == 404
        assert codes(reply) == [("server.unknown_ruleset", "ruleset")]
    reply = client.post("/score?ruleset=nowhere", content=TOT)
    assert (reply.status_code, codes(reply)) == (404, [("server.unknown_ruleset", "ruleset")])


@pytest.mark.parametrize("url", ["/rulesets/", "/rulesets//schema/so-nganh"])
def test_an_empty_code_in_the_path_is_no_rule_set(client: TestClient, url: str) -> None:
    # not "the query parameter 'ruleset' is missing": there is no such parameter here
    reply = client.get(url)
    assert (reply.status_code, codes(reply)) == (404, [("server.unknown_ruleset", "ruleset")])


def test_report_schema_route(client: TestClient) -> None:
    reply = client.get(f"/rulesets/{EXAMPLE_CODE}/schema/so-nganh")
    assert reply.status_code == 200
    expected = dr.codec.report_schema(rulesets.get(EXAMPLE_CODE), "so-nganh")
    assert reply.json() == json.loads(json.dumps(expected))
    reply = client.get(f"/rulesets/{EXAMPLE_CODE}/schema/khong-co")
    assert (reply.status_code, codes(reply)) == (404, [("server.unknown_category", "category")])


# ---------------------------------------------------------------------- scoring


def test_score_one_report(client: TestClient) -> None:
    reply = client.post(f"/score?ruleset={EXAMPLE_CODE}", content=TOT)
    assert reply.status_code == 200
    data = reply.json()
    assert (data["total"], data["band"], data["band_label_vi"]) == (
        "82.50",
        "tot",
        "Hoàn thành tốt",
    )
    Draft202012Validator(dr.codec.result_schema()).validate(data)


def test_bad_report_is_422_with_the_library_s_codes_and_paths(client: TestClient) -> None:
    # refused by the scorer (range) and by the reader (types): the same problems as the library
    reply = client.post(f"/score?ruleset={EXAMPLE_CODE}", content=with_score("I.2", 27))
    assert reply.status_code == 422
    assert codes(reply) == [("score.out_of_range", PATH_I2)]
    problem = reply.json()["errors"][0]
    assert set(problem) == {"code", "path", "message_vi", "message_en"}
    reply = client.post(f"/score?ruleset={EXAMPLE_CODE}", content=json.dumps(tot(year="x")))
    assert reply.status_code == 422
    assert codes(reply) == [("data.expected_integer", "$.year")]


def test_body_that_is_not_json_is_400(client: TestClient) -> None:
    reply = client.post(f"/score?ruleset={EXAMPLE_CODE}", content=b"{not json")
    assert reply.status_code == 400
    assert codes(reply)[0][0] == "document.invalid_json"


@pytest.mark.parametrize("query", ["", "?ruleset="])
def test_missing_ruleset_parameter_is_400(client: TestClient, query: str) -> None:
    reply = client.post(f"/score{query}", content=TOT)
    assert (reply.status_code, codes(reply)) == (400, [("server.missing_parameter", "ruleset")])


@pytest.mark.parametrize("route", ["/score", "/score/batch", "/explain", "/lint"])
def test_oversized_body_is_413(client: TestClient, route: str) -> None:
    reply = client.post(f"{route}?ruleset={EXAMPLE_CODE}", content=b" " * (64 * 1024 + 1))
    assert reply.status_code == 413
    assert codes(reply) == [("server.body_too_large", "$")]


def test_batch_gives_one_outcome_per_report_errors_in_place(client: TestClient) -> None:
    body = b"[" + TOT + b', {"unit_id": "y"}, ' + with_score("I.2", 27) + b"]"
    reply = client.post(f"/score/batch?ruleset={EXAMPLE_CODE}", content=body)
    assert reply.status_code == 200
    first, second, third = reply.json()
    assert first["band"] == "tot"
    assert second["status"] == "invalid"
    assert second["unit_id"] == "y"
    assert ("data.missing_key", "$[1].unit_name") in [
        (p["code"], p["path"]) for p in second["problems"]
    ]
    assert [(p["code"], p["path"]) for p in third["problems"]] == [("score.out_of_range", PATH_I2)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_score_and_batch_answer_what_the_library_says(client: TestClient, data: Any) -> None:
    code = data.draw(st.sampled_from(rulesets.available()), label="ruleset")
    ruleset = rulesets.get(code)
    reports = data.draw(st.lists(reports_for(ruleset), min_size=1, max_size=3))
    bodies = [dr.codec.report_to_json(report).encode() for report in reports]
    expected = dr.codec.batch_to_data(dr.score_many(ruleset, reports))
    reply = client.post(f"/score/batch?ruleset={code}", content=b"[" + b",".join(bodies) + b"]")
    assert reply.status_code == 200
    assert reply.json() == json.loads(json.dumps(expected))
    one = client.post(f"/score?ruleset={code}", content=bodies[0])
    assert (one.status_code, one.json()) == (200, json.loads(json.dumps(expected[0])))


def test_batch_must_be_a_list_within_the_limit(client: TestClient) -> None:
    reply = client.post(f"/score/batch?ruleset={EXAMPLE_CODE}", content=TOT)
    assert (reply.status_code, codes(reply)) == (422, [("data.expected_reports", "$")])
    reply = client.post(f"/score/batch?ruleset={EXAMPLE_CODE}", content=b"[" + b"{}," * 3 + b"{}]")
    assert (reply.status_code, codes(reply)) == (413, [("document.list_too_long", "$")])


@pytest.mark.parametrize(
    ("lang", "word"), [("", "Tổng điểm"), ("&lang=vi", "Tổng điểm"), ("&lang=en", "Total")]
)
def test_explain(client: TestClient, lang: str, word: str) -> None:
    reply = client.post(f"/explain?ruleset={EXAMPLE_CODE}{lang}", content=TOT)
    assert reply.status_code == 200
    data = reply.json()
    assert data["band"] == "tot"
    assert word in data["explanation"]


def test_explain_refuses_an_unknown_language(client: TestClient) -> None:
    reply = client.post(f"/explain?ruleset={EXAMPLE_CODE}&lang=fr", content=TOT)
    assert (reply.status_code, codes(reply)) == (400, [("server.invalid_parameter", "lang")])


@pytest.mark.parametrize(
    ("query", "status", "first"),
    [
        ("lang=fr", 400, ("server.missing_parameter", "ruleset")),
        ("ruleset=nowhere&lang=fr", 400, ("server.unknown_ruleset", "ruleset")),
    ],
)
def test_explain_names_every_bad_parameter_at_once(
    client: TestClient, query: str, status: int, first: tuple[str, str]
) -> None:
    reply = client.post(f"/explain?{query}", content=TOT)
    assert (reply.status_code, codes(reply)) == (
        status,
        [first, ("server.invalid_parameter", "lang")],
    )


@pytest.mark.parametrize(
    ("route", "query", "names"),
    [
        ("/score", f"ruleset=nowhere&ruleset={EXAMPLE_CODE}", ["ruleset"]),
        ("/score/batch", f"ruleset={EXAMPLE_CODE}&ruleset=nowhere", ["ruleset"]),
        (
            "/explain",
            f"ruleset={EXAMPLE_CODE}&lang=en&lang=vi&ruleset={EXAMPLE_CODE}",
            ["ruleset", "lang"],
        ),
    ],
)
def test_a_repeated_query_parameter_is_400_not_the_last_one(
    client: TestClient, route: str, query: str, names: list[str]
) -> None:
    # Starlette's query_params.get takes the last value: the report would be scored silently
    # against one of two rule sets
    reply = client.post(f"{route}?{query}", content=b"[" + TOT + b"]" if "batch" in route else TOT)
    assert reply.status_code == 400
    assert codes(reply) == [("server.invalid_parameter", name) for name in names]
    assert "2" in reply.json()["errors"][0]["message_en"]


def test_lint(client: TestClient) -> None:
    reply = client.post("/lint", content=EXAMPLE_TOML.read_bytes())
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "code": EXAMPLE_CODE, "assumed_values": 39}
    reply = client.post("/lint", content=b'code = "x"\n')
    assert reply.status_code == 200
    data = reply.json()
    assert data["status"] == "invalid"
    assert ("data.missing_key", "$.province") in [(p["code"], p["path"]) for p in data["problems"]]


def test_starlette_s_own_refusals_are_json(client: TestClient) -> None:
    reply = client.get("/nowhere")
    assert (reply.status_code, codes(reply)) == (404, [("server.http_error", "$")])
    reply = client.get("/score")
    assert reply.status_code == 405
    assert codes(reply) == [("server.http_error", "$")]
    assert "POST" in reply.headers["allow"]


@pytest.mark.parametrize("route", ["/score", "/score/batch", "/explain"])
def test_a_fault_of_the_library_is_a_json_500(monkeypatch: pytest.MonkeyPatch, route: str) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    for name in ("score_reply", "batch_reply", "explain_reply"):
        monkeypatch.setattr(server, name, fail)
    with TestClient(create_app(), raise_server_exceptions=False) as faulty:
        reply = faulty.post(f"{route}?ruleset={EXAMPLE_CODE}", content=TOT)
    assert reply.status_code == 500
    assert reply.headers["content-type"] == "application/json"
    assert codes(reply) == [("server.internal_error", "$")]
    assert route in reply.json()["errors"][0]["message_en"]
    assert "a bug" not in reply.text  # the traceback is the server log's, not the client's
    with TestClient(create_app()) as raising, pytest.raises(RuntimeError, match="a bug"):
        raising.post(f"{route}?ruleset={EXAMPLE_CODE}", content=TOT)  # still raised, for the log


# ---------------------------------------------------------------------- bodies


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def test_body_is_read_in_chunks_and_never_past_the_limit() -> None:
    taken: list[bytes] = []

    async def endless() -> AsyncIterator[bytes]:
        while True:
            taken.append(b"x" * 10)
            yield taken[-1]

    assert asyncio.run(read_body(endless(), None, 25)) is None
    assert len(taken) == 3  # stopped as soon as the limit was passed
    assert asyncio.run(read_body(_chunks(b"ab", b"cd"), "4", 4)) == b"abcd"
    assert asyncio.run(read_body(_chunks(b"ab"), "junk", 4)) == b"ab"
    # a header is latin-1 text: "²" and "٣" are digits to str.isdigit, not to int()
    for odd in ("\u00b2", "\u0663", " 4 "):
        assert asyncio.run(read_body(_chunks(b"ab"), odd, 4)) == b"ab"
    # a declared length past the limit: refused before anything is read
    assert asyncio.run(read_body(endless(), "26", 25)) is None
    assert len(taken) == 3
    # however long its digits (int() refuses more than 4300), leading zeros not counting
    assert asyncio.run(read_body(endless(), "9" * 5000, 25)) is None
    assert asyncio.run(read_body(endless(), "3" + "0" * 4999, 25)) is None
    assert len(taken) == 3
    assert asyncio.run(read_body(_chunks(b"ab"), "0" * 5000 + "25", 25)) == b"ab"
    assert asyncio.run(read_body(_chunks(b"ab"), "0" * 5000, 25)) == b"ab"
    assert asyncio.run(read_body(_chunks(b"ab"), "19", 25)) == b"ab"  # fewer digits


def test_a_content_length_of_many_digits_is_413(client: TestClient) -> None:
    headers = {"content-length": "9" * 5000}
    reply = client.post(f"/score?ruleset={EXAMPLE_CODE}", content=TOT, headers=headers)
    assert (reply.status_code, codes(reply)) == (413, [("server.body_too_large", "$")])


def test_encode_falls_back_to_escapes_for_lone_surrogates() -> None:
    assert server.encode({"a": "Tốt"}) == '{"a": "Tốt"}'.encode()
    assert server.encode("\ud800") == b'"\\ud800"'


# ---------------------------------------------------------------------- OpenAPI


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_describes_every_route_from_the_schemas(client: TestClient) -> None:
    reply = client.get("/openapi.json")
    assert reply.status_code == 200
    doc = reply.json()
    assert doc == json.loads(json.dumps(openapi()))
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/",
        "/rulesets",
        "/rulesets/{code}",
        "/rulesets/{code}/schema/{category}",
        "/score",
        "/score/batch",
        "/explain",
        "/lint",
        "/openapi.json",
    }
    schemas = doc["components"]["schemas"]
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert name.replace(".", "").isalnum()
    for ref in _refs(doc):  # every reference, in the components too, resolves in the document
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    # the Result component, resolved in the document, accepts what the API answers
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:openapi", resource)
    result = {"$ref": "urn:openapi#/components/schemas/Result"}
    checker = Draft202012Validator(result, registry=registry)
    answer = client.post(
        f"/score?ruleset={EXAMPLE_CODE}", content=(EXAMPLES / "tot.json").read_bytes()
    )
    checker.validate(answer.json())
    assert not checker.is_valid({**answer.json(), "total": 82.5})  # a float, not decimal text


def _component_checker(name: str) -> Draft202012Validator:
    doc = json.loads(json.dumps(openapi()))
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:openapi", resource)
    return Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry
    )


def test_openapi_components_accept_what_each_route_answers(client: TestClient) -> None:
    # each answer, checked against the component its route's 200 (or refusal) names
    answers = {
        "Explained": client.post(f"/explain?ruleset={EXAMPLE_CODE}", content=TOT),
        "Outcomes": client.post(
            f"/score/batch?ruleset={EXAMPLE_CODE}", content=b"[" + TOT + b', {"unit_id": "y"}]'
        ),
        "Errors": client.post(f"/score?ruleset={EXAMPLE_CODE}", content=b"{}"),
        "Lint": client.post("/lint", content=b'code = "x"\n'),
        "RuleSets": client.get("/rulesets"),
    }
    for name, reply in answers.items():
        checker = _component_checker(name)
        errors = [e.message for e in checker.iter_errors(reply.json())]
        assert errors == [], name
    explained = _component_checker("Explained")
    assert not explained.is_valid({**answers["Explained"].json(), "explanation": 1})
    outcome = answers["Explained"].json()
    del outcome["explanation"]
    assert not explained.is_valid(outcome)


# ---------------------------------------------------------------------- the page


def test_page_lists_the_criteria_with_their_limits(client: TestClient) -> None:
    reply = client.get("/")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    text = reply.text
    card = rulesets.get(EXAMPLE_CODE).scorecard_for("so-nganh")
    positions = [text.index(f"<td>{c.code}</td>") for c in card.leaves]
    assert positions == sorted(positions)  # annex order
    i2 = (
        'data-path="$.self_scores[&quot;I.2&quot;]" data-kind="number"'
        ' data-min="0" data-max="5" data-step="0.5" placeholder="0–5"'
    )
    assert i2 in text
    # every input is text: Chromium's number inputs drop what they cannot parse ("0,5" → "05")
    assert 'type="number"' not in text
    assert '<option value="Khá">Khá (3 điểm)</option>' in text
    assert 'data-path="$.self_scores[&quot;I.1&quot;]" data-kind="flag"' in text
    assert "&quot;Dân vận khéo&quot;" in text  # every text escaped
    assert "do cấp trên thẩm định" in text  # VII is the appraiser's
    assert 'data-path="$.facts[&quot;ky_luat&quot;]"' in text
    assert 'data-path="$.bonuses[&quot;dvk-cap-tinh&quot;]"' in text
    assert "novalidate" in text
    assert "http" not in text.split("<script>")[1]  # no CDN: the script is inline


def test_page_of_another_category() -> None:
    status, text = page(EXAMPLE_CODE, "ubnd-xa")
    assert status == 200
    assert 'data-field="category" value="ubnd-xa"' in text


@pytest.mark.parametrize(
    ("code", "category"), [(rs.code, c.code) for rs in rulesets.load_all() for c in rs.categories]
)
def test_page_of_every_ruleset_and_category(code: str, category: str) -> None:
    status, text = page(code, category)
    assert status == 200
    card = rulesets.get(code).scorecard_for(category)
    for leaf in card.leaves:
        if not leaf.appraiser_only:
            assert (
                f'data-path="{server._E(dr.errors.key_path("$.self_scores", leaf.code))}"' in text
            )


def test_page_escapes_the_rule_set_s_text(
    monkeypatch: pytest.MonkeyPatch, small_ruleset_data: dict[str, Any]
) -> None:
    hostile = "<script>alert('x')</script>"
    small_ruleset_data["title_vi"] = hostile
    criteria: Any = small_ruleset_data["scorecards"]
    criteria[0]["criteria"][1]["title_vi"] = hostile
    for adjustment in small_ruleset_data["adjustments"]:
        if adjustment["kind"] == "bonus":
            del adjustment["points"]  # points claimed, not items
            adjustment["label_vi"] = hostile
    ruleset = dr.codec.ruleset_from_data(small_ruleset_data)
    monkeypatch.setattr(rulesets, "get", lambda _code: ruleset)
    status, text = page(ruleset.code)
    assert status == 200
    assert hostile not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "tối đa 2 điểm" in text  # the bonus of points, bounded by its cap


def test_page_of_an_unknown_ruleset_or_category_is_404(client: TestClient) -> None:
    assert client.get("/?ruleset=nowhere").status_code == 404
    reply = client.get(f"/?ruleset={EXAMPLE_CODE}&category=<b>")
    assert reply.status_code == 404
    assert "&lt;b&gt;" in reply.text
    assert "<b>" not in reply.text


# ---------------------------------------------------------------------- the command


class FakeUvicorn:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def run(self, app: object, **kwargs: Any) -> None:
        self.calls.append({"app": app, **kwargs})


@pytest.fixture
def fake_uvicorn(monkeypatch: pytest.MonkeyPatch) -> FakeUvicorn:
    fake = FakeUvicorn()
    monkeypatch.setitem(sys.modules, "uvicorn", fake)
    return fake


def test_serve_binds_loopback_by_default(fake_uvicorn: FakeUvicorn) -> None:
    status, out = run("serve", "--port", "8123")
    assert status == OK
    assert out == "danvan-rules: serving on http://127.0.0.1:8123/ (Ctrl+C stops)\n"
    (call,) = fake_uvicorn.calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)


def test_serve_on_another_host(fake_uvicorn: FakeUvicorn) -> None:
    status, out = run("serve", "--host", "::1", "--max-body", "10", "--max-batch", "2")
    assert status == OK
    assert "http://[::1]:8000/" in out
    assert fake_uvicorn.calls[0]["host"] == "::1"


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "70000"],
        ["--port", "0"],
        ["--host", ""],
        ["--host", " "],
        ["--max-body", "0"],
        ["--max-batch", "0"],
    ],
)
def test_serve_refuses_bad_settings(
    fake_uvicorn: FakeUvicorn, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("serve", *argv)[0] == USAGE
    assert "danvan-rules: error:" in capsys.readouterr().err
    assert not fake_uvicorn.calls


def test_serve_names_the_extra_without_uvicorn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert run("serve")[0] == USAGE
    assert "danvan_rules[server]" in capsys.readouterr().err


# ---------------------------------------------------------------------- a real server

START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
LIVE_MAX_BODY = 100_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _command() -> list[str]:
    script = Path(sys.executable).with_name("danvan-rules")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from danvan_rules.cli import main; sys.exit(main())"]


def _request(url: str, body: bytes | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 - a loopback URL built here
        url, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as reply:  # noqa: S310
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    """``danvan-rules serve`` in its own process on a free port of 127.0.0.1; its base URL."""
    port = _free_port()
    env = {**os.environ, "DANVAN_RULES_NO_PLUGINS": "1"}
    argv = [*_command(), "serve", "--port", str(port), "--max-body", str(LIVE_MAX_BODY)]
    process = subprocess.Popen(  # noqa: S603 - our own command
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, process.communicate(timeout=10)
            try:
                if _request(f"{base}/rulesets")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not answer in time"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            out, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate(timeout=15)
        assert f"serving on {base}/" in out


def test_live_server_scores_refuses_and_bounds(live: str) -> None:
    status, data = _request(f"{live}/score?ruleset={EXAMPLE_CODE}", TOT)
    assert (status, data["band"], data["total"]) == (200, "tot", "82.50")
    status, data = _request(f"{live}/score?ruleset={EXAMPLE_CODE}", with_score("I.2", 27))
    assert status == 422
    assert [(e["code"], e["path"]) for e in data["errors"]] == [("score.out_of_range", PATH_I2)]
    status, data = _request(f"{live}/score?ruleset={EXAMPLE_CODE}", b" " * (LIVE_MAX_BODY + 1))
    assert status == 413
    assert data["errors"][0]["code"] == "server.body_too_large"


def test_live_server_refuses_a_huge_body_before_it_ends(live: str) -> None:
    # chunks with no length declared, past the limit, and never the last chunk: the server
    # answers 413 without waiting for the rest of the body
    host, port = live.removeprefix("http://").split(":")
    chunk = b" " * 65536
    with socket.create_connection((host, int(port)), timeout=REQUEST_TIMEOUT) as connection:
        connection.sendall(
            f"POST /score?ruleset={EXAMPLE_CODE} HTTP/1.1\r\nHost: {host}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        for _ in range(LIVE_MAX_BODY // len(chunk) + 1):
            connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = b""
        while b"\r\n\r\n" not in answer:
            received = connection.recv(65536)
            assert received, "the server closed the connection without answering"
            answer += received
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"application/json" in answer


# ---------------------------------------------------------------------- the page in a browser


def _chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    assert browser, "Debian's chromium is needed: apt-get install chromium"
    assert driver, "Debian's chromium-driver is needed: apt-get install chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = _chromium()
    driver.set_page_load_timeout(REQUEST_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def _field(driver: Any, path: str) -> Any:
    from selenium.webdriver.common.by import By

    quoted = path.replace("\\", "\\\\").replace("'", "\\'")
    return driver.find_element(By.CSS_SELECTOR, f"[data-path='{quoted}']")


def _fill(driver: Any, path: str, value: object) -> None:
    from selenium.webdriver.support.ui import Select

    element = _field(driver, path)
    if isinstance(value, bool):
        if element.is_selected() != value:
            element.click()
    elif element.tag_name == "select":
        Select(element).select_by_value(str(value))
    else:
        element.clear()
        element.send_keys(str(value))


def _submit_and_wait(driver: Any) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.ID, "submit").click()
    wait = WebDriverWait(driver, REQUEST_TIMEOUT)
    wait.until(lambda d: d.find_element(By.ID, "status").text not in {"", "Đang chấm điểm…"})
    status: str = driver.find_element(By.ID, "status").text
    return status


def test_page_in_chromium_scores_and_shows_field_errors(live: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live}/?ruleset={EXAMPLE_CODE}&category=so-nganh")
    assert browser.execute_script("return window.danvanReady === true")
    data = tot()
    for name in ("unit_id", "unit_name"):
        element = browser.find_element(By.CSS_SELECTOR, f"[data-field='{name}']")
        element.clear()
        element.send_keys(data[name])
    for code, value in data["self_scores"].items():
        _fill(browser, dr.errors.key_path("$.self_scores", code), value)
    for name, value in data["facts"].items():
        _fill(browser, dr.errors.key_path("$.facts", name), value)
    for code, value in data["bonuses"].items():
        _fill(browser, dr.errors.key_path("$.bonuses", code), value)

    assert _submit_and_wait(browser) == "Đã chấm điểm."
    # the page sends no appraised scores: what the library says of the same report without them
    del data["appraised_scores"]
    expected = dr.score(rulesets.get(EXAMPLE_CODE), dr.report_from_data(data))
    assert expected.band is not None
    assert browser.find_element(By.ID, "band").text == expected.band.label_vi
    assert browser.find_element(By.ID, "total").text == str(expected.total)
    assert "Tổng điểm" in browser.find_element(By.ID, "explanation").text

    # a value the browser accepts (novalidate) but the library refuses: off the 0.5 step
    _fill(browser, PATH_I2, "4.3")
    assert _submit_and_wait(browser).startswith("Báo cáo có lỗi")
    slot = browser.find_element(By.CSS_SELECTOR, "[data-error-for='$.self_scores[\"I.2\"]']")
    assert "I.2" in slot.text
    assert browser.find_element(By.ID, "band").text == ""
    other = browser.find_element(By.CSS_SELECTOR, "[data-error-for='$.self_scores[\"I.3\"]']")
    assert other.text == ""

    # the unit's identity too: an empty year is missing (not the year 0), each beside its input
    for name in ("unit_id", "year"):
        browser.find_element(By.CSS_SELECTOR, f"[data-field='{name}']").clear()
    _fill(browser, PATH_I2, "4.5")
    # and a count as typed: "1e1" is not a whole count, not the 10 that Number() makes of it
    count = '$.facts["khieu_nai_dong_nguoi"]'
    _fill(browser, count, "1e1")
    assert _submit_and_wait(browser).startswith("Báo cáo có lỗi")
    refused = {**data, "unit_id": "", "facts": {**data["facts"], "khieu_nai_dong_nguoi": "1e1"}}
    del refused["year"]
    with pytest.raises(dr.errors.ReportError) as caught:
        dr.report_from_data(refused)
    expected_by_path = {p.path: p.message_vi for p in caught.value.problems}
    assert set(expected_by_path) == {"$.unit_id", "$.year", count}
    for path, message in expected_by_path.items():
        shown = browser.find_element(By.CSS_SELECTOR, f"[data-error-for='{path}']")
        assert shown.text == message
    assert browser.find_elements(By.CSS_SELECTOR, "#errors li") == []


@pytest.mark.parametrize(
    ("path", "typed"), [(PATH_I2, "0,5"), ('$.bonuses["dvk-cap-tinh"]', "1,5"), (PATH_I2, "4,5")]
)
def test_page_in_chromium_sends_a_decimal_comma_as_typed(
    live: str, browser: Any, path: str, typed: str
) -> None:
    # a person types a decimal comma: the library refuses it with its hint, beside the input;
    # a number input would have sent "05" (5 points, scored) or "15" (a bonus of 15 items)
    from selenium.webdriver.common.by import By

    browser.get(f"{live}/?ruleset={EXAMPLE_CODE}&category=so-nganh")
    data = tot()
    del data["appraised_scores"]
    for name in ("unit_id", "unit_name"):
        element = browser.find_element(By.CSS_SELECTOR, f"[data-field='{name}']")
        element.clear()
        element.send_keys(data[name])
    for table in ("self_scores", "facts", "bonuses"):
        for key, value in data[table].items():
            _fill(browser, dr.errors.key_path(f"$.{table}", key), value)
    _fill(browser, path, typed)
    assert _submit_and_wait(browser).startswith("Báo cáo có lỗi")
    refused = json.loads(json.dumps(data))
    table, key = path.removeprefix("$.").split("[", 1)
    refused[table][json.loads(key.removesuffix("]"))] = typed
    with pytest.raises(dr.errors.ReportError) as caught:
        dr.score(rulesets.get(EXAMPLE_CODE), dr.report_from_data(refused))
    (problem,) = caught.value.problems
    assert problem.path == path
    shown = browser.find_element(By.CSS_SELECTOR, f"[data-error-for='{path}']")
    assert shown.text == problem.message_vi
    assert "," in shown.text
    assert browser.find_element(By.ID, "band").text == ""
