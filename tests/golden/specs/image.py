"""Golden cases: ``mx.image`` (decoding, OpenCV resizes, crops, augmenters, ImageIter),
recorded with MXNet 1.9.1 on fixed images.

The encoded test images are embedded below (made once with Pillow from a seeded
numpy stream), so both runs decode the same bytes. JPEG pixels are compared with a
tolerance (libjpeg builds differ slightly); PNG pixels exactly.
"""
from _common import arr, case
from vision_transforms import img

PNG_RGB = (
    "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFCAIAAAAG+GGPAAAAeUlEQVR4nAFuAJH/AWazXKi3666qH72+"
    "cNH4gSqZECMfLgA0AVfrnSWBv7sUoMs5FfzrWDDaOv4Bqf/bEtAzAu6gAHW9ecHUwo+lOgQwAEimEYNY"
    "Ow3x+QhZNIFTW267xqv8BwJmfLzNS/Zakgj1LAHosNpuA8suL5pUzDPVdMvDkgAAAABJRU5ErkJggg==")
PNG_RGBA = (
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAAECAYAAABLLYUHAAAAP0lEQVR4nAE0AMv/AMm94w1eLw7Hzdb7"
    "+AC9J9TP7FFuNBeZ2PsBu3vsKOGTQBi8ONwXBMVwm6++D8Z5SRiwydI5Gr8fWw/nAAAAAElFTkSuQmCC")
PNG_GRAY = (
    "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAECAAAAABjWKqcAAAAIUlEQVR4nGOoYnn57CfTOvG5j/wYuBcq"
    "6H9jmGZ7XSUJAIDDCfxUJ02PAAAAAElFTkSuQmCC")
PNG_PAL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAEBAMAAABb34NNAAAAGFBMVEXvkKe8dWszutJfg93QSszaIsAm"
    "XIgcIwze5huOAAAAFElEQVR4nGN0/cOowM7ELMN01xAAEJ0CnKoJZkgAAAAASUVORK5CYII=")
JPG_RGB = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsN"
    "DhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQU"
    "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAQAAwDASIAAhEBAxEB/8QA"
    "HwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIh"
    "MUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW"
    "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
    "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQF"
    "BgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAV"
    "YnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOE"
    "hYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq"
    "8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD5Q+Bvg/8A49/k9O1fcXhHwf8A8SOD5K8O+Bvg/wD49/k9O1fc"
    "PhHwf/xI4Pk/Svmc3w3vnjeIfAH+1fB1P//Z")
JPG_GRAY = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsN"
    "DhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/wAALCAAQAAwBAREA/8QAHwAAAQUBAQEBAQEAAAAA"
    "AAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEI"
    "I0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1"
    "dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi"
    "4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APiPwj8Nvufuv0r1rTfht/oifuv0r1Hwj8Nvufuv0r1r"
    "Tfht/oifuv0r/9k=")
PNG_GRAY16 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAEEAAAAAAzyHbfAAAAJ0lEQVR4nGNkYuU5znuc9zjvcRb7x7zH"
    "eR/zPuZ9zOLwGMLgQWYCAGgnEe40/PJeAAAAAElFTkSuQmCC")

SETUP = """
import base64, os, random, tempfile
I = mx.image
def b(name):
    return base64.b64decode(''.join(IMAGES[name]))
"""
IMAGES = {"PNG_RGB": PNG_RGB, "PNG_RGBA": PNG_RGBA, "PNG_GRAY": PNG_GRAY,
          "PNG_PAL": PNG_PAL, "JPG_RGB": JPG_RGB, "JPG_GRAY": JPG_GRAY,
          "PNG_GRAY16": PNG_GRAY16}
SETUP = "IMAGES = %r\n" % (IMAGES,) + SETUP
JPEG_TOL = {"rtol": 0.0, "atol": 3.0}


def icase(id, code, setup="", **kw):
    # Decoding in mxcompat needs Pillow (the test skips these cases without it).
    text = code + setup
    if any(w in text for w in ("imdecode", "imread", "run(it")):
        kw.setdefault("requires", ("PIL",))
    return case(id, code, setup=SETUP + setup, **kw)




