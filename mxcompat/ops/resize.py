"""Spatial resampling ops of NCHW images: ``nd.contrib.AdaptiveAvgPooling2D``,
``nd.contrib.BilinearResize2D`` and the legacy ``nd.Crop``.

Each is a gather (or an averaging matrix) built from static index arrays computed
with numpy in float32, as MXNet's kernels compute their source positions, so the
gradients are the matching scatter-adds.
"""
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .conv import shape_attr
from .nn import check_float
from .registry import defop


def _need_4d(op, data):
    if data.ndim != 4:
        raise MXNetError(f"{op}: data must be 4-D (N, C, H, W) but got shape {data.shape}.")


# ------------------------------------------------------- AdaptiveAvgPooling2D
def _bin_matrix(size, out, dtype):
    """(out, size) averaging matrix of MXNet's adaptive bins along one axis:
    bin i covers [floor(i*size/out), ceil((i+1)*size/out))."""
    i = _np.arange(out)
    start = _np.floor((i * size).astype(_np.float32) / _np.float32(out)).astype(int)
    end = _np.ceil(((i + 1) * size).astype(_np.float32) / _np.float32(out)).astype(int)
    m = _np.zeros((out, size), _np.float64)
    for j in range(out):
        m[j, start[j]:end[j]] = 1.0 / (end[j] - start[j])
    return jnp.asarray(m, dtype)


@defop("_contrib_AdaptiveAvgPooling2D", nd="contrib.AdaptiveAvgPooling2D")
def _adaptive_avg_pooling2d(data, *, output_size=()):
    """Average pooling of NCHW data into ``output_size`` bins (an int, (h, w), or empty
    for 1x1), the bins spread evenly over the input."""
    op = "AdaptiveAvgPooling2D"
    _need_4d(op, data)
    check_float(op, data)
    size = shape_attr(output_size)
    if not size:
        size = (1, 1)
    elif len(size) == 1:
        size = size * 2
    elif len(size) != 2:
        raise MXNetError(f"{op}: output_size={size} must be an int or a pair (height, "
                         "width).")
    x = data.astype(jnp.float32) if data.dtype == jnp.float16 else data
    mh = _bin_matrix(data.shape[2], size[0], x.dtype)
    mw = _bin_matrix(data.shape[3], size[1], x.dtype)
    out = jnp.einsum("ih,nchw,jw->ncij", mh, x, mw, precision=lax.Precision.HIGHEST)
    return out.astype(data.dtype)


# ----------------------------------------------------------- BilinearResize2D
_MODES = ("size", "odd_scale", "like", "to_even_down", "to_even_up", "to_odd_down",
          "to_odd_up")


def _resize_shape(op, shape, like, height, width, scale_height, scale_width, mode):
    h, w = shape[2], shape[3]
    if mode == "size":
        # NOTE: as in MXNet, whether the width is scaled depends on scale_height.
        if scale_height is not None:
            if scale_width is None:
                raise MXNetError(f"{op}: scale_height needs scale_width too; pass both.")
            return int(_np.float32(scale_height) * h), int(_np.float32(scale_width) * w)
        return int(height), int(width)
    if mode == "odd_scale":
        if scale_height is None or scale_width is None:
            raise MXNetError(f"{op}(mode='odd_scale') needs scale_height and scale_width.")
        sh, sw = _np.float32(scale_height), _np.float32(scale_width)
        nh = int(h * sh) if h % 2 == 0 else int((h - 1) * sh) + 1
        nw = int(w * sw) if w % 2 == 0 else int((w - 1) * sw) + 1
        return nh, nw
    if mode == "like":
        return like.shape[2], like.shape[3]
    even = mode.startswith("to_even")
    up = mode.endswith("up")

    def fix(n):
        if (n % 2 == 0) == even:
            return n
        return n + 1 if up else n - 1
    return fix(h), fix(w)


def _axis_plan(size_in, size_out, align_corners):
    """Per output index: source index, neighbour step (0 at the edge) and its weight."""
    if size_in == size_out:
        return _np.arange(size_out), _np.zeros(size_out, int), _np.zeros(size_out, _np.float32)
    if size_out > 1:
        scale = (_np.float32(size_in - 1) / _np.float32(size_out - 1) if align_corners
                 else _np.float32(size_in) / _np.float32(size_out))
    else:
        scale = _np.float32(0)
    dst = _np.arange(size_out).astype(_np.float32)
    if align_corners:
        src = scale * dst
    else:
        src = scale * (dst + _np.float32(0.5)) - _np.float32(0.5)
        src = _np.where(src < 0, _np.float32(0), src).astype(_np.float32)
    i0 = src.astype(int)
    step = (i0 < size_in - 1).astype(int)
    lam = (src - i0.astype(_np.float32)).astype(_np.float32)
    return i0, step, lam


