"""``mxcompat check``: which MXNet/MinPy names a program uses, and which exist here.

Static pass: parse the program (or a notebook's code cells), follow its ``import
mxnet``/``from mxnet import ...``/``import minpy...`` aliases, and collect every dotted
name it reaches through them (``mx.nd.random.uniform``, ``gluon.nn.Dense``...), with
the line. Each name is resolved against mxcompat (``mxnet`` -> ``mxcompat``, ``minpy``
-> ``mxcompat.minpy``) and marked supported or missing.

Dynamic pass (``--run``): run the program under the alias and report a missing API it
hits at run time (an attribute of an MXNet object, an unimplemented argument), which a
static pass cannot see (methods of arrays, names built at run time).
"""
import ast
import importlib
import json
import os
import re

__all__ = ["Usage", "scan_source", "scan_file", "resolve", "report"]


class Usage:
    """One use of an MXNet name in a program."""

    def __init__(self, name, line, cell=None):
        self.name = name          # e.g. "mxnet.nd.random.uniform"
        self.line = line
        self.cell = cell
        self.supported = None
        self.missing_part = None  # the first dotted prefix that does not resolve

    def where(self):
        return f"cell {self.cell}, line {self.line}" if self.cell is not None \
            else f"line {self.line}"

    def as_dict(self):
        return {"name": self.name, "line": self.line, "cell": self.cell,
                "supported": self.supported, "missing": self.missing_part}


_ROOTS = ("mxnet", "minpy")


class _Collector(ast.NodeVisitor):
    def __init__(self, cell=None):
        self.aliases = {}     # local name -> dotted MXNet path
        self.usages = []
        self.cell = cell

    def _add(self, name, node):
        self.usages.append(Usage(name, getattr(node, "lineno", 0), self.cell))

    def visit_Import(self, node):
        for a in node.names:
            root = a.name.split(".")[0]
            if root in _ROOTS:
                self._add(a.name, node)
                if a.asname:
                    self.aliases[a.asname] = a.name
                else:
                    self.aliases[root] = root

    def visit_ImportFrom(self, node):
        mod = node.module or ""
        if node.level or mod.split(".")[0] not in _ROOTS:
            return
        for a in node.names:
            if a.name == "*":
                self._add(mod, node)
                continue
            full = f"{mod}.{a.name}"
            self._add(full, node)
            self.aliases[a.asname or a.name] = full

    def visit_Attribute(self, node):
        chain = []
        cur = node
        while isinstance(cur, ast.Attribute):
            chain.append(cur.attr)
            cur = cur.value
        if isinstance(cur, ast.Name) and cur.id in self.aliases:
            full = ".".join([self.aliases[cur.id]] + chain[::-1])
            self._add(full, node)
            return   # inner attributes are prefixes of this one
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in self.aliases and isinstance(node.ctx, ast.Load):
            self._add(self.aliases[node.id], node)


def _strip_magics(src):
    lines = []
    for line in src.splitlines():
        s = line.lstrip()
        lines.append("" if s.startswith(("%", "!")) else line)
    return "\n".join(lines)


def scan_source(src, cell=None, aliases=None):
    """Usages of MXNet names in Python source (``aliases`` carry across notebook cells)."""
    col = _Collector(cell)
    if aliases:
        col.aliases.update(aliases)
    try:
        tree = ast.parse(_strip_magics(src))
    except SyntaxError as e:
        raise SyntaxError(f"cannot parse {('cell ' + str(cell)) if cell is not None else ''}"
                          f": {e}") from None
    col.visit(tree)
    return col.usages, col.aliases


def scan_file(path):
    """Usages in a .py file or a .ipynb notebook."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".ipynb"):
        nb = json.loads(text)
        usages, aliases = [], {}
        k = 0
        for c in nb.get("cells", []):
            if c.get("cell_type") != "code":
                continue
            src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            u, aliases = scan_source(src, cell=k, aliases=aliases)
            usages.extend(u)
            k += 1
        return usages
    return scan_source(text)[0]


_TARGET = {"mxnet": "mxcompat", "minpy": "mxcompat.minpy"}


def resolve(name):
    """(supported, first missing dotted prefix or None) for an MXNet/MinPy name."""
    parts = name.split(".")
    base = _TARGET[parts[0]]
    try:
        obj = importlib.import_module(base)
    except ImportError:
        return False, parts[0]
    modname = base
    for i, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
            if hasattr(obj, "__spec__") and getattr(obj, "__name__", None):
                modname = obj.__name__
            continue
        except AttributeError:
            pass
        except Exception:   # noqa: BLE001 - a lazy submodule that fails to import
            return False, ".".join(parts[:i + 1])
        try:
            obj = importlib.import_module(f"{modname}.{part}")
            modname = obj.__name__
        except ImportError:
            return False, ".".join(parts[:i + 1])
    return True, None


def report(usages):
    """Resolve every usage; returns (lines of text, number of missing names)."""
    cache = {}
    for u in usages:
        if u.name not in cache:
            cache[u.name] = resolve(u.name)
        u.supported, u.missing_part = cache[u.name]
    names = {}
    for u in usages:
        names.setdefault(u.name, []).append(u)
    lines = []
    missing = 0
    for name in sorted(names):
        us = names[name]
        where = ", ".join(u.where() for u in us[:5]) + (" ..." if len(us) > 5 else "")
        if us[0].supported:
            lines.append(f"  ok       {name}  ({where})")
        else:
            missing += 1
            lines.append(f"  MISSING  {name}  ({where})  -- {us[0].missing_part} is not "
                         "in mxcompat")
    return lines, missing


_MISSING_RE = re.compile(
    r"(module '(?:mxnet|minpy)[\w.]*' has no attribute '\w+'|"
    r"No module named '(?:mxnet|minpy)[\w.]*'|is not implemented in mxcompat|"
    r"got an unexpected argument '\w+'|"
    r"'(?:NDArray|ndarray|Parameter|Constant|ParameterDict|Block|HybridBlock|Trainer|"
    r"Sequential|HybridSequential|DataLoader|Dataset|ArrayDataset|Context|Optimizer|"
    r"Initializer|EvalMetric|NDArrayIter|DataBatch|\w+Loss|\w+Block)' object has no "
    r"attribute '\w+')")


def missing_from_error(text):
    """The part of an error message that says an MXNet API is missing, or None."""
    m = _MISSING_RE.search(text or "")
    return m.group(0) if m else None


def default_report_name(path):
    return os.path.basename(path)
