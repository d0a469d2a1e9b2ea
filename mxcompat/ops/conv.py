"""Convolution ops: Convolution, Deconvolution (transposed convolution), im2col and
col2im.

MXNet's conventions kept here:

* Shape attributes (``kernel``, ``stride``, ``dilate``, ``pad``, ``adj``) are tuples with
  one entry per spatial axis; a plain int is a 1-tuple, so ``stride=2`` with a 2-D
  kernel is an error, as in MXNet. Unset ones default to 1 (stride, dilate) or 0.
* Layouts: ``NCW``/``NCHW``/``NCDHW`` (the default for 1/2/3-D kernels) and the
  channel-last ``NHWC``/``NDHWC`` for Convolution. Weights follow the layout:
  ``(num_filter, C/num_group, *kernel)`` channel-first, ``(num_filter, *kernel,
  C/num_group)`` channel-last; Deconvolution's are ``(C, num_filter/num_group,
  *kernel)``.
* Convolution has a bias unless ``no_bias=True``; Deconvolution has none unless
  ``no_bias=False`` (its default is True).
* float16 is computed in float32 and rounded back; float32 products are full float32.
* ``cudnn_tune``, ``cudnn_off`` and ``workspace`` are accepted and ignored.

Pooling lives in ``pool.py``; BatchNorm, GroupNorm and LRN in ``batchnorm.py``.
"""
import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .nn import PRECISION, require
from .registry import defop

_CHANNEL_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
_CHANNEL_LAST = {2: "NHWC", 3: "NDHWC"}
_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}


def shape_attr(value):
    """An MXNet shape attribute as a tuple of ints (an int is a 1-tuple, None empty)."""
    if value is None:
        return ()
    if isinstance(value, (int, _np.integer)):
        return (int(value),)
    return tuple(int(v) for v in value)


def spatial_attr(op, name, value, n, default):
    """``value`` as an n-tuple (``default`` repeated when unset), checked like MXNet."""
    t = shape_attr(value)
    if not t:
        return (default,) * n
    if len(t) != n:
        raise MXNetError(f"{op}: {name} must have the same number of dimensions as the kernel "
                         f"({n}) but got {name}={t}; pass a tuple of {n} ints.")
    return t


def resolve_layout(op, layout, n, allowed):
    """The layout string for an n-D kernel (MXNet's default when ``layout`` is None)."""
    if layout is None:
        return _CHANNEL_FIRST[n]
    ok = [l for l in allowed if len(l) == n + 2]
    if layout not in ok:
        raise MXNetError(f"{op}: layout {layout!r} is not supported with a {n}-D kernel; use "
                         f"one of {ok}.")
    return layout


def _geometry(op, data, kernel, stride, dilate, pad, layout, allowed):
    kernel = shape_attr(require(op, "kernel", kernel))
    n = len(kernel)
    if n not in (1, 2, 3):
        raise MXNetError(f"{op}: only 1-D, 2-D and 3-D kernels are supported but got "
                         f"kernel={kernel}.")
    stride = spatial_attr(op, "stride", stride, n, 1)
    dilate = spatial_attr(op, "dilate", dilate, n, 1)
    pad = spatial_attr(op, "pad", pad, n, 0)
    for name, t, lo in (("kernel", kernel, 1), ("stride", stride, 1),
                        ("dilate", dilate, 1), ("pad", pad, 0)):
        if any(v < lo for v in t):
            raise MXNetError(f"{op}: {name}={t} is invalid; every entry must be >= {lo}.")
    layout = resolve_layout(op, layout, n, allowed)
    if data.ndim != n + 2:
        raise MXNetError(f"{op}: a {n}-D kernel needs {n + 2}-D data in layout {layout} but "
                         f"got data of shape {data.shape}.")
    return kernel, stride, dilate, pad, layout


