"""Generate namespace functions and array methods from registered ops.

A generated function binds MXNet-style arguments (arrays positionally or by name, then
attributes positionally or by keyword, ``out=``, ``name=``, ``ctx=``) to an op, picks
the kernel for its static attributes and runs it through the dispatcher.
"""
import numpy as _np

from ..base import MXNetError
from ..context import Context, current_context
from .._core.dispatch import invoke
from .registry import canon

__all__ = ["bind", "make_function", "make_method", "as_array"]


def as_array(x, cls, ctx=None, dtype=None):
    """``x`` as an array of class ``cls`` (NDArrays pass through)."""
    if hasattr(x, "_value"):
        return x
    from .._core.dispatch import from_numpy_value
    from .._core.ndarray import wrap
    ctx = ctx or current_context()
    a = _np.asarray(x)
    if dtype is None and a.dtype == _np.float64:
        dtype = _np.float32
    return wrap(cls, from_numpy_value(a, ctx, dtype), ctx)


def bind(op, args, kwargs, opname):
    """Split a call into (arrays, scalars, static, present, ctx, out)."""
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    ctx = None
    if not op.arrays:
        ctx = kwargs.pop("ctx", None)
        if ctx is None:
            ctx = current_context()
        elif not isinstance(ctx, Context):
            ctx = Context(ctx)
    attrs = dict(op.attrs)
    if op.variadic:
        arrays = list(args)
        extra = ()
        n_fixed = len(op.arrays) - 1
        for nm in op.arrays[:n_fixed]:
            if nm in kwargs:
                arrays.insert(op.arrays.index(nm), kwargs.pop(nm))
        if not arrays:
            raise MXNetError(f"{opname} needs at least one input array; call it as "
                             f"{opname}(a, b, ...).")
    else:
        n = len(op.arrays)
        arrays = list(args[:n])
        extra = args[n:]
        if len(arrays) < n:
            for nm in op.arrays[len(arrays):]:
                if nm in kwargs:
                    arrays.append(kwargs.pop(nm))
                elif nm in op.optional:
                    arrays.append(None)
                else:
                    raise MXNetError(f"{opname}: missing input array {nm!r}; call it as "
                                     f"{opname}({', '.join(op.arrays)}, ...).")
    if extra:
        if len(extra) > len(op.attr_names):
            raise MXNetError(f"{opname} takes at most {len(op.arrays) + len(op.attr_names)}"
                             f" positional arguments but {len(args)} were given.")
        for nm, v in zip(op.attr_names, extra):
            attrs[nm] = v
    for k, v in kwargs.items():
        if k not in attrs:
            raise MXNetError(
                f"{opname} got an unexpected argument {k!r}. Its arguments are: "
                f"{', '.join(op.arrays + op.attr_names) or '(none)'}. If MXNet accepts "
                f"{k!r} here, mxcompat does not implement it yet; please report it.")
        attrs[k] = v
    present = None
    if op.optional:
        present = tuple(a is not None for a in arrays)
        if all(present):
            present = None
        else:
            arrays = [a for a in arrays if a is not None]
    for nm, a in zip(op.arrays if not op.variadic else (), arrays):
        if not hasattr(a, "_value"):
            # MXNet asserts this (AssertionError), with the argument's name.
            raise AssertionError(f"Argument {nm} must have NDArray type, but got {a!r}; "
                                 f"{opname} takes arrays: convert it with mx.nd.array(...).")
    for a in arrays:
        if not hasattr(a, "_value"):
            raise AssertionError(f"{opname}: every input must have NDArray type, but got "
                                 f"{a!r}; convert it with mx.nd.array(...).")
    if op.dynamic:
        scalars = tuple(attrs.pop(k) for k in op.dynamic)
    else:
        scalars = ()
    static = tuple((k, canon(v)) for k, v in attrs.items())
    return arrays, scalars, static, present, ctx, out


def _fast_kernel(op, args, kwargs, opname):
    """The kernel and arrays of a call seen before, or None (the common case of eager
    code: the same op called with the same attributes in a loop).

    Only for ops with a fixed list of arrays, all passed positionally, and without
    dynamic attributes; the cache key is the call's keyword items.
    """
    if len(args) != len(op.arrays):
        return None
    try:
        key = tuple(kwargs.items())
        if op.optional:
            key = (key, tuple(a is None for a in args))
        hit = op._bind_cache.get(key)
    except TypeError:          # an unhashable attribute value (a list): slow path
        return None
    if hit is None:
        arrays, scalars, static, present, ctx, out = bind(op, args, dict(kwargs), opname)
        if out is not None or ctx is not None or scalars:
            return None
        kern = op.kernel(static, present)
        if len(op._bind_cache) < 256:
            op._bind_cache[key] = (kern, present)
        return kern, arrays
    kern, present = hit
    if present is not None:
        arrays = [a for a in args if a is not None]
    else:
        arrays = args
    for a in arrays:
        if not hasattr(a, "_value"):
            return None        # let the slow path raise MXNet's error
    return kern, arrays


def _caller(op, opname):
    """The call path shared by namespace functions and methods: the cached fast path
    for repeated calls, else the full argument binding."""
    fast = not op.variadic and not op.dynamic and bool(op.arrays)

    def call(args, kwargs, cls_of):
        if fast and "out" not in kwargs:
            hit = _fast_kernel(op, args, kwargs, opname)
            if hit is not None:
                kern, arrays = hit
                return invoke(kern, arrays, (), cls_of(arrays))
        arrays, scalars, static, present, ctx, out = bind(op, args, kwargs, opname)
        kern = op.kernel(static, present)
        return invoke(kern, arrays, scalars, cls_of(arrays), ctx, out)
    return call


def make_function(op, cls_of, opname=None):
    """The namespace function for ``op`` whose outputs are of class ``cls_of()``."""
    opname = opname or op.name
    call = _caller(op, opname)

    def function(*args, **kwargs):
        return call(args, kwargs, cls_of)
    function.__name__ = opname
    function.__qualname__ = opname
    function.__doc__ = op.__doc__
    function.__mxcompat_op__ = op
    return function


def make_method(op, opname=None):
    """An array method for ``op``: ``x.name(...)`` is ``nd.name(x, ...)``."""
    opname = opname or op.name
    call = _caller(op, opname)

    def method(self, *args, **kwargs):
        return call((self,) + args, kwargs, lambda arrays, _c=type(self): _c)
    method.__name__ = opname
    method.__qualname__ = opname
    method.__doc__ = op.__doc__
    method.__mxcompat_op__ = op
    return method
