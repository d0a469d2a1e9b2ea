"""Image resizing with the arithmetic of OpenCV 3.4's ``cv::resize`` (what MXNet uses).

MXNet's ``image.resize``, ``imresize`` and the vision transforms call OpenCV, so the
same pixels come out only if the same arithmetic is done. Images are numpy arrays of
shape (H, W, C) and dtype uint8, float32 or float64.

* nearest (0): source index ``floor(x / (dst / src))``;
* bilinear (1), bicubic (2), Lanczos (4): separable filters at half-pixel centres,
  weights rounded to float32, borders replicated. For uint8 the weights are 11-bit
  fixed point, the horizontal pass is exact integer arithmetic and the vertical pass
  rounds as OpenCV's SSE2 code does (bilinear: a truncating 16-bit product; bicubic:
  float32; Lanczos: exact rounding);
* area (3): averages of the covered source pixels (exact block means for integer
  shrink factors, which bilinear also uses for an exact 2x shrink); enlarging uses
  OpenCV's area-weighted bilinear rule.
"""
import math

import numpy as _np

from ....base import MXNetError

__all__ = ["resize"]

_SCALE = 2048          # OpenCV's INTER_RESIZE_COEF_SCALE (11 bits)
_DBL_EPS = float(_np.finfo(_np.float64).eps)
_F32 = _np.float32
_SUPPORTED = (_np.uint8, _np.float32, _np.float64)
_KSIZE = {1: 2, 2: 4, 3: 2, 4: 8}


def _cubic_weights(x):
    a = _F32(-0.75)
    one = _F32(1)
    c0 = ((a * (x + one) - _F32(5) * a) * (x + one) + _F32(8) * a) * (x + one) - _F32(4) * a
    c1 = ((a + _F32(2)) * x - (a + _F32(3))) * x * x + one
    c2 = ((a + _F32(2)) * (one - x) - (a + _F32(3))) * (one - x) * (one - x) + one
    c3 = one - c0 - c1 - c2
    return _np.stack([c0, c1, c2, c3], axis=-1).astype(_F32)


def _lanczos_weights(x):
    s45 = 0.70710678118654752440084436210485
    cs = [(1, 0), (-s45, -s45), (0, 1), (s45, -s45), (-1, 0), (s45, s45), (0, -1),
          (-s45, s45)]
    out = _np.zeros(x.shape + (8,), dtype=_F32)
    for n, xv in enumerate(x.tolist()):
        xv = float(_F32(xv))
        if xv < float(_np.finfo(_np.float32).eps):
            out[n, 3] = 1
            continue
        # NOTE: x + 3 - i is float32 arithmetic in OpenCV, the rest double.
        y0 = -float(_F32(xv) + _F32(3)) * math.pi * 0.25
        s0, c0 = math.sin(y0), math.cos(y0)
        total = _F32(0)
        for i in range(8):
            y = -float(_F32(xv) + _F32(3) - _F32(i)) * math.pi * 0.25
            out[n, i] = _F32((cs[i][0] * s0 + cs[i][1] * c0) / (y * y))
            total = _F32(total + out[n, i])
        out[n] *= _F32(1) / total
    return out


