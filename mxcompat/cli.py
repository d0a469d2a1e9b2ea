"""The ``mxcompat`` command (also ``python -m mxcompat``).

``mxcompat run program.py [args]`` runs a legacy MXNet program unchanged: the
``mxnet``/``minpy`` import alias is installed, then the script runs exactly as
``python program.py [args]`` would run it (argv, ``__main__``, sys.path[0], exit
status, tracebacks). ``mxcompat run notebook.ipynb`` executes a notebook through the
mxcompat Jupyter kernel. ``mxcompat kernel install`` registers that kernel for Jupyter.
"""
from __future__ import annotations

import argparse
import builtins
import importlib.machinery
import os
import runpy
import signal
import sys
import types
import zipfile

__all__ = ["main"]

_RUN_DESCRIPTION = """\
Run a legacy MXNet / MinPy program with 'import mxnet' and 'import minpy' resolving to
mxcompat (for this process only; a real MXNet installation, if any, is left alone and
a one-line notice says it is shadowed).

  mxcompat run program.py [args...]     like 'python program.py [args...]'
  mxcompat run -m package.module [args] like 'python -m package.module [args]'
  mxcompat run notebook.ipynb [options] execute a notebook in a Jupyter kernel

For scripts, everything after the script name is passed to the script untouched.
For notebooks, the options below may come before or after the notebook name. Cells
run with the notebook's directory as working directory; the executed notebook (with
all outputs, also when a cell fails) is written to --output. A failing cell stops the
run with exit status 1 and is shown (index counted from 0 over all cells, its source
and the error). With --allow-errors every cell is run, failures are listed at the end
and the exit status is 0."""

_KERNEL_DESCRIPTION = """\
Register (or remove) the Jupyter kernel "MXNet (mxcompat)": a normal IPython kernel
of this Python interpreter in which 'import mxnet' resolves to mxcompat. Without a
scope option it is installed for the current user."""

_CHECK_DESCRIPTION = """\
A porting report: every mxnet/minpy name PROGRAM uses (found statically by following
its imports; with --run also by running it), each marked supported or missing, with
the line (and notebook cell) where it is used. Exit status 1 when something is
missing, 0 when everything the program uses exists in mxcompat."""

# Options of 'run' that take a value (used to find where the program name starts).
_RUN_VALUE_OPTIONS = {"-m", "-o", "--output", "--timeout", "--kernel"}


def _version_text() -> str:
    import mxcompat
    return (f"mxcompat {mxcompat.__version__} (Apache MXNet "
            f"{mxcompat.__mxnet_version__} API on JAX)")


def _build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    parser = argparse.ArgumentParser(
        prog="mxcompat",
        description="Run Apache MXNet 1.9 programs and notebooks on JAX, unchanged.",
        epilog="Run 'mxcompat COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action="version", version=_version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run a script, module or notebook with 'import mxnet' -> mxcompat",
        description=_RUN_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="mxcompat run [-h] [notebook options] (PROGRAM | -m MODULE) [ARGS ...]")
    run.add_argument("-m", dest="module", metavar="MODULE",
                     help="run a library module as a script, like 'python -m'")
    run.add_argument("program", nargs="?", metavar="PROGRAM",
                     help="a Python script (.py, a directory or zip with __main__.py) "
                          "or a Jupyter notebook (.ipynb)")
    _add_notebook_options(run)

    kernel = commands.add_parser(
        "kernel", help="install or uninstall the Jupyter kernel 'MXNet (mxcompat)'",
        description=_KERNEL_DESCRIPTION)
    actions = kernel.add_subparsers(dest="action", metavar="ACTION")
    for action, text in (("install", "register the kernelspec"),
                         ("uninstall", "remove the kernelspec")):
        sub = actions.add_parser(action, help=text, description=text + ".")
        scope = sub.add_mutually_exclusive_group()
        scope.add_argument("--user", action="store_true",
                           help="the current user's Jupyter directory (the default)")
        scope.add_argument("--sys-prefix", action="store_true",
                           help="this Python environment (sys.prefix), e.g. a virtualenv")
        scope.add_argument("--prefix", metavar="PREFIX",
                           help="PREFIX/share/jupyter/kernels")
        sub.add_argument("--name", default="mxcompat",
                         help="the kernelspec name (default: %(default)s)")
    parser.set_defaults(kernel_parser=kernel)

    check = commands.add_parser(
        "check", help="list the MXNet/MinPy names a program uses and which are missing",
        description=_CHECK_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("program", metavar="PROGRAM", help="a .py script or a .ipynb notebook")
    check.add_argument("--run", action="store_true",
                       help="also run the program (under the alias) and report a missing "
                            "API it hits at run time")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser, run


def _add_notebook_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("notebook options (.ipynb only)")
    group.add_argument("-o", "--output", metavar="OUT",
                       help="where to write the executed notebook "
                            "(default: NAME.mxcompat.ipynb next to the input)")
    group.add_argument("--allow-errors", action="store_true",
                       help="keep executing after a cell raises; failures are listed at "
                            "the end and the exit status stays 0")
    group.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="time limit per cell (default: none)")
    group.add_argument("--kernel", metavar="NAME",
                       help="an installed kernelspec to use instead of the built-in "
                            "mxcompat kernel of this interpreter")


