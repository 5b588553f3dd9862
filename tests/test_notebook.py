"""docs/notebooks/compare-weightings.ipynb runs top to bottom and shows what it says (issue #10)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipykernel  # noqa: F401 - the kernel the notebook runs in must be installed here
import nbclient
import nbformat

import danvan_rules as dr
from danvan_rules.scoring import impact, reweight

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "compare-weightings.ipynb"


def _kernel_here(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``python3`` kernel spec running this interpreter, ahead of any the user has."""
    spec = directory / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3 (tests)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(directory))  # searched first (jupyter_core.paths)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # no deprecation warning from jupyter_core


def _text(cell: Any) -> str:
    parts: list[str] = []
    for output in cell.outputs:
        if "text" in output:
            parts.append(output["text"])
        parts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def _tagged(cells: list[Any], tag: str) -> list[Any]:
    return [c for c in cells if tag in c.get("metadata", {}).get("tags", [])]


def _expected_moves() -> set[str]:
    """The units that change band, computed with the library as the notebook's cells do."""
    rs = dr.rulesets.get("example/dan-van-2024")
    reports = dr.load_reports(ROOT / "examples" / "cohort.json")
    halved = {code: w / 2 for code, w in rs.weights("so-nganh").items()}
    new = reweight(rs, "so-nganh", {**halved, "II": 60})
    result = impact((rs, new), reports)
    return {u.unit_id for u in result.changed if u.before.label != u.after.label}


def _read() -> Any:
    """The stored notebook (``nbformat.read`` carries no annotations)."""
    return nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]


def test_stored_without_outputs() -> None:
    nb = _read()
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _kernel_here(tmp_path / "jupyter", monkeypatch)
    monkeypatch.chdir(ROOT)
    nb = _read()
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that fails
    code = [c for c in nb.cells if c.cell_type == "code"]
    errored = [c.source for c in code for o in c.outputs if o["output_type"] == "error"]
    assert errored == []
    warned = [c.source for c in code for o in c.outputs if o.get("name") == "stderr"]
    assert warned == []  # a deprecation warning, say, would be shown to the analyst
    assert all(c.execution_count is not None for c in code)

    expected = _expected_moves()
    assert expected, "the notebook's second weighting must move at least one unit's band"
    (impact_cell,) = _tagged(code, "impact")
    shown = _text(impact_cell)
    assert {u for u in expected if u in shown} == expected

    (table_cell,) = _tagged(code, "impact-table")  # the Impact's _repr_html_
    (html,) = [o["data"]["text/html"] for o in table_cell.outputs if "data" in o]
    assert "Chuyển mức" in html
    assert {u for u in expected if f"<td>{u}</td>" in html} == expected

    plot_cells = _tagged(code, "plot")
    assert len(plot_cells) == 2
    for cell in plot_cells:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
