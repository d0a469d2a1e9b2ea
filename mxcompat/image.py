"""``mx.image`` (alias ``mx.img``): decode, resize, crop and augment (H, W, C) images.

MXNet 1.9.1 computes these with OpenCV 3.4. Here pixels are computed on the host with
numpy: resizes with ``gluon.data.vision._resize`` (OpenCV's ``cv::resize`` arithmetic,
interpolation codes as OpenCV numbers them: 0 nearest, 1 bilinear, 2 bicubic, 3 area,
4 Lanczos; 9 and 10 pick one by direction or at random where MXNet's Python code
does), decoding with Pillow (``pip install pillow``), which reads the same libjpeg /
libpng data OpenCV does. The results are NDArrays whose value stays on the host until
an op needs it, so a batch reaches the device in one transfer.

Random augmenters draw from Python's ``random`` (``np.random`` for ``LightingAug``),
as MXNet does: the same seeds give the same crops, flips and jitter factors.

Not provided: ``imrotate``/``random_rotate`` (they need ``nd.BilinearSampler``) and the
object-detection iterator and augmenters of ``mx.image.detection``.
"""
import io as _io
import json
import logging
import os
import random
import warnings

import numpy as _np

from .base import MXNetError, not_implemented, numeric_types
from .gluon.data import _host
from .gluon.data.vision import _resize
from .gluon.data.vision.transforms import _interp_method as _get_interp_method
from .gluon.data.vision.transforms import _random_area_box, _scale_down

__all__ = ["imread", "imdecode", "imresize", "scale_down", "copyMakeBorder", "resize_short",
           "fixed_crop", "random_crop", "center_crop", "color_normalize", "random_size_crop",
           "imrotate", "random_rotate", "Augmenter", "SequentialAug", "ResizeAug",
           "ForceResizeAug", "RandomCropAug", "RandomSizedCropAug", "CenterCropAug",
           "RandomOrderAug", "BrightnessJitterAug", "ContrastJitterAug",
           "SaturationJitterAug", "HueJitterAug", "ColorJitterAug", "LightingAug",
           "ColorNormalizeAug", "RandomGrayAug", "HorizontalFlipAug", "CastAug",
           "CreateAugmenter", "ImageIter"]


def _nd():
    from . import ndarray
    return ndarray


def _np_mode():
    from .util import is_np_array
    return is_np_array()


def _out_class():
    if _np_mode():
        from .numpy import ndarray
        return ndarray
    return _nd().NDArray


def _result(value, like=None):
    """numpy ``value`` as an NDArray of ``like``'s class and context (or the current
    front end's class)."""
    if like is None:
        return _host.host_array(_host.owned(value), None, _out_class())
    return _host.host_array(_host.owned(value), like.context, type(like))


def _check_out(res, out):
    if out is None:
        return res
    if tuple(out.shape) != tuple(res.shape):
        raise MXNetError(f"the out array has shape {tuple(out.shape)}, the result "
                         f"{tuple(res.shape)}; pass an out array of the result's shape.")
    out[:] = res
    return out


def _image_value(src, what):
    if not hasattr(src, "asnumpy"):
        raise TypeError(f"{what} expects an NDArray image of shape (H, W, C), got "
                        f"{type(src).__name__}; convert it with mx.nd.array(...).")
    if src.ndim != 3:
        raise MXNetError(f"{what}: the image must have shape (H, W, C), got "
                         f"{tuple(src.shape)}.")
    return src.asnumpy()


# ---------------------------------------------------------------- decoding
_CV_GRAY = (4899, 9617, 1868)      # OpenCV's fixed-point R, G, B weights (14 bits)
_PNG_GRAY = (9797, 19234, 3737)    # libpng's rgb_to_gray(0.299, 0.587) weights (15 bits)


def _pil_image(what):
    try:
        from PIL import Image
    except ImportError:
        raise MXNetError(f"{what} needs Pillow to decode images in mxcompat; install it "
                         "with `pip install pillow`.") from None
    return Image


def _weighted_gray(rgb, weights, shift, rounding):
    r, g, b = (rgb[..., k].astype(_np.int64) * w for k, w in enumerate(weights))
    offset = (1 << (shift - 1)) if rounding else 0
    return ((r + g + b + offset) >> shift).astype(_np.uint8)


