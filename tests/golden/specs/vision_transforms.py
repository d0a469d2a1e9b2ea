"""Golden cases: gluon.data.vision.transforms and the OpenCV resize behind them
(recorded with MXNet 1.9.1 on fixed images).

Colour jitter is random in both libraries; its pixel arithmetic is compared through
``adj(name, x, factor)``: MXNet's ``nd.image.random_*`` op with a one-point factor
range when recording, mxcompat's kernel for that factor when testing.
"""
from _common import arr, case, val

T = "T = mx.gluon.data.vision.transforms\n"
ADJ = T + """
if mx.__name__ == 'mxnet':
    def adj(name, x, f):
        if name == 'lighting':
            return nd.image.adjust_lighting(x, alpha=f)
        return getattr(nd.image, 'random_' + name)(x, f, f)
else:
    from mxcompat.gluon.data.vision import _color
    def adj(name, x, f):
        return nd.array(getattr(_color, name)(x.asnumpy(), f), dtype=x.dtype)
"""


def tcase(id, code, setup="", **kw):
    return case(id, code, setup=T + setup, **kw)


def img(h, w, c=3, seed=0, dtype="uint8"):
    if dtype == "uint8":
        return arr((h, w, c), dtype="uint8", lo=0, hi=255, seed=seed)
    return arr((h, w, c), dtype=dtype, lo=0.0, hi=255.0, seed=seed)


IMG = img(6, 5, 3, 1)
IMG1 = img(7, 4, 1, 2)
BATCH = arr((2, 5, 4, 3), dtype="uint8", lo=0, hi=255, seed=3)
TENSOR = arr((3, 4, 5), lo=0.0, hi=1.0, seed=4)

