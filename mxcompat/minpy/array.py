"""``minpy.array.Array``: the array type of ``minpy.numpy``, and conversions to it.

A MinPy array is an ``mx.np.ndarray`` (a subclass of it, so every mx.np op, method
and autograd feature works on it unchanged) that also mixes with official numpy, as
MinPy's did: numpy arrays on either side of an operator (``numpy_array * a``,
``a - numpy_array``, ``numpy_array -= a``) and numpy functions applied to it
(``numpy.sum(a)``) are converted and computed by ``minpy.numpy``.

Dtypes: MinPy ran its arrays in MXNet, whose default float is float32, so numpy float64
data becomes float32 when it enters MinPy; every other numpy dtype is kept. Python
numbers stay numbers (weakly typed, as scalars of mx.np ops).
"""
import numpy as _onp

from ..numpy.multiarray import ndarray as _ndarray
from ..ops.np_creation import array as _make_array

__all__ = ["Array", "to_minpy", "operand", "adopt", "wrap"]


def to_minpy(x, dtype=None):
    """``x`` (numpy array, list, number or mx array) as a new MinPy ``Array``.

    float64 numpy data (and Python floats) become float32 unless ``dtype`` is given.
    """
    if dtype is None:
        dt = getattr(x, "dtype", None)
        if dt is not None and _onp.dtype(dt) == _onp.float64:
            dtype = _onp.float32
    return _make_array(Array, x, dtype=dtype)


def operand(x):
    """An argument of a MinPy op, ready for mx.np: numpy arrays (also inside lists
    and tuples) become MinPy arrays; anything else is returned unchanged."""
    t = type(x)
    if t is _onp.ndarray:
        return to_minpy(x)
    if (t is list or t is tuple) and any(type(v) is _onp.ndarray for v in x):
        return t(operand(v) for v in x)
    return x


def _other(x):
    """The right-hand side of an operator: numpy arrays and lists become arrays."""
    t = type(x)
    if t is _onp.ndarray or t is list or t is tuple:
        return to_minpy(_onp.asarray(x) if t is not _onp.ndarray else x)
    return x


def adopt(result, inputs=()):
    """Make the mx.np arrays in ``result`` MinPy arrays (in place: the class changes,
    the array, its data and its place in the autograd graph do not). Inputs returned
    as they are (``asarray(x)``) are left alone."""
    if isinstance(result, _ndarray):
        if type(result) is not Array and not any(result is a for a in inputs):
            result.__class__ = Array
        return result
    if type(result) in (list, tuple):
        return type(result)(adopt(r, inputs) for r in result)
    return result


def wrap(data):
    """MinPy's ``array.wrap``: numpy arrays and mx arrays become MinPy arrays, numbers
    and everything else stay as they are."""
    if isinstance(data, Array):
        return data
    if isinstance(data, _ndarray):
        return adopt(_make_array(Array, data))
    if isinstance(data, _onp.ndarray):
        return to_minpy(data)
    if hasattr(data, "as_np_ndarray"):          # an mx.nd.NDArray
        return adopt(data.as_np_ndarray().copy())
    return data


# ------------------------------------------------------------------ operators
def _binary(name):
    base = getattr(_ndarray, name)

    def method(self, other):
        return base(self, _other(other))
    method.__name__ = name
    method.__qualname__ = f"Array.{name}"
    method.__doc__ = base.__doc__
    return method


_OPERATORS = ("add", "sub", "mul", "truediv", "div", "floordiv", "mod", "pow", "matmul",
              "and", "or", "xor")
_COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")


def _repr(self):
    return repr(self.asnumpy())


def _str(self):
    return str(self.asnumpy())


def _reduce(self):
    # Pickle through this module (importable without the alias), not the class's
    # display module "minpy.array".
    return _rebuild, (self.asnumpy(), self._ctx.device_type, self._ctx.device_id)


def _rebuild(value, device_type, device_id):
    from ..context import Context
    return _make_array(Array, value, dtype=value.dtype, ctx=Context(device_type, device_id))


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """numpy ufuncs with a MinPy array among the inputs run as ``minpy.numpy``'s
    function of the same name; ``out=`` may be a numpy array (``numpy_w -= a``)."""
    if method != "__call__":
        return NotImplemented
    from . import numpy as mnp
    out = kwargs.pop("out", None)
    res = getattr(mnp, ufunc.__name__)(*inputs, **kwargs)
    if out is None:
        return res
    target = out[0]
    if isinstance(target, _onp.ndarray):
        target[...] = res.asnumpy() if hasattr(res, "asnumpy") else res
    else:
        target[...] = res
    return target


def _array_function(self, func, types, args, kwargs):
    """numpy functions given a MinPy array run as ``minpy.numpy``'s function."""
    from . import numpy as mnp
    mod = func.__module__ or ""
    target = mnp.linalg if mod.endswith("linalg") else mnp
    return getattr(target, func.__name__)(*args, **kwargs)


def _build():
    body = {"__slots__": (), "__module__": "minpy.array",
            "__repr__": _repr, "__str__": _str, "__reduce__": _reduce,
            "__array_ufunc__": _array_ufunc, "__array_function__": _array_function,
            "__hash__": object.__hash__}
    for op in _OPERATORS:
        for name in (f"__{op}__", f"__r{op}__", f"__i{op}__"):
            if hasattr(_ndarray, name):
                body[name] = _binary(name)
    for op in _COMPARISONS:
        body[f"__{op}__"] = _binary(f"__{op}__")
    cls = type("Array", (_ndarray,), body)
    cls.__doc__ = """MinPy's array: an ``mx.np.ndarray`` that also mixes with numpy.

Create it with ``minpy.numpy`` functions (``np.zeros``, ``np.array``,
``np.random.randn``...); ``asnumpy()`` gives a numpy copy."""
    return cls


Array = _build()
