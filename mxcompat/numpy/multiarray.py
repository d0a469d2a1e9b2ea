"""``mx.np.ndarray``: the numpy-interface array class.

A subclass of ``mx.nd.NDArray`` (as in MXNet), whose methods with numpy semantics are
generated from the registry's ``np_method`` names (``sum`` gives 0-d arrays, indexing
with an int gives a 0-d array, ``reshape`` takes numpy shapes, arithmetic promotes
dtypes, comparisons give bools...). This module adds what is not an op: the numpy
``dtype`` object, printing, Python conversions and numpy's dispatch protocols.
"""
import re

import numpy as _np

from ..ndarray.ndarray import NDArray
from ..ops.namespace import build_class

__all__ = ["ndarray"]


# ------------------------------------------------------------------ printing
_SHAPE_NOTE = re.compile(r",\s*shape=\([0-9, ]*\)")

def _repr(self):
    """numpy's repr with MXNet's edits: no ``dtype=`` for float32, a ``dtype=`` for any
    other dtype numpy leaves implicit (except bool), ``ctx=`` off the CPU."""
    s = repr(self.asnumpy())
    if self.size:
        # numpy >= 2.2 names the shape of summarized arrays; MXNet's numpy did not.
        s = _SHAPE_NOTE.sub("", s)
    dt = self._jdtype
    if "dtype=" in s:
        if dt == _np.float32:
            s = s[:s.rindex(",")] + ")"
    elif dt not in (_np.float32, _np.bool_):
        s = s[:-1] + f", dtype={dt.name})"
    if self._ctx.device_type != "cpu":
        s = s[:-1] + f", ctx={self._ctx})"
    return s


def _str(self):
    s = str(self.asnumpy())
    if self._ctx.device_type == "cpu" or self.ndim == 0:
        return s
    return f"{s} @{self._ctx}"


def _format(self, spec):
    if self.ndim == 0:
        return format(self.item(), spec)
    if not spec:
        return format(str(self), spec)
    raise TypeError("Cannot format mxnet.numpy.ndarray with format_spec")


# ------------------------------------------------------------- conversions
def _dtype(self):
    """The element type, a ``numpy.dtype`` (``dtype('float32')``)."""
    return _np.dtype(self._jdtype)


def _scalar_check(self):
    if self.size != 1:
        raise TypeError("only size-1 arrays can be converted to Python scalars")


def _float(self):
    _scalar_check(self)
    return float(self.item())


def _int(self):
    _scalar_check(self)
    return int(self.item())


def _bool(self):
    n = self.size
    if n == 0:
        import warnings
        warnings.warn("The truth value of an empty array is ambiguous. Returning False, but "
                      "in future this will result in an error.", DeprecationWarning,
                      stacklevel=2)
        return False
    if n == 1:
        return bool(self.item())
    raise ValueError("The truth value of an ndarray with multiple elements is ambiguous.")


def _len(self):
    if not self.shape:
        raise TypeError("len() of unsized object")
    return self.shape[0]


def _no_attr(name):
    def f(self, *args, **kwargs):
        raise AttributeError(f"mxnet.numpy.ndarray object has no attribute {name}")
    f.__name__ = name
    return f


def _as_nd_ndarray(self):
    """The same data as an ``mx.nd.NDArray`` (to use its legacy methods)."""
    from .._core.ndarray import wrap
    out = wrap(NDArray, self._value(), self._ctx)
    out._ag = self._ag
    out._grad = self._grad
    out._grad_req = self._grad_req
    return out


def _as_np_ndarray(self):
    """Itself: it already is an ``mx.np.ndarray``."""
    return self


def _copy(self, order="C"):
    """A copy of the array."""
    if order != "C":
        raise NotImplementedError(f"ndarray.copy only supports order='C', while "
                                  f"received {order}")
    from ..ops.np_select import copy
    return copy(self)


def _astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """A copy converted to ``dtype`` (``self`` when ``copy=False`` and it already is)."""
    from ..ops.convert import astype
    from ..ops.np_common import dtype_name
    return astype(self, dtype_name(dtype), copy=copy)


def _T(self):
    """The transpose (axes reversed); a copy, as in MXNet."""
    return self.transpose()


# ------------------------------------------------------ numpy's protocols
def _as_onp(x):
    if hasattr(x, "_value"):
        return x.asnumpy(), x.ctx
    if isinstance(x, (list, tuple)):
        ctx = None
        items = []
        for v in x:
            v, c = _as_onp(v)
            items.append(v)
            ctx = ctx or c
        return type(x)(items), ctx
    return x, None


def _as_mx(x, ctx):
    from ..ops.np_creation import array
    if isinstance(x, _np.ndarray):
        return array(ndarray, x, dtype=x.dtype, ctx=ctx)
    if isinstance(x, (list, tuple)):
        return type(x)(_as_mx(v, ctx) for v in x)
    return x


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """Official numpy ufuncs on mx.np arrays: the mx.np function of the same name, else
    numpy itself on host copies (outside autograd recording, as MXNet)."""
    if method != "__call__":
        return NotImplemented
    from .. import numpy as mnp
    if "out" in kwargs:
        out = kwargs["out"]
        if len(out) != 1:
            raise ValueError("The `out` parameter must have exactly one ndarray")
        kwargs["out"] = out[0]
    f = getattr(mnp, ufunc.__name__, None)
    if f is not None and callable(f):
        return f(*inputs, **kwargs)
    return _fallback(ufunc, ufunc.__name__, inputs, kwargs)


def _array_function(self, func, types, args, kwargs):
    """Official numpy functions on mx.np arrays: the mx.np function of the same name,
    else numpy itself on host copies."""
    from .. import numpy as mnp
    mod = func.__module__ or ""
    target = mnp.linalg if mod.endswith("linalg") else mnp
    f = getattr(target, func.__name__, None)
    if f is not None and callable(f) and not getattr(f, "_mx_host_fallback", False):
        return f(*args, **kwargs)
    return _fallback(func, func.__name__, args, kwargs)


def _fallback(func, name, args, kwargs):
    from .._core import state
    if state.is_recording():
        raise ValueError(f"Falling back to NumPy operator {name} with autograd active is "
                         "not supported. Please consider moving the operator to the outside "
                         "of the autograd scope.")
    nargs, ctx = _as_onp(args)
    nkw = {k: _as_onp(v)[0] for k, v in kwargs.items()}
    return _as_mx(func(*nargs, **nkw), ctx)


# ------------------------------------------------------------------- class
_EXTRA = {
    "__repr__": _repr, "__str__": _str, "__format__": _format,
    "dtype": property(_dtype), "T": property(_T),
    "__float__": _float, "__int__": _int, "__bool__": _bool, "__len__": _len,
    # Arrays hash by identity (mxcompat keys arrays by object; MXNet raises here).
    "__hash__": object.__hash__, "as_nd_ndarray": _as_nd_ndarray, "as_np_ndarray": _as_np_ndarray,
    "copy": _copy, "astype": _astype,
    "__array_ufunc__": _array_ufunc, "__array_function__": _array_function,
    "asscalar": _no_attr("asscalar"), "tostype": _no_attr("tostype"),
}

ndarray = build_class("ndarray", NDArray, "mxnet.numpy", kinds=("np_method",),
                      extra=_EXTRA)
ndarray.__doc__ = """An n-dimensional array with numpy semantics (``mx.np.ndarray``).

A subclass of ``mx.nd.NDArray`` as in MXNet 1.9.1; created by ``mx.np.array``,
``mx.np.zeros``... or ``nd_array.as_np_ndarray()``."""
ndarray.__qualname__ = "ndarray"
