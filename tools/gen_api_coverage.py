"""Generate docs/api-coverage.md from the op registry.

    python tools/gen_api_coverage.py          # write the page
    python tools/gen_api_coverage.py --check  # exit 1 if the committed page is stale

Each registered op is listed with its names in mx.nd / mx.np / mx.npx and as an array
method, whether it is differentiable, and whether its behaviour is checked against
goldens recorded from MXNet 1.9.1 (an op counts as checked when a golden case's
expression calls it by one of its names).
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def golden_text():
    text = []
    for path in glob.glob(os.path.join(ROOT, "tests", "golden", "*.json")):
        with open(path) as f:
            data = json.load(f)
        for entry in data.get("cases", {}).values():
            spec = entry.get("spec", {})
            text.append(spec.get("code", ""))
            text.append(spec.get("setup") or "")
    return "\n".join(text)


def render():
    import mxcompat  # noqa: F401  (loads every op family)
    from mxcompat.ops.registry import FUNCTIONS, REGISTRY
    text = golden_text()

    def checked(names):
        for n in names:
            leaf = n.rsplit(".", 1)[-1]
            if re.search(r"(?<![\w])" + re.escape(leaf) + r"\s*\(", text):
                return True
        return False

    rows = []
    for op in sorted(REGISTRY.values(), key=lambda o: o.name.lower()):
        nd = list(op.names.get("nd", ()))
        np_ = list(op.names.get("np", ()))
        npx = list(op.names.get("npx", ()))
        meth = list(op.names.get("method", ())) + list(op.names.get("np_method", ()))
        if not (nd or np_ or npx or meth):
            continue
        rows.append((op.name, nd, np_, npx, meth, "yes" if op.differentiable else "no",
                     "yes" if checked(nd + np_ + npx + meth) else "-"))
    funcs = []
    for fd in sorted(FUNCTIONS.values(), key=lambda f: f.name.lower()):
        nd = list(fd.names.get("nd", ()))
        np_ = list(fd.names.get("np", ()))
        npx = list(fd.names.get("npx", ()))
        meth = list(fd.names.get("method", ())) + list(fd.names.get("np_method", ()))
        if nd or np_ or npx or meth:
            funcs.append((fd.name, nd, np_, npx, meth, "yes" if checked(nd + np_ + npx + meth)
                          else "-"))

    def cell(names):
        return ", ".join(f"`{n}`" for n in names) if names else ""
    out = ["# API coverage", "",
           "Generated from the op registry by `tools/gen_api_coverage.py` (do not edit).",
           "*Checked* means the op is exercised by goldens recorded from MXNet 1.9.1 in "
           "`tests/golden/` (values, dtypes and, where differentiable, gradients).", "",
           f"{len(rows)} registered ops, {sum(r[-1] == 'yes' for r in rows)} of them checked "
           "against MXNet goldens; "
           f"{len(funcs)} API functions built on them.", "",
           "## Operators", "",
           "| op | mx.nd | mx.np | mx.npx | method | differentiable | checked |",
           "|---|---|---|---|---|---|---|"]
    for name, nd, np_, npx, meth, diff, chk in rows:
        out.append(f"| `{name}` | {cell(nd)} | {cell(np_)} | {cell(npx)} | {cell(meth)} | "
                   f"{diff} | {chk} |")
    out += ["", "## API functions (dispatch over ops)", "",
            "| function | mx.nd | mx.np | mx.npx | method | checked |", "|---|---|---|---|---|---|"]
    for name, nd, np_, npx, meth, chk in funcs:
        out.append(f"| `{name}` | {cell(nd)} | {cell(np_)} | {cell(npx)} | {cell(meth)} | "
                   f"{chk} |")
    return "\n".join(out) + "\n"


def main(argv):
    page = render()
    path = os.path.join(ROOT, "docs", "api-coverage.md")
    if "--check" in argv:
        with open(path) as f:
            if f.read() != page:
                print("docs/api-coverage.md is stale: run python tools/gen_api_coverage.py")
                return 1
        return 0
    with open(path, "w") as f:
        f.write(page)
    print("wrote docs/api-coverage.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
