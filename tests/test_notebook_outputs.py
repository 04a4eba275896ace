"""The outputs check (tools/notebook_outputs.py --check) can fail: a changed text output, a missing one and a broken
chart are each named with their cell; a chart drawn at other coordinates is not a difference."""
import copy, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from notebook_outputs import differences  # noqa: E402

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><g class="mark-rect role-mark"><path d="M{x},0h5v5h-5Z"/></g></svg>'


def nb(*cells):
    return {"cells": [{"cell_type": "code", "id": f"c{i}", "source": src, "outputs": outs, "metadata": {}}
                      for i, (src, outs) in enumerate(cells)]}


def text(s): return {"output_type": "execute_result", "data": {"text/plain": s}, "metadata": {}}
def stream(s, name="stdout"): return {"output_type": "stream", "name": name, "text": s}
def svg(x): return {"output_type": "display_data", "data": {"image/svg+xml": SVG.format(x=x), "text/plain": "alt.Chart(...)"}, "metadata": {}}


SAVED = nb(("x", [text("1")]), ("print(y)", [stream("a\n"), stream("b\n")]), ("chart", [svg(1)]))


def test_same_outputs_pass_and_streams_coalesce():
    fresh = nb(("x", [text("1")]), ("print(y)", [stream("a\nb\n")]), ("chart", [svg(7)]))  # other coordinates: same chart
    assert differences(SAVED, fresh, "t.ipynb") == []


def test_each_difference_is_named_with_its_cell():
    fresh = copy.deepcopy(SAVED)
    fresh["cells"][0]["outputs"] = [text("2")]
    fresh["cells"][1]["outputs"] = []
    fresh["cells"][2]["outputs"] = [{"output_type": "display_data", "data": {"image/svg+xml": "<svg></svg>"}, "metadata": {}}]
    found = differences(SAVED, fresh, "t.ipynb")
    assert [f.split(":")[0] for f in found] == ["t.ipynb cell 0 (id c0", "t.ipynb cell 1 (id c1", "t.ipynb cell 2 (id c2"], found
    assert "-[text/plain] 1" in found[0] and "+[text/plain] 2" in found[0], found[0]
    assert "broken chart" in found[2], found[2]


def test_notebooks_without_outputs_or_with_changed_code_fail():
    empty = nb(("x", []), ("print(y)", []), ("chart", []))
    assert "no saved outputs at all" in differences(empty, SAVED, "t.ipynb")[0]
    edited = copy.deepcopy(SAVED); edited["cells"][0]["source"] = "x + 1"
    assert "changed while it ran" in differences(SAVED, edited, "t.ipynb")[0]
