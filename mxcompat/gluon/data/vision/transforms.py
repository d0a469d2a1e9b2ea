"""``mx.gluon.data.vision.transforms``: image transforms with MXNet 1.9.1's results.

Images are NDArrays of shape (H, W, C) (some transforms also take a batch
(N, H, W, C)); ``ToTensor`` turns them into float32 (C, H, W) tensors in [0, 1].

In MXNet these are gluon Blocks. Until ``gluon.Block`` exists in mxcompat they derive
from ``Transform``, a small callable base with Block's calling surface (``__call__``
runs ``forward``, ``hybridize`` is accepted, Block's ``repr``); the plan is to rebase
``Transform`` onto ``Block`` and ``HybridTransform`` onto ``HybridBlock``.

Pixels are computed on the host with numpy (see ``_resize`` and ``_color``), so a
DataLoader batch of transformed samples reaches the device in one transfer.
``ToTensor``, ``Normalize`` and ``Cast`` use NDArray ops instead when their input
already lives on a device or autograd is recording, so they stay differentiable.

Random choices: flips and colour jitter draw from mxcompat's random stream
(``mx.random.seed``); ``RandomResizedCrop`` and ``RandomApply`` use Python's
``random`` module, as MXNet does (so ``random.seed`` gives MXNet's crops).
"""
import random as _pyrandom

import numpy as _np

from ....base import MXNetError, not_implemented, numeric_types
from ...._core import rng as _rng
from ...._core import state as _state
from ...utils import _indent
from .. import _host
from . import _color
from ._resize import resize as _cv_resize

__all__ = ["Transform", "HybridTransform", "Compose", "Cast", "ToTensor", "Normalize",
           "Rotate", "RandomRotation", "RandomResizedCrop", "CropResize", "CenterCrop",
           "Resize", "RandomFlipLeftRight", "RandomFlipTopBottom", "RandomBrightness",
           "RandomContrast", "RandomSaturation", "RandomHue", "RandomColorJitter",
           "RandomLighting", "RandomApply"]


# ---------------------------------------------------------------- base classes
class Transform:
    """The base of transforms: ``t(x)`` is ``t.forward(x)`` (like gluon's Block)."""

    _children = ()

    def __call__(self, x, *args):
        return self.forward(x, *args)

    def forward(self, x, *args):
        raise NotImplementedError

    def hybridize(self, active=True, **kwargs):
        """Accepted for Block's API; transforms always run eagerly."""
        for _, child in self._children:
            child.hybridize(active, **kwargs)

    def __repr__(self):
        body = "\n".join("  ({}): {}".format(k, _indent(repr(b), 2))
                         for k, b in self._children)
        return "{}(\n{}\n)".format(self._repr_name(), body)

    def _repr_name(self):
        return type(self).__name__


class HybridTransform(Transform):
    """The transforms that are HybridBlocks in MXNet (Compose groups them)."""


class _Sequence(Transform):
    """Transforms applied one after another."""

    def __init__(self):
        self._children = []

    def add(self, *blocks):
        for b in blocks:
            self._children.append((str(len(self._children)), b))

    def forward(self, x):
        for _, block in self._children:
            x = block(x)
        return x

    def __getitem__(self, key):
        return [b for _, b in self._children][key]

    def __len__(self):
        return len(self._children)


class _HybridSequence(_Sequence, HybridTransform):
    def _repr_name(self):
        return "HybridSequential"


class Compose(_Sequence):
    """Applies ``transforms`` in order; consecutive hybrid transforms are grouped, as
    MXNet's Compose groups them into one HybridSequential."""

    def __init__(self, transforms):
        super().__init__()
        run = []
        for t in list(transforms) + [None]:
            if isinstance(t, HybridTransform):
                run.append(t)
                continue
            if len(run) == 1:
                self.add(run[0])
            elif len(run) > 1:
                group = _HybridSequence()
                group.add(*run)
                self.add(group)
            run = []
            if t is not None:
                self.add(t)


# ---------------------------------------------------------------- helpers
def _as_nd(x, what):
    if hasattr(x, "_value"):
        return x
    if isinstance(x, _np.ndarray):
        return _host.host_array(x.copy())
    raise TypeError(f"{what} expects an image NDArray, got {type(x).__name__}; convert it "
                    "with mx.nd.array(...).")


def _on_host(x):
    """True when a transform should compute on the host value of ``x``."""
    return _host.is_host(x) and not _state.is_recording()


def _like(x, value):
    """``value`` (numpy) as an NDArray of ``x``'s class and context."""
    return _host.host_array(_host.owned(value), x.context, type(x))


