"""Pooling: the Pooling op (max, avg, sum, lp; global; the valid/full/same
conventions). ``resize.py`` next door has the adaptive pooling and resizing ops.

MXNet's conventions kept here:

* Output size per spatial axis: ``valid`` floors ``(in + 2*pad - kernel) / stride``,
  ``full`` takes the ceiling (the last window may hang over the padded input), and
  ``same`` (1-D data only, no pad) gives ``ceil(in / stride)``; each adds 1 but
  ``same``.
* Windows are clipped to the input for max pooling (padding never wins a max).
* Average pooling divides by the window's size clipped to the *padded* input when
  ``count_include_pad`` (the default), or to the input itself otherwise.
* ``sum`` adds without dividing; ``lp`` is ``(sum x**p) ** (1/p)`` for p = 1, 2, 3
  (no absolute value, as MXNet), whose gradient is 0 where the output is 0.
* The max-pooling gradient goes to the first maximum of each window.
"""
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from ._mxmath import with_jvp
from .conv import resolve_layout, shape_attr, spatial_attr
from .nn import check_float
from .registry import defop

_POOL_TYPES = ("max", "avg", "sum", "lp")
_CONVENTIONS = ("valid", "full", "same")
_LAYOUTS = ("NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC")
_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}


def _out_size(size, k, s, p, convention):
    if convention == "valid":
        return (size + 2 * p - k) // s + 1
    if convention == "full":
        return 1 + int(_np.ceil(_np.float32(size + 2 * p - k) / _np.float32(s)))
    return int(_np.ceil(_np.float32(size + 2 * p) / _np.float32(s)))


def _window_sizes(size, k, s, p, out, include_pad):
    """The divisor of each output position along one axis (numpy, static)."""
    starts = _np.arange(out) * s - p
    ends = _np.minimum(starts + k, size + p)
    if include_pad:
        return ends - starts
    return _np.minimum(ends, size) - _np.maximum(starts, 0)


# NOTE: MXNet's lp gradient is grad * (x / out)**(p-1), and 0 where out is 0; the
# roots below have that derivative (jax's would be inf at 0).
def _safe_inv(out, scale):
    zero = out == 0
    return jnp.where(zero, jnp.zeros_like(out), scale / jnp.where(zero, jnp.ones_like(out), out))


_sqrt0 = with_jvp(jnp.sqrt, lambda s, out: _safe_inv(out, 0.5))
_cbrt0 = with_jvp(jnp.cbrt, lambda s, out: _safe_inv(out * out, 1.0 / 3.0))