A = img(6, 5, 3, 1)
B = img(13, 11, 3, 2)
C = img(8, 6, 3, 3)
F = img(7, 9, 3, 4, "float32")
G = img(5, 4, 1, 5)

# A file tree for ImageIter: three PNG images and a .lst file.
ITER = """
root = tempfile.mkdtemp()
names = ['PNG_RGB', 'PNG_RGBA', 'PNG_PAL', 'PNG_GRAY', 'JPG_RGB']
for n in names:
    with open(os.path.join(root, n + '.png'), 'wb') as f:
        f.write(b(n))
def run(it, epochs=1):
    res = []
    for _ in range(epochs):
        for batch in it:
            res += [batch.data[0], batch.label[0], str(batch.pad)]
        it.reset()
    return res
"""
REC = ITER + """
rec = mx.recordio.MXIndexedRecordIO(os.path.join(root, 'x.idx'), os.path.join(root, 'x.rec'), 'w')
for k, n in enumerate(names[:4]):
    rec.write_idx(k, mx.recordio.pack(mx.recordio.IRHeader(0, float(k) + 0.5, k, 0), b(n)))
rec.close()
def rec_iter(batch_size, **kw):
    return I.ImageIter(batch_size, (3, 3, 3), path_imgrec=os.path.join(root, 'x.rec'),
                       path_imgidx=os.path.join(root, 'x.idx'), **kw)
"""

CASES = []
# ---- imresize: every interpolation, shrinking and enlarging, several dtypes
for interp in range(5):
    for tag, x, (w, h) in (("down", B, (7, 5)), ("up", A, (9, 11)), ("half", C, (3, 4)),
                           ("mixed", A, (3, 9))):
        CASES.append(icase("imresize_%d_%s" % (interp, tag), "I.imresize(x, %d, %d, %d)"
                           % (w, h, interp), x=x))
    CASES.append(icase("imresize_%d_float32" % interp, "[I.imresize(x, 4, 5, %d), "
                       "I.imresize(x, 12, 10, %d)]" % (interp, interp), x=F))
