"""``mx.np`` reductions with numpy signatures: sum, mean, prod, max, min, std, var,
argmax, argmin, cumsum, all, any, average.

Results are 0-d arrays for full reductions (not shape (1,) as in ``mx.nd``). MXNet's
dtype rules, as observed in 1.9.1: ``sum``/``prod``/``cumsum`` keep the input dtype
(bool gives int64), ``mean`` of integers gives the default float, ``std``/``var`` of
integers are computed in integer arithmetic (a truncated mean), ``argmax``/``argmin``
give int64, ``max``/``min`` keep the dtype and refuse empty reductions.
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .np_common import default_float, dtype_name, npfun, npop, normalize_axes

__all__ = []


def _axes(a, axis):
    return normalize_axes(axis, a.ndim)


def _keep(out, a, axes, keepdims):
    if keepdims:
        shape = tuple(1 if i in axes else s for i, s in enumerate(a.shape))
        out = out.reshape(shape)
    return out


def _acc_dtype(a, dtype):
    if dtype is not None:
        return jnp.dtype(dtype)
    return jnp.dtype("int64") if a.dtype == jnp.bool_ else a.dtype


@npop("_np_sum", np=("sum",), np_method="sum")
def _np_sum(a, *, axis=None, dtype=None, keepdims=False, initial=None):
    """Sum over ``axis`` (all axes by default); integers keep their dtype."""
    axes = _axes(a, axis)
    dt = _acc_dtype(a, dtype)
    out = jnp.sum(a.astype(dt), axis=axes, keepdims=keepdims, dtype=dt)
    if initial is not None:
        out = out + jnp.asarray(initial, dt)
    return out.astype(dt)


@npop("_np_prod", np=("prod", "product"), np_method="prod")
def _np_prod(a, *, axis=None, dtype=None, keepdims=False, initial=None):
    """Product over ``axis`` (all axes by default); integers keep their dtype."""
    axes = _axes(a, axis)
    dt = _acc_dtype(a, dtype)
    out = jnp.prod(a.astype(dt), axis=axes, keepdims=keepdims, dtype=dt)
    if initial is not None:
        out = out * jnp.asarray(initial, dt)
    return out.astype(dt)


def _mean_dtype(a, dtype, ftype):
    if dtype is not None:
        return jnp.dtype(dtype)
    return a.dtype if jnp.issubdtype(a.dtype, jnp.inexact) else jnp.dtype(ftype)


@npop("_np_mean")
def _np_mean(a, *, axis=None, dtype=None, keepdims=False, ftype="float32"):
    """Mean over ``axis``; integer inputs give the default float."""
    axes = _axes(a, axis)
    dt = _mean_dtype(a, dtype, ftype)
    n = 1
    for i in axes:
        n *= a.shape[i]
    s = jnp.sum(a.astype(dt), axis=axes, keepdims=keepdims, dtype=dt)
    # NOTE: MXNet's mean of an empty reduction is 0, not NaN.
    return (s / max(n, 1)).astype(dt)


def _moment(a, axes, ddof, keepdims, dt):
    n = 1
    for i in axes:
        n *= a.shape[i]
    denom = max(n - ddof, 0)
    if jnp.issubdtype(dt, jnp.integer):
        # NOTE: MXNet computes integer std/var in the integer type: the mean is
        # truncated (var([-7, 2]) == 20, std == 4).
        x = a.astype(dt)
        mean = lax.div(jnp.sum(x, axis=axes, keepdims=True, dtype=dt),
                       jnp.asarray(max(n, 1), dt))
        d = x - mean
        ss = jnp.sum(d * d, axis=axes, keepdims=keepdims, dtype=dt)
        return lax.div(ss, jnp.asarray(max(denom, 1), dt))
    x = a.astype(dt)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    d = x - mean
    return jnp.sum(d * d, axis=axes, keepdims=keepdims) / denom


@npop("_np_var", np=("var",), np_method="var")
def _np_var(a, *, axis=None, dtype=None, ddof=0, keepdims=False):
    """Variance over ``axis`` (``ddof`` as numpy)."""
    axes = _axes(a, axis)
    dt = jnp.dtype(dtype) if dtype is not None else (
        jnp.dtype("int64") if a.dtype == jnp.bool_ else a.dtype)
    return _moment(a, axes, ddof, keepdims, dt).astype(dt)


@npop("_np_std", np=("std",), np_method="std")
def _np_std(a, *, axis=None, dtype=None, ddof=0, keepdims=False):
    """Standard deviation over ``axis`` (``ddof`` as numpy)."""
    axes = _axes(a, axis)
    dt = jnp.dtype(dtype) if dtype is not None else (
        jnp.dtype("int64") if a.dtype == jnp.bool_ else a.dtype)
    v = _moment(a, axes, ddof, keepdims, dt)
    if jnp.issubdtype(dt, jnp.integer):
        return jnp.sqrt(v.astype("float64")).astype(dt)
    return jnp.sqrt(v).astype(dt)


def _extreme(name, pick):
    def fn(a, *, axis=None, keepdims=False):
        axes = _axes(a, axis)
        if any(a.shape[i] == 0 for i in axes):
            raise MXNetError(f"zero-size array to reduction operation {name} which has no "
                             "identity; reduce a non-empty array or axis.")
        m = lax.stop_gradient(pick(a, axis=axes, keepdims=True))
        if not jnp.issubdtype(a.dtype, jnp.inexact):
            out = m
        else:
            # NOTE: every element equal to the extreme gets the full gradient, as in
            # MXNet (jax would split it between ties).
            out = m + jnp.sum(jnp.where(a == m, a - m, jnp.zeros_like(a)), axis=axes,
                              keepdims=True)
        if not keepdims:
            out = out.reshape(tuple(s for i, s in enumerate(a.shape) if i not in axes))
        return out
    fn.__doc__ = f"The {name} over ``axis`` (all axes by default)."
    return fn


_np_max = npop("_np_max", np=("max", "amax"), np_method="max")(_extreme("maximum", jnp.max))
_np_min = npop("_np_min", np=("min", "amin"), np_method="min")(_extreme("minimum", jnp.min))


def _arg(name, f):
    def fn(a, *, axis=None, keepdims=False):
        if axis is None:
            if a.size == 0:
                raise MXNetError(f"attempt to get {name} of an empty sequence.")
            out = f(a.reshape(-1), axis=0)
            if keepdims:
                out = out.reshape((1,) * a.ndim)
        else:
            out = f(a, axis=axis, keepdims=keepdims)
        return out.astype("int64")
    fn.__doc__ = f"Indices of the {name[3:]}imum values along ``axis`` (int64)."
    return fn


_np_argmax = npop("_np_argmax", np=("argmax",), np_method="argmax", differentiable=False)(
    _arg("argmax", jnp.argmax))
_np_argmin = npop("_np_argmin", np=("argmin",), np_method="argmin", differentiable=False)(
    _arg("argmin", jnp.argmin))


@npop("_np_cumsum", np=("cumsum",), np_method="cumsum")
def _np_cumsum(a, *, axis=None, dtype=None):
    """Cumulative sum along ``axis`` (the flattened array by default)."""
    dt = _acc_dtype(a, dtype)
    if axis is None:
        return jnp.cumsum(a.reshape(-1).astype(dt), dtype=dt)
    return jnp.cumsum(a.astype(dt), axis=axis, dtype=dt)


@npop("_np_cumprod", np=("cumprod",), np_method="cumprod")
def _np_cumprod(a, *, axis=None, dtype=None):
    """Cumulative product along ``axis`` (the flattened array by default)."""
    dt = _acc_dtype(a, dtype)
    if axis is None:
        return jnp.cumprod(a.reshape(-1).astype(dt), dtype=dt)
    return jnp.cumprod(a.astype(dt), axis=axis, dtype=dt)


@npop("_np_all", np=("all", "alltrue"), np_method="all", differentiable=False)
def _np_all(a, *, axis=None, keepdims=False):
    """Whether every element along ``axis`` is true (a bool array)."""
    return jnp.all(a != 0, axis=_axes(a, axis), keepdims=keepdims)


@npop("_np_any", np=("any", "sometrue"), np_method="any", differentiable=False)
def _np_any(a, *, axis=None, keepdims=False):
    """Whether any element along ``axis`` is true (a bool array)."""
    return jnp.any(a != 0, axis=_axes(a, axis), keepdims=keepdims)


# --------------------------------------------------------- frontends
def _mean_frontend(a, axis=None, dtype=None, out=None, keepdims=False):
    from .._core.dispatch import invoke
    from .np_common import as_np
    a = as_np(a)
    static = (("axis", _canon_axis(axis)), ("dtype", None if dtype is None else
                                             dtype_name(dtype)),
              ("keepdims", bool(keepdims)), ("ftype", default_float()))
    return invoke(_np_mean.kernel(static, None), (a,), (), type(a), None, out)


def _canon_axis(axis):
    if isinstance(axis, list):
        return tuple(axis)
    return axis


npfun("mean", np=True, np_method="mean")(_mean_frontend)


@npfun("average", np=True)
def average(a, axis=None, weights=None, returned=False, out=None):
    """Weighted average along ``axis`` (``weights`` broadcast along it, as numpy)."""
    from .np_ufunc import multiply, true_divide
    if weights is None:
        avg = _mean_frontend(a, axis)
        # MXNet returns the count as a 0-d array (numpy broadcasts it like avg).
        from .np_creation import full
        scl = full(type(avg), (), a.size // max(avg.size, 1), dtype=avg.dtype, ctx=avg.ctx)
    else:
        if tuple(weights.shape) != tuple(a.shape):
            if axis is None or weights.ndim != 1:
                raise TypeError("Axis must be specified when shapes of a and weights "
                                "differ.")
            ax = axis % a.ndim
            shape = [1] * a.ndim
            shape[ax] = weights.shape[0]
            weights = weights.reshape(tuple(shape))
        from .np_shape import broadcast_to
        w = broadcast_to(weights, a.shape)
        scl = w.sum(axis=axis)
        avg = true_divide(multiply(a, w).sum(axis=axis), scl)
    if out is not None:
        out[...] = avg
        avg = out
    if returned:
        return [avg, scl]
    return avg

