"""The book's order is the code's order, and the library carries no dead imports.

A reader goes through the notebooks by number, so a notebook may only use modules of notebooks with a lower number
(in exported code and in its examples alike). The check reads the notebooks themselves: `#| default_exp` names the
module a notebook defines, and every `newsresearch.X` or relative import in any code cell is a use.
"""
import ast, json, re
from pathlib import Path

import pytest

NBS = Path(__file__).resolve().parent.parent / "nbs"


def library_notebooks():
    out = {}
    for nb in sorted(NBS.glob("[0-9]*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        m = next((re.search(r"#\|\s*default_exp\s+(\S+)", c) for c in code if "default_exp" in c), None)
        assert m, f"{nb.name} has no #| default_exp"
        out[nb.name] = (int(nb.name.split("_")[0]), m.group(1), "\n".join(code))
    return out


def test_notebooks_are_numbered_in_dependency_order():
    books = library_notebooks()
    number_of = {module: number for number, module, _ in books.values()}
    assert len(number_of) == len(books), "two notebooks export the same module (they would overwrite each other)"
    wrong = []
    for name, (number, module, code) in books.items():
        used = set(re.findall(r"\bnewsresearch\.(\w+)", code)) | set(re.findall(r"^\s*from \.(\w+) import", code, re.M))
        for dep in sorted(used & set(number_of) - {module}):
            if number_of[dep] >= number: wrong.append(f"{name} ({module}) imports {dep}, notebook {number_of[dep]:02d}")
    assert not wrong, "notebooks out of dependency order:\n" + "\n".join(wrong)


def test_the_order_check_sees_a_wrong_order(tmp_path, monkeypatch):
    "The check above can fail: a notebook that imports a later one is caught."
    for nb, src in (("01_a.ipynb", "#| default_exp a\nfrom newsresearch.b import x"), ("02_b.ipynb", "#| default_exp b")):
        (tmp_path / nb).write_text(json.dumps({"cells": [{"cell_type": "code", "source": [src]}]}))
    monkeypatch.setattr(__import__(__name__), "NBS", tmp_path)
    with pytest.raises(AssertionError, match="01_a.ipynb \\(a\\) imports b"):
        test_notebooks_are_numbered_in_dependency_order()


def unused_imports(source: str) -> list[str]:
    "Names imported at module level that the module never uses (and does not re-export in __all__)."
    tree = ast.parse(source)
    imported = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", None) != "__future__":
            for a in node.names: imported[(a.asname or a.name).split(".")[0]] = node.lineno
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
           {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    strings = " ".join(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return sorted(name for name in imported if name not in used and not re.search(rf"\b{name}\b", strings))


def test_library_has_no_unused_imports():
    lib = NBS.parent / "newsresearch"
    found = {p.name: u for p in sorted(lib.glob("*.py")) if p.name != "_modidx.py" and (u := unused_imports(p.read_text()))}
    assert not found, f"unused imports (remove them in the notebooks, then nbdev_export): {found}"
    assert unused_imports("import os\nimport re\nre.sub('a', 'b', 'c')\n") == ["os"]
