"""README.md is generated from nbs/index.ipynb (the docs home page), so the two never disagree.

nbdev's own `nbdev_readme` needs Quarto, which cannot be installed everywhere; this renders the same content
(markdown cells as they are, visible code cells as fenced Python) with no extra tool. `--check` exits 1 when
README.md differs from what the notebook gives.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "<!-- Generated from nbs/index.ipynb by tools/sync_readme.py: edit the notebook, then run `make readme`. -->\n\n"
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*(.*)$")


def render(nb_path=ROOT / "nbs" / "index.ipynb"):
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]).strip("\n")
        if cell["cell_type"] == "markdown":
            parts.append(src)
        elif cell["cell_type"] == "code":
            lines = src.splitlines()
            directives = [m.group(1).strip() for m in map(DIRECTIVE.match, lines) if m]
            if any(d.startswith(("hide", "export", "exporti", "default_exp")) for d in directives): continue
            code = "\n".join(l for l in lines if not DIRECTIVE.match(l)).strip("\n")
            if code: parts.append(f"```python\n{code}\n```")
    return HEADER + "\n\n".join(parts) + "\n"


def main(argv):
    text, readme = render(), ROOT / "README.md"
    if "--check" in argv:
        if not readme.exists() or readme.read_text(encoding="utf-8") != text:
            print("README.md differs from nbs/index.ipynb: run `make readme`", file=sys.stderr)
            return 1
        print("README.md is in sync with nbs/index.ipynb")
        return 0
    readme.write_text(text, encoding="utf-8")
    print("wrote", readme)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