def _to_8bit(arr):
    if arr.dtype == _np.uint8:
        return arr
    # 16-bit samples: OpenCV keeps the high byte.
    return (arr.astype(_np.uint32) >> 8).astype(_np.uint8)


def _decode_array(data, flag, what):
    """Encoded bytes as uint8 (H, W, 3) RGB (flag != 0) or (H, W, 1) gray."""
    Image = _pil_image(what)
    try:
        pic = Image.open(_io.BytesIO(data))
        fmt = pic.format
        if flag == 0 and fmt == "JPEG" and pic.mode in ("RGB", "YCbCr"):
            # libjpeg gives the luma plane directly, as OpenCV asks it to.
            pic.draft("L", pic.size)
        pic.load()
    except Exception as e:  # noqa: BLE001 - any decoder failure is a broken image
        raise MXNetError(f"Decoding failed. Invalid image file ({e}); imdecode needs the "
                         "bytes of a complete image file (JPEG, PNG, ...).") from None
    mode = pic.mode
    if mode.startswith("I;16") or mode == "I":
        arr = _to_8bit(_np.asarray(pic))
        if flag == 0:
            return arr[:, :, None]
        return _np.repeat(arr[:, :, None], 3, axis=2)
    if flag == 0:
        if mode == "L":
            return _np.asarray(pic, dtype=_np.uint8)[:, :, None]
        rgb = _np.asarray(pic.convert("RGB"), dtype=_np.uint8)
        if fmt == "PNG":
            # libpng truncates its weighted sum.
            return _weighted_gray(rgb, _PNG_GRAY, 15, False)[:, :, None]
        return _weighted_gray(rgb, _CV_GRAY, 14, True)[:, :, None]
    return _np.asarray(pic.convert("RGB"), dtype=_np.uint8)


def _decode(data, flag, to_rgb, what="mx.image.imdecode"):
    """Encoded bytes as a uint8 (H, W, C) numpy image, as OpenCV decodes them."""
    arr = _decode_array(data, flag, what)
    if flag != 0 and not to_rgb:
        arr = arr[:, :, ::-1]
    return _np.ascontiguousarray(arr)


def imdecode(buf, flag=1, to_rgb=1, out=None):
    """Decode an encoded image (bytes, bytearray, numpy uint8 array or uint8 NDArray)
    to a uint8 NDArray of shape (H, W, 3) (``flag=1``; RGB, or BGR with ``to_rgb=0``)
    or (H, W, 1) (``flag=0``, gray)."""
    if hasattr(buf, "asnumpy"):
        if _np.dtype(buf.dtype) != _np.uint8:
            raise MXNetError("imdecode: Input needs to be uint8 buffer, got dtype "
                             f"{_np.dtype(buf.dtype).name}; pass the file's bytes.")
        data = buf.asnumpy().tobytes()
    elif isinstance(buf, (bytes, bytearray, _np.ndarray)):
        data = _np.frombuffer(buf, dtype=_np.uint8).tobytes()
    else:
        raise ValueError("buf must be of type bytes, bytearray or numpy.ndarray,"
                         "if you would like to input type str, please convert to bytes")
    if not data:
        raise MXNetError("imdecode: Input cannot be an empty buffer; pass the bytes of an "
                         "image file.")
    return _check_out(_result(_decode(data, flag, to_rgb)), out)


def imread(filename, flag=1, to_rgb=1, out=None):
    """Read and decode the image file ``filename`` (see ``imdecode``)."""
    try:
        with open(filename, "rb") as f:
            data = f.read()
    except OSError as e:
        raise MXNetError(f"Imread: '{filename}' couldn't open file: {e.strerror}; check "
                         "the path given to mx.image.imread.") from None
    if not data:
        raise MXNetError(f"Imread: '{filename}' is empty; imread needs an image file.")
    return _check_out(_result(_decode(data, flag, to_rgb, "mx.image.imread")), out)


