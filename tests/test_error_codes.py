"""Every problem the library can report has a stable code, documented in docs/errors.md.

The codes are read from the source itself (every ``code="..."`` keyword of a
call), so a new problem without a documented code fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "danvan_rules"
DOC = ROOT / "docs" / "errors.md"
CODE_SHAPE = re.compile(r"[a-z]+(\.[a-z0-9_]+)+")

#: Calls that build a problem and must say which one it is.
BUILDERS = {"Problem", "add", "InvalidValueError", "NumberError", "InvalidAnswerError"}


def _calls() -> list[tuple[Path, ast.Call]]:
    found: list[tuple[Path, ast.Call]] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.extend((path, node) for node in ast.walk(tree) if isinstance(node, ast.Call))
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _codes() -> dict[str, Path]:
    """Codes given as ``code="..."``, and code-shaped strings of the same areas passed on."""
    codes: dict[str, Path] = {}
    for path, call in _calls():
        for keyword in call.keywords:
            if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                codes[str(keyword.value.value)] = path
    areas = {code.split(".")[0] for code in codes}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if CODE_SHAPE.fullmatch(text) and text.split(".")[0] in areas:
                    codes.setdefault(text, path)
    return codes


def _documented() -> set[str]:
    return set(
        re.findall(r"^\|\s*`([a-z0-9_.]+)`\s*\|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    )


def test_codes_are_found() -> None:
    # guards the scan itself: the library reports dozens of kinds of problem
    assert len(_codes()) > 30


@pytest.mark.parametrize("code", sorted(_codes()))
def test_code_is_well_formed_and_documented(code: str) -> None:
    assert CODE_SHAPE.fullmatch(code), code
    assert code in _documented(), f"{code} is not in docs/errors.md"


def test_documented_codes_exist() -> None:
    stale = _documented() - set(_codes())
    assert not stale, f"docs/errors.md lists codes no longer used: {sorted(stale)}"


def test_every_problem_names_its_code_and_vietnamese_text() -> None:
    missing = []
    for path, call in _calls():
        if _name(call) not in BUILDERS or (_name(call) == "add" and not call.args):
            continue
        given = {keyword.arg for keyword in call.keywords}
        if None in given:  # **kwargs passed through: checked where they are built
            continue
        wanted = {"code", "vi"} if _name(call) != "Problem" else {"code", "message_vi"}
        if _name(call) == "add" and "code" not in given and "vi" not in given:
            continue  # a set's or a list's add, not the collector's
        if not wanted <= given:
            missing.append(f"{path.relative_to(ROOT)}:{call.lineno} {_name(call)}")
    assert not missing, "problems without a code or a Vietnamese message:\n" + "\n".join(missing)
