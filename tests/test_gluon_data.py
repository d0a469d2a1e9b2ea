"""gluon.data, gluon.utils and mx.recordio beyond the goldens (tests/golden/gluon_data.json,
vision_transforms.json): the real MNIST-format files, missing files and downloads,
archives, image folders, host-backed items, thread workers, random transforms.

Expected values come from independent numpy code (IDX parsing, flips, analytic
formulas) or from MXNet's documented behaviour.
"""
import gzip
import http.server
import os
import shutil
import struct
import tarfile
import threading
import time

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import gluon, nd
from mxcompat.base import MXNetError
from mxcompat.gluon.data import _host
from mxcompat.gluon.data.vision import _color, transforms as T

MNIST_LIKE = "/work/shared/data/mnist-like"
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def _read_idx(path):
    """An independent IDX reader for the expected values."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = struct.unpack(">I", raw[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """MXNET_HOME in a temporary directory, no network."""
    monkeypatch.setenv("MXNET_HOME", str(tmp_path / "mxhome"))
    monkeypatch.setenv("MXCOMPAT_OFFLINE", "1")
    return tmp_path / "mxhome"


@pytest.fixture
def mnist_home(home):
    root = home / "datasets" / "mnist"
    root.mkdir(parents=True)
    for f in FILES:
        shutil.copy(os.path.join(MNIST_LIKE, f), root / f)
        os.chmod(root / f, 0o644)
    return root


# ------------------------------------------------------------------ MNIST files
def test_mnist_reads_local_subset_with_warning(mnist_home):
    with pytest.warns(UserWarning, match="differs from the official file"):
        train = gluon.data.vision.MNIST()
    with pytest.warns(UserWarning) as rec:
        test = gluon.data.vision.MNIST(train=False)
    assert sorted(os.path.basename(str(w.message).split(" differs")[0]) for w in rec) == \
        ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    images = _read_idx(str(mnist_home / FILES[0]))
    labels = _read_idx(str(mnist_home / FILES[1]))
    assert len(train) == 1500 and len(test) == 297
    for i in (0, 7, 1499):
        img, lab = train[i]
        assert isinstance(img, nd.NDArray)
        assert img.shape == (28, 28, 1) and img.dtype == np.uint8
        assert type(lab) is np.int32 and lab == labels[i]
        np.testing.assert_array_equal(img.asnumpy()[:, :, 0], images[i])
    assert train[-1][1] == labels[-1]


def test_mnist_warning_points_at_caller(mnist_home):
    with pytest.warns(UserWarning) as rec:
        gluon.data.vision.MNIST(train=False)
    assert all(os.path.basename(w.filename) == os.path.basename(__file__) for w in rec)


def test_mnist_official_sha1_no_warning(tmp_path, monkeypatch, recwarn):
    root = tmp_path / "m"
    root.mkdir()
    for f in FILES[2:]:
        shutil.copy(os.path.join(MNIST_LIKE, f), root / f)
    from mxcompat.gluon import utils as gutils
    monkeypatch.setattr(gutils, "check_sha1", lambda path, sha1: True)
    gluon.data.vision.MNIST(root=str(root), train=False)
    assert not [w for w in recwarn if "differs" in str(w.message)]


def test_mnist_transform_and_loader(mnist_home):
    with pytest.warns(UserWarning):
        ds = gluon.data.vision.MNIST(
            transform=lambda d, l: (d.astype(np.float32) / 255, l.astype(np.float32)))
    loader = gluon.data.DataLoader(ds, batch_size=64, shuffle=False)
    data, label = next(iter(loader))
    images = _read_idx(str(mnist_home / FILES[0]))[:64].astype(np.float32)
    np.testing.assert_allclose(data.asnumpy()[..., 0], images / 255, rtol=1e-6)
    assert data.shape == (64, 28, 28, 1) and data.dtype == np.float32
    assert label.dtype == np.float32 and label.shape == (64,)
    assert len(loader) == (1500 + 63) // 64


def test_fashion_mnist_default_root(home):
    root = home / "datasets" / "fashion-mnist"
    root.mkdir(parents=True)
    for f in FILES[2:]:
        shutil.copy(os.path.join(MNIST_LIKE, f), root / f)
    with pytest.warns(UserWarning, match="FashionMNIST"):
        ds = gluon.data.vision.FashionMNIST(train=False)
    assert len(ds) == 297


def test_mnist_missing_files_error_names_them(home):
    with pytest.raises(MXNetError) as e:
        gluon.data.vision.MNIST()
    msg = str(e.value)
    root = str(home / "datasets" / "mnist")
    assert "train-images-idx3-ubyte.gz" in msg and "train-labels-idx1-ubyte.gz" in msg
    assert root in msg and "root=" in msg
    assert os.path.isdir(root)  # created, as MXNet does


def test_mnist_partial_files_error(mnist_home):
    os.remove(mnist_home / FILES[3])
    with pytest.raises(MXNetError, match="t10k-labels-idx1-ubyte.gz") as e:
        gluon.data.vision.MNIST(train=False)
    assert "t10k-images" not in str(e.value).split("could not")[0]


def test_mnist_download_failure_is_quick(home, monkeypatch):
    monkeypatch.delenv("MXCOMPAT_OFFLINE")
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")
    start = time.time()
    with pytest.raises(MXNetError, match="train-images-idx3-ubyte.gz"):
        gluon.data.vision.MNIST()
    assert time.time() - start < 60


def test_mnist_damaged_file(home):
    root = home / "datasets" / "mnist"
    root.mkdir(parents=True)
    with gzip.open(root / FILES[2], "wb") as f:
        f.write(struct.pack(">IIII", 2051, 3, 28, 28) + b"\0" * 100)
    shutil.copy(os.path.join(MNIST_LIKE, FILES[3]), root / FILES[3])
    with pytest.raises(MXNetError, match="damaged"):
        with pytest.warns(UserWarning):
            gluon.data.vision.MNIST(train=False)


def test_get_mnist(mnist_home, tmp_path, monkeypatch):
    from mxcompat.gluon.data.vision.datasets import get_mnist
    monkeypatch.chdir(tmp_path)
    with pytest.warns(UserWarning):
        m = get_mnist()
    images = _read_idx(str(mnist_home / FILES[0]))
    labels = _read_idx(str(mnist_home / FILES[1]))
    assert sorted(m) == ["test_data", "test_label", "train_data", "train_label"]
    assert m["train_data"].shape == (1500, 1, 28, 28) and m["train_data"].dtype == np.float32
    assert m["train_label"].dtype == np.int8 and m["test_label"].shape == (297,)
    np.testing.assert_array_equal(m["train_data"][:, 0], images.astype(np.float32) / 255)
    np.testing.assert_array_equal(m["train_label"], labels.astype(np.int8))
    # An explicit path, and the current directory before MXNET_HOME.
    other = tmp_path / "other"
    other.mkdir()
    for f in FILES:
        shutil.copy(os.path.join(MNIST_LIKE, f), other / f)
    with pytest.warns(UserWarning, match=str(other)):
        get_mnist(path=str(other))
    with pytest.raises(MXNetError, match="get_mnist"):
        get_mnist(path=str(tmp_path / "empty"))


# ------------------------------------------------------------------ CIFAR archive
def _cifar_rows(rs, n, nlab):
    rows = rs.randint(0, 256, (n, 3072 + nlab)).astype(np.uint8)
    rows[:, :nlab] = rs.randint(0, 10, (n, nlab))
    return rows


def test_cifar10_from_archive(home):
    rs = np.random.RandomState(0)
    root = home / "datasets" / "cifar10"
    src = home / "build" / "cifar-10-batches-bin"
    src.mkdir(parents=True)
    rows = {}
    for name in ["data_batch_%d.bin" % i for i in range(1, 6)] + ["test_batch.bin"]:
        rows[name] = _cifar_rows(rs, 3, 1)
        (src / name).write_bytes(rows[name].tobytes())
    root.mkdir(parents=True)
    with tarfile.open(root / "cifar-10-binary.tar.gz", "w:gz") as tar:
        tar.add(src, arcname="cifar-10-batches-bin")
    with pytest.warns(UserWarning):
        ds = gluon.data.vision.CIFAR10(train=False)
    r = rows["test_batch.bin"]
    img, lab = ds[1]
    assert img.shape == (32, 32, 3) and img.dtype == np.uint8 and type(lab) is np.int32
    np.testing.assert_array_equal(img.asnumpy(), r[1, 1:].reshape(3, 32, 32).transpose(1, 2, 0))
    assert lab == r[1, 0]
    with pytest.warns(UserWarning):
        assert len(gluon.data.vision.CIFAR10()) == 15


def test_cifar_missing_mentions_archive(home):
    with pytest.raises(MXNetError, match="cifar-100-binary.tar.gz"):
        gluon.data.vision.CIFAR100()


# ------------------------------------------------------------------ images
def test_image_folder_and_record_dataset(tmp_path):
    from PIL import Image
    rs = np.random.RandomState(1)
    imgs = {}
    for cls in ("cat", "dog"):
        (tmp_path / "imgs" / cls).mkdir(parents=True)
        for k in range(2):
            a = rs.randint(0, 256, (5, 4, 3)).astype(np.uint8)
            Image.fromarray(a).save(tmp_path / "imgs" / cls / f"{k}.png")
            imgs[(cls, k)] = a
    (tmp_path / "imgs" / "dog" / "notes.txt").write_text("x")
    with pytest.warns(UserWarning, match="Ignoring"):
        ds = gluon.data.vision.ImageFolderDataset(str(tmp_path / "imgs"))
    assert ds.synsets == ["cat", "dog"] and len(ds) == 4
    img, lab = ds[3]
    assert lab == 1 and img.dtype == np.uint8
    np.testing.assert_array_equal(img.asnumpy(), imgs[("dog", 1)])
    with pytest.warns(UserWarning, match="Ignoring"):
        gray = gluon.data.vision.ImageFolderDataset(str(tmp_path / "imgs"), flag=0)
    assert gray[0][0].shape == (5, 4, 1)
    # Image records: pack_img takes OpenCV's BGR order, the dataset gives RGB.
    rec = mx.recordio.MXIndexedRecordIO(str(tmp_path / "i.idx"), str(tmp_path / "i.rec"), "w")
    bgr = imgs[("cat", 0)][:, :, ::-1]
    rec.write_idx(0, mx.recordio.pack_img(mx.recordio.IRHeader(0, 3.0, 0, 0), bgr,
                                          img_fmt=".png"))
    rec.close()
    rds = gluon.data.vision.ImageRecordDataset(str(tmp_path / "i.rec"))
    img, lab = rds[0]
    assert lab == 3.0
    np.testing.assert_array_equal(img.asnumpy(), imgs[("cat", 0)])
    _, back = mx.recordio.unpack_img(mx.recordio.MXIndexedRecordIO(
        str(tmp_path / "i.idx"), str(tmp_path / "i.rec"), "r").read_idx(0))
    np.testing.assert_array_equal(back, bgr)


# ------------------------------------------------------------------ items and batches
def test_nd_items_are_copies_and_follow_source_writes():
    x = nd.array(np.arange(12.).reshape(6, 2))
    ds = gluon.data.ArrayDataset(x, nd.arange(6))
    item = ds[2][0]
    item[:] = -1
    np.testing.assert_array_equal(ds[2][0].asnumpy(), [4., 5.])
    x[:] = x * 10
    np.testing.assert_array_equal(ds[2][0].asnumpy(), [40., 50.])
    x[1, 0] = 7
    np.testing.assert_array_equal(ds[1][0].asnumpy(), [7., 30.])
    with pytest.raises(IndexError):
        ds[6]
    assert ds[-1][1] == 5


def test_batches_cross_in_one_transfer():
    x = nd.array(np.arange(20.).reshape(10, 2))
    b = next(iter(gluon.data.DataLoader(x, batch_size=4)))
    assert _host.is_host(b)
    np.testing.assert_array_equal((b + 1).asnumpy(), np.arange(8.).reshape(4, 2) + 1)
    # Items already on the device are stacked there.
    dev = [nd.array([1., 2.]) + 0, nd.array([3., 4.]) + 0]
    out = gluon.data.dataloader.default_batchify_fn(dev)
    np.testing.assert_array_equal(out.asnumpy(), [[1., 2.], [3., 4.]])


def test_loader_epochs_and_lazy_iter():
    x = nd.array(np.arange(10.))
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(x), batch_size=3)
    for _ in range(2):
        assert [b.asnumpy().tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    it = iter(loader)
    assert next(it).asnumpy().tolist() == [0, 1, 2]


def test_loader_workers_same_batches_and_errors():
    np.random.seed(4)
    x = nd.array(np.arange(40.).reshape(20, 2))
    ds = gluon.data.ArrayDataset(x, np.arange(20))
    ref = [[a.asnumpy() for a in b] for b in gluon.data.DataLoader(ds, 3, shuffle=True)]
    np.random.seed(4)
    got = [[a.asnumpy() for a in b]
           for b in gluon.data.DataLoader(ds, 3, shuffle=True, num_workers=3, prefetch=5)]
    assert len(ref) == len(got) == 7
    for r, g in zip(ref, got):
        np.testing.assert_array_equal(r[0], g[0])
        np.testing.assert_array_equal(r[1], g[1])

    class Bad(gluon.data.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            if i == 2:
                raise KeyError("bad sample")
            return np.float32(i)
    with pytest.raises(KeyError, match="bad sample"):
        list(gluon.data.DataLoader(Bad(), 1, num_workers=2))


def test_interval_sampler_doc_example():
    s = gluon.data.IntervalSampler(13, interval=3)
    assert list(s) == [0, 3, 6, 9, 12, 1, 4, 7, 10, 2, 5, 8, 11] and len(s) == 13
    assert list(gluon.data.IntervalSampler(13, 3, rollover=False)) == [0, 3, 6, 9, 12]


def test_random_sampler_uses_numpy_global_state():
    np.random.seed(11)
    got = [int(i) for i in gluon.data.RandomSampler(10)]
    np.random.seed(11)
    want = np.arange(10)
    np.random.shuffle(want)
    assert got == want.tolist()


# ------------------------------------------------------------------ transforms
def _host_img(a):
    return _host.host_array(np.array(a))


@pytest.mark.parametrize("shape,dtype", [((5, 4, 3), "uint8"), ((2, 5, 4, 1), "uint8"),
                                         ((3, 3, 3), "float32"), ((3, 2, 3), "float64")])
def test_to_tensor_host_equals_device(shape, dtype):
    rs = np.random.RandomState(0)
    a = (rs.rand(*shape) * 255).astype(dtype)
    host = T.ToTensor()(_host_img(a))
    dev = T.ToTensor()(nd.array(a, dtype=dtype))
    assert host.dtype == dev.dtype == np.float32 and host.shape == dev.shape
    np.testing.assert_array_equal(host.asnumpy(), dev.asnumpy())
    axes = (2, 0, 1) if a.ndim == 3 else (0, 3, 1, 2)
    want = (a.astype(np.float64) / 255).astype(np.float32).transpose(axes)
    np.testing.assert_array_equal(host.asnumpy(), want)


def test_normalize_host_equals_device_and_gradient():
    rs = np.random.RandomState(1)
    a = rs.rand(3, 4, 5).astype(np.float32)
    t = T.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
    host = t(_host_img(a)).asnumpy()
    x = nd.array(a)
    np.testing.assert_array_equal(host, t(x).asnumpy())
    mean = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1)
    std = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1)
    np.testing.assert_array_equal(host, (a - mean) / std)
    x.attach_grad()
    with mx.autograd.record():
        y = t(x)
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), np.broadcast_to(1 / std, a.shape), rtol=1e-6)


def test_cast_host():
    a = np.array([[[1.7, -2.2, 3.9]]], np.float32)
    np.testing.assert_array_equal(T.Cast("int32")(_host_img(a)).asnumpy(), [[[1, -2, 3]]])
    assert T.Cast()(nd.array(a, dtype="float64")).dtype == np.float32


def test_random_flips_are_flips_and_seeded():
    a = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    outs = set()
    mx.random.seed(5)
    first = [T.RandomFlipLeftRight()(_host_img(a)).asnumpy() for _ in range(20)]
    for o in first:
        if np.array_equal(o, a):
            outs.add("same")
        else:
            np.testing.assert_array_equal(o, a[:, ::-1])
            outs.add("flip")
    assert outs == {"same", "flip"}
    mx.random.seed(5)
    again = [T.RandomFlipLeftRight()(_host_img(a)).asnumpy() for _ in range(20)]
    assert all(np.array_equal(p, q) for p, q in zip(first, again))
    tb = {T.RandomFlipTopBottom()(nd.array(a, dtype="uint8")).asnumpy().tobytes()
          for _ in range(20)}
    assert tb == {a.tobytes(), a[::-1].tobytes()}


@pytest.mark.parametrize("cls,kernel,amount", [
    (T.RandomBrightness, _color.brightness, 0.3), (T.RandomContrast, _color.contrast, 0.6),
    (T.RandomSaturation, _color.saturation, 1.5), (T.RandomHue, _color.hue, 0.2)])
def test_random_factor_transforms(monkeypatch, cls, kernel, amount):
    seen = []

    def fake_uniform(lo, hi):
        seen.append((lo, hi))
        return 0.8
    monkeypatch.setattr(T, "_uniform", fake_uniform)
    a = np.random.RandomState(2).randint(0, 256, (4, 5, 3)).astype(np.uint8)
    out = cls(amount)(nd.array(a, dtype="uint8"))
    assert seen == [(max(0, 1 - amount), 1 + amount)]
    np.testing.assert_array_equal(out.asnumpy(), kernel(a, 0.8))


def test_saturation_is_luminance_blend():
    a = np.array([[[200, 100, 50], [0, 255, 30]]], np.uint8)
    gray = a.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    for alpha in (0.0, 0.5, 1.7):
        want = gray[..., None] * (1 - alpha) + a * alpha
        want = np.clip(want, 0, 255).astype(np.uint8)
        got = _color.saturation(a, alpha).astype(int)
        assert np.abs(got - want).max() <= 1


def test_color_jitter_and_lighting(monkeypatch):
    a = np.random.RandomState(3).randint(0, 256, (3, 4, 3)).astype(np.uint8)
    monkeypatch.setattr(T, "_permutation", lambda n: np.array([2, 0, 3, 1]))
    draws = iter([0.1, -0.2, 0.05, 0.3])
    monkeypatch.setattr(T, "_uniform", lambda lo, hi: next(draws))
    out = T.RandomColorJitter(0.4, 0.5, 0.2, 0.1)(nd.array(a, dtype="uint8")).asnumpy()
    want = _color.contrast(_color.hue(_color.brightness(_color.saturation(a, 1.1), 0.8),
                                      0.05), 1.3)
    np.testing.assert_array_equal(out, want)
    monkeypatch.setattr(T, "_normal", lambda std, n: np.array([0.1, 0.2, -0.3], np.float32))
    out = T.RandomLighting(0.1)(nd.array(a, dtype="uint8")).asnumpy()
    np.testing.assert_array_equal(out, _color.lighting(a, (0.1, 0.2, -0.3)))


def test_resize_bilinear_of_a_ramp_is_exact():
    from mxcompat.gluon.data.vision._resize import resize
    ramp = np.tile(np.arange(8, dtype=np.float64), (3, 1))[:, :, None]
    out = resize(ramp, 16, 3, 1)[0, :, 0]
    centres = (np.arange(16) + 0.5) * 0.5 - 0.5
    np.testing.assert_allclose(out, np.clip(centres, 0, 7), atol=1e-6)


def test_transforms_reject_non_arrays():
    with pytest.raises(TypeError, match="NDArray"):
        T.ToTensor()([1, 2, 3])
    with pytest.raises(MXNetError, match="not implemented"):
        T.Rotate(10)(nd.ones((2, 2, 3)))


# ------------------------------------------------------------------ recordio
def test_recordio_roundtrip_with_magic_everywhere(tmp_path):
    rs = np.random.RandomState(0)
    magic = struct.pack("<I", 0xCED7230A)
    recs = []
    for n in range(40):
        parts = [bytes(rs.randint(0, 256, rs.randint(0, 9)).astype(np.uint8))
                 for _ in range(rs.randint(1, 5))]
        recs.append(magic.join(parts))
    w = mx.recordio.MXRecordIO(str(tmp_path / "r.rec"), "w")
    for r in recs:
        w.write(r)
    w.close()
    r = mx.recordio.MXRecordIO(str(tmp_path / "r.rec"), "r")
    got = []
    while True:
        item = r.read()
        if item is None:
            break
        got.append(item)
    assert got == recs
    r.reset()
    assert r.read() == recs[0]


def test_recordio_bad_files(tmp_path):
    p = tmp_path / "bad.rec"
    p.write_bytes(b"\x00" * 12)
    with pytest.raises(MXNetError, match="magic"):
        mx.recordio.MXRecordIO(str(p), "r").read()
    w = mx.recordio.MXRecordIO(str(p), "w")
    w.write(b"0123456789")
    w.close()
    p.write_bytes(p.read_bytes()[:-6])
    with pytest.raises(MXNetError, match="truncated"):
        mx.recordio.MXRecordIO(str(p), "r").read()
    with pytest.raises(MXNetError, match="no such file"):
        mx.recordio.MXRecordIO(str(tmp_path / "none.rec"), "r")


# ------------------------------------------------------------------ gluon.utils
def test_download_offline_and_failures(tmp_path, monkeypatch):
    U = gluon.utils
    monkeypatch.setenv("MXCOMPAT_OFFLINE", "1")
    with pytest.raises(MXNetError, match="http://example.invalid/a.bin") as e:
        U.download("http://example.invalid/a.bin", path=str(tmp_path))
    assert str(tmp_path / "a.bin") in str(e.value)
    f = tmp_path / "a.bin"
    f.write_bytes(b"aaa")
    sha = "7e240de74fb1ed08fa08d38063f6a6a91462a815"
    assert U.download("http://example.invalid/a.bin", path=str(tmp_path), sha1_hash=sha) == \
        str(f)
    with pytest.raises(MXNetError, match="different sha1"):
        U.download("http://example.invalid/a.bin", path=str(tmp_path), sha1_hash="0" * 40)
    with pytest.raises(MXNetError):
        U.download("http://example.invalid/a.bin", path=str(f), overwrite=True)
    monkeypatch.delenv("MXCOMPAT_OFFLINE")
    with pytest.raises(MXNetError, match="could not fetch"):
        U.download("http://127.0.0.1:9/b.bin", path=str(tmp_path))
    assert not (tmp_path / "b.bin").exists()


def test_download_from_local_server(tmp_path, monkeypatch):
    serve = tmp_path / "serve"
    serve.mkdir()
    (serve / "data.bin").write_bytes(b"hello world")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(serve), **k)

        def log_message(self, *a):
            pass
    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        url = "http://127.0.0.1:%d/data.bin" % srv.server_address[1]
        out = gluon.utils.download(url, path=str(tmp_path / "dl"),
                                   sha1_hash="2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
        with open(out, "rb") as fh:
            assert fh.read() == b"hello world"
        with pytest.raises(UserWarning, match="hash does not match"):
            gluon.utils.download(url, path=str(tmp_path / "dl2"), sha1_hash="1" * 40)
    finally:
        srv.shutdown()
        srv.server_close()


def test_clip_global_norm_analytic():
    rs = np.random.RandomState(0)
    a, b = rs.randn(3, 4).astype(np.float32), rs.randn(5).astype(np.float32)
    x, y = nd.array(a), nd.array(b)
    norm = np.sqrt((a.astype(np.float64) ** 2).sum() + (b.astype(np.float64) ** 2).sum())
    r = gluon.utils.clip_global_norm([x, y], 1.0)
    assert isinstance(r, np.float32)
    np.testing.assert_allclose(r, norm, rtol=1e-6)
    np.testing.assert_allclose(x.asnumpy(), a / (norm + 1e-8), rtol=1e-5)
    np.testing.assert_allclose(y.asnumpy(), b / (norm + 1e-8), rtol=1e-5)
    z = nd.array([np.nan, 1.0])
    with pytest.warns(UserWarning, match="nan or inf"):
        gluon.utils.clip_global_norm([z], 1.0)
    r = gluon.utils.clip_global_norm([nd.array([3., 4.])], 10.0, check_isfinite=False)
    assert isinstance(r, nd.NDArray) and r.shape == (1,)


def test_split_and_load_uneven():
    x = nd.array(np.arange(14.).reshape(7, 2))
    parts = gluon.utils.split_and_load(x, [mx.cpu(0), mx.cpu(1), mx.cpu(2)], even_split=False)
    assert [p.shape[0] for p in parts] == [3, 2, 2]
    assert [p.context for p in parts] == [mx.cpu(0), mx.cpu(1), mx.cpu(2)]
    np.testing.assert_array_equal(np.concatenate([p.asnumpy() for p in parts]), x.asnumpy())


def test_host_paths_match_transform_goldens(monkeypatch):
    """The golden inputs are device arrays; rerun the tensor transforms' cases with
    host-backed inputs (the DataLoader path) against the same recorded values."""
    import json
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(root, "tools"))
    import golden_runtime as rt
    with open(os.path.join(root, "tests", "golden", "vision_transforms.json")) as f:
        cases = json.load(f)["cases"]

    def host_inputs(spec, mx_, np_mode):
        return {k: _host.host_array(np.asarray(v["data"], dtype=v["dtype"]).reshape(v["shape"]))
                for k, v in spec["inputs"].items()}
    monkeypatch.setattr(rt, "_make_inputs", host_inputs)
    ran = 0
    for cid, entry in cases.items():
        spec = entry["spec"]
        if "result" not in entry or spec["grad"] or not spec["code"].startswith(
                ("T.ToTensor", "T.Normalize", "T.Cast", "T.Compose([T.ToTensor")):
            continue
        got = rt.run_case(spec, mx)
        for g, w in zip(got["out"], entry["result"]["out"]):
            assert g["dtype"] == w["dtype"] and g["shape"] == w["shape"], cid
            np.testing.assert_allclose(np.asarray(g["data"], dtype=np.float64),
                                       np.asarray(w["data"], dtype=np.float64),
                                       rtol=0, atol=0, err_msg=cid)
        ran += 1
    assert ran >= 10


def test_transform_outputs_are_independent_and_writable():
    a = np.arange(60, dtype=np.uint8).reshape(4, 5, 3)
    for src in (nd.array(a, dtype="uint8"), _host_img(a)):
        for t in (T.CenterCrop((5, 2)), T.CropResize(0, 1, 5, 2), T.Resize((5, 4))):
            out = t(src)
            out[0, 0, 0] = 99
            assert out.asnumpy()[0, 0, 0] == 99
            np.testing.assert_array_equal(src.asnumpy(), a)
