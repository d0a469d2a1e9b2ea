"""The opt-in ``mxnet`` / ``minpy`` import alias.

After :func:`install`, legacy code that says ``import mxnet as mx``,
``from mxnet import nd, autograd, gluon``, ``import mxnet.gluon.nn`` or
``import minpy.numpy as np`` gets mxcompat's modules, unchanged:

* every submodule is the very module object of mxcompat (``mxnet.ndarray`` *is*
  ``mxcompat.ndarray``), found under MXNet's spelling (``mxnet.nd`` ->
  ``mxcompat.ndarray``, ``mxnet.np`` -> ``mxcompat.numpy``, ``mxnet.init`` ->
  ``mxcompat.initializer``... the names come from ``mxcompat._LAZY``);
* the top-level ``mxnet`` is a small module of its own that forwards every attribute
  to ``mxcompat`` (lazy submodules included) but is called ``mxnet`` and reports
  MXNet's version, ``1.9.1``;
* ``minpy`` and ``minpy.X`` are ``mxcompat.minpy`` and ``mxcompat.minpy.X``.

Nothing is aliased unless a program asks for it (``mxcompat run`` does), and
mxcompat never installs a top-level ``mxnet`` package. :func:`uninstall` takes the
finder away again and forgets every ``mxnet``/``minpy`` module it handed out.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

__all__ = ["install", "uninstall", "installed", "aliased", "target_name", "find_real"]

# The names legacy programs import, and the mxcompat package each one lives in.
_ALIASED_ROOTS = {"mxnet": "mxcompat", "minpy": "mxcompat.minpy"}


def _package():
    return importlib.import_module("mxcompat")


def _top_level_target(name: str) -> str:
    """The mxcompat module behind MXNet's top-level submodule name ``name``."""
    pkg = _package()
    lazy = getattr(pkg, "_LAZY", {})
    if name in lazy:
        return f"mxcompat.{lazy[name]}"
    attr = pkg.__dict__.get(name)
    if isinstance(attr, types.ModuleType) and attr.__name__.startswith("mxcompat."):
        return attr.__name__          # eager aliases such as ``mx.nd``
    return f"mxcompat.{name}"


def target_name(fullname: str) -> str | None:
    """Map an aliased module name to the mxcompat module name it stands for.

    ``"mxnet"`` -> ``"mxcompat"``, ``"mxnet.nd"`` -> ``"mxcompat.ndarray"``,
    ``"mxnet.gluon.nn"`` -> ``"mxcompat.gluon.nn"``, ``"minpy.numpy"`` ->
    ``"mxcompat.minpy.numpy"``; ``None`` for names the alias does not cover.
    Only the first component below ``mxnet`` is renamed; deeper components keep their
    names (MXNet's deeper aliases are resolved at import time by the finder).
    """
    head, _, rest = fullname.partition(".")
    if head == "mxnet":
        if not rest:
            return "mxcompat"
        first, dot, tail = rest.partition(".")
        return _top_level_target(first) + dot + tail
    if head == "minpy":
        return "mxcompat.minpy" + ("." + rest if rest else "")
    return None


def _not_implemented(fullname: str, target: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"No module named {fullname!r}: mxcompat does not implement {fullname} yet "
        f"(it would be the module {target}); please open an issue naming the API your "
        "program needs.", name=fullname)


class _ForwardingModule(types.ModuleType):
    """The top-level ``mxnet``: its own module object, everything else is mxcompat's."""

    def __getattr__(self, name):
        return getattr(_package(), name)

    def __dir__(self):
        pkg = _package()
        return sorted(set(super().__dir__()) | set(dir(pkg)) | set(getattr(pkg, "_LAZY", ())))


def _make_mxnet_module() -> types.ModuleType:
    pkg = _package()
    mod = _ForwardingModule("mxnet", pkg.__doc__)
    mod.__version__ = getattr(pkg, "__mxnet_version__", "1.9.1")
    mod.__file__ = pkg.__file__
    mod.__path__ = []          # a package, but every submodule comes from the finder
    mod.__package__ = "mxnet"
    return mod