def _check_image(x, what, batch=False):
    ok = (3, 4) if batch else (3,)
    if x.ndim not in ok:
        shapes = "(H, W, C) or (N, H, W, C)" if batch else "(H, W, C)"
        raise MXNetError(f"{what}: the image must have shape {shapes}, got {x.shape}.")


def _check_rgb(x, what):
    _check_image(x, what)
    if x.shape[2] not in (1, 3):
        raise MXNetError(f"{what}: the last dimension of the image must be the channel "
                         f"dimension with 1 or 3 elements, got shape {x.shape}.")


_KEY_CACHE = [None, None]


def _generator():
    """A numpy Generator for one draw from mxcompat's random stream."""
    key, counter = _rng.next_key()
    if _KEY_CACHE[0] is not key:
        _KEY_CACHE[0], _KEY_CACHE[1] = key, [int(v) for v in _np.asarray(key).ravel()]
    return _np.random.default_rng(_KEY_CACHE[1] + [counter])


def _uniform(low, high):
    return float(_np.float32(_generator().uniform(low, high)))


def _normal(std, n):
    return _generator().normal(0.0, std, size=n).astype(_np.float32)


def _permutation(n):
    return _generator().permutation(n)


def _coin():
    return bool(_generator().integers(0, 2))


# ---------------------------------------------------------------- tensors
class Cast(HybridTransform):
    """Cast to ``dtype`` (default float32)."""

    def __init__(self, dtype="float32"):
        self._dtype = dtype

    def forward(self, x):
        x = _as_nd(x, "Cast")
        if _on_host(x):
            return _like(x, _host.host_value(x).astype(self._dtype))
        return x.astype(self._dtype)


class ToTensor(HybridTransform):
    """(H, W, C) or (N, H, W, C) images in [0, 255] to float32 (C, H, W) or
    (N, C, H, W) tensors in [0, 1] (values divided by 255)."""

    def forward(self, x):
        x = _as_nd(x, "ToTensor")
        _check_image(x, "ToTensor", batch=True)
        axes = (2, 0, 1) if x.ndim == 3 else (0, 3, 1, 2)
        wide = x._jdtype == _np.float64
        if _on_host(x):
            v = _host.host_value(x)
            v = (v / 255.0) if wide else v.astype(_np.float32) / _np.float32(255)
            return _like(x, v.astype(_np.float32).transpose(axes))
        # NOTE: XLA divides by a broadcast scalar through its reciprocal, which is not
        # always the correctly rounded float32 quotient MXNet computes; dividing in
        # float64 and rounding to float32 gives that quotient.
        y = x.astype("float64") / 255.0
        return y.astype("float32").transpose(axes=axes)


class Normalize(HybridTransform):
    """``(x - mean[c]) / std[c]`` per channel of (C, H, W) or (N, C, H, W) tensors;
    a single number applies to every channel."""

    def __init__(self, mean=0.0, std=1.0):
        self._mean = mean
        self._std = std

    def _params(self, x):
        if x.ndim not in (3, 4):
            raise MXNetError("Normalize: the tensor must have shape (C, H, W) or "
                             f"(N, C, H, W), got {x.shape}.")
        c = x.shape[0] if x.ndim == 3 else x.shape[1]
        if c not in (1, 3):
            raise MXNetError(f"Normalize: the channel dimension must have 1 or 3 elements, "
                             f"got shape {x.shape}; apply ToTensor first for HWC images.")
        out = []
        for name, val in (("mean", self._mean), ("std", self._std)):
            v = _np.atleast_1d(_np.asarray(val, dtype=_np.float32))
            if v.size not in (1, c):
                raise MXNetError(f"Normalize: {name} must have 1 or {c} elements for input "
                                 f"of shape {x.shape}, got {tuple(v.tolist())}.")
            v = _np.broadcast_to(v, (c,)).reshape((c, 1, 1))
            out.append(v)
        return out

    def forward(self, x):
        x = _as_nd(x, "Normalize")
        mean, std = self._params(x)
        dt = x._jdtype
        calc = dt if dt.kind == "f" else _np.dtype(_np.float32)
        mean, std = mean.astype(calc), std.astype(calc)
        if _on_host(x):
            v = _host.host_value(x).astype(calc, copy=False)
            return _like(x, ((v - mean) / std).astype(dt))
        from .... import nd
        m = nd.array(mean, ctx=x.context, dtype=calc)
        s = nd.array(std.astype(_np.float64), ctx=x.context, dtype="float64")
        y = x if calc == dt else x.astype(calc)
        # NOTE: divided in float64, see ToTensor.
        y = ((y - m).astype("float64") / s).astype(calc)
        return y if calc == dt else y.astype(dt)


# ---------------------------------------------------------------- geometry
def _size_pair(size):
    if isinstance(size, numeric_types):
        return (int(size), int(size))
    return tuple(size)


