"""Reductions: sum, mean, prod, max, min, nansum, nanprod, norm, moments, argmax, argmin,
argmax_channel, with MXNet 1.9.1's conventions:

* ``axis=None`` or ``()`` reduces everything (also with ``exclude=True``), and a full
  reduction gives shape (1,), not a 0-d array; ``exclude=True`` reduces the axes *not*
  listed; a bad or repeated axis is an MXNetError;
* results keep the input dtype: integer sums wrap, an integer mean truncates, and on
  bool arrays sum/mean/max/nansum mean "any" and prod/min/nanprod mean "all";
* gradients: max/min give the whole head gradient to *every* tied element, prod and
  nanprod use ``out / x`` (NaN at zeros, as MXNet), L2 ``norm`` uses ``x / norm``;
* ``nansum`` adds with compensation, so an infinity followed by more numbers is NaN;
* ``norm`` scales by the largest magnitude (no overflow for 1e20), ord 1 or 2 only;
* argmax/argmin return indices in the input's dtype; argmax_channel works on axis 1.

Also the running sum ``cumsum`` and the AMP/optimizer checks ``all_finite``,
``multi_all_finite`` and ``multi_sum_sq``.
"""
import jax
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from ._mxmath import c_cast, is_int_dtype
from .binary import BROADCAST
from .registry import defop, defun

_BK_MUL = BROADCAST["multiply"].kernel((), None)


def reduce_axes(ndim, axis, exclude=False, opname="reduce"):
    """The sorted tuple of axes an MXNet reduction with ``axis``/``exclude`` reduces."""
    if axis is None or axis == ():
        return tuple(range(ndim))
    axs = (axis,) if isinstance(axis, int) else tuple(axis)
    out = []
    for a in axs:
        if not -ndim <= a < ndim:
            raise MXNetError(f"{opname}: axis {a} exceeds the input dimension of {ndim}; "
                             f"pass an axis in [{-ndim}, {ndim}).")
        a = a % ndim
        if a in out:
            raise MXNetError(f"{opname}: axis {a} appears more than once in axis={axis}; "
                             "list each axis once.")
        out.append(a)
    if exclude:
        return tuple(a for a in range(ndim) if a not in out)
    return tuple(sorted(out))


def _finish(out):
    # NOTE: legacy nd has no 0-d results: a full reduction gives shape (1,).
    return out.reshape((1,)) if out.ndim == 0 else out


def _keep(out, axes, keepdims):
    """``out`` with the reduced axes kept (size 1), whatever ``keepdims`` was."""
    return out if keepdims else jnp.expand_dims(out, axes)


def _with_partial(value, partial, axes, keepdims):
    """``value(x)`` whose derivative is ``partial(x, out_kept) * t`` summed over ``axes``."""
    f = jax.custom_jvp(value)

    def rule(primals, tangents):
        (x,), (t,) = primals, tangents
        out = f(x)
        d = partial(x, _keep(out, axes, keepdims))
        return out, jnp.sum(d * t, axis=axes, keepdims=keepdims).astype(out.dtype)
    f.defjvp(rule)
    return f


# ------------------------------------------------------------------ reducers
def _sum(x, axes, keepdims):
    if x.dtype == jnp.bool_:
        return jnp.any(x, axis=axes, keepdims=keepdims)
    if x.dtype in (jnp.float16, jnp.bfloat16):
        # NOTE: accumulate half floats in float32 (XLA's CPU reduction in float16 loses
        # whole units on a few thousand elements; MXNet's sum is accurate).
        return jnp.sum(x.astype(jnp.float32), axis=axes, keepdims=keepdims).astype(x.dtype)
    return jnp.sum(x, axis=axes, keepdims=keepdims, dtype=x.dtype)


def _mean(x, axes, keepdims):
    if x.dtype == jnp.bool_:
        return jnp.any(x, axis=axes, keepdims=keepdims)
    if is_int_dtype(x.dtype):
        # NOTE: MXNet sums in the integer type (wrapping) and divides with truncation.
        n = 1
        for a in axes:
            n *= x.shape[a]
        s = _sum(x, axes, keepdims)
        return lax.div(s, jnp.asarray(max(n, 1), x.dtype))
    return jnp.mean(x, axis=axes, keepdims=keepdims)


