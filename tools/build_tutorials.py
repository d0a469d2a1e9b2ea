"""Write the tutorial notebooks (tutorials/*.ipynb) from the cell lists below.

    python tools/build_tutorials.py

The notebooks are committed; this script is how they are edited. Each notebook imports
``mxnet`` unchanged and is executed by the test suite through ``mxcompat run``; cells
check their own results with ``assert`` against analytic values or JAX.
"""
import os

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text):
    return nbformat.v4.new_code_cell(text.strip())


def write(name, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "mxcompat", "display_name": "MXNet (mxcompat)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = os.path.join(ROOT, "tutorials", name)
    nbformat.write(nb, path)
    print("wrote", os.path.relpath(path, ROOT))


def main():
    import importlib.util
    for fname in sorted(os.listdir(os.path.join(HERE, "tutorials"))):
        if not fname.endswith(".py"):
            continue
        spec = importlib.util.spec_from_file_location(fname[:-3],
                                                      os.path.join(HERE, "tutorials", fname))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        write(mod.NAME, mod.cells(md, code))


if __name__ == "__main__":
    main()