def _taps(mode, dsize, ssize, scale, inv_scale, horizontal):
    """(source indices, float32 weights), each (dsize, ksize), for one axis."""
    k = _KSIZE[mode]
    d = _np.arange(dsize, dtype=_np.float64)
    if mode == 3:
        s = _np.floor(d * scale).astype(_np.int64)
        f = ((d + 1) - (s + 1) * inv_scale).astype(_F32)
        f = _np.where(f <= 0, _F32(0), f - _np.floor(f).astype(_F32)).astype(_F32)
    else:
        f = ((d + 0.5) * scale - 0.5).astype(_F32)
        s = _np.floor(f).astype(_np.int64)
        f = (f - s.astype(_F32)).astype(_F32)
    if horizontal and mode in (1, 3):
        # Bilinear horizontal weights stop at the borders (the vertical ones do not).
        low = s < 0
        f = _np.where(low, _F32(0), f)
        s = _np.where(low, 0, s)
        high = s >= ssize - 1
        f = _np.where(high, _F32(0), f)
        s = _np.where(high, ssize - 1, s)
    if mode == 2:
        w = _cubic_weights(f)
    elif mode == 4:
        w = _lanczos_weights(f)
    else:
        w = _np.stack([_F32(1) - f, f], axis=-1).astype(_F32)
    idx = s[:, None] + (_np.arange(k) - (k // 2 - 1))[None, :]
    return _np.clip(idx, 0, ssize - 1), w


def _separable(img, dw, dh, mode, scale_x, scale_y, inv_x, inv_y):
    h, w, c = img.shape
    xi, xw = _taps(mode, dw, w, scale_x, inv_x, True)
    yi, yw = _taps(mode, dh, h, scale_y, inv_y, False)
    if img.dtype == _np.uint8:
        xw = _np.rint(xw * _F32(_SCALE)).astype(_np.int64)
        yw = _np.rint(yw * _F32(_SCALE)).astype(_np.int64)
        src = img.astype(_np.int64)
    else:
        t = img.dtype.type
        xw, yw, src = xw.astype(t), yw.astype(t), img
    rows = src[:, xi[:, 0]] * xw[None, :, 0, None]
    for j in range(1, xi.shape[1]):
        rows = rows + src[:, xi[:, j]] * xw[None, :, j, None]
    rows = rows.reshape(h, dw * c)
    if img.dtype != _np.uint8:
        out = rows[yi[:, 0]] * yw[:, 0, None]
        for j in range(1, yi.shape[1]):
            out = out + rows[yi[:, j]] * yw[:, j, None]
        return out.reshape(dh, dw, c)
    if mode in (1, 3):
        # SSE2: (a >> 4) * b keeps the high 16 bits of each product, then rounds by 4.
        out = (((rows[yi[:, 0]] >> 4) * yw[:, 0, None]) >> 16) + \
              (((rows[yi[:, 1]] >> 4) * yw[:, 1, None]) >> 16)
        out = (out + 2) >> 2
    elif mode == 2:
        # SSE2, 8 values at a time: float32 sums of the integer rows scaled by 2^-22,
        # rounded to even; the rest of the row: exact fixed-point rounding.
        fs = _F32(1.0 / (_SCALE * _SCALE))
        acc = rows[yi[:, 0]].astype(_F32) * (yw[:, 0, None].astype(_F32) * fs)
        exact = rows[yi[:, 0]] * yw[:, 0, None]
        for j in range(1, 4):
            acc = acc + rows[yi[:, j]].astype(_F32) * (yw[:, j, None].astype(_F32) * fs)
            exact = exact + rows[yi[:, j]] * yw[:, j, None]
        simd = (rows.shape[1] // 8) * 8
        out = _np.concatenate([_np.rint(acc[:, :simd]).astype(_np.int64),
                               (exact[:, simd:] + (1 << 21)) >> 22], axis=1)
    else:
        acc = rows[yi[:, 0]] * yw[:, 0, None]
        for j in range(1, yi.shape[1]):
            acc = acc + rows[yi[:, j]] * yw[:, j, None]
        out = (acc + (1 << 21)) >> 22
    return _np.clip(out, 0, 255).astype(_np.uint8).reshape(dh, dw, c)


def _area_table(ssize, dsize, scale):
    """OpenCV's area-resampling table: (destination, source, weight) triples."""
    tab = []
    for dx in range(dsize):
        f1 = dx * scale
        f2 = f1 + scale
        cell = min(scale, ssize - f1)
        s1, s2 = math.ceil(f1), math.floor(f2)
        s2 = min(s2, ssize - 1)
        s1 = min(s1, s2)
        if s1 - f1 > 1e-3:
            tab.append((dx, s1 - 1, float(_F32((s1 - f1) / cell))))
        for sx in range(s1, s2):
            tab.append((dx, sx, float(_F32(1.0 / cell))))
        if f2 - s2 > 1e-3:
            tab.append((dx, s2, float(_F32(min(min(f2 - s2, 1.0), cell) / cell))))
    return tab


def _area(img, dw, dh, scale_x, scale_y):
    """Area resampling for shrinking by a non-integer factor (sums in the order
    OpenCV adds them)."""
    h, w, c = img.shape
    wt = _F32 if img.dtype != _np.float64 else _np.float64
    src = img.astype(wt)
    buf = _np.zeros((h, dw, c), dtype=wt)
    for dx, sx, a in _area_table(w, dw, scale_x):
        buf[:, dx] = buf[:, dx] + src[:, sx] * wt(a)
    out = _np.zeros((dh, dw, c), dtype=wt)
    seen = _np.zeros(dh, dtype=bool)
    for dy, sy, b in _area_table(h, dh, scale_y):
        term = wt(b) * buf[sy]
        out[dy] = out[dy] + term if seen[dy] else term
        seen[dy] = True
    if img.dtype == _np.uint8:
        return _np.clip(_np.rint(out), 0, 255).astype(_np.uint8)
    return out.astype(img.dtype)


def _area_fast(img, sx, sy):
    """Means over sx-by-sy blocks (OpenCV's resizeAreaFast)."""
    h, w, c = img.shape
    dh, dw = h // sy, w // sx
    blk = img[:dh * sy, :dw * sx].reshape(dh, sy, dw, sx, c)
    if img.dtype == _np.uint8:
        total = blk.astype(_np.int64).sum(axis=(1, 3))
        if sx == 2 and sy == 2 and c in (1, 3, 4):
            return ((total + 2) >> 2).astype(_np.uint8)
        scale = _F32(1.0 / (sx * sy))
        return _np.clip(_np.rint(total.astype(_F32) * scale), 0, 255).astype(_np.uint8)
    vals = [blk[:, yy, :, xx] for yy in range(sy) for xx in range(sx)]
    scale = img.dtype.type(_F32(1.0 / (sx * sy)))
    if sx == 2 and sy == 2 and img.dtype == _np.float32 and c in (1, 4):
        # OpenCV's SSE code adds the two rows' pairs first, 4 floats at a time; the
        # scalar rest of a row adds the four values in order.
        simd = (dw // 4) * 4 if c == 1 else dw
        pair = (vals[0] + vals[1]) + (vals[2] + vals[3])
        seq = ((vals[0] + vals[1]) + vals[2]) + vals[3]
        return _np.concatenate([pair[:, :simd], seq[:, simd:]], axis=1) * scale
    # The generic code adds groups of four values to a running sum.
    total = None
    k = 0
    while k <= len(vals) - 4:
        group = ((vals[k] + vals[k + 1]) + vals[k + 2]) + vals[k + 3]
        total = group if total is None else total + group
        k += 4
    for v in vals[k:]:
        total = v.copy() if total is None else total + v
    return total * scale


def _nearest(img, dw, dh, inv_x, inv_y):
    h, w = img.shape[:2]
    xs = _np.minimum(_np.floor(_np.arange(dw) * (1.0 / inv_x)).astype(_np.int64), w - 1)
    ys = _np.minimum(_np.floor(_np.arange(dh) * (1.0 / inv_y)).astype(_np.int64), h - 1)
    return img[ys][:, xs]


def resize(img, dw, dh, interp=1):
    """``img`` (H, W, C) resized to ``dw`` x ``dh`` as ``cv::resize`` computes it;
    ``interp``: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos."""
    img = _np.asarray(img)
    if img.dtype.type not in _SUPPORTED:
        raise MXNetError(f"image resize supports uint8, float32 and float64 images, not "
                         f"{img.dtype.name}; cast the image first, e.g. "
                         "img.astype('float32').")
    if interp not in (0, 1, 2, 3, 4):
        raise MXNetError(f"image resize: unknown interpolation {interp}; use 0 (nearest), "
                         "1 (bilinear), 2 (bicubic), 3 (area) or 4 (Lanczos).")
    if dw <= 0 or dh <= 0:
        raise MXNetError(f"image resize: the output size ({dw}, {dh}) must be positive.")
    h, w = img.shape[:2]
    if (dw, dh) == (w, h):
        return img.copy()
    inv_x, inv_y = dw / w, dh / h
    if interp == 0:
        return _nearest(img, dw, dh, inv_x, inv_y)
    scale_x, scale_y = 1.0 / inv_x, 1.0 / inv_y
    ix, iy = int(_np.rint(scale_x)), int(_np.rint(scale_y))
    area_fast = abs(scale_x - ix) < _DBL_EPS and abs(scale_y - iy) < _DBL_EPS
    if interp == 1 and area_fast and ix == 2 and iy == 2:
        interp = 3
    if interp == 3 and scale_x >= 1 and scale_y >= 1:
        if area_fast:
            return _area_fast(img, ix, iy)
        return _area(img, dw, dh, scale_x, scale_y)
    return _separable(img, dw, dh, interp, scale_x, scale_y, inv_x, inv_y)