def _split_run_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``run``'s arguments into its own options + program, and the program's args."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return argv[:i + 2], argv[i + 2:]
        if arg == "-m":
            return argv[:i + 2], argv[i + 2:]
        if arg.startswith("-m") and not arg.startswith("--"):
            return argv[:i + 1], argv[i + 1:]          # -mpackage.module
        if arg in _RUN_VALUE_OPTIONS:
            i += 2
            continue
        if arg.startswith("-") and arg != "-":
            i += 1
            continue
        return argv[:i + 1], argv[i + 1:]
    return argv, []


# ---------------------------------------------------------------- running programs

def _show_uncaught(exc: BaseException) -> None:
    """Print ``exc`` through sys.excepthook without the runner's own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    exc.__traceback__ = tb
    sys.excepthook(type(exc), exc, tb)


def _exit_status_for(exc: BaseException) -> int:
    if isinstance(exc, KeyboardInterrupt):
        # Plain Python dies of SIGINT after printing the traceback; so do we.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        except (OSError, ValueError, AttributeError):
            pass
        return 130
    return 1


def _set_path0(directory: str) -> None:
    if sys.flags.safe_path:               # python -P: nothing is prepended
        return
    if sys.path:
        sys.path[0] = directory
    else:
        sys.path.insert(0, directory)


def _run_script(path: str, args: list[str]) -> int:
    from . import alias
    abspath = os.path.abspath(path)
    if os.path.isdir(abspath) or (os.path.isfile(abspath) and zipfile.is_zipfile(abspath)):
        sys.argv = [path, *args]
        _set_path0(abspath)
        alias.install(notice=True)
        try:
            runpy.run_path(abspath, run_name="__main__")
        except SystemExit:
            raise
        except BaseException as e:  # noqa: B902 - shown like the interpreter does
            _show_uncaught(e)
            return _exit_status_for(e)
        return 0
    try:
        with open(abspath, "rb") as f:
            source = f.read()
    except OSError as e:
        print(f"mxcompat run: can't open file {abspath!r}: [Errno {e.errno}] {e.strerror}",
              file=sys.stderr)
        return 2

    sys.argv = [path, *args]
    _set_path0(os.path.dirname(os.path.realpath(abspath)))
    alias.install(notice=True)
    main_module = types.ModuleType("__main__")
    main_module.__dict__.update(
        __file__=abspath, __cached__=None, __package__=None, __spec__=None,
        __loader__=importlib.machinery.SourceFileLoader("__main__", abspath),
        __builtins__=builtins)
    sys.modules["__main__"] = main_module
    try:
        code = compile(source, abspath, "exec", dont_inherit=True)
        exec(code, main_module.__dict__)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: B902 - shown like the interpreter does
        _show_uncaught(e)
        return _exit_status_for(e)
    return 0


def _run_module(module: str, args: list[str]) -> int:
    from . import alias
    sys.argv = ["-m", *args]              # runpy puts the module's file in argv[0]
    _set_path0(os.getcwd())
    alias.install(notice=True)
    run_as_main = getattr(runpy, "_run_module_as_main", None)
    try:
        if run_as_main is not None:
            run_as_main(module, alter_argv=True)
        else:  # pragma: no cover - every CPython since 2.x has the function above
            runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: B902 - shown like the interpreter does
        _show_uncaught(e)
        return _exit_status_for(e)
    return 0


def _run(run_parser: argparse.ArgumentParser, argv: list[str]) -> int:
    own, rest = _split_run_args(argv)
    opts = run_parser.parse_args(own)
    if opts.module is not None:
        if opts.program is not None:
            rest = [opts.program, *rest]
        _reject_notebook_options(run_parser, opts, "-m MODULE")
        return _run_module(opts.module, rest)
    if opts.program is None:
        run_parser.error("give a script, a notebook or -m MODULE to run")
    if opts.program.endswith(".ipynb"):
        more = argparse.ArgumentParser(prog="mxcompat run NOTEBOOK", add_help=False)
        _add_notebook_options(more)
        later = more.parse_args(rest, namespace=argparse.Namespace())
        for key, value in vars(later).items():
            if value not in (None, False):
                setattr(opts, key, value)
        from .kernel.runner import run_notebook
        return run_notebook(opts.program, output=opts.output, allow_errors=opts.allow_errors,
                            timeout=opts.timeout, kernel_name=opts.kernel)
    _reject_notebook_options(run_parser, opts, "a script")
    return _run_script(opts.program, rest)


def _reject_notebook_options(parser, opts, what: str) -> None:
    given = [flag for flag, key in (("--output", "output"), ("--allow-errors", "allow_errors"),
                                    ("--timeout", "timeout"), ("--kernel", "kernel"))
             if getattr(opts, key) not in (None, False)]
    if given:
        parser.error(f"{', '.join(given)} only apply to notebooks (.ipynb), not to {what}; "
                     "options meant for the program go after its name.")


def _kernel(opts, parser: argparse.ArgumentParser) -> int:
    from .kernel import spec
    scope = dict(user=opts.user, sys_prefix=opts.sys_prefix, prefix=opts.prefix)
    try:
        if opts.action == "install":
            where = spec.install(opts.name, **scope)
            print(f"Installed the kernelspec {opts.name!r} ({spec.DISPLAY_NAME}) in {where}")
        else:
            where = spec.uninstall(opts.name, **scope)
            print(f"Removed the kernelspec {opts.name!r} from {where}")
    except ImportError as e:
        print(f"mxcompat kernel: needs jupyter_client and ipykernel ({e}); install them "
              "with pip install 'mxcompat[notebook]'.", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"mxcompat kernel {opts.action}: {e}", file=sys.stderr)
        return 1
    return 0


def _check(opts) -> int:
    import json
    import subprocess
    from . import porting
    if not os.path.exists(opts.program):
        print(f"mxcompat check: no such file: {opts.program}", file=sys.stderr)
        return 2
    try:
        usages = porting.scan_file(opts.program)
    except (SyntaxError, ValueError) as e:
        print(f"mxcompat check: {e}", file=sys.stderr)
        return 2
    lines, missing = porting.report(usages)
    runtime = None
    if opts.run:
        cmd = [sys.executable, "-m", "mxcompat", "run"]
        if opts.program.endswith(".ipynb"):
            cmd += ["--allow-errors", "-o", os.devnull]
        res = subprocess.run(cmd + [opts.program], capture_output=True, text=True)
        runtime = porting.missing_from_error(res.stderr + res.stdout)
        if runtime:
            missing += 1
    if opts.json:
        print(json.dumps({"program": opts.program,
                          "names": [u.as_dict() for u in usages],
                          "runtime_missing": runtime, "missing": missing}, indent=1))
    else:
        print(f"mxcompat check {opts.program}: {len(usages)} uses of "
              f"{len({u.name for u in usages})} MXNet/MinPy names")
        print("\n".join(lines))
        if runtime:
            print(f"  MISSING  at run time: {runtime}")
        print("everything is supported" if not missing else
              f"{missing} missing name(s): the program will fail where they are used")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mxcompat`` console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, run_parser = _build_parser()
    if argv and argv[0] == "run":
        return _run(run_parser, argv[1:])
    opts = parser.parse_args(argv)
    if opts.command == "check":
        return _check(opts)
    if opts.command == "kernel":
        if opts.action is None:
            opts.kernel_parser.print_help(sys.stderr)
            return 2
        return _kernel(opts, parser)
    parser.print_help(sys.stderr)
    return 2