# ---------------------------------------------------------------- geometry
def _resized(v, w, h, interp):
    if v.dtype == _np.float16:
        raise MXNetError("imresize: opencv image mat doesn't support fp16; cast the image "
                         "with img.astype('float32') first.")
    if interp not in (0, 1, 2, 3, 4):
        hint = (" (INTER_LINEAR_EXACT is not provided by mxcompat; use 1)" if interp == 5
                else "")
        raise MXNetError(f"imresize: Unknown interpolation method {interp}{hint}; use 0 "
                         "(nearest), 1 (bilinear), 2 (bicubic), 3 (area) or 4 (Lanczos).")
    if v.dtype.type in (_np.uint8, _np.float32, _np.float64):
        return _resize.resize(v, w, h, interp)
    if interp == 0 and v.dtype.kind in "iu":
        # OpenCV's nearest neighbour copies pixels of any depth.
        if (w, h) == (v.shape[1], v.shape[0]):
            return v.copy()
        return _resize._nearest(v, w, h, w / v.shape[1], h / v.shape[0])
    raise MXNetError(f"imresize: OpenCV cannot resize {v.dtype.name} images with "
                     f"interpolation {interp}; cast the image with img.astype('float32') "
                     "first.")


def imresize(src, w, h, interp=1, out=None):
    """``src`` (H, W, C) resized to width ``w`` and height ``h`` with OpenCV's
    ``interp`` (0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos)."""
    for name, v in (("w", w), ("h", h)):
        if int(v) < 1:
            raise MXNetError(f"Invalid Parameter format for {name} expect int (>=1) but "
                             f"value='{v}'; imresize needs a positive output size.")
    v = _image_value(src, "imresize")
    return _check_out(_result(_resized(v, int(w), int(h), int(interp)), src), out)


def scale_down(src_size, size):
    """The crop ``size`` (w, h) shrunk, keeping its aspect ratio, to fit in
    ``src_size`` (w, h)."""
    return _scale_down(src_size, size)


# OpenCV's border codes (the docstring of MXNet's copyMakeBorder numbers them differently;
# OpenCV's numbering is what it computes).
_BORDER_PAD = {1: "edge", 2: "symmetric", 3: "wrap", 4: "reflect"}


def copyMakeBorder(src, top, bot, left, right, type=0, value=0.0, values=(), out=None):  # noqa: A002
    """Pad ``src`` (H, W, C) with OpenCV's border ``type``: 0 constant (``values`` per
    channel, else ``value``), 1 replicate, 2 reflect, 3 wrap, 4 reflect-101."""
    v = _image_value(src, "copyMakeBorder")
    if v.dtype == _np.float16:
        raise MXNetError("copyMakeBorder doesn't support fp16; cast the image with "
                         "img.astype('float32') first.")
    pads = [(int(top), int(bot)), (int(left), int(right)), (0, 0)]
    if min(p for pair in pads for p in pair) < 0:
        raise MXNetError("copyMakeBorder: the margins must not be negative.")
    if type == 0:
        fill = _np.zeros(4, dtype=_np.float64)
        if len(values):
            fill[:len(values)] = list(values)[:4]
        else:
            fill[:3] = value
        out_v = _np.empty((v.shape[0] + pads[0][0] + pads[0][1],
                           v.shape[1] + pads[1][0] + pads[1][1], v.shape[2]), v.dtype)
        for c in range(v.shape[2]):
            f = fill[c] if c < 4 else 0.0
            if v.dtype.kind in "iu":
                info = _np.iinfo(v.dtype)
                f = min(max(round(f), info.min), info.max)
            out_v[:, :, c] = f
        out_v[pads[0][0]:pads[0][0] + v.shape[0], pads[1][0]:pads[1][0] + v.shape[1]] = v
    elif type in _BORDER_PAD:
        out_v = _np.pad(v, pads, mode=_BORDER_PAD[type])
    else:
        raise MXNetError(f"copyMakeBorder: unknown border type {type}; use 0 (constant), "
                         "1 (replicate), 2 (reflect), 3 (wrap) or 4 (reflect 101).")
    return _check_out(_result(out_v, src), out)


