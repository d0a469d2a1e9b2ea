"""Execute a notebook through the mxcompat kernel (``mxcompat run notebook.ipynb``).

Cells run one after the other in a real Jupyter kernel (nbclient + ipykernel) whose
working directory is the notebook's directory; a tqdm bar on stderr counts the code
cells; the executed notebook, outputs included, is written next to the input (or to
``--output``) even when a cell fails. Exit status: 0 when every cell ran (with
``allow_errors`` also when some raised: they are listed at the end), 1 when a cell
failed, timed out or the kernel died, 2 for unusable input or missing packages.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile

__all__ = ["default_output", "run_notebook"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TRACEBACK_TAIL = 25          # lines of the kernel's traceback shown for a failed cell


def default_output(path: str) -> str:
    """``dir/name.ipynb`` -> ``dir/name.mxcompat.ipynb``."""
    base = path[:-len(".ipynb")] if path.endswith(".ipynb") else path
    return base + ".mxcompat.ipynb"


def _say(message: str) -> None:
    print(f"mxcompat: {message}", file=sys.stderr)


class _Failure:
    def __init__(self, cell, index: int, content: dict):
        self.index = index
        self.count = cell.get("execution_count")
        self.source = cell.source
        self.ename = content.get("ename", "Error")
        self.evalue = content.get("evalue", "")
        self.traceback = content.get("traceback") or []

    def headline(self) -> str:
        where = f"cell {self.index}" + (f" (In [{self.count}])" if self.count else "")
        return f"{where} raised {self.ename}: {self.evalue}"

    def report(self) -> str:
        lines = ["", self.headline(), "----- cell source -----", self.source.rstrip()]
        tb = "\n".join(self.traceback)
        if not sys.stderr.isatty():
            tb = _ANSI.sub("", tb)
        tb_lines = tb.splitlines()
        if tb_lines:
            shown = tb_lines[-_TRACEBACK_TAIL:]
            lines.append("----- traceback" + (" (last lines)" if len(shown) < len(tb_lines)
                                              else "") + " -----")
            lines.extend(shown)
        lines.append("-----")
        return "\n".join(lines)


@contextlib.contextmanager
def _ipc_prefix():
    """A short socket path prefix in a private temporary directory (POSIX only).

    Unix socket paths are limited to about 100 bytes; where the temporary directory
    is too deep for that (or on Windows) the kernel falls back to local TCP.
    """
    if os.name != "posix":
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="mxc-") as tmp:
        prefix = os.path.join(tmp, "k")
        yield prefix if len(prefix) < 80 else None


def _execute(client, current, timeout, bar):
    """Run every cell; return (exit status, message about a non-cell problem or None)."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    try:
        client.execute()
    except CellExecutionError:
        return 1, None                   # the details were recorded by on_cell_error
    except CellTimeoutError:
        return 1, (f"cell {current[0]} did not finish within --timeout {timeout:g} s; "
                   "the run was stopped there.")
    except DeadKernelError:
        return 1, (f"the kernel died while running cell {current[0]} (out of memory, "
                   "or a crash in native code).")
    except Exception as e:              # kernel could not start, no such kernelspec...
        return 1, f"could not run the notebook: {type(e).__name__}: {e}"
    finally:
        bar.close()
    return 0, None


def run_notebook(path: str, *, output: str | None = None, allow_errors: bool = False,
                 timeout: float | None = None, kernel_name: str | None = None,
                 startup_timeout: float = 120.0) -> int:
    """Execute ``path`` and write the executed copy; return the exit status."""
    try:
        import nbformat
        from nbclient import NotebookClient
        from tqdm import tqdm
        from .spec import KERNEL_NAME, kernel_manager_class
    except ImportError as e:
        _say(f"running notebooks needs nbclient, nbformat, ipykernel and tqdm ({e}); "
             "install them with pip install 'mxcompat[notebook]'.")
        return 2
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        _say(f"no notebook at {path!r}.")
        return 2
    except Exception as e:  # nbformat raises several unrelated types for bad files
        _say(f"{path!r} is not a readable Jupyter notebook: {e}")
        return 2

    out = output or default_output(path)
    builtin = kernel_name in (None, KERNEL_NAME)
    failures: list[_Failure] = []
    current: list[int] = [-1]
    n_code = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    bar = tqdm(total=n_code, file=sys.stderr, unit="cell", desc=os.path.basename(path),
               dynamic_ncols=True)

    def on_cell_execute(cell, cell_index):
        current[0] = cell_index
        bar.set_postfix_str(f"cell {cell_index}", refresh=True)

    def on_cell_executed(cell, cell_index, execute_reply):
        bar.update(1)

    def on_cell_error(cell, cell_index, execute_reply):
        if "raises-exception" not in cell.metadata.get("tags", []):
            failures.append(_Failure(cell, cell_index, execute_reply["content"]))

    with _ipc_prefix() as ipc_prefix:
        client = NotebookClient(
            nb,
            timeout=None if timeout is None else int(max(1, round(timeout))),
            startup_timeout=int(startup_timeout),
            allow_errors=allow_errors,
            kernel_name=KERNEL_NAME if builtin else kernel_name,
            kernel_manager_class=kernel_manager_class(ipc_prefix),
            extra_arguments=["--HistoryManager.hist_file=:memory:"] if builtin else [],
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            on_cell_execute=on_cell_execute,
            on_cell_executed=on_cell_executed,
            on_cell_error=on_cell_error,
        )
        status, problem = _execute(client, current, timeout, bar)

    try:
        nbformat.write(nb, out)
        _say(f"wrote the executed notebook to {out}")
    except OSError as e:
        _say(f"could not write the executed notebook to {out!r}: {e}")
        status = status or 1

    for failure in failures:
        print(failure.report(), file=sys.stderr)
    if problem is not None:
        _say(problem)
    if failures:
        if status:
            _say(f"the run stopped at cell {failures[-1].index} ({failures[-1].ename}); "
                 "rerun with --allow-errors to execute the remaining cells anyway.")
        else:
            _say(f"{len(failures)} cell(s) raised errors (kept going because of "
                 "--allow-errors): " + ", ".join(f"cell {f.index}" for f in failures))
    return status
