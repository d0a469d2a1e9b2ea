"""Image datasets: MNIST, FashionMNIST, CIFAR10/100, record files and image folders.

The files are read from ``root`` (default ``$MXNET_HOME/datasets/<name>``, with
``MXNET_HOME`` defaulting to ``~/.mxnet``). A file that is present is used even when
its sha1 differs from the official one (a subset, a re-packed copy), with a warning.
A missing file is downloaded from MXNet's repository when the network allows (see
``gluon.utils.download``); otherwise an MXNetError says which files to put where.

Samples are ``(image, label)``: the image an NDArray of shape (H, W, C) and dtype
uint8, the label a ``numpy.int32`` (``numpy.float32`` for record files), as in MXNet.
"""
import gzip
import os
import struct
import sys
import tarfile
import warnings

import numpy as _np

from ....base import MXNetError
from ... import utils as _gutils
from .. import dataset
from .. import _host

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset", "get_mnist", "data_dir"]


def data_dir():
    """MXNet's data directory: ``$MXNET_HOME``, or ``~/.mxnet``."""
    return os.environ.get("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))


def _default_root(name):
    return os.path.join(data_dir(), "datasets", name)


def _warn_differs(what, path, sha1):
    # Point the warning at the first caller outside mxcompat.
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("mxcompat."):
        frame, level = frame.f_back, level + 1
    warnings.warn(
        f"{what}: {path} differs from the official file (its sha1 is not {sha1}); it "
        "is used as it is, so results may differ from runs on the full dataset.",
        UserWarning, stacklevel=level)


def _locate(what, root, files, namespace, extra_hint=""):
    """The paths of ``files`` [(name, sha1)] under ``root``, fetching missing ones.

    Present files are used as they are (with a warning when their sha1 differs).
    """
    missing = [name for name, _ in files if not os.path.exists(os.path.join(root, name))]
    if missing and not _gutils.offline():
        try:
            for name in missing:
                sha1 = dict(files)[name]
                _gutils.download(_gutils._get_repo_file_url(namespace, name),
                                 path=root, sha1_hash=sha1)
            missing = []
        except (MXNetError, UserWarning):
            missing = [n for n, _ in files if not os.path.exists(os.path.join(root, n))]
    if missing:
        raise MXNetError(
            f"{what}: the file(s) {', '.join(missing)} are not in {root} and could not be "
            f"downloaded. Put {', '.join(missing)} into {root}, or pass root= with the "
            f"directory that holds them.{extra_hint}")
    paths = []
    for name, sha1 in files:
        path = os.path.join(root, name)
        if sha1 and not _gutils.check_sha1(path, sha1):
            _warn_differs(what, path, sha1)
        paths.append(path)
    return paths


def _read_idx(path, what, ndim):
    """The array in a gzipped IDX file (MNIST's format): uint8, ``ndim`` dimensions."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    head = 4 + 4 * ndim
    if len(raw) < head:
        raise MXNetError(f"{what}: {path} is too short to be an IDX file; replace it "
                         "with the original gzipped file.")
    dims = struct.unpack(">" + "I" * ndim, raw[4:head])
    data = _np.frombuffer(raw, dtype=_np.uint8, offset=head)
    if data.size != int(_np.prod(dims)):
        raise MXNetError(f"{what}: {path} holds {data.size} values but its header "
                         f"announces shape {dims}; the file is damaged, replace it.")
    return data.reshape(dims)


class MNIST(dataset._DownloadedDataset):
    """The MNIST handwritten digits: 28x28x1 uint8 images and int32 labels 0-9.

    ``root``: the directory of the four gzipped IDX files; ``train``: the training
    (60,000) or test (10,000) set; ``transform``: ``fn(data, label) -> sample``.
    """

    _name = "MNIST"
    _namespace = "mnist"
    _files = {
        "train": (("train-images-idx3-ubyte.gz", "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d"),
                  ("train-labels-idx1-ubyte.gz", "2a80914081dc54586dbdf242f9805a6b8d2a15fc")),
        "test": (("t10k-images-idx3-ubyte.gz", "c3a25af1f52dad7f726cce8cacb138654b760d48"),
                 ("t10k-labels-idx1-ubyte.gz", "763e7fa3757d93b0cdec073cef058b2004252c17")),
    }

    def __init__(self, root=None, train=True, transform=None):
        self._train = train
        super().__init__(root if root is not None else _default_root(self._namespace),
                         transform)

    def _get_data(self):
        files = self._files["train" if self._train else "test"]
        data_file, label_file = _locate(self._name, self._root, files,
                                        "gluon/dataset/" + self._namespace)
        label = _read_idx(label_file, self._name, 1).astype(_np.int32)
        images = _read_idx(data_file, self._name, 3)
        if images.shape[0] != label.shape[0]:
            raise MXNetError(f"{self._name}: {data_file} has {images.shape[0]} images but "
                             f"{label_file} has {label.shape[0]} labels; use matching "
                             "files.")
        self._data = _host.host_array(images.reshape(images.shape + (1,)).copy())
        self._label = label


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST: 28x28x1 uint8 images of clothes, int32 labels 0-9."""

    _name = "FashionMNIST"
    _namespace = "fashion-mnist"
    _files = {
        "train": (("train-images-idx3-ubyte.gz", "0cf37b0d40ed5169c6b3aba31069a9770ac9043d"),
                  ("train-labels-idx1-ubyte.gz", "236021d52f1e40852b06a4c3008d8de8aef1e40b")),
        "test": (("t10k-images-idx3-ubyte.gz", "626ed6a7c06dd17c0eec72fa3be1740f146a2863"),
                 ("t10k-labels-idx1-ubyte.gz", "17f9ab60e7257a1620f4ad76bbbaf857c3920701")),
    }


def _extract(archive, root):
    with tarfile.open(archive) as tar:
        try:
            tar.extractall(root, filter="data")
        except TypeError:  # Python without extraction filters
            tar.extractall(root)


class CIFAR10(dataset._DownloadedDataset):
    """CIFAR-10: 32x32x3 uint8 images in 10 classes (int32 labels), binary version.

    ``root`` holds ``data_batch_1.bin`` ... ``data_batch_5.bin`` and ``test_batch.bin``
    (directly or in ``cifar-10-batches-bin/``), or the archive ``cifar-10-binary.tar.gz``.
    """

    _name = "CIFAR10"
    _namespace = "cifar10"
    _subdir = "cifar-10-batches-bin"
    _archive = ("cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891")
    _train_files = (("data_batch_1.bin", "aadd24acce27caa71bf4b10992e9e7b2d74c2540"),
                    ("data_batch_2.bin", "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795"),
                    ("data_batch_3.bin", "1dd00a74ab1d17a6e7d73e185b69dbf31242f295"),
                    ("data_batch_4.bin", "aab85764eb3584312d3c7f65fd2fd016e36a258e"),
                    ("data_batch_5.bin", "26e2849e66a845b7f1e4614ae70f4889ae604628"))
    _test_files = (("test_batch.bin", "67eb016db431130d61cd03c7ad570b013799c88c"),)
    _label_bytes = 1

    def __init__(self, root=None, train=True, transform=None):
        self._train = train
        super().__init__(root if root is not None else _default_root(self._namespace),
                         transform)

    def _find(self, name):
        for d in (self._root, os.path.join(self._root, self._subdir)):
            p = os.path.join(d, name)
            if os.path.exists(p):
                return p
        return None

    def _label_of(self, rows):
        return rows[:, 0]

    def _get_data(self):
        files = self._train_files if self._train else self._test_files
        if any(self._find(n) is None for n, _ in files):
            names = ", ".join(n for n, _ in files)
            archive, = _locate(self._name, self._root, (self._archive,),
                               "gluon/dataset/" + self._namespace,
                               f" Alternatively put the unpacked {names} into {self._root}.")
            _extract(archive, self._root)
        data, label = [], []
        for name, sha1 in files:
            path = self._find(name)
            if path is None:
                raise MXNetError(f"{self._name}: {name} is not in {self._root} nor in the "
                                 f"unpacked {self._archive[0]}; put {name} into "
                                 f"{self._root}, or pass root=.")
            if not _gutils.check_sha1(path, sha1):
                _warn_differs(self._name, path, sha1)
            width = 3072 + self._label_bytes
            raw = _np.fromfile(path, dtype=_np.uint8)
            if raw.size % width:
                raise MXNetError(f"{self._name}: {path} is not a CIFAR binary batch (its "
                                 f"size is not a multiple of {width} bytes); replace it.")
            rows = raw.reshape(-1, width)
            data.append(rows[:, self._label_bytes:].reshape(-1, 3, 32, 32)
                        .transpose(0, 2, 3, 1))
            label.append(self._label_of(rows).astype(_np.int32))
        self._data = _host.host_array(_np.ascontiguousarray(_np.concatenate(data)))
        self._label = _np.concatenate(label)


class CIFAR100(CIFAR10):
    """CIFAR-100: 32x32x3 uint8 images; ``fine_label=True`` gives the 100 classes,
    otherwise the 20 coarse super-classes (int32 labels)."""

    _name = "CIFAR100"
    _namespace = "cifar100"
    _subdir = "cifar-100-binary"
    _archive = ("cifar-100-binary.tar.gz", "a0bb982c76b83111308126cc779a992fa506b90b")
    _train_files = (("train.bin", "e207cd2e05b73b1393c74c7f5e7bea451d63e08e"),)
    _test_files = (("test.bin", "8fb6623e830365ff53cf14adec797474f5478006"),)
    _label_bytes = 2

    def __init__(self, root=None, fine_label=False, train=True, transform=None):
        self._fine_label = fine_label
        super().__init__(root, train, transform)

    def _label_of(self, rows):
        return rows[:, 1 if self._fine_label else 0]


# ---------------------------------------------------------------- image files
def _decode(buf_or_path, flag, what):
    """An encoded image (bytes or a path) as uint8 HxWx3 RGB (flag=1) or HxWx1 (flag=0),
    decoded as ``mx.image.imdecode`` decodes it."""
    from .... import image
    if isinstance(buf_or_path, (bytes, bytearray)):
        data = bytes(buf_or_path)
    else:
        with open(buf_or_path, "rb") as f:
            data = f.read()
    return _host.host_array(image._decode(data, flag, True, what))


class ImageRecordDataset(dataset.RecordFileDataset):
    """Images packed in a RecordIO file (``recordio.pack_img``); samples are
    ``(image, label)`` with the label from the record header."""

    def __init__(self, filename, flag=1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        from .... import recordio
        header, img = recordio.unpack(super().__getitem__(idx))
        image = _decode(img, self._flag, "ImageRecordDataset")
        if self._transform is not None:
            return self._transform(image, header.label)
        return image, header.label


class ImageFolderDataset(dataset.Dataset):
    """Images in one sub-folder per class (``root/cat/1.jpg``, ``root/dog/2.png``...).

    ``synsets`` lists the class names (label ``i`` is ``synsets[i]``); ``items`` the
    ``(filename, label)`` pairs. Only .jpg, .jpeg and .png files are read.
    """

    def __init__(self, root, flag=1, transform=None):
        self._root = os.path.expanduser(root)
        self._flag = flag
        self._transform = transform
        self._exts = [".jpg", ".jpeg", ".png"]
        self._list_images(self._root)

    def _list_images(self, root):
        self.synsets = []
        self.items = []
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                warnings.warn("Ignoring %s, which is not a directory." % path, stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(folder)
            for filename in sorted(os.listdir(path)):
                filename = os.path.join(path, filename)
                ext = os.path.splitext(filename)[1]
                if ext.lower() not in self._exts:
                    warnings.warn("Ignoring %s of type %s. Only support %s" % (
                        filename, ext, ", ".join(self._exts)))
                    continue
                self.items.append((filename, label))

    def __getitem__(self, idx):
        filename, label = self.items[idx]
        img = _decode(filename, self._flag, "ImageFolderDataset")
        if self._transform is not None:
            return self._transform(img, label)
        return img, label

    def __len__(self):
        return len(self.items)


# ---------------------------------------------------------------- test_utils
_MNIST_URL = "http://data.mxnet.io/data/mnist/"


def get_mnist(path=None):
    """MNIST as numpy arrays, as ``mx.test_utils.get_mnist()`` returns it.

    A dict with ``train_data``/``test_data`` (float32, N x 1 x 28 x 28, in [0, 1]) and
    ``train_label``/``test_label`` (int8). The four gzipped files are looked for in
    ``path`` if given, else in the current directory (where MXNet downloads them),
    then in ``$MXNET_HOME/datasets/mnist``.
    """
    dirs = [path] if path is not None else [os.getcwd(), _default_root("mnist")]
    out = {}
    for part in ("train", "test"):
        (img_name, img_sha1), (lbl_name, lbl_sha1) = MNIST._files[part]
        found = []
        for name, sha1 in ((lbl_name, lbl_sha1), (img_name, img_sha1)):
            where = next((d for d in dirs if os.path.exists(os.path.join(d, name))), None)
            if where is None:
                target = dirs[0]
                try:
                    _gutils.download(_MNIST_URL + name, path=target)
                except MXNetError:
                    names = ", ".join(n for part_files in MNIST._files.values()
                                      for n, _ in part_files)
                    raise MXNetError(
                        f"get_mnist: {name} is not in {' nor '.join(dirs)} and could not be "
                        f"downloaded. Put the MNIST files ({names}) into {dirs[-1]}, or "
                        "pass path= with the directory that holds them.") from None
                where = target
            p = os.path.join(where, name)
            if not _gutils.check_sha1(p, sha1):
                _warn_differs("get_mnist", p, sha1)
            found.append(p)
        label = _read_idx(found[0], "get_mnist", 1).astype(_np.int8)
        image = _read_idx(found[1], "get_mnist", 3)
        image = image.reshape(image.shape[0], 1, 28, 28).astype(_np.float32) / 255
        out[part + "_data"] = image
        out[part + "_label"] = label
    return {"train_data": out["train_data"], "train_label": out["train_label"],
            "test_data": out["test_data"], "test_label": out["test_label"]}