def resize_short(src, size, interp=2):
    """``src`` resized so that its shorter side is ``size`` (the other in proportion,
    rounded down)."""
    h, w, _ = src.shape
    if h > w:
        new_h, new_w = size * h // w, size
    else:
        new_h, new_w = size, size * w // h
    return imresize(src, new_w, new_h, interp=_get_interp_method(interp, (h, w, new_h, new_w)))


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """The ``w`` x ``h`` region of ``src`` at (``x0``, ``y0``), resized to ``size``
    (w, h) when given."""
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != size:
        sizes = (h, w, size[1], size[0])
        out = imresize(out, *size, interp=_get_interp_method(interp, sizes))
    return out


def random_crop(src, size, interp=2):
    """A crop of ``size`` (w, h) at a random place (scaled down to fit, then resized
    to ``size``); returns ``(image, (x0, y0, w, h))``."""
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = random.randint(0, w - new_w)
    y0 = random.randint(0, h - new_h)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def center_crop(src, size, interp=2):
    """The central crop of ``size`` (w, h) (scaled down to fit, then resized to
    ``size``); returns ``(image, (x0, y0, w, h))``."""
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


def color_normalize(src, mean, std=None):
    """``(src - mean) / std``, computed in place in ``src`` (as MXNet does)."""
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """A crop with random area (a fraction of the image in ``area``) and aspect ratio
    (log-uniform in ``ratio``), resized to ``size``; falls back to ``center_crop``
    after 10 tries. Returns ``(image, (x0, y0, w, h))``."""
    h, w, _ = src.shape
    if "min_area" in kwargs:
        warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                      DeprecationWarning)
        area = kwargs.pop("min_area")
    assert not kwargs, "unexpected keyword arguments for `random_size_crop`."
    box = _random_area_box(h, w, area, ratio)
    if box is None:
        return center_crop(src, size, interp)
    return fixed_crop(src, *box, size, interp), box


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotation of CHW/NCHW float32 images (not implemented in mxcompat)."""
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    raise not_implemented("mx.image.imrotate",
                          "Rotate images with scipy.ndimage.rotate before the pipeline.")


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """Rotation by a random angle (not implemented in mxcompat, see ``imrotate``)."""
    return imrotate(src, angle_limits, zoom_in=zoom_in, zoom_out=zoom_out)


# ---------------------------------------------------------------- augmenters
class Augmenter:
    """The base of image augmenters: ``aug(src)`` gives the augmented image;
    ``dumps()`` a JSON description (the lower-case class name and the arguments)."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        for k, v in kwargs.items():
            if hasattr(v, "asnumpy"):
                v = v.asnumpy()
            if isinstance(v, _np.ndarray):
                self._kwargs[k] = v.tolist()

    def dumps(self):
        """The augmenter as a JSON string."""
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError("Must override implementation.")


class SequentialAug(Augmenter):
    """The augmenters ``ts`` applied one after the other."""

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        return [type(self).__name__.lower(), [t.dumps() for t in self.ts]]

    def __call__(self, src):
        for t in self.ts:
            src = t(src)
        return src


class RandomOrderAug(SequentialAug):
    """The augmenters ``ts`` applied in a random order (the list is shuffled in
    place with Python's ``random``)."""

    def __call__(self, src):
        random.shuffle(self.ts)
        return super().__call__(src)