@defop("_contrib_BilinearResize2D", nd="contrib.BilinearResize2D", optional=("like",))
def _bilinear_resize2d(data, like, *, height=1, width=1, scale_height=None,
                       scale_width=None, mode="size", align_corners=True):
    """Bilinear resize of NCHW data to a size given by ``height``/``width``, by scales,
    by the ``like`` array's height and width (mode='like') or to the nearest even/odd
    size; ``align_corners`` maps the corner pixels onto each other."""
    op = "BilinearResize2D"
    if mode not in _MODES:
        raise MXNetError(f"{op}: invalid mode {mode!r}; use one of {list(_MODES)}.")
    if (mode == "like") != (like is not None):
        raise MXNetError(f"{op} takes (data, like) with mode='like' and (data) otherwise.")
    _need_4d(op, data)
    check_float(op, data)
    nh, nw = _resize_shape(op, data.shape, like, height, width, scale_height, scale_width,
                           mode)
    if nh < 1 or nw < 1:
        raise MXNetError(f"{op}: the output size ({nh}, {nw}) must be positive.")
    x = data.astype(jnp.float32) if data.dtype == jnp.float16 else data
    h0, hs, hl = _axis_plan(data.shape[2], nh, align_corners)
    w0, ws, wl = _axis_plan(data.shape[3], nw, align_corners)
    hl = jnp.asarray(hl, x.dtype).reshape((nh, 1))
    wl = jnp.asarray(wl, x.dtype).reshape((1, nw))
    rows0 = jnp.take(x, jnp.asarray(h0), axis=2)
    rows1 = jnp.take(x, jnp.asarray(h0 + hs), axis=2)

    def cols(r):
        return ((1 - wl) * jnp.take(r, jnp.asarray(w0), axis=3)
                + wl * jnp.take(r, jnp.asarray(w0 + ws), axis=3))
    out = (1 - hl) * cols(rows0) + hl * cols(rows1)
    return out.astype(data.dtype)


# ---------------------------------------------------------------------- Crop
@defop("Crop", nd=True)
def _crop(*data, num_args=None, offset=(0, 0), h_w=(0, 0), center_crop=False):
    """Crop the height and width of NCHW ``data[0]`` to ``h_w`` (one input) or to the
    size of ``data[1]`` (two inputs), at ``offset`` or centred."""
    op = "Crop"
    if num_args is None:
        raise MXNetError("Crop: the parameter num_args is required (1: crop to h_w, 2: crop "
                         "to the size of the second input).")
    if len(data) != int(num_args) or not 1 <= len(data) <= 2:
        raise MXNetError(f"Crop: num_args={num_args} but {len(data)} inputs were given; pass "
                         "1 or 2 arrays and the matching num_args.")
    x = data[0]
    _need_4d(op, x)
    if x.dtype != jnp.float32:
        raise MXNetError(f"Crop supports float32 data only but got {x.dtype.name}.")
    if len(data) == 2:
        _need_4d(op, data[1])
        h, w = data[1].shape[2], data[1].shape[3]
    else:
        h, w = shape_attr(h_w)
        if not (1 <= h <= x.shape[2] and 1 <= w <= x.shape[3]):
            raise MXNetError(f"Crop: h_w={(h, w)} must be at least 1 and at most the input's "
                             f"height and width {x.shape[2:]}.")
    if h > x.shape[2] or w > x.shape[3]:
        raise MXNetError(f"Crop: the crop size {(h, w)} is larger than the input "
                         f"{x.shape[2:]}.")
    if center_crop:
        oy, ox = (x.shape[2] - h) // 2, (x.shape[3] - w) // 2
    else:
        oy, ox = shape_attr(offset)
        if not (0 <= oy <= x.shape[2] - h and 0 <= ox <= x.shape[3] - w):
            raise MXNetError(f"Crop: offset={(oy, ox)} leaves no room for a {(h, w)} crop of "
                             f"an input of size {x.shape[2:]}.")
    return x[:, :, oy:oy + h, ox:ox + w]
