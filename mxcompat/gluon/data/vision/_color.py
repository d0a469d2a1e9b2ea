"""Colour adjustments of (H, W, C) images with MXNet's arithmetic (numpy, on the host).

MXNet computes each pixel in float32 and stores it back in the image's dtype; for
uint8 the value is clipped to [0, 255] and truncated (not rounded), other dtypes are
stored unclipped. Gray means and luminance use the weights 0.299, 0.587, 0.114.
"""
import numpy as _np

__all__ = ["brightness", "contrast", "saturation", "hue", "lighting"]

_F32 = _np.float32
_COEF = _np.array([0.299, 0.587, 0.114], dtype=_F32)
# AlexNet's PCA lighting: eigenvectors scaled by eigenvalues (rows: R, G, B).
_EIG = _np.array([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                  [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                  [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]]).astype(_F32)


def _store(val, dtype):
    """float32 values back into ``dtype`` as MXNet's saturate_cast does."""
    if dtype == _np.uint8:
        return _np.clip(val, _F32(0), _F32(255)).astype(_np.uint8)
    return val.astype(dtype)


def brightness(img, alpha):
    """Each value times ``alpha``."""
    return _store(img.astype(_F32) * _F32(alpha), img.dtype)


def _seq_sum(values):
    """A float32 sum taken left to right, as MXNet's loop adds."""
    flat = values.astype(_F32).ravel()
    if flat.size == 0:
        return _F32(0)
    return _np.add.accumulate(flat, dtype=_F32)[-1]


def contrast(img, alpha):
    """Blend with the mean gray level: ``x * alpha + (1 - alpha) * mean``."""
    h, w, c = img.shape
    x = img.astype(_F32)
    total = _seq_sum(x * _COEF if c > 1 else x)
    mean = _F32(total / _F32(h * w))
    beta = _F32((_F32(1) - _F32(alpha)) * mean)
    return _store(x * _F32(alpha) + beta, img.dtype)


def saturation(img, alpha):
    """Blend each pixel with its luminance: ``gray * (1 - alpha) + x * alpha``.

    NOTE: MXNet 1.9.1 uses only the blue term of the luminance (its loop assigns
    instead of adding); here the luminance is the full weighted sum.
    """
    if img.shape[2] == 1:
        return img.copy()
    x = img.astype(_F32)
    gray = (x[..., 0] * _COEF[0] + x[..., 1] * _COEF[1]) + x[..., 2] * _COEF[2]
    gray = gray * (_F32(1) - _F32(alpha))
    return _store(gray[..., None] + x * _F32(alpha), img.dtype)


def _rgb_to_hls(r, g, b):
    r, g, b = r / _F32(255), g / _F32(255), b / _F32(255)
    vmax = _np.fmax(_np.fmax(r, g), b)
    vmin = _np.fmin(_np.fmin(r, g), b)
    diff = vmax - vmin
    light = (vmax + vmin) * _F32(0.5)
    chroma = diff > _np.finfo(_F32).eps
    with _np.errstate(divide="ignore", invalid="ignore"):
        sat = _np.where(light < _F32(0.5), diff / (vmax + vmin),
                        diff / (_F32(2) - vmax - vmin))
        scale = _F32(60) / diff
        h = _np.where(vmax == r, (g - b) * scale,
                      _np.where(vmax == g, (b - r) * scale + _F32(120),
                                (r - g) * scale + _F32(240)))
    h = _np.where(h < 0, h + _F32(360), h)
    zero = _F32(0)
    return (_np.where(chroma, h, zero).astype(_F32), light.astype(_F32),
            _np.where(chroma, sat, zero).astype(_F32))


_SECTORS = _np.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])


def _hls_to_rgb(h, light, s):
    p2 = _np.where(light <= _F32(0.5), light * (_F32(1) + s), light + s - light * s)
    p1 = _F32(2) * light - p2
    h = h * (_F32(1) / _F32(60))
    # Whole turns are removed by repeated steps of 6, as MXNet's loops do.
    h = _np.where(_np.isfinite(h), h, _F32(_np.nan))
    while (h < 0).any():
        h = _np.where(h < 0, h + _F32(6), h)
    while (h >= 6).any():
        h = _np.where(h >= 6, h - _F32(6), h)
    sector = _np.clip(h.astype(_np.int64), 0, 5)
    h = h - sector.astype(_F32)
    tab = _np.stack([p2, p1, p1 + (p2 - p1) * (_F32(1) - h), p1 + (p2 - p1) * h], axis=-1)
    sel = _SECTORS[sector]
    b = _np.take_along_axis(tab, sel[..., 0:1], axis=-1)[..., 0]
    g = _np.take_along_axis(tab, sel[..., 1:2], axis=-1)[..., 0]
    r = _np.take_along_axis(tab, sel[..., 2:3], axis=-1)[..., 0]
    gray = s == 0
    r, g, b = (_np.where(gray, light, v) for v in (r, g, b))
    return r * _F32(255), g * _F32(255), b * _F32(255)


def hue(img, alpha):
    """Rotate the hue by ``alpha * 360`` degrees (through HLS)."""
    if img.shape[2] == 1:
        return img.copy()
    x = img.astype(_F32)
    h, light, s = _rgb_to_hls(x[..., 0], x[..., 1], x[..., 2])
    h = h + _F32(alpha) * _F32(360)
    r, g, b = _hls_to_rgb(h.astype(_F32), light, s)
    return _store(_np.stack([r, g, b], axis=-1).astype(_F32), img.dtype)


def lighting(img, alpha):
    """Add AlexNet's PCA colour noise for the three weights ``alpha``."""
    if img.shape[2] == 1:
        return img.copy()
    a = _np.asarray(alpha, dtype=_F32)
    pca = (_EIG[:, 0] * a[0] + _EIG[:, 1] * a[1]) + _EIG[:, 2] * a[2]
    return _store(img.astype(_F32) + pca.astype(_F32), img.dtype)
