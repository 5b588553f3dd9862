"""A Griffe extension for the API reference: the docstrings, read as Markdown.

The docstrings are written for ``help()`` and for doctest: their examples are bare
``>>>`` blocks, and they name things with Sphinx roles (``:class:`~danvan_rules.Batch```).
Read as Markdown, a doctest line such as ``>>> batch.errors[0][1]`` would be a reference
link, and a role would print its colons. Before mkdocstrings renders a docstring, this
extension fences each doctest block as ``pycon`` and writes each role as inline code
(the last dotted part when the target starts with ``~``). Nothing else is changed:
the text stays the docstring's own, and its doctests are still run from the source.

mkdocs.yml loads it (``extensions: [docs/hooks/docstrings.py:DocstringsAsMarkdown]``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["DocstringsAsMarkdown", "as_markdown"]

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):`(~?)([^`]+)`")
_FENCE = "```"


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if match.group(1) else target}`"


def as_markdown(text: str) -> str:
    r"""``text`` with its doctest blocks fenced and its Sphinx roles as inline code.

    A doctest block starts at a ``>>>`` line and ends at the first blank line, as
    doctest reads it; the fence takes the block's indentation. Lines inside an
    existing fence are left alone.

    >>> as_markdown("See :func:`~a.b.score`.\n\n>>> x[0][1]\n2\n\nDone.").split("\n")
    ['See `score`.', '', '```pycon', '>>> x[0][1]', '2', '```', '', 'Done.']
    """
    out: list[str] = []
    fenced = False  # inside a fence the docstring wrote itself
    indent: str | None = None  # the indentation of the doctest block being fenced
    for line in text.split("\n"):
        stripped = line.lstrip()
        if indent is not None and not stripped:
            out.append(indent + _FENCE)
            indent = None
        if indent is None and not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(indent + _FENCE + "pycon")
        if indent is None and stripped.startswith(_FENCE):
            fenced = not fenced
        out.append(line if indent is not None or fenced else _ROLE.sub(_role, line))
    if indent is not None:
        out.append(indent + _FENCE)
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Rewrites each docstring with :func:`as_markdown` as Griffe loads it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002 - Griffe passes node and agent too
        """Griffe calls this for every object it loads."""
        if obj.docstring is not None:
            obj.docstring.value = as_markdown(obj.docstring.value)