def _prod(x, axes, keepdims):
    if x.dtype == jnp.bool_:
        return jnp.all(x, axis=axes, keepdims=keepdims)
    if is_int_dtype(x.dtype):
        return jnp.prod(x, axis=axes, keepdims=keepdims, dtype=x.dtype)
    # NOTE: MXNet's prod gradient is out / x (NaN where x == 0).
    return _with_partial(lambda v: jnp.prod(v, axis=axes, keepdims=keepdims),
                         lambda v, out: out / v, axes, keepdims)(x)


def _extreme(jf, bool_f):
    def red(x, axes, keepdims):
        if x.dtype == jnp.bool_:
            return bool_f(x, axis=axes, keepdims=keepdims)
        if is_int_dtype(x.dtype):
            return jf(x, axis=axes, keepdims=keepdims)
        # NOTE: every element equal to the result gets the whole head gradient (MXNet
        # does not split it between ties as jax does).
        return _with_partial(lambda v: _nan_propagating(jf, v, axes, keepdims),
                             lambda v, out: (v == out).astype(v.dtype), axes, keepdims)(x)
    return red


def _nan_propagating(jf, v, axes, keepdims):
    """``jf`` (max or min) that is NaN wherever a reduced element is NaN, as in MXNet.
    NOTE: XLA's CPU reduction does not propagate NaN along non-minor axes."""
    out = jf(v, axis=axes, keepdims=keepdims)
    has_nan = jnp.any(jnp.isnan(v), axis=axes, keepdims=keepdims)
    return jnp.where(has_nan, jnp.asarray(jnp.nan, out.dtype), out)


def _nansum_value(x, axes, keepdims):
    s = jnp.sum(jnp.where(jnp.isnan(x), jnp.zeros_like(x), x), axis=axes,
                keepdims=keepdims)
    if not axes:
        return s
    # NOTE: MXNet's nansum uses compensated (Kahan) addition in reading order: once an
    # infinity is added, the compensation is NaN and any later number makes the sum NaN.
    rest = tuple(a for a in range(x.ndim) if a not in axes)
    flat = jnp.transpose(x, rest + axes).reshape(
        tuple(x.shape[a] for a in rest) + (-1,))
    num = ~jnp.isnan(flat)
    later = jnp.flip(jnp.cumsum(jnp.flip(num, -1), -1), -1) - num   # numbers after each
    poisoned = jnp.any(jnp.isinf(flat) & (later > 0), axis=-1)
    poisoned = poisoned.reshape(tuple(x.shape[a] for a in rest))
    if keepdims:
        poisoned = jnp.expand_dims(poisoned, axes)
    # The NaN is added, not selected, so that the gradient (1 per number) still flows.
    return s + lax.stop_gradient(jnp.where(poisoned, jnp.asarray(jnp.nan, s.dtype),
                                           jnp.zeros_like(s)))


def _nansum(x, axes, keepdims):
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return _sum(x, axes, keepdims)
    return _nansum_value(x, axes, keepdims)


def _nanprod(x, axes, keepdims):
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return _prod(x, axes, keepdims)
    # NOTE: MXNet's nanprod gradient is 0 at NaN and out / x elsewhere.
    return _with_partial(
        lambda v: jnp.prod(jnp.where(jnp.isnan(v), jnp.ones_like(v), v), axis=axes,
                           keepdims=keepdims),
        lambda v, out: jnp.where(jnp.isnan(v), jnp.zeros_like(v), out / v),
        axes, keepdims)(x)


REDUCERS = {
    "sum": (_sum, ("sum", "sum_axis")),
    "mean": (_mean, ("mean",)),
    "prod": (_prod, ("prod",)),
    "max": (_extreme(jnp.max, jnp.any), ("max", "max_axis")),
    "min": (_extreme(jnp.min, jnp.all), ("min", "min_axis")),
    "nansum": (_nansum, ("nansum",)),
    "nanprod": (_nanprod, ("nanprod",)),
}


def _reducer(name, red):
    def fn(data, *, axis=None, keepdims=False, exclude=False):
        axes = reduce_axes(data.ndim, axis, exclude, name)
        return _finish(red(data, axes, keepdims))
    fn.__doc__ = (f"{name} over ``axis`` (all axes by default; ``exclude=True`` reduces "
                  "the other axes), keeping the input dtype.")
    return fn