CASES = [
    # ---- ToTensor / Normalize / Cast / Compose
    tcase("to_tensor", "T.ToTensor()(x)", x=IMG, repr=True),
    tcase("to_tensor_gray", "T.ToTensor()(x)", x=IMG1),
    tcase("to_tensor_batch", "T.ToTensor()(x)", x=BATCH),
    tcase("to_tensor_float32", "T.ToTensor()(x)", x=img(3, 4, 3, 5, "float32")),
    tcase("to_tensor_float64", "T.ToTensor()(x)", x=img(3, 4, 3, 6, "float64")),
    tcase("to_tensor_int32", "T.ToTensor()(x)", x=arr((2, 3, 3), "int32", 0, 1000, seed=7)),
    tcase("to_tensor_2d", "T.ToTensor()(x)", error=True, x=arr((4, 5), "uint8", 0, 255)),
    tcase("normalize_3", "T.Normalize(mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225))(x)",
          x=TENSOR, grad=["x"]),
    tcase("normalize_scalar", "T.Normalize(0.13, 0.31)(x)", x=arr((1, 4, 4), lo=0, hi=1, seed=8),
          grad=["x"]),
    tcase("normalize_scalar_rgb", "T.Normalize(0.5, 0.25)(x)", x=TENSOR),
    tcase("normalize_batch", "T.Normalize((0.1, 0.2, 0.3), (0.7, 0.8, 0.9))(x)",
          x=arr((2, 3, 2, 2), lo=0, hi=1, seed=9)),
    tcase("normalize_float64", "T.Normalize((0.1, 0.2, 0.3), (0.7, 0.8, 0.9))(x)",
          x=arr((3, 2, 2), "float64", 0, 1, seed=10)),
    tcase("normalize_default", "T.Normalize()(x)", x=TENSOR),
    tcase("normalize_bad_mean", "T.Normalize((0.1, 0.2), 1.0)(x)", error=True, x=TENSOR),
    tcase("normalize_bad_channels", "T.Normalize(0.1, 1.0)(x)", error=True,
          x=arr((2, 3, 3), lo=0, hi=1)),
    tcase("cast", "[T.Cast()(x), T.Cast('float64')(x), T.Cast('int32')(y)]", x=IMG,
          y=arr((2, 3), lo=-3, hi=3, seed=11)),
    tcase("compose", "T.Compose([T.ToTensor(), T.Normalize(0.5, 0.2)])(x)", x=IMG),
    tcase("compose_repr", "[str(T.Compose([T.Resize(4), T.CenterCrop(3), T.ToTensor(), "
          "T.Normalize(0.5, 0.2)])), str(T.RandomApply(T.Compose([T.ToTensor()]), 0.3)), "
          "str(T.ToTensor()), len(T.Compose([T.Resize(4), T.ToTensor(), T.Cast()]))]"),
    tcase("compose_pipeline", "T.Compose([T.Resize(8), T.CenterCrop(6), T.ToTensor(), "
          "T.Normalize((0.4, 0.5, 0.6), (0.2, 0.3, 0.25))])(x)", x=img(11, 9, 3, 12)),
    # ---- Resize (OpenCV's cv::resize)
    tcase("resize_int", "T.Resize(4)(x)", x=IMG),
    tcase("resize_wh", "T.Resize((7, 3))(x)", x=IMG),
    tcase("resize_up", "T.Resize((9, 11))(x)", x=IMG),
    tcase("resize_keep_tall", "T.Resize(3, keep_ratio=True)(x)", x=img(9, 5, 3, 13)),
    tcase("resize_keep_wide", "T.Resize(4, keep_ratio=True)(x)", x=img(5, 11, 3, 14)),
    tcase("resize_keep_tuple", "T.Resize((4, 6), keep_ratio=True)(x)", x=img(5, 11, 3, 14)),
    tcase("resize_nearest", "T.Resize((7, 4), interpolation=0)(x)", x=IMG),
    tcase("resize_cubic", "T.Resize((7, 4), interpolation=2)(x)", x=IMG),
    tcase("resize_cubic_up", "T.Resize((13, 10), interpolation=2)(x)", x=IMG),
    tcase("resize_area_down", "T.Resize((3, 4), interpolation=3)(x)", x=img(9, 7, 3, 15)),
    tcase("resize_area_up", "T.Resize((9, 8), interpolation=3)(x)", x=IMG),
    tcase("resize_area_int", "T.Resize((2, 3), interpolation=3)(x)", x=img(9, 6, 3, 16)),
    tcase("resize_lanczos", "T.Resize((8, 9), interpolation=4)(x)", x=IMG),
    tcase("resize_half", "T.Resize((4, 3))(x)", x=img(6, 8, 3, 17)),
    tcase("resize_half_gray", "T.Resize((6, 4))(x)", x=img(8, 12, 1, 18)),
    tcase("resize_gray", "T.Resize((5, 9))(x)", x=IMG1),
    tcase("resize_batch", "T.Resize((3, 2))(x)", x=BATCH),
    tcase("resize_float32", "T.Resize((7, 4))(x)", x=img(6, 5, 3, 19, "float32")),
    tcase("resize_float32_half", "T.Resize((4, 4))(x)", x=img(8, 8, 1, 20, "float32")),
    tcase("resize_float32_area", "T.Resize((3, 2), interpolation=3)(x)",
          x=img(8, 7, 3, 21, "float32")),
    tcase("resize_float32_cubic", "T.Resize((9, 7), interpolation=2)(x)",
          x=img(6, 5, 3, 22, "float32")),
    tcase("resize_float64", "T.Resize((7, 4))(x)", x=img(6, 5, 3, 23, "float64")),
    tcase("resize_same", "T.Resize((5, 6))(x)", x=IMG),
    tcase("resize_mnist_like", "T.Resize(32)(x)", x=img(28, 28, 1, 24)),
    tcase("resize_wide_row", "T.Resize((37, 5))(x)", x=img(6, 23, 3, 25)),
    tcase("resize_bad_ndim", "T.Resize(3)(x)", error=True, x=arr((4, 5), "uint8", 0, 255)),
    # ---- crops
    tcase("center_crop", "T.CenterCrop(3)(x)", x=IMG),
    tcase("center_crop_wh", "T.CenterCrop((4, 2))(x)", x=IMG),
    tcase("center_crop_up", "T.CenterCrop((8, 10))(x)", x=IMG),
    tcase("center_crop_one_side", "T.CenterCrop((3, 9))(x)", x=IMG),
    tcase("center_crop_interp", "T.CenterCrop((8, 10), interpolation=2)(x)", x=IMG),
    tcase("crop_resize", "T.CropResize(1, 2, 3, 2)(x)", x=IMG),
    tcase("crop_resize_size", "T.CropResize(0, 1, 4, 4, size=(6, 5))(x)", x=IMG),
    tcase("crop_resize_size_interp", "T.CropResize(0, 1, 4, 4, size=(6, 5), interpolation=1)(x)",
          x=IMG),
    tcase("crop_resize_int_size", "T.CropResize(0, 1, 4, 4, size=3, interpolation=0)(x)",
          x=IMG),
    tcase("crop_resize_batch", "T.CropResize(1, 1, 2, 3)(x)", x=BATCH),
    tcase("random_resized_crop", "[T.RandomResizedCrop(4)(x) for _ in range(5)]",
          "import random\nrandom.seed(0)", x=img(12, 10, 3, 26)),
    tcase("random_resized_crop_opts", "[T.RandomResizedCrop((5, 3), scale=(0.3, 0.6), "
          "ratio=(0.5, 2.0), interpolation=2)(x) for _ in range(4)]",
          "import random\nrandom.seed(5)", x=img(12, 10, 3, 27)),
    tcase("random_resized_crop_fallback", "T.RandomResizedCrop((4, 4), scale=(5.0, 6.0))(x)",
          "import random\nrandom.seed(1)", x=img(8, 6, 3, 28)),
    tcase("random_apply", "[T.RandomApply(T.Compose([T.CenterCrop(2)]), 0.5)(x) "
          "for _ in range(6)]", "import random\nrandom.seed(2)", x=img(3, 3, 1, 29)),
    # ---- pixel arithmetic of the colour transforms
    case("brightness", "[adj('brightness', x, 1.3), adj('brightness', x, 0.45)]", setup=ADJ,
         x=IMG),
    case("brightness_float", "adj('brightness', x, 1.7)", setup=ADJ, x=img(3, 4, 3, 30, "float32")),
    case("contrast", "[adj('contrast', x, 1.4), adj('contrast', x, 0.3)]", setup=ADJ, x=IMG),
    case("contrast_gray", "adj('contrast', x, 1.6)", setup=ADJ, x=IMG1),
    case("contrast_float", "adj('contrast', x, 0.7)", setup=ADJ, x=img(4, 4, 3, 31, "float32")),
    case("hue", "[adj('hue', x, 0.2), adj('hue', x, 0.9), adj('hue', x, 1.07)]", setup=ADJ,
         x=img(8, 8, 3, 32)),
    case("hue_float", "adj('hue', x, 0.35)", setup=ADJ, x=img(4, 4, 3, 33, "float32"),
         rtol=1e-4, atol=1e-3),
    case("hue_gray_pixels", "adj('hue', x, 0.5)", setup=ADJ,
         x=val([[[10, 10, 10], [255, 255, 255], [0, 0, 0]]], "uint8")),
    case("lighting", "[adj('lighting', x, (0.1, -0.2, 0.3)), adj('lighting', x, (-1.5, 2., 0.))]",
         setup=ADJ, x=IMG),
    case("lighting_float", "adj('lighting', x, (0.5, 0.25, -0.75))", setup=ADJ,
         x=img(3, 3, 3, 34, "float32")),
    tcase("flip_batch_error", "T.RandomFlipLeftRight()(x)", error=True, x=BATCH),
    tcase("brightness_channels_error", "T.RandomBrightness(0.1)(x)", error=True,
          x=arr((3, 3, 2), "uint8", 0, 255)),
]