class _Sized(Augmenter):
    """An augmenter with a size and an interpolation method."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp


class ResizeAug(_Sized):
    """Resize the shorter side to ``size`` (see ``resize_short``)."""

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(_Sized):
    """Resize to ``size`` (w, h), whatever the aspect ratio."""

    def __call__(self, src):
        sizes = (src.shape[0], src.shape[1], self.size[1], self.size[0])
        return imresize(src, *self.size, interp=_get_interp_method(self.interp, sizes))


class RandomCropAug(_Sized):
    """A random crop of ``size`` (w, h) (see ``random_crop``)."""

    def __call__(self, src):
        return random_crop(src, self.size, self.interp)[0]


class CenterCropAug(_Sized):
    """The central crop of ``size`` (w, h) (see ``center_crop``)."""

    def __call__(self, src):
        return center_crop(src, self.size, self.interp)[0]


class RandomSizedCropAug(Augmenter):
    """A crop of random area and aspect ratio resized to ``size`` (see
    ``random_size_crop``)."""

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super().__init__(size=size, area=area, ratio=ratio, interp=interp)
        self.size = size
        if "min_area" in kwargs:
            warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                          DeprecationWarning)
            area = kwargs.pop("min_area")
        self.area = area
        self.ratio = ratio
        self.interp = interp
        assert not kwargs, "unexpected keyword arguments for `RandomSizedCropAug`."

    def __call__(self, src):
        return random_size_crop(src, self.size, self.area, self.ratio, self.interp)[0]


def _jitter(amount):
    return 1.0 + random.uniform(-amount, amount)


class BrightnessJitterAug(Augmenter):
    """Scale the pixels by a random factor in [1 - brightness, 1 + brightness]
    (in place)."""

    def __init__(self, brightness):
        super().__init__(brightness=brightness)
        self.brightness = brightness

    def __call__(self, src):
        src *= _jitter(self.brightness)
        return src


class _GrayJitter(Augmenter):
    """Blend with a gray version of the image (luma weights 0.299, 0.587, 0.114)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.coef = _nd().array([[[0.299, 0.587, 0.114]]])


class ContrastJitterAug(_GrayJitter):
    """Blend with the mean luma by a random factor in [1 - contrast, 1 + contrast]."""

    def __init__(self, contrast):
        super().__init__(contrast=contrast)
        self.contrast = contrast

    def __call__(self, src):
        alpha = _jitter(self.contrast)
        gray = src * self.coef
        gray = (3.0 * (1.0 - alpha) / gray.size) * _nd().sum(gray)
        src *= alpha
        src += gray
        return src


class SaturationJitterAug(_GrayJitter):
    """Blend with each pixel's luma by a random factor in
    [1 - saturation, 1 + saturation]."""

    def __init__(self, saturation):
        super().__init__(saturation=saturation)
        self.saturation = saturation

    def __call__(self, src):
        alpha = _jitter(self.saturation)
        gray = _nd().sum(src * self.coef, axis=2, keepdims=True)
        gray *= (1.0 - alpha)
        src *= alpha
        src += gray
        return src


_TO_YIQ = _np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.321],
                     [0.211, -0.523, 0.311]])
_FROM_YIQ = _np.array([[1.0, 0.956, 0.621], [1.0, -0.272, -0.647],
                       [1.0, -1.107, 1.705]])


class HueJitterAug(Augmenter):
    """Rotate the hue (in YIQ space) by a random angle in [-hue, hue] * pi."""

    def __init__(self, hue):
        super().__init__(hue=hue)
        self.hue = hue
        self.tyiq = _TO_YIQ.copy()
        self.ityiq = _FROM_YIQ.copy()

    def __call__(self, src):
        angle = random.uniform(-self.hue, self.hue) * _np.pi
        c, s = _np.cos(angle), _np.sin(angle)
        rot = _np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
        t = self.ityiq.dot(rot).dot(self.tyiq).T
        return _nd().dot(src, _nd().array(t))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter (those with a positive amount) in
    a random order."""

    def __init__(self, brightness, contrast, saturation):
        ts = []
        if brightness > 0:
            ts.append(BrightnessJitterAug(brightness))
        if contrast > 0:
            ts.append(ContrastJitterAug(contrast))
        if saturation > 0:
            ts.append(SaturationJitterAug(saturation))
        super().__init__(ts)


class LightingAug(Augmenter):
    """Add PCA colour noise: ``eigvec * alpha`` dotted with ``eigval``, alpha drawn
    from ``np.random.normal(0, alphastd)``."""

    def __init__(self, alphastd, eigval, eigvec):
        super().__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)
        self.alphastd = alphastd
        self.eigval = eigval
        self.eigvec = eigvec

    def __call__(self, src):
        alpha = _np.random.normal(0, self.alphastd, size=(3,))
        src += _nd().array(_np.dot(self.eigvec * alpha, self.eigval))
        return src


class ColorNormalizeAug(Augmenter):
    """Subtract ``mean`` and divide by ``std`` (see ``color_normalize``)."""

    def __init__(self, mean, std):
        super().__init__(mean=mean, std=std)
        nd = _nd()
        self.mean = mean if mean is None or isinstance(mean, nd.NDArray) else nd.array(mean)
        self.std = std if std is None or isinstance(std, nd.NDArray) else nd.array(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


class RandomGrayAug(Augmenter):
    """With probability ``p``, replace each channel by the gray value
    (0.21 R + 0.72 G + 0.07 B)."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p
        self.mat = _nd().array([[0.21] * 3, [0.72] * 3, [0.07] * 3])

    def __call__(self, src):
        if random.random() < self.p:
            src = _nd().dot(src, self.mat)
        return src