REDUCE_OPS = {name: defop(name, nd=names, method=name)(_reducer(name, red))
              for name, (red, names) in REDUCERS.items()}


# ------------------------------------------------------------------ norm
def _l2(x, axes, keepdims):
    """sqrt(sum x^2), scaled by the largest magnitude so that it neither overflows nor
    underflows; its gradient is x / norm (NaN for an all-zero slice, as MXNet)."""
    def value(v):
        scale = jnp.max(jnp.abs(v), axis=axes, keepdims=True)
        safe = jnp.where(scale > 0, scale, jnp.ones_like(scale))
        ssq = jnp.sum(jnp.square(v / safe), axis=axes, keepdims=True)
        out = scale * jnp.sqrt(ssq)
        return out if keepdims else jnp.squeeze(out, axes)
    return _with_partial(value, lambda v, out: v / out, axes, keepdims)(x)


def _l2_int(x, axes, keepdims):
    """MXNet's scaled L2 reduction run in integer arithmetic (so norm([3, 4]) == 4)."""
    rest = tuple(a for a in range(x.ndim) if a not in axes)
    flat = jnp.transpose(x, rest + axes).reshape(tuple(x.shape[a] for a in rest) + (-1,))
    zero = jnp.zeros(flat.shape[:-1], x.dtype)

    def step(carry, src):
        ssq, scale = carry
        a = jnp.abs(src)
        nz = src != 0
        grow = scale < a
        safe_a = jnp.where(a == 0, jnp.ones_like(a), a)
        safe_s = jnp.where(scale == 0, jnp.ones_like(scale), scale)
        r1 = lax.div(scale, safe_a)
        r2 = lax.div(a, safe_s)
        new_ssq = jnp.where(grow, 1 + ssq * r1 * r1, ssq + r2 * r2)
        new_scale = jnp.where(grow, a, scale)
        return (jnp.where(nz, new_ssq, ssq), jnp.where(nz, new_scale, scale)), None
    (ssq, scale), _ = lax.scan(step, (zero, zero), jnp.moveaxis(flat, -1, 0))
    out = c_cast(scale.astype(jnp.float64) * jnp.sqrt(ssq.astype(jnp.float64)), x.dtype)
    out = out.reshape(tuple(x.shape[a] for a in rest))
    return jnp.expand_dims(out, axes) if keepdims else out


@defop("norm", nd=True, method=True)
def _norm(data, *, ord=2, axis=None, out_dtype=None, keepdims=False):
    """The L2 (``ord=2``) or L1 (``ord=1``) norm over ``axis`` (all axes by default)."""
    if ord not in (1, 2):
        raise MXNetError(f"norm only supports ord=1 and ord=2, got ord={ord}.")
    axes = reduce_axes(data.ndim, axis, False, "norm")
    if ord == 1:
        # NOTE: |x| with MXNet's abs gradient (0 at 0).
        from .elemwise import UNARY_OPS
        out = _sum(UNARY_OPS["abs"].fn(data), axes, keepdims)
    elif is_int_dtype(data.dtype):
        out = _l2_int(data, axes, keepdims)
    else:
        out = _l2(data, axes, keepdims)
    if out_dtype is not None:
        if not jnp.issubdtype(jnp.dtype(out_dtype), jnp.floating):
            raise MXNetError(f"norm: out_dtype must be a float type, got {out_dtype!r}.")
        out = out.astype(out_dtype)
    return _finish(out)


@defop("moments", nd=True, nout=2)
def _moments(data, *, axes=None, keepdims=False):
    """(mean, variance) over ``axes`` (required)."""
    if not axes:
        raise MXNetError("moments: empty axes are not supported; to compute global "
                         "moments pass every axis, e.g. axes=(0, 1).")
    ax = reduce_axes(data.ndim, axes, False, "moments")
    mean = jnp.mean(data, axis=ax, keepdims=True)
    var = jnp.mean(jnp.square(data - mean), axis=ax, keepdims=keepdims)
    if not keepdims:
        mean = jnp.squeeze(mean, ax)
    return _finish(mean), _finish(var)