CASES += [
    icase("imresize_default", "I.imresize(x, 4, 3)", x=B, repr=True),
    icase("imresize_kw", "mx.img.imresize(x, w=8, h=3, interp=1)", x=A),
    icase("imresize_gray", "[I.imresize(x, 7, 3), I.imresize(x, 2, 2, 3)]", x=G),
    icase("imresize_4ch", "I.imresize(x, 5, 4, 2)", x=img(7, 6, 4, 6)),
    icase("imresize_float64", "I.imresize(x, 5, 3)", x=img(6, 8, 3, 7, "float64")),
    icase("imresize_int32_nearest", "I.imresize(x, 5, 3, 0)",
          x=arr((4, 6, 3), "int32", 0, 1000, seed=8)),
    icase("imresize_same_size", "I.imresize(x, 5, 6)", x=A),
    icase("imresize_out", "[I.imresize(x, 3, 2, out=o), o]", "o = nd.zeros((2, 3, 3), "
          "dtype='uint8')\n", x=A),
    icase("imresize_np", "mx.image.imresize(x, 3, 4)", np_mode=True, x=A),
    icase("imresize_2d", "I.imresize(x, 3, 3)", error=True, x=arr((4, 5), "uint8", 0, 255)),
    icase("imresize_interp9", "I.imresize(x, 3, 3, 9)", error=True, x=A),
    icase("imresize_interp7", "I.imresize(x, 3, 3, 7)", error=True, x=A),
    icase("imresize_zero_w", "I.imresize(x, 0, 3)", error=True, x=A),
    icase("imresize_fp16", "I.imresize(x, 3, 3)", error=True, x=img(4, 4, 3, 9, "float16")),
    # ---- resize_short and the interpolation choices 9 and 10
    icase("resize_short_tall", "I.resize_short(x, 4)", x=B),
    icase("resize_short_wide", "I.resize_short(x, 5)", x=img(6, 10, 3, 10)),
    icase("resize_short_up", "I.resize_short(x, 9, 1)", x=A),
    icase("resize_short_auto", "[I.resize_short(x, 3, 9), I.resize_short(x, 12, 9), "
          "I.resize_short(x, 6, 9)]", x=C),
    icase("resize_short_random", "[I.resize_short(x, 4, 10) for _ in range(6)]",
          "random.seed(3)\n", x=B),
    icase("resize_short_bad_interp", "I.resize_short(x, 4, 7)", error=True, x=B),
    icase("resize_short_2d", "I.resize_short(x, 4)", error=True,
          x=arr((4, 5), "uint8", 0, 255)),
    # ---- crops
    icase("scale_down", "[I.scale_down((640, 480), (720, 120)), I.scale_down((10, 20), "
          "(5, 30)), I.scale_down((8, 8), (4, 4)), I.scale_down((5, 7), (9, 9))]"),
    icase("fixed_crop", "[I.fixed_crop(x, 1, 2, 3, 4), I.fixed_crop(x, 0, 1, 4, 4, (6, 5)), "
          "I.fixed_crop(x, 2, 0, 3, 3, (3, 3)), I.fixed_crop(x, 0, 0, 4, 5, (2, 2), 9)]", x=B),
    icase("fixed_crop_past_edge", "I.fixed_crop(x, 3, 4, 5, 5)", x=A),
    icase("fixed_crop_float", "I.fixed_crop(x, 1, 1, 5, 4, (8, 6), 1)", x=F),
    icase("center_crop", "[I.center_crop(x, (3, 4)), I.center_crop(x, (20, 10)), "
          "I.center_crop(x, (3, 9), 1), I.center_crop(x, (5, 13))]", x=B),
    icase("center_crop_2d", "I.center_crop(x, (2, 2))", error=True,
          x=arr((4, 5), "uint8", 0, 255)),
    icase("random_crop", "[I.random_crop(x, (4, 3)) for _ in range(4)] + "
          "[I.random_crop(x, (20, 10), 1)]", "random.seed(1)\n", x=B),
    icase("random_size_crop", "[I.random_size_crop(x, (4, 4), 0.3, (0.75, 1.33)) "
          "for _ in range(4)] + [I.random_size_crop(x, (5, 3), (0.2, 0.5), (0.5, 2.0), 1)]",
          "random.seed(4)\n", x=B),
    icase("random_size_crop_fallback", "I.random_size_crop(x, (4, 4), (5.0, 6.0), "
          "(1.0, 1.0))", "random.seed(5)\n", x=B),
    icase("random_size_crop_bad_kw", "I.random_size_crop(x, (4, 4), 0.3, (0.75, 1.33), "
          "foo=1)", error=True, x=B),
    # ---- color_normalize (in place, as MXNet computes it)
    icase("color_normalize", "[I.color_normalize(x, m, s), x]", "m = nd.array([100., 110., "
          "120.])\ns = nd.array([50., 60., 70.])\n", x=F),
    icase("color_normalize_mean_only", "I.color_normalize(x, nd.array([1.5, 2.5, 3.5]))", x=F),
    icase("color_normalize_scalar_std", "I.color_normalize(x, nd.array([1.]), "
          "nd.array([3.]))", x=F),
    icase("color_normalize_uint8", "I.color_normalize(x, nd.array([1., 2., 3.]))",
          error=True, x=A),
    # ---- copyMakeBorder
    icase("border_constant", "[I.copyMakeBorder(x, 1, 2, 0, 3), I.copyMakeBorder(x, 1, 1, 2, 1, "
          "value=7), I.copyMakeBorder(x, 0, 1, 1, 0, values=(1, 2, 300))]", x=A),
    icase("border_types", "[I.copyMakeBorder(x, 2, 1, 3, 2, type=t) for t in range(1, 5)]",
          x=A),
    icase("border_float", "[I.copyMakeBorder(x, 1, 1, 1, 1, type=0, values=(1.5, -2.25, 3)), "
          "I.copyMakeBorder(x, 2, 0, 0, 2, type=2)]", x=F),
    # ---- decoding
    icase("imdecode_png", "[I.imdecode(b('PNG_RGB')), I.imdecode(b('PNG_RGB'), to_rgb=0), "
          "I.imdecode(b('PNG_RGB'), 0)]", repr=True),
    icase("imdecode_png_rgba", "[I.imdecode(b('PNG_RGBA')), I.imdecode(b('PNG_RGBA'), 0)]"),
    icase("imdecode_png_gray", "[I.imdecode(b('PNG_GRAY')), I.imdecode(b('PNG_GRAY'), 0), "
          "I.imdecode(b('PNG_GRAY'), to_rgb=0)]"),
    icase("imdecode_png_16bit", "[I.imdecode(b('PNG_GRAY16')), I.imdecode(b('PNG_GRAY16'), 0)]"),
    icase("imdecode_png_palette", "[I.imdecode(b('PNG_PAL')), I.imdecode(b('PNG_PAL'), 0)]"),
    icase("imdecode_buffers", "[I.imdecode(bytearray(b('PNG_RGB'))), "
          "I.imdecode(onp.frombuffer(b('PNG_RGB'), dtype='uint8')), "
          "I.imdecode(nd.array(onp.frombuffer(b('PNG_RGB'), dtype='uint8'), dtype='uint8'))]"),
    icase("imdecode_np", "mx.image.imdecode(b('PNG_RGBA'))", np_mode=True),
    icase("imdecode_jpeg", "[I.imdecode(b('JPG_RGB')), I.imdecode(b('JPG_RGB'), to_rgb=0), "
          "I.imdecode(b('JPG_RGB'), 0)]", **JPEG_TOL),
    icase("imdecode_jpeg_gray", "[I.imdecode(b('JPG_GRAY')), I.imdecode(b('JPG_GRAY'), 0)]",
          **JPEG_TOL),
    icase("imdecode_out", "[I.imdecode(b('PNG_GRAY'), out=o), o]",
          "o = nd.zeros((4, 5, 3), dtype='uint8')\n"),
    icase("imdecode_invalid", "I.imdecode(b'not an image at all')", error=True),
    icase("imdecode_empty", "I.imdecode(b'')", error=True),
    icase("imdecode_str", "I.imdecode('abc')", error=True),
    icase("imdecode_float_nd", "I.imdecode(nd.array([1., 2.]))", error=True),
    icase("imread", "[I.imread(p), I.imread(p, 0), I.imread(p, to_rgb=False), "
          "I.imread(q)]", "d = tempfile.mkdtemp()\np = os.path.join(d, 'a.png')\n"
          "q = os.path.join(d, 'b.jpg')\nopen(p, 'wb').write(b('PNG_RGB'))\n"
          "open(q, 'wb').write(b('JPG_RGB'))\n", **JPEG_TOL),
    icase("imread_missing", "I.imread('/nonexistent/dir/x.png')", error=True),
    icase("imread_then_resize", "I.resize_short(I.imread(p), 3)",
          "d = tempfile.mkdtemp()\np = os.path.join(d, 'a.png')\n"
          "open(p, 'wb').write(b('PNG_RGB'))\n"),
    # ---- deterministic augmenters
    icase("aug_resize", "[I.ResizeAug(4)(x), I.ResizeAug(9, 1)(x), I.ResizeAug(3, 9)(x)]",
          x=B),
    icase("aug_force_resize", "[I.ForceResizeAug((4, 7))(x), I.ForceResizeAug((15, 3), 0)(x), "
          "I.ForceResizeAug((20, 20), 9)(x)]", x=B),
    icase("aug_center_crop", "[I.CenterCropAug((4, 3))(x), I.CenterCropAug((8, 8), 1)(x)]",
          x=A),
    icase("aug_cast", "[I.CastAug()(x), I.CastAug('float64')(x), I.CastAug('int32')(x)]", x=A),
    icase("aug_color_normalize", "[I.ColorNormalizeAug(nd.array([1., 2., 3.]), "
          "nd.array([2., 4., 8.]))(x.copy()), I.ColorNormalizeAug(None, nd.array([3.]))(x.copy())"
          ", I.ColorNormalizeAug([1., 2., 3.], [2., 4., 8.])(x.copy())]", x=F),
    icase("aug_color_normalize_numpy", "I.ColorNormalizeAug(onp.array([1., 2., 3.]), "
          "None)(x)", x=F),
    icase("aug_flip", "[I.HorizontalFlipAug(1.0)(x), I.HorizontalFlipAug(0.0)(x)]", x=A),
    icase("aug_flip_random", "[I.HorizontalFlipAug(0.5)(x) for _ in range(5)]",
          "random.seed(7)\n", x=A),
    icase("aug_random_gray", "[I.RandomGrayAug(1.0)(x), I.RandomGrayAug(0.0)(x)]", x=F),
    icase("aug_sequential", "I.SequentialAug([I.ResizeAug(4), I.CenterCropAug((3, 3)), "
          "I.CastAug()])(x)", x=B),
    icase("aug_dumps", "[I.ResizeAug(4).dumps(), I.ForceResizeAug((3, 5), 1).dumps(), "
          "I.CastAug().dumps(), I.HorizontalFlipAug(0.5).dumps(), "
          "I.ColorNormalizeAug(nd.array([1., 2., 3.]), None).dumps(), "
          "I.SequentialAug([I.CastAug(), I.RandomCropAug((2, 2))]).dumps(), "
          "I.RandomSizedCropAug((4, 4), 0.1, (0.5, 2.0)).dumps(), "
          "I.LightingAug(0.1, onp.array([1., 2., 3.]), onp.eye(3)).dumps(), "
          "I.BrightnessJitterAug(0.3).dumps(), I.ColorJitterAug(0.1, 0.2, 0).dumps()]"),
    icase("aug_base_call", "I.Augmenter()(x)", error=True, x=A),
    # ---- random augmenters under fixed seeds
    icase("aug_random_crop", "[I.RandomCropAug((4, 5))(x) for _ in range(3)]",
          "random.seed(11)\n", x=B),
    icase("aug_random_sized_crop", "[I.RandomSizedCropAug((4, 4), 0.2, (0.75, 1.33), 1)(x) "
          "for _ in range(3)]", "random.seed(12)\n", x=B),
    icase("aug_brightness", "[I.BrightnessJitterAug(0.4)(x.copy()) for _ in range(2)]",
          "random.seed(13)\n", x=F),
    icase("aug_contrast", "[I.ContrastJitterAug(0.4)(x.copy()) for _ in range(2)]",
          "random.seed(14)\n", x=F, rtol=1e-5, atol=1e-4),
    icase("aug_saturation", "[I.SaturationJitterAug(0.4)(x.copy()) for _ in range(2)]",
          "random.seed(15)\n", x=F, rtol=1e-5, atol=1e-4),
    icase("aug_hue", "[I.HueJitterAug(0.3)(x.copy()) for _ in range(2)]",
          "random.seed(16)\n", x=F, rtol=1e-5, atol=1e-3),
    icase("aug_color_jitter", "[I.ColorJitterAug(0.2, 0.3, 0.4)(x.copy()) for _ in range(3)]",
          "random.seed(17)\n", x=F, rtol=1e-5, atol=1e-3),
    icase("aug_lighting", "I.LightingAug(0.5, onp.array([55.46, 4.794, 1.148]), "
          "onp.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140], "
          "[-0.5836, -0.6948, 0.4203]]))(x.copy())", "onp.random.seed(18)\n", x=F,
          rtol=1e-5, atol=1e-4),
    icase("aug_random_order", "[a(x.copy()) for _ in range(3)] + [str([t.dumps() for t in a.ts])]",
          "random.seed(19)\na = I.RandomOrderAug([I.BrightnessJitterAug(0.1), "
          "I.HorizontalFlipAug(1.0), I.CenterCropAug((4, 4))])\n", x=F, rtol=1e-5, atol=1e-4),
    # ---- CreateAugmenter
    icase("create_augmenter_default", "[str([type(a).__name__ for a in augs]), "
          "str([a.dumps() for a in augs])] + [a(x) for a in augs][:1]",
          "augs = I.CreateAugmenter((3, 4, 5))\n", x=B),
    icase("create_augmenter_full", "[str([type(a).__name__ for a in augs]), "
          "str([a.dumps() for a in augs])]",
          "augs = I.CreateAugmenter((3, 224, 224), resize=256, rand_crop=True, "
          "rand_resize=True, rand_mirror=True, mean=True, std=True, brightness=0.1, "
          "contrast=0.2, saturation=0.3, hue=0.1, pca_noise=0.05, rand_gray=0.1, "
          "inter_method=10)\n"),
    icase("create_augmenter_mean_array", "[str([type(a).__name__ for a in augs]), "
          "str([a.dumps() for a in augs])]",
          "augs = I.CreateAugmenter((3, 8, 8), rand_crop=True, mean=nd.array([1., 2., 3.]), "
          "std=onp.array([2.]), saturation=0.5)\n"),
    icase("create_augmenter_pipeline", "[aug_all(x) for _ in range(3)]",
          "random.seed(21)\naugs = I.CreateAugmenter((3, 5, 4), resize=6, rand_crop=True, "
          "rand_mirror=True, mean=True, std=True)\n"
          "def aug_all(v):\n    for a in augs:\n        v = a(v)\n    return v\n", x=B,
          rtol=1e-5, atol=1e-5),
    icase("create_augmenter_bad_mean", "I.CreateAugmenter((3, 4, 4), mean=[1, 2, 3])",
          error=True),
    icase("create_augmenter_rand_resize_only", "I.CreateAugmenter((3, 4, 4), rand_resize=True)",
          error=True),
    # ---- ImageIter
    icase("imageiter_imglist", "run(it, 2)", ITER + "it = I.ImageIter(2, (3, 4, 3), "
          "imglist=[[1.0, n + '.png'] for n in names[:3]], path_root=root)\n"),
    icase("imageiter_multilabel", "run(it) + [str(it.provide_data), str(it.provide_label)]",
          ITER + "it = I.ImageIter(2, (3, 3, 3), label_width=2, "
          "imglist=[[1.0, 2.0, names[0] + '.png'], [[3.0, 4.5], names[1] + '.png']], "
          "path_root=root, dtype='int32')\n"),
    icase("imageiter_lst", "run(it, 2)", ITER +
          "with open(os.path.join(root, 'x.lst'), 'w') as f:\n"
          "    for k, n in enumerate(names[:4]):\n"
          "        f.write('%d\\t%f\\t%s.png\\n' % (k, k * 1.5, n))\n"
          "random.seed(22)\nit = I.ImageIter(3, (3, 4, 4), path_imglist=os.path.join(root, "
          "'x.lst'), path_root=root, shuffle=True, last_batch_handle='discard', resize=5, "
          "rand_mirror=True)\n"),
    icase("imageiter_roll_over", "run(it, 3)", ITER + "it = I.ImageIter(2, (3, 2, 2), "
          "imglist=[[float(k), n + '.png'] for k, n in enumerate(names[:3])], path_root=root, "
          "last_batch_handle='roll_over')\n"),
    icase("imageiter_rec", "run(it, 2)", REC + "it = I.ImageIter(3, (3, 3, 3), "
          "path_imgrec=os.path.join(root, 'x.rec'))\n"),
    icase("imageiter_rec_idx", "run(it)", REC + "random.seed(23)\nit = rec_iter(2, "
          "shuffle=True, aug_list=[I.ForceResizeAug((3, 3)), I.CastAug()])\n"),
    icase("imageiter_parts", "run(it)", REC + "it = rec_iter(1, num_parts=2, part_index=1)\n"),
    icase("imageiter_np", "run(it)", ITER + "it = I.ImageIter(2, (3, 2, 2), "
          "imglist=[[1.0, n + '.png'] for n in names[:2]], path_root=root)\n", np_mode=True),
    icase("imageiter_bad_shape", "I.ImageIter(2, (1, 4, 4), imglist=[[1.0, 'a.png']])",
          error=True),
    icase("imageiter_bad_dtype", "I.ImageIter(2, (3, 4, 4), imglist=[[1.0, 'a.png']], "
          "dtype='uint8')", error=True),
    icase("imageiter_no_source", "I.ImageIter(2, (3, 4, 4))", error=True),
    icase("imageiter_broken", "run(it)", ITER + "open(os.path.join(root, 'bad.png'), 'wb')"
          ".write(b'junk')\nit = I.ImageIter(1, (3, 2, 2), imglist=[[1.0, 'bad.png']], "
          "path_root=root)\n", error=True),
]