class HorizontalFlipAug(Augmenter):
    """With probability ``p``, mirror the image left to right."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src):
        if random.random() < self.p:
            src = _nd().flip(src, axis=1)
        return src


class CastAug(Augmenter):
    """Cast to ``typ`` (default float32)."""

    def __init__(self, typ="float32"):
        super().__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)


_IMAGENET_MEAN = [123.68, 116.28, 103.53]
_IMAGENET_STD = [58.395, 57.12, 57.375]
_PCA_EIGVAL = [55.46, 4.794, 1.148]
_PCA_EIGVEC = [[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
               [-0.5836, -0.6948, 0.4203]]


def _check_stat(value):
    assert isinstance(value, (_np.ndarray, _nd().NDArray)) and value.shape[0] in [1, 3]


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False,  # noqa: N802
                    rand_mirror=False, mean=None, std=None, brightness=0, contrast=0,
                    saturation=0, hue=0, pca_noise=0, rand_gray=0, inter_method=2):
    """The standard augmenter list for images of ``data_shape`` (C, H, W): resize,
    crop, mirror, cast, colour jitter, PCA noise, gray, normalization (``mean=True`` /
    ``std=True`` for ImageNet's statistics)."""
    augs = []
    if resize > 0:
        augs.append(ResizeAug(resize, inter_method))
    crop = (data_shape[2], data_shape[1])
    if rand_resize:
        assert rand_crop
        augs.append(RandomSizedCropAug(crop, 0.08, (3.0 / 4.0, 4.0 / 3.0), inter_method))
    elif rand_crop:
        augs.append(RandomCropAug(crop, inter_method))
    else:
        augs.append(CenterCropAug(crop, inter_method))
    if rand_mirror:
        augs.append(HorizontalFlipAug(0.5))
    augs.append(CastAug())
    if brightness or contrast or saturation:
        augs.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        augs.append(HueJitterAug(hue))
    if pca_noise > 0:
        augs.append(LightingAug(pca_noise, _np.array(_PCA_EIGVAL), _np.array(_PCA_EIGVEC)))
    if rand_gray > 0:
        augs.append(RandomGrayAug(rand_gray))
    if mean is True:
        mean = _nd().array(_IMAGENET_MEAN)
    elif mean is not None:
        _check_stat(mean)
    if std is True:
        std = _nd().array(_IMAGENET_STD)
    elif std is not None:
        _check_stat(std)
    if mean is not None or std is not None:
        augs.append(ColorNormalizeAug(mean, std))
    return augs


# ---------------------------------------------------------------- iterator
def _data_iter_base():
    from .io import DataIter
    return DataIter


class ImageIter(_data_iter_base()):
    """Batches of augmented images, (N, C, H, W) float32, with their labels.

    The images come from a RecordIO file (``path_imgrec``, with ``path_imgidx`` for
    shuffling and partitions), a ``.lst`` file (``path_imglist``: index, labels and
    path separated by tabs) or ``imglist`` (``[label(s), path]`` items), paths relative
    to ``path_root``. ``aug_list`` defaults to ``CreateAugmenter(data_shape, **kwargs)``.
    ``last_batch_handle``: 'pad' (fill the last batch from the start), 'discard' or
    'roll_over' (carry the rest into the next epoch).
    """

    def __init__(self, batch_size, data_shape, label_width=1, path_imgrec=None,
                 path_imglist=None, path_root=None, path_imgidx=None, shuffle=False,
                 part_index=0, num_parts=1, aug_list=None, imglist=None, data_name="data",
                 label_name="softmax_label", dtype="float32", last_batch_handle="pad",
                 **kwargs):
        super().__init__()
        assert path_imgrec or path_imglist or (isinstance(imglist, list))
        assert dtype in ["int32", "float32", "int64", "float64"], dtype + " label not supported"
        from . import recordio
        self.imgrec = None
        self.imgidx = None
        if path_imgrec:
            logging.info("%s: loading recordio %s...", type(self).__name__, path_imgrec)
            if path_imgidx:
                self.imgrec = recordio.MXIndexedRecordIO(path_imgidx, path_imgrec, "r")
                self.imgidx = list(self.imgrec.keys)
            else:
                self.imgrec = recordio.MXRecordIO(path_imgrec, "r")
        keys = None
        self.imglist = None
        if path_imglist:
            self.imglist, keys = self._read_list_file(path_imglist, dtype)
        elif isinstance(imglist, list):
            self.imglist, keys = self._index_list(imglist, dtype)
        self.path_root = path_root
        self.check_data_shape(data_shape)
        self.provide_data = [(data_name, (batch_size,) + tuple(data_shape))]
        label_shape = (batch_size, label_width) if label_width > 1 else (batch_size,)
        self.provide_label = [(label_name, label_shape)]
        self.batch_size = batch_size
        self.data_shape = data_shape
        self.label_width = label_width
        self.shuffle = shuffle
        if self.imgrec is None:
            self.seq = keys
        elif shuffle or num_parts > 1 or path_imgidx:
            assert self.imgidx is not None
            self.seq = self.imgidx
        else:
            self.seq = None
        if num_parts > 1:
            assert part_index < num_parts
            per = len(self.seq) // num_parts
            self.seq = self.seq[part_index * per:(part_index + 1) * per]
        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.cur = 0
        self._allow_read = True
        self.last_batch_handle = last_batch_handle
        self.num_image = len(self.seq) if self.seq is not None else None
        self._cache_data = None
        self._cache_label = None
        self._cache_idx = None
        self.reset()

    @staticmethod
    def _label(values, dtype):
        make = _out_class()
        arr = _np.asarray(values, dtype=dtype)
        return _host.host_array(arr, None, make)

    def _read_list_file(self, path, dtype):
        logging.info("%s: loading image list %s...", type(self).__name__, path)
        table, keys = {}, []
        with open(path) as f:
            for line in iter(f.readline, ""):
                fields = line.strip().split("\t")
                key = int(fields[0])
                table[key] = (self._label(fields[1:-1], dtype), fields[-1])
                keys.append(key)
        return table, keys

    def _index_list(self, imglist, dtype):
        table, keys = {}, []
        for n, item in enumerate(imglist, start=1):
            if len(item) > 2:
                label = self._label(item[:-1], dtype)
            elif isinstance(item[0], numeric_types):
                label = self._label([item[0]], dtype)
            else:
                label = self._label(item[0], dtype)
            table[str(n)] = (label, item[-1])
            keys.append(str(n))
        return table, keys

    def _restart(self):
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.imgrec is not None:
            self.imgrec.reset()
        self.cur = 0
        self._allow_read = True

    def reset(self):
        """Start over (keeping the rolled-over samples with 'roll_over')."""
        if self.last_batch_handle != "roll_over" or self._cache_data is None:
            self._restart()
        elif self.seq is not None and self.shuffle:
            random.shuffle(self.seq)

    def hard_reset(self):
        """Start over, dropping any rolled-over samples."""
        self._restart()
        self._cache_data = None
        self._cache_label = None
        self._cache_idx = None

    def next_sample(self):
        """``(label, encoded image)`` of the next sample."""
        from . import recordio
        if self._allow_read is False:
            raise StopIteration
        if self.seq is None:
            record = self.imgrec.read()
            if record is None:
                if self.last_batch_handle != "discard":
                    self.imgrec.reset()
                raise StopIteration
            header, img = recordio.unpack(record)
            return header.label, img
        if self.cur >= self.num_image:
            if self.last_batch_handle != "discard":
                self.cur = 0
            raise StopIteration
        idx = self.seq[self.cur]
        self.cur += 1
        if self.imgrec is None:
            label, fname = self.imglist[idx]
            return label, self.read_image(fname)
        header, img = recordio.unpack(self.imgrec.read_idx(idx))
        if self.imglist is None:
            return header.label, img
        return self.imglist[idx][0], img

    def _batchify(self, batch_data, batch_label, start=0):
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image(data)
                except RuntimeError as e:
                    logging.debug("Invalid image, skipping:  %s", str(e))
                    continue
                data = self.augmentation_transform(data)
                assert i < self.batch_size, \
                    "Batch size must be multiples of augmenter output length"
                batch_data[i] = self.postprocess_data(data)
                batch_label[i] = label
                i += 1
        except StopIteration:
            if not i:
                raise
        return i

    def next(self):
        """The next DataBatch."""
        from .io import DataBatch
        if self._cache_data is not None:
            batch_data, batch_label, i = self._cache_data, self._cache_label, self._cache_idx
        else:
            if _np_mode():
                from . import numpy as mxnp
                zeros, empty = mxnp.zeros, mxnp.empty
            else:
                zeros, empty = _nd().zeros, _nd().empty
            batch_data = zeros((self.batch_size,) + tuple(self.data_shape))
            batch_label = empty(self.provide_label[0][1])
            i = self._batchify(batch_data, batch_label)
        pad = self.batch_size - i
        if pad != 0:
            if self.last_batch_handle == "discard":
                raise StopIteration
            if self.last_batch_handle == "roll_over" and self._cache_data is None:
                self._cache_data, self._cache_label, self._cache_idx = \
                    batch_data, batch_label, i
                raise StopIteration
            self._batchify(batch_data, batch_label, i)
            if self.last_batch_handle == "pad":
                self._allow_read = False
            else:
                self._cache_data = self._cache_label = self._cache_idx = None
        return DataBatch([batch_data], [batch_label], pad=pad)

    def check_data_shape(self, data_shape):
        """Raise ValueError unless ``data_shape`` is (3, H, W)."""
        if not len(data_shape) == 3:
            raise ValueError("data_shape should have length 3, with dimensions CxHxW")
        if not data_shape[0] == 3:
            raise ValueError("This iterator expects inputs to have 3 channels.")

    def check_valid_image(self, data):
        """Raise RuntimeError for an image without pixels."""
        if len(data[0].shape) == 0:
            raise RuntimeError("Data shape is wrong")

    def _locate(self):
        if self.seq is not None:
            idx = self.seq[(self.cur % self.num_image) - 1]
        else:
            idx = (self.cur % self.num_image) - 1
        if self.imglist is not None:
            return "Broken image filename: {}".format(self.imglist[idx][1])
        return "Broken image index: {}".format(idx)

    def imdecode(self, s):
        """Decode the encoded image ``s`` (see ``mx.image.imdecode``)."""
        try:
            return imdecode(s)
        except Exception as e:  # noqa: BLE001 - MXNet reports any failure this way
            raise RuntimeError("{}, {}".format(self._locate(), e)) from None

    def read_image(self, fname):
        """The bytes of the file ``fname`` under ``path_root``."""
        with open(os.path.join(self.path_root, fname), "rb") as f:
            return f.read()

    def augmentation_transform(self, data):
        """``data`` through every augmenter of ``auglist``."""
        for aug in self.auglist:
            data = aug(data)
        return data

    def postprocess_data(self, datum):
        """The augmented (H, W, C) image as (C, H, W)."""
        if _np_mode():
            return datum.transpose(2, 0, 1)
        return _nd().transpose(datum, axes=(2, 0, 1))



_DETECTION = ("detection", "ImageDetIter", "CreateDetAugmenter", "CreateMultiRandCropAugmenter",
              "DetAugmenter", "DetBorrowAug", "DetRandomSelectAug", "DetHorizontalFlipAug",
              "DetRandomCropAug", "DetRandomPadAug")


def __getattr__(name):
    if name in _DETECTION:
        raise not_implemented(f"mx.image.{name}", "mxcompat's mx.image provides the "
                              "classification augmenters and ImageIter only.")
    raise AttributeError(f"module 'mxnet.image' has no attribute {name!r}")