# ------------------------------------------------------------------ arg reductions
def _arg(f, name):
    def fn(data, *, axis=None, keepdims=False):
        if axis is None:
            out = f(data.reshape(-1), axis=0)
            if keepdims:
                out = out.reshape((1,) * data.ndim)
        else:
            (ax,) = reduce_axes(data.ndim, axis, False, name)
            out = f(data, axis=ax, keepdims=keepdims)
        return _finish(out.astype(data.dtype))
    fn.__doc__ = (f"Indices of the {name[3:]} along ``axis`` (of the flattened array by "
                  "default), in the input's dtype; the first one wins ties.")
    return fn


argmax = defop("argmax", nd=True, method=True, differentiable=False)(_arg(jnp.argmax,
                                                                        "argmax"))
argmin = defop("argmin", nd=True, method=True, differentiable=False)(_arg(jnp.argmin,
                                                                        "argmin"))


@defop("argmax_channel", nd=True, method=True, differentiable=False)
def _argmax_channel(data):
    """argmax over axis 1 (the channel axis), in the input's dtype."""
    return _finish(jnp.argmax(data, axis=1 if data.ndim > 1 else 0).astype(data.dtype))


# ------------------------------------------------------------------ scans, checks
@defop("cumsum", nd=True)
def _cumsum(a, *, axis=None, dtype=None):
    """Running sum along ``axis`` (of the flattened array by default), in ``dtype``
    (the input's by default)."""
    x = a.reshape(-1) if axis is None else a
    ax = 0 if axis is None else reduce_axes(a.ndim, axis, False, "cumsum")[0]
    out_dt = jnp.dtype(dtype) if dtype is not None else x.dtype
    return jnp.cumsum(x.astype(out_dt), axis=ax)


def _finite_flag(arrays):
    ok = jnp.asarray(True)
    for a in arrays:
        if jnp.issubdtype(a.dtype, jnp.floating):
            ok = ok & jnp.all(jnp.isfinite(a))
    return ok


@defop("_all_finite_flag", differentiable=False)
def _all_finite_flag(*data, init_output=True):
    """1.0 (float32, shape (1,)) when every float in ``data`` is finite, else 0.0; with
    ``init_output=False`` a finite result keeps 0 (MXNet leaves the output unwritten)."""
    ok = _finite_flag(data)
    if not init_output:
        ok = jnp.asarray(False)
    return ok.astype(jnp.float32).reshape((1,))


def _run_flag(arrays, init_output, out):
    from .._core.dispatch import invoke
    kern = _all_finite_flag.kernel((("init_output", bool(init_output)),), None)
    if out is not None and not init_output:
        # MXNet only writes a 0 into ``out`` when something is not finite, so the flags
        # of several calls accumulate in it (AMP's overflow check does this).
        flag = invoke(_all_finite_flag.kernel((("init_output", True),), None),
                      tuple(arrays), (), type(arrays[0]))
        return invoke(_BK_MUL, (out, flag), (), type(out), None, out)
    return invoke(kern, tuple(arrays), (), type(arrays[0]), None, out)


@defun("all_finite", nd=True)
def all_finite(data, init_output=True, out=None, name=None):
    """A (1,) float32 array: 1 when every number in ``data`` is finite, else 0."""
    return _run_flag([data], init_output, out)


@defun("multi_all_finite", nd=True)
def multi_all_finite(*data, num_arrays=1, init_output=True, out=None, name=None):
    """A (1,) float32 array: 1 when every number in all of ``data`` is finite, else 0."""
    if len(data) != num_arrays:
        raise MXNetError(f"multi_all_finite: num_arrays={num_arrays} but {len(data)} "
                         "arrays were given; pass num_arrays=len(arrays).")
    return _run_flag(data, init_output, out)


@defop("multi_sum_sq", nd=True, differentiable=False)
def _multi_sum_sq(*data, num_arrays=1):
    """The sum of squares of each input array, as one float32 array of length
    ``num_arrays``."""
    if len(data) != num_arrays:
        raise MXNetError(f"multi_sum_sq: num_arrays={num_arrays} but {len(data)} arrays "
                         "were given; pass num_arrays=len(arrays).")
    # NOTE: MXNet squares in the input's dtype and accumulates in float32.
    return jnp.stack([jnp.sum(jnp.square(a).astype(jnp.float32)) for a in data])
