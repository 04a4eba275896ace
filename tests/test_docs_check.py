"""The docs check (tools/docs_check.py) can fail: on a copy of a real notebook executed with its outputs it passes,
and it names the cell when an example's output is missing; on a small notebook of our own it catches a chart that
draws nothing, a page that throws, a warning shown to the reader and a cell that mixes imports with code."""
import json, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from docs_check import check_docs, returns_nothing, shows_output  # noqa: E402
from notebook_outputs import save  # noqa: E402

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="40" height="20" viewBox="0 0 40 20">'
       '<g class="mark-rect role-mark" role="graphics-object">{marks}</g></svg>')


def code(src, outputs=(), cid=None):
    return {"cell_type": "code", "execution_count": None, "id": cid or f"c{abs(hash(src)) % 10**8:08d}",
            "metadata": {}, "outputs": list(outputs), "source": src}


def result(data): return {"output_type": "execute_result", "execution_count": None, "metadata": {}, "data": data}


def write_nb(path, cells):
    nb = {"cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# A page\n\n> For the test"}, *cells],
          "metadata": {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_which_cells_show_something():
    shows = lambda s: shows_output(code(s))
    assert shows("x = 1\nx") and shows("print(1)") and shows("df.head(3)") and shows("t[['a']]")
    assert not shows("x = 1") and not shows("test_eq(1, 1)") and not shows("chart;") and not shows("assert x")
    assert not shows("#| export\ndef f(): pass")
    helpers = [code('def expect(f):\n    "Raises?"\n    f()'), code("def twice(x): return 2 * x")]
    assert returns_nothing(helpers) == {"expect"}
    assert not shows_output(code("expect(g)"), {"expect"}) and shows_output(code("twice(3)"), {"expect"})


@pytest.fixture(scope="module")
def kb_copy(tmp_path_factory):
    "03_kb, executed in a kernel into a temporary folder with its outputs (the real nbs/ is not touched)."
    folder = tmp_path_factory.mktemp("nbs")
    return save(ROOT / "nbs" / "03_kb.ipynb", folder)


def test_a_real_notebook_passes_then_fails_without_an_output(kb_copy, tmp_path):
    assert check_docs([kb_copy], tmp_path / "ok") == []
    nb = json.loads(kb_copy.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    cell["outputs"] = []
    broken = tmp_path / "src" / kb_copy.name
    broken.parent.mkdir()
    broken.write_text(json.dumps(nb), encoding="utf-8")
    problems = check_docs([broken], tmp_path / "broken")
    assert len(problems) == 1 and f"cell {cell['id']}" in problems[0] and "no output saved" in problems[0], problems


def test_charts_page_errors_warnings_and_mixed_imports_are_caught(tmp_path):
    good = write_nb(tmp_path / "01_good.ipynb", [
        code("1 + 1", [result({"text/plain": "2"})]),
        code("chart", [result({"image/svg+xml": SVG.format(marks='<path d="M0,0h5v5h-5Z"/>'), "text/plain": "alt.Chart(...)"})])])
    assert check_docs([good], tmp_path / "good") == []
    bad = write_nb(tmp_path / "02_bad.ipynb", [  # a module notebook: nbdev runs its import cells when it builds the docs
        code("#| default_exp demo"), code('#| export\ndef double(x):\n    "Twice x."\n    return 2 * x'),
        code("x = 2\nx", cid="nooutput"),
        code("chart", [result({"image/svg+xml": SVG.format(marks=""), "text/plain": "alt.Chart(...)"})], cid="emptychart"),
        code("spec", [result({"application/vnd.vegalite.v5+json": {}, "text/plain": "alt.Chart(...)"})], cid="vegaspec"),
        code("page", [result({"text/html": "<script>throw new Error('broken page')</script>", "text/plain": "page"})], cid="throws"),
        code("warn()", [{"output_type": "stream", "name": "stderr", "text": "UserWarning: careful\n"}], cid="stderr"),
        code("import math\nmath.pi", [result({"text/plain": "3.14"})], cid="mixed")])
    problems = "\n".join(check_docs([bad], tmp_path / "bad"))
    assert "cell nooutput" in problems and "no output saved" in problems, problems
    assert "cell emptychart" in problems and "draws no marks" in problems, problems
    assert "cell vegaspec" in problems and "not as SVG" in problems, problems
    assert "page error" in problems and "broken page" in problems, problems
    assert "cell stderr" in problems and "UserWarning: careful" in problems, problems
    assert "mixes imports" in problems and "import math" in problems, problems