def _dims(layout):
    """jax dimension numbers (data, weight, out) for an MXNet layout."""
    sp = layout.replace("N", "").replace("C", "")
    if layout[1] == "C":
        return (layout, "OI" + sp, layout)
    return (layout, "O" + sp + "I", layout)


def _check_bias(op, bias, no_bias):
    if no_bias and bias is not None:
        raise MXNetError(f"{op} expects 2 inputs (data, weight) with no_bias=True but got a "
                         "bias; drop it or pass no_bias=False.")
    if not no_bias and bias is None:
        raise MXNetError(f"{op} expects 3 inputs (data, weight, bias) with no_bias=False but "
                         "got 2; pass a bias or no_bias=True.")


def _check_dtypes(op, data, *others):
    if not jnp.issubdtype(data.dtype, jnp.floating):
        raise MXNetError(f"{op}: this operation only supports floating point types, not "
                         f"{data.dtype.name}; convert the input with .astype('float32').")
    for a in others:
        if a is not None and a.dtype != data.dtype:
            raise MXNetError(f"{op}: all inputs must have the same dtype but got "
                             f"{data.dtype.name} and {a.dtype.name}; convert them with "
                             ".astype(...).")


def _compute(x):
    """float16 is computed in float32 (MXNet's CPU kernels accumulate in float)."""
    return x.astype(jnp.float32) if x.dtype == jnp.float16 else x


def _add_bias(out, bias, layout):
    shape = [1] * out.ndim
    shape[layout.index("C")] = bias.shape[0]
    return out + _compute(bias).reshape(shape)


def _expect_shape(op, what, got, want):
    if tuple(got) != tuple(want):
        raise MXNetError(f"{op}: {what} has shape {tuple(got)} but the data and attributes "
                         f"need {tuple(want)} (shape inconsistent).")


