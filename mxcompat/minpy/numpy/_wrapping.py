"""How ``minpy.numpy`` functions are made from mx.np functions and from numpy.

* ``from_mx(f)``: an mx.np/mx.npx function taking numpy arrays too (converted to
  MinPy arrays first) and returning MinPy arrays. The op itself is mx.np's.
* ``from_numpy(f)``: MinPy's transparent fallback: a numpy function (for names mx.np
  lacks) run on host copies. It is not differentiable, so it refuses inputs that are
  being differentiated.
* ``namespace(module)``: every public function of an mx.np module passed through
  ``from_mx`` (types, constants and submodules are left out).
"""
import functools
import inspect

import numpy as _onp

from ..._core import state
from ...base import MXNetError
from ..array import Array, adopt, operand, to_minpy

__all__ = ["from_mx", "from_numpy", "namespace"]


def from_mx(f, name=None):
    """``f`` (an mx.np function) converting numpy arguments and adopting its results."""
    name = name or getattr(f, "__name__", "function")

    @functools.wraps(f)
    def function(*args, **kwargs):
        args = tuple(operand(a) for a in args)
        if kwargs:
            kwargs = {k: operand(v) for k, v in kwargs.items()}
        return adopt(f(*args, **kwargs), args)
    function.__name__ = name
    function.__module__ = "minpy.numpy"
    return function


def _to_host(x, name):
    if isinstance(x, Array) or hasattr(x, "_value"):
        if x._ag is not None and state.is_recording():
            raise MXNetError(
                f"minpy.numpy.{name} has no MXNet implementation and runs in NumPy, which "
                "cannot be differentiated: keep it out of the function given to "
                "minpy.core.grad (or apply it to values that are not differentiated, "
                "e.g. x.asnumpy()).")
        return x.asnumpy()
    if type(x) in (list, tuple):
        return type(x)(_to_host(v, name) for v in x)
    return x


def _from_host(x):
    if isinstance(x, _onp.ndarray) and x.dtype.kind in "biuf":
        return to_minpy(x)
    if type(x) in (list, tuple):
        return type(x)(_from_host(v) for v in x)
    return x


def from_numpy(f, name=None):
    """The numpy function ``f`` on host copies of MinPy arrays (not differentiable)."""
    name = name or getattr(f, "__name__", "function")

    @functools.wraps(f)
    def function(*args, **kwargs):
        args = _to_host(args, name)
        kwargs = {k: _to_host(v, name) for k, v in kwargs.items()}
        return _from_host(f(*args, **kwargs))
    function.__name__ = name
    function.__module__ = "minpy.numpy"
    function._minpy_numpy_fallback = True
    return function


def _is_function(v):
    return inspect.isfunction(v) or isinstance(v, functools.partial)


def namespace(module):
    """{name: MinPy function} for the public functions of an mx.np module; mx.np's own
    host fallbacks are replaced by MinPy's (which work while recording)."""
    out = {}
    for name, v in vars(module).items():
        if name.startswith("_") or not _is_function(v):
            continue
        if getattr(v, "_mx_host_fallback", False):
            original = getattr(v, "__wrapped__", None)
            if original is not None:
                out[name] = from_numpy(original, name)
            continue
        out[name] = from_mx(v, name)
    return out