def _interp_method(interp, sizes=()):
    """MXNet's choice of interpolation (9: by direction, 10: random)."""
    if interp == 9:
        if sizes:
            oh, ow, nh, nw = sizes
            if nh > oh and nw > ow:
                return 2
            if nh < oh and nw < ow:
                return 3
            return 1
        return 2
    if interp == 10:
        return _pyrandom.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        raise ValueError("Unknown interp method %d" % interp)
    return interp


def _resize_image(v, w, h, interp):
    """Resize a (H, W, C) or (N, H, W, C) numpy image to width ``w``, height ``h``."""
    if v.ndim == 4:
        return _np.stack([_cv_resize(img, w, h, interp) for img in v])
    return _cv_resize(v, w, h, interp)


def _fixed_crop(v, x0, y0, w, h, size=None, interp=2):
    out = v[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != size:
        out = _cv_resize(out, size[0], size[1],
                         _interp_method(interp, (h, w, size[1], size[0])))
    return out


def _scale_down(src_size, size):
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


def _center_crop(v, size, interp):
    h, w, _ = v.shape
    new_w, new_h = _scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return _fixed_crop(v, x0, y0, new_w, new_h, size, interp)


def _random_area_box(h, w, area, ratio):
    """MXNet's random-size crop box ``(x0, y0, w, h)`` of an ``h`` x ``w`` image: area
    fraction uniform in ``area`` (a number: up to 1), aspect ratio log-uniform in
    ``ratio``, drawn with Python's ``random``; None after 10 boxes that do not fit."""
    if isinstance(area, numeric_types):
        area = (area, 1.0)
    for _ in range(10):
        target = _pyrandom.uniform(area[0], area[1]) * h * w
        log_ratio = (_np.log(ratio[0]), _np.log(ratio[1]))
        new_ratio = _np.exp(_pyrandom.uniform(*log_ratio))
        new_w = int(round(_np.sqrt(target * new_ratio)))
        new_h = int(round(_np.sqrt(target / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = _pyrandom.randint(0, w - new_w)
            y0 = _pyrandom.randint(0, h - new_h)
            return x0, y0, new_w, new_h
    return None


class Resize(HybridTransform):
    """Resize (H, W, C) or (N, H, W, C) images to ``size``: (width, height), or a number
    for a square (or, with ``keep_ratio``, for the short side). ``interpolation``:
    0 nearest, 1 bilinear (default), 2 bicubic, 3 area, 4 Lanczos (OpenCV's)."""

    def __init__(self, size, keep_ratio=False, interpolation=1):
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def _target(self, h, w):
        size = self._size
        if isinstance(size, numeric_types):
            size = (size,)
        size = tuple(int(s) for s in size)
        if len(size) not in (1, 2):
            raise MXNetError(f"Resize: size must be a number or (width, height), got "
                             f"{self._size}.")
        if any(s <= 0 for s in size):
            raise MXNetError(f"Resize: size must be positive, got {self._size}.")
        if len(size) == 2:
            return size[1], size[0]
        s = size[0]
        if not self._keep:
            return s, s
        if h > w:
            return h * s // w, s
        return s, w * s // h

    def forward(self, x):
        x = _as_nd(x, "Resize")
        _check_image(x, "Resize", batch=True)
        h, w = x.shape[-3], x.shape[-2]
        nh, nw = self._target(h, w)
        return _like(x, _resize_image(_host.host_value(x), nw, nh, self._interpolation))


class CenterCrop(Transform):
    """Crop the centre of an (H, W, C) image to ``size`` ((width, height) or a number),
    scaled down to fit; the crop is resized up to ``size`` when the image is smaller."""

    def __init__(self, size, interpolation=1):
        if isinstance(size, numeric_types):
            size = (size, size)
        self._args = (size, interpolation)

    def forward(self, x):
        x = _as_nd(x, "CenterCrop")
        if x.ndim != 3:
            raise ValueError(f"CenterCrop takes one (H, W, C) image, got shape {x.shape}.")
        return _like(x, _center_crop(_host.host_value(x), *self._args))


class CropResize(HybridTransform):
    """Crop the box at (``x``, ``y``) of ``width`` x ``height`` from (H, W, C) or
    (N, H, W, C) images, then resize it to ``size`` if one is given."""

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        self._x, self._y = x, y
        self._width, self._height = width, height
        self._size = size
        self._interpolation = interpolation

    def forward(self, x):
        img = _as_nd(x, "CropResize")
        _check_image(img, "CropResize", batch=True)
        h, w = img.shape[-3], img.shape[-2]
        x0, y0, cw, ch = self._x, self._y, self._width, self._height
        if x0 < 0 or y0 < 0 or cw <= 0 or ch <= 0 or x0 + cw > w or y0 + ch > h:
            raise MXNetError(f"CropResize: the box x={x0}, y={y0}, width={cw}, height={ch}"
                             f" does not fit in an image of width {w} and height {h}.")
        v = _host.host_value(img)[..., y0:y0 + ch, x0:x0 + cw, :]
        if self._size:
            size = _size_pair(self._size)
            interp = 1 if self._interpolation is None else self._interpolation
            v = _resize_image(v, size[0], size[1], interp)
        return _like(img, v)


class RandomResizedCrop(Transform):
    """Crop a random box of ``scale`` (fraction of the area) and aspect ``ratio``
    (10 tries, then a centre crop), resized to ``size``."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0),
                 interpolation=1):
        if isinstance(size, numeric_types):
            size = (size, size)
        self._args = (size, scale, ratio, interpolation)

    def forward(self, x):
        x = _as_nd(x, "RandomResizedCrop")
        if x.ndim != 3:
            raise ValueError("RandomResizedCrop takes one (H, W, C) image, got shape "
                             f"{x.shape}.")
        size, area, ratio, interp = self._args
        v = _host.host_value(x)
        h, w, _ = v.shape
        box = _random_area_box(h, w, area, ratio)
        if box is not None:
            return _like(x, _fixed_crop(v, *box, size, interp))
        return _like(x, _center_crop(v, size, interp))


class Rotate(Transform):
    """Rotation by a fixed angle (not implemented in mxcompat)."""

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        raise not_implemented("gluon.data.vision.transforms.Rotate",
                              "Rotate images with scipy.ndimage.rotate before the dataset.")


class RandomRotation(Rotate):
    """Rotation by a random angle (not implemented in mxcompat)."""

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError("`angle_limits` must be an ordered tuple")
        if rotate_with_proba < 0 or rotate_with_proba > 1:
            raise ValueError("Probability of rotating the image should be between 0 and 1")
        super().__init__(angle_limits, zoom_in, zoom_out)


# ---------------------------------------------------------------- random pixels
class _RandomImage(HybridTransform):
    """A transform of one (H, W, C) image with 1 or 3 channels, computed on the host."""

    def _apply(self, v):
        raise NotImplementedError

    def forward(self, x):
        x = _as_nd(x, type(self).__name__)
        _check_rgb(x, type(self).__name__)
        return _like(x, self._apply(_host.host_value(x)))


class RandomFlipLeftRight(_RandomImage):
    """Mirror the image left to right with probability 0.5."""

    def _apply(self, v):
        return v[:, ::-1] if _coin() else v.copy()


class RandomFlipTopBottom(_RandomImage):
    """Flip the image upside down with probability 0.5."""

    def _apply(self, v):
        return v[::-1] if _coin() else v.copy()


class _RandomFactor(_RandomImage):
    """Scale a property by a factor drawn from [max(0, 1 - amount), 1 + amount]."""

    _adjust = None

    def __init__(self, amount):
        self._args = (max(0, 1 - amount), 1 + amount)

    def _apply(self, v):
        return type(self)._adjust(v, _uniform(*self._args))


class RandomBrightness(_RandomFactor):
    """Multiply the pixel values by a random factor near 1."""
    _adjust = staticmethod(_color.brightness)


class RandomContrast(_RandomFactor):
    """Blend with the mean gray level by a random factor near 1."""
    _adjust = staticmethod(_color.contrast)


class RandomSaturation(_RandomFactor):
    """Blend with the luminance by a random factor near 1."""
    _adjust = staticmethod(_color.saturation)


class RandomHue(_RandomFactor):
    """Rotate the hue by ``factor * 360`` degrees, the factor near 1 (as in MXNet)."""
    _adjust = staticmethod(_color.hue)


class RandomColorJitter(_RandomImage):
    """Brightness, contrast, saturation and hue jitter in a random order."""

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        self._args = (brightness, contrast, saturation, hue)

    def _apply(self, v):
        out = v
        adjust = (_color.brightness, _color.contrast, _color.saturation, _color.hue)
        for i in _permutation(4):
            amount = self._args[i]
            if amount > 0:
                shift = _uniform(-amount, amount)
                out = adjust[i](out, shift if i == 3 else 1.0 + shift)
        return out.copy() if out is v else out


class RandomLighting(_RandomImage):
    """AlexNet-style PCA colour noise with weights drawn from N(0, ``alpha``)."""

    def __init__(self, alpha):
        self._alpha = alpha

    def _apply(self, v):
        return _color.lighting(v, _normal(self._alpha, 3))


class RandomApply(_Sequence):
    """Apply ``transforms`` with probability ``p`` (Python's ``random`` decides)."""

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p
        self._children = [("transforms", transforms)]

    def forward(self, x):
        if self.p < _pyrandom.random():
            return x
        return self.transforms(x)