# ------------------------------------------------------------------ Convolution
@defop("Convolution", nd=True, optional=("bias",))
def _convolution(data, weight, bias, *, kernel=None, stride=(), dilate=(), pad=(),
                 num_filter=None, num_group=1, workspace=1024, no_bias=False,
                 cudnn_tune=None, cudnn_off=False, layout=None):
    """N-D convolution (cross-correlation) of ``data`` with ``weight`` plus ``bias``."""
    op = "Convolution"
    kernel, stride, dilate, pad, layout = _geometry(
        op, data, kernel, stride, dilate, pad, layout,
        ("NCW", "NCHW", "NCDHW", "NHWC", "NDHWC"))
    num_filter = int(require(op, "num_filter", num_filter))
    g = int(num_group)
    _check_bias(op, bias, no_bias)
    _check_dtypes(op, data, weight, bias)
    n = len(kernel)
    c_axis = layout.index("C")
    channels = data.shape[c_axis]
    if g < 1 or channels % g or num_filter % g:
        raise MXNetError(f"{op}: num_group={g} must divide both the input channels "
                         f"({channels}) and num_filter ({num_filter}).")
    if layout[1] == "C":
        wshape = (num_filter, channels // g) + kernel
    else:
        wshape = (num_filter,) + kernel + (channels // g,)
    _expect_shape(op, "weight", weight.shape, wshape)
    if bias is not None:
        _expect_shape(op, "bias", bias.shape, (num_filter,))
    spatial = [layout.index(c) for c in _SPATIAL[n]]
    for i, ax in enumerate(spatial):
        dk = 1 + (kernel[i] - 1) * dilate[i]
        if dk > data.shape[ax] + 2 * pad[i]:
            raise MXNetError(f"{op}: the dilated kernel ({dk}) exceeds the padded input "
                             f"({data.shape[ax]} + 2*{pad[i]}) along spatial axis {i}; use a "
                             "smaller kernel or more padding.")
    out = lax.conv_general_dilated(
        _compute(data), _compute(weight), window_strides=stride,
        padding=[(p, p) for p in pad], rhs_dilation=dilate,
        dimension_numbers=_dims(layout), feature_group_count=g,
        precision=PRECISION)
    if bias is not None:
        out = _add_bias(out, bias, layout)
    return out.astype(data.dtype)


# ---------------------------------------------------------------- Deconvolution
def deconv_padding(op, in_sizes, kernel, stride, dilate, pad, adj, target_shape):
    """MXNet's (pad, adj) per spatial axis; a nonzero ``target_shape`` overrides both."""
    target = shape_attr(target_shape)
    if target and any(t != 0 for t in target):
        if len(target) != len(kernel):
            raise MXNetError(f"{op}: target_shape={target} must have one entry per kernel "
                             f"dimension ({len(kernel)}).")
        pads, adjs = [], []
        for i, size in enumerate(in_sizes):
            full = stride[i] * (size - 1) + 1 + (kernel[i] - 1) * dilate[i]
            if full < target[i]:
                raise MXNetError(f"{op}: target_shape={target} is too big; at most {full} "
                                 f"fits along spatial axis {i}.")
            extra = full - target[i]
            adjs.append(extra % 2)
            pads.append((extra + 1) // 2)
        return tuple(pads), tuple(adjs)
    return pad, adj


@defop("Deconvolution", nd=True, optional=("bias",))
def _deconvolution(data, weight, bias, *, kernel=None, stride=(), dilate=(), pad=(), adj=(),
                   target_shape=(), num_filter=None, num_group=1, workspace=512,
                   no_bias=True, cudnn_tune=None, cudnn_off=False, layout=None):
    """Transposed convolution: the gradient of Convolution with respect to its data,
    with ``weight`` of shape ``(C, num_filter/num_group, *kernel)``. The output size is
    ``stride*(in-1) + dilate*(kernel-1) + 1 - 2*pad + adj``."""
    op = "Deconvolution"
    kernel, stride, dilate, pad, layout = _geometry(
        op, data, kernel, stride, dilate, pad, layout, ("NCW", "NCHW", "NCDHW"))
    n = len(kernel)
    adj = spatial_attr(op, "adj", adj, n, 0)
    num_filter = int(require(op, "num_filter", num_filter))
    g = int(num_group)
    _check_bias(op, bias, no_bias)
    _check_dtypes(op, data, weight, bias)
    channels = data.shape[1]
    if g < 1 or channels % g or num_filter % g:
        raise MXNetError(f"{op}: num_group={g} must divide both the input channels "
                         f"({channels}) and num_filter ({num_filter}).")
    _expect_shape(op, "weight", weight.shape, (channels, num_filter // g) + kernel)
    if bias is not None:
        _expect_shape(op, "bias", bias.shape, (num_filter,))
    pad, adj = deconv_padding(op, data.shape[2:], kernel, stride, dilate, pad, adj,
                              target_shape)
    for i in range(n):
        if adj[i] > stride[i] - 1:
            raise MXNetError(f"{op}: adj={adj} must be smaller than stride={stride} on every "
                             "axis.")
    # The transposed convolution is a convolution of the stride-dilated input with the
    # spatially flipped kernel whose in/out channels are swapped within each group.
    k_out = num_filter // g
    w = weight.reshape((g, channels // g, k_out) + kernel)
    w = jnp.swapaxes(w, 1, 2).reshape((num_filter, channels // g) + kernel)
    w = jnp.flip(w, axis=tuple(range(2, 2 + n)))
    padding = []
    for i in range(n):
        dk = 1 + (kernel[i] - 1) * dilate[i]
        padding.append((dk - 1 - pad[i], dk - 1 - pad[i] + adj[i]))
    out = lax.conv_general_dilated(
        _compute(data), _compute(w), window_strides=(1,) * n, padding=padding,
        lhs_dilation=stride, rhs_dilation=dilate, dimension_numbers=_dims(layout),
        feature_group_count=g, precision=PRECISION)
    if bias is not None:
        out = _add_bias(out, bias, layout)
    return out.astype(data.dtype)


# ------------------------------------------------------------- im2col / col2im
def _patch_geometry(op, ndim, kernel, stride, dilate, pad):
    kernel = shape_attr(require(op, "kernel", kernel))
    n = len(kernel)
    if n not in (1, 2, 3) or ndim != n + 2:
        raise MXNetError(f"{op}: a {n}-D kernel needs {n + 2}-D data (batch, channel, "
                         f"spatial...) but got {ndim}-D data.")
    stride = spatial_attr(op, "stride", stride, n, 1)
    dilate = spatial_attr(op, "dilate", dilate, n, 1)
    pad = spatial_attr(op, "pad", pad, n, 0)
    return kernel, stride, dilate, pad


def _patches(x, kernel, stride, dilate, pad):
    """(N, C*prod(kernel), L): every kernel offset's strided slice of the padded input,
    channel-major then kernel offsets in row-major order (MXNet's column layout)."""
    n = len(kernel)
    xp = jnp.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    outs = [(xp.shape[2 + i] - (1 + (kernel[i] - 1) * dilate[i])) // stride[i] + 1
            for i in range(n)]
    cols = []
    for off in _np.ndindex(*kernel):
        start = [0, 0] + [o * d for o, d in zip(off, dilate)]
        limit = [xp.shape[0], xp.shape[1]] + [s + (o - 1) * st + 1 for s, o, st in
                                              zip(start[2:], outs, stride)]
        cols.append(lax.slice(xp, start, limit, (1, 1) + tuple(stride)))
    col = jnp.stack(cols, axis=2)            # (N, C, K, *outs)
    return col.reshape((x.shape[0], x.shape[1] * len(cols), -1))


@defop("im2col", nd=True)
def _im2col(data, *, kernel=None, stride=(), dilate=(), pad=()):
    """Sliding-window patches as columns: (N, C*prod(kernel), number of windows)."""
    kernel, stride, dilate, pad = _patch_geometry("im2col", data.ndim, kernel, stride,
                                                  dilate, pad)
    for i, k in enumerate(kernel):
        if 1 + (k - 1) * dilate[i] > data.shape[2 + i] + 2 * pad[i]:
            raise MXNetError("im2col: the dilated kernel exceeds the padded input; use a "
                             "smaller kernel or more padding.")
    return _patches(data, kernel, stride, dilate, pad)


@defop("col2im", nd=True)
def _col2im(data, *, output_size=None, kernel=None, stride=(), dilate=(), pad=()):
    """The adjoint of im2col: columns (N, C*prod(kernel), L) summed back into an image
    of spatial size ``output_size`` (overlapping patches add up)."""
    op = "col2im"
    size = shape_attr(require(op, "output_size", output_size))
    kernel, stride, dilate, pad = _patch_geometry(op, len(size) + 2, kernel, stride, dilate,
                                                  pad)
    if data.ndim != 3:
        raise MXNetError(f"col2im: data must be 3-D (N, C*prod(kernel), L) but got shape "
                         f"{data.shape}.")
    k = int(_np.prod(kernel))
    if data.shape[1] % k:
        raise MXNetError(f"col2im: data's axis 1 ({data.shape[1]}) must be a multiple of "
                         f"prod(kernel)={k}.")
    c = data.shape[1] // k
    n = data.shape[0]
    img_shape = (n, c) + size
    outs = [(size[i] + 2 * pad[i] - (1 + (kernel[i] - 1) * dilate[i])) // stride[i] + 1
            for i in range(len(size))]
    if int(_np.prod(outs)) != data.shape[2]:
        raise MXNetError(f"col2im: data has {data.shape[2]} columns but output_size={size} "
                         f"with these kernel/stride/pad gives {int(_np.prod(outs))}.")
    # NOTE: col2im is linear, so it is im2col's transpose; jax differentiates it again.
    zeros = jnp.zeros(img_shape, data.dtype)
    (img,) = jax.linear_transpose(lambda im: _patches(im, kernel, stride, dilate, pad),
                              zeros)(data)
    return img