class _AliasLoader(importlib.abc.Loader):
    """Hands out an existing mxcompat module (or the ``mxnet`` forwarder) for an alias."""

    def __init__(self, target: str | None):
        self._target = target           # None: the top-level ``mxnet`` forwarder
        self._real_spec = None

    def create_module(self, spec):
        if self._target is None:
            return _make_mxnet_module()
        module = importlib.import_module(self._target)
        self._real_spec = module.__spec__
        return module

    def exec_module(self, module):
        # The import machinery stamps the alias spec on the module it was given; give
        # the mxcompat module its own spec back (its other attributes were left alone).
        if self._real_spec is not None:
            module.__spec__ = self._real_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder for ``mxnet``, ``mxnet.*``, ``minpy`` and ``minpy.*``."""

    def find_spec(self, fullname, path=None, target=None):
        real = target_name(fullname)
        if real is None:
            return None
        if fullname == "mxnet":
            return importlib.machinery.ModuleSpec(
                "mxnet", _AliasLoader(None), origin="alias of mxcompat", is_package=True)
        resolved = self._resolve(fullname, real)
        real_spec = importlib.util.find_spec(resolved)
        return importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(resolved),
            is_package=real_spec.submodule_search_locations is not None)

    @staticmethod
    def _resolve(fullname: str, real: str) -> str:
        """The importable mxcompat module for ``fullname``, or raise a clear error."""
        try:
            if importlib.util.find_spec(real) is not None:
                return real
        except ModuleNotFoundError as e:
            if e.name is None or not (real == e.name or real.startswith(e.name + ".")):
                raise
            raise _not_implemented(fullname, real) from None
        # A module-valued attribute of the parent package (``mxnet.nd``-style aliases
        # one level down, e.g. a package re-exporting a sibling under a short name).
        parent_name, _, last = fullname.rpartition(".")
        parent = sys.modules.get(parent_name)
        attr = getattr(parent, last, None) if parent is not None else None
        if isinstance(attr, types.ModuleType) and attr.__name__.startswith("mxcompat."):
            return attr.__name__
        raise _not_implemented(fullname, real)


_finder: _AliasFinder | None = None


# ---------------------------------------------------------------- child processes
# multiprocessing's "spawn" and "forkserver" children start a fresh interpreter and
# re-import the main script, which says ``import mxnet``. The first thing such a child
# unpickles is the parent's "preparation data"; one extra entry in it, whose unpickling
# installs the alias, makes the child resolve ``mxnet`` like its parent. (Forked
# children simply inherit the alias.)

def _install_in_child() -> None:
    install()


class _ChildInstaller:
    def __reduce__(self):
        return _install_in_child, ()


def _hook_multiprocessing() -> None:
    import multiprocessing.spawn as spawn
    if getattr(spawn.get_preparation_data, "_mxcompat_original", None) is not None:
        return
    original = spawn.get_preparation_data

    def get_preparation_data(name):
        data = original(name)
        if installed():
            data["mxcompat_alias"] = _ChildInstaller()
        return data

    get_preparation_data._mxcompat_original = original
    spawn.get_preparation_data = get_preparation_data


def _unhook_multiprocessing() -> None:
    spawn = sys.modules.get("multiprocessing.spawn")
    original = getattr(getattr(spawn, "get_preparation_data", None), "_mxcompat_original", None)
    if original is not None:
        spawn.get_preparation_data = original


def find_real(name: str = "mxnet"):
    """The spec of a real, separately installed ``name`` package, ignoring the alias."""
    for finder in sys.meta_path:
        if isinstance(finder, _AliasFinder) or not hasattr(finder, "find_spec"):
            continue
        try:
            spec = finder.find_spec(name, None)
        except Exception:  # a third-party finder failing is not our business here
            continue
        if spec is not None:
            return spec
    return None


def _shadow_notice() -> None:
    shadowed = []
    for name in _ALIASED_ROOTS:
        spec = find_real(name)
        if spec is not None:
            where = spec.origin or ", ".join(spec.submodule_search_locations or ()) or "?"
            shadowed.append(f"{name} ({where})")
    if shadowed:
        print("mxcompat: the installed " + " and ".join(shadowed) + " is shadowed by "
              "mxcompat for this process; 'import mxnet' gives mxcompat here.",
              file=sys.stderr)


def install(*, notice: bool = False) -> None:
    """Make ``import mxnet`` / ``import minpy`` give mxcompat in this process.

    Processes started from here by multiprocessing (spawn or forkserver) get the
    alias too. Idempotent. ``notice=True`` (used by ``mxcompat run`` and the Jupyter kernel)
    prints one line to stderr when a real MXNet or MinPy is installed and therefore
    shadowed. Raises RuntimeError when a real ``mxnet`` was already imported here,
    since the alias could not take effect for it.
    """
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        return
    for name in _ALIASED_ROOTS:
        present = sys.modules.get(name)
        if present is not None and not isinstance(present, _ForwardingModule) and \
                not getattr(present, "__name__", "").startswith("mxcompat"):
            raise RuntimeError(
                f"A real {name!r} module is already imported in this process "
                f"({getattr(present, '__file__', None) or present!r}); call "
                "mxcompat.alias.install() before anything imports it, or run the program "
                "with 'mxcompat run'.")
    if notice:
        _shadow_notice()
    _finder = _AliasFinder()
    sys.meta_path.insert(0, _finder)
    importlib.invalidate_caches()
    _hook_multiprocessing()


def uninstall() -> None:
    """Remove the alias finder and every ``mxnet``/``minpy`` module it provided.

    mxcompat's own modules stay imported under their ``mxcompat.*`` names; only the
    aliased entries disappear from ``sys.modules``. A no-op when not installed.
    """
    global _finder
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _AliasFinder)]
    for name in list(sys.modules):
        if name.partition(".")[0] not in _ALIASED_ROOTS:
            continue
        module = sys.modules[name]
        if isinstance(module, _ForwardingModule) or \
                getattr(module, "__name__", "").startswith("mxcompat"):
            del sys.modules[name]
    _finder = None
    importlib.invalidate_caches()
    _unhook_multiprocessing()


def installed() -> bool:
    """Whether the alias is active in this process."""
    return _finder is not None and _finder in sys.meta_path


@contextlib.contextmanager
def aliased(*, notice: bool = False):
    """``with mxcompat.alias.aliased(): import mxnet`` — alias only inside the block.

    When the alias was already installed on entry it stays installed on exit.
    """
    was_installed = installed()
    install(notice=notice)
    try:
        yield
    finally:
        if not was_installed:
            uninstall()
