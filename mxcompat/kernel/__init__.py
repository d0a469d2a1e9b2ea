"""A Jupyter kernel in which ``import mxnet`` gives mxcompat.

``python -m mxcompat.kernel -f CONNECTION_FILE`` installs the import alias
(:mod:`mxcompat.alias`) and then starts an ordinary IPython kernel (ipykernel), so
notebooks behave exactly as under a normal Python kernel: rich display, inline
matplotlib figures, magics. :mod:`.spec` describes and installs the kernelspec
("MXNet (mxcompat)"), :mod:`.runner` executes notebooks through it (``mxcompat run
notebook.ipynb``). Nothing here imports Jupyter packages until it is used.
"""
from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Install the alias and run ipykernel's kernel application (never returns early)."""
    from .. import alias
    alias.install(notice=True)
    try:
        from ipykernel.kernelapp import IPKernelApp
    except ImportError:
        print("mxcompat: the Jupyter kernel needs ipykernel; install it with "
              "pip install 'mxcompat[notebook]'.", file=sys.stderr)
        raise SystemExit(2) from None
    IPKernelApp.launch_instance(argv)