class _Plan:
    """Static geometry of one pooling call."""

    def __init__(self, data, kernel, pool_type, global_pool, convention, stride, pad,
                 p_value, count_include_pad, layout):
        op = "Pooling"
        if pool_type not in _POOL_TYPES:
            raise MXNetError(f"Pooling: invalid pool_type {pool_type!r}; use one of "
                             f"{list(_POOL_TYPES)}.")
        if convention not in _CONVENTIONS:
            raise MXNetError(f"Pooling: invalid pooling_convention {convention!r}; use one "
                             f"of {list(_CONVENTIONS)}.")
        if data.ndim not in (3, 4, 5):
            raise MXNetError(f"Pooling: data must be 3-D (batch, channel, x), 4-D or 5-D but "
                             f"got shape {data.shape}.")
        kernel = shape_attr(kernel)
        if global_pool:
            n = data.ndim - 2
        else:
            if not kernel:
                raise MXNetError("Pooling: the parameter kernel is required unless "
                                 "global_pool=True; call Pooling(data, kernel=(k, k), ...).")
            n = len(kernel)
            if data.ndim != n + 2:
                raise MXNetError(f"Pooling: a {n}-D kernel needs {n + 2}-D data but got data "
                                 f"of shape {data.shape}.")
        if layout is None:
            layout = {1: "NCW", 2: "NCHW", 3: "NCDHW"}[n]
        self.layout = resolve_layout(op, layout, n, _LAYOUTS)
        self.axes = [self.layout.index(c) for c in _SPATIAL[n]]
        sizes = [data.shape[a] for a in self.axes]
        if global_pool:
            kernel, stride, pad = tuple(sizes), (1,) * n, (0,) * n
        else:
            stride = spatial_attr(op, "stride", stride, n, 1)
            pad = spatial_attr(op, "pad", pad, n, 0)
            if any(k < 1 for k in kernel) or any(s < 1 for s in stride) or any(
                    p < 0 for p in pad):
                raise MXNetError(f"Pooling: kernel={kernel}, stride={stride}, pad={pad} must "
                                 "be positive (pad non-negative).")
        if pool_type == "lp":
            if p_value is None:
                raise MXNetError("Pooling(pool_type='lp') needs p_value (1, 2 or 3).")
            if int(p_value) not in (1, 2, 3):
                raise MXNetError(f"Pooling: p_value={p_value} is not supported; use 1, 2 or "
                                 "3.")
        if convention == "same" and not global_pool:
            if n != 1:
                raise MXNetError("Pooling: pooling_convention='same' supports 1-D data "
                                 "(batch, channel, x) only.")
            if any(pad):
                raise MXNetError("Pooling: pooling_convention='same' does not take pad; "
                                 "drop it.")
        for i in range(n):
            if kernel[i] > sizes[i] + 2 * pad[i]:
                raise MXNetError(f"Pooling: kernel size ({kernel[i]}) exceeds the input "
                                 f"({sizes[i]} padded to {sizes[i] + 2 * pad[i]}); use a "
                                 "smaller kernel or more padding.")
        conv = "valid" if global_pool else convention
        self.kernel, self.stride, self.pad = kernel, stride, pad
        self.sizes = sizes
        self.outs = [_out_size(sizes[i], kernel[i], stride[i], pad[i], conv)
                     for i in range(n)]
        self.include_pad = True if count_include_pad is None else bool(count_include_pad)

    def padding(self, ndim):
        """(crop, pads): per-axis input crop and (lo, hi) padding giving exactly ``outs``
        windows."""
        pads = [(0, 0)] * ndim
        crop = [None] * ndim
        for i, a in enumerate(self.axes):
            lo = self.pad[i]
            hi = (self.outs[i] - 1) * self.stride[i] + self.kernel[i] - self.sizes[i] - lo
            if hi < 0:
                crop[a] = self.sizes[i] + hi
                hi = 0
            pads[a] = (lo, hi)
        return crop, pads

    def window(self, ndim):
        dims = [1] * ndim
        strides = [1] * ndim
        for i, a in enumerate(self.axes):
            dims[a] = self.kernel[i]
            strides[a] = self.stride[i]
        return tuple(dims), tuple(strides)

    def divisor(self, ndim, dtype):
        """Static per-window divisor, shaped to broadcast against the output."""
        d = _np.ones((), _np.float64)
        for i in range(len(self.axes)):
            w = _window_sizes(self.sizes[i], self.kernel[i], self.stride[i], self.pad[i],
                              self.outs[i], self.include_pad).astype(_np.float64)
            d = _np.multiply.outer(d, w)
        shape = [1] * ndim
        for i, a in enumerate(self.axes):
            shape[a] = self.outs[i]
        # NOTE: an empty window (possible without count_include_pad) gives 0 in 1-D/2-D
        # and NaN in 3-D, as MXNet's loops do.
        empty = d == 0
        d = _np.where(empty, _np.nan if len(self.axes) == 3 else _np.inf, d)
        return jnp.asarray(d.reshape(shape), dtype)


def _reduce(x, plan, init, fn):
    crop, pads = plan.padding(x.ndim)
    if any(c is not None for c in crop):
        x = x[tuple(slice(0, c) for c in crop)]
    dims, strides = plan.window(x.ndim)
    # NOTE: a numpy init value stays concrete under jit, so jax recognizes the max/sum
    # window reductions and can differentiate them.
    return lax.reduce_window(x, _np.array(init, x.dtype), fn, dims, strides, pads)


@defop("Pooling", nd=True)
def _pooling(data, *, kernel=(), pool_type="max", global_pool=False, cudnn_off=False,
             pooling_convention="valid", stride=(), pad=(), p_value=None,
             count_include_pad=None, layout=None):
    """Max, average, sum or Lp pooling over 1-, 2- or 3-D windows (the whole spatial
    extent with ``global_pool``)."""
    check_float("Pooling", data)
    plan = _Plan(data, kernel, pool_type, global_pool, pooling_convention, stride, pad,
                 p_value, count_include_pad, layout)
    dt = data.dtype
    x = data.astype(jnp.float32) if dt == jnp.float16 else data
    if pool_type == "max":
        # NOTE: MXNet starts each window's max at the lowest finite value, so an empty
        # window (or one of -inf only) gives that value and passes no gradient.
        m = _reduce(x, plan, -_np.inf, lax.max)
        low = _np.array(_np.finfo(dt).min, m.dtype)
        return jnp.where(m == -_np.inf, low, m).astype(dt)
    if pool_type == "lp":
        p = int(p_value)
        s = _reduce(x ** p if p > 1 else x, plan, 0, lax.add)
        s = _sqrt0(s) if p == 2 else _cbrt0(s) if p == 3 else s
        return s.astype(dt)
    s = _reduce(x, plan, 0, lax.add)
    if pool_type == "avg":
        s = s / plan.divisor(x.ndim, s.dtype)
    return s.astype(dt)


from . import resize  # noqa: E402,F401  (AdaptiveAvgPooling2D, BilinearResize2D, Crop)
