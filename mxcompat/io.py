"""``mx.io``: data iterators (DataIter, NDArrayIter...) and their batch descriptions.

``NDArrayIter`` follows MXNet 1.9.1 exactly: its inputs become NDArrays (float32
unless they already are NDArrays), shuffling uses numpy's global random state (and,
like MXNet, re-gathers the arrays as float32), and an incomplete last batch is padded
with samples from the start (``'pad'``), dropped (``'discard'``) or carried over to the
next epoch (``'roll_over'``). Batches are cut on the host and reach the device in one
transfer each.
"""
import threading
from collections import OrderedDict, namedtuple

import numpy as _np

from .base import MXNetError, not_implemented

__all__ = ["DataDesc", "DataBatch", "DataIter", "ResizeIter", "PrefetchingIter",
           "NDArrayIter", "MXDataIter", "CSVIter", "MNISTIter", "ImageRecordIter",
           "LibSVMIter"]


def _nd():
    from . import ndarray
    return ndarray


class DataDesc(namedtuple("DataDesc", ["name", "shape"])):
    """The name, shape, dtype and layout of one data or label input."""

    def __new__(cls, name, shape, dtype=_np.float32, layout="NCHW"):
        ret = super().__new__(cls, name, shape)
        ret.dtype = dtype
        ret.layout = layout
        return ret

    def __repr__(self):
        return "DataDesc[%s,%s,%s,%s]" % (self.name, self.shape, self.dtype, self.layout)

    @staticmethod
    def get_batch_axis(layout):
        """The position of 'N' in ``layout`` (0 when there is no layout)."""
        if layout is None:
            return 0
        return layout.find("N")

    @staticmethod
    def get_list(shapes, types):
        """DataDescs from ``[(name, shape)]`` and optional ``[(name, dtype)]``."""
        if types is not None:
            type_dict = dict(types)
            return [DataDesc(x[0], x[1], type_dict[x[0]]) for x in shapes]
        return [DataDesc(x[0], x[1]) for x in shapes]


class DataBatch:
    """One batch: lists of data and label arrays, and ``pad``, the number of padding
    samples at its end."""

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None,
                 provide_data=None, provide_label=None):
        if data is not None:
            assert isinstance(data, (list, tuple)), "Data must be list of NDArrays"
        if label is not None:
            assert isinstance(label, (list, tuple)), "Label must be list of NDArrays"
        self.data = data
        self.label = label
        self.pad = pad
        self.index = index
        self.bucket_key = bucket_key
        self.provide_data = provide_data
        self.provide_label = provide_label

    def __str__(self):
        data_shapes = [d.shape for d in self.data]
        label_shapes = [lb.shape for lb in self.label] if self.label else None
        return "{}: data shapes: {} label shapes: {}".format(
            self.__class__.__name__, data_shapes, label_shapes)


class DataIter:
    """The base of data iterators: ``next()`` gives a DataBatch until StopIteration;
    ``reset()`` starts over."""

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def reset(self):
        """Go back to the beginning of the data."""

    def next(self):
        """The next DataBatch (raises StopIteration at the end)."""
        if self.iter_next():
            return DataBatch(data=self.getdata(), label=self.getlabel(),
                             pad=self.getpad(), index=self.getindex())
        raise StopIteration

    def __next__(self):
        return self.next()

    def iter_next(self):
        """Move to the next batch; False at the end."""

    def getdata(self):
        """The data arrays of the current batch."""

    def getlabel(self):
        """The label arrays of the current batch."""

    def getindex(self):
        """The indices of the current batch's samples (None when unknown)."""
        return None

    def getpad(self):
        """The number of padding samples in the current batch."""


class _WrappingIter(DataIter):
    """An iterator that serves a batch it holds (``current_batch``), made by iter_next."""

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


class ResizeIter(_WrappingIter):
    """Makes ``data_iter`` yield exactly ``size`` batches per epoch (restarting it or
    stopping early as needed)."""

    def __init__(self, data_iter, size, reset_internal=True):
        super().__init__()
        self.data_iter = data_iter
        self.size = size
        self.reset_internal = reset_internal
        self.cur = 0
        self.current_batch = None
        self.provide_data = data_iter.provide_data
        self.provide_label = data_iter.provide_label
        self.batch_size = data_iter.batch_size
        if hasattr(data_iter, "default_bucket_key"):
            self.default_bucket_key = data_iter.default_bucket_key

    def reset(self):
        self.cur = 0
        if self.reset_internal:
            self.data_iter.reset()

    def iter_next(self):
        if self.cur == self.size:
            return False
        try:
            self.current_batch = self.data_iter.next()
        except StopIteration:
            self.data_iter.reset()
            self.current_batch = self.data_iter.next()
        self.cur += 1
        return True


class PrefetchingIter(_WrappingIter):
    """Joins the batches of one or more iterators (renaming their inputs if asked).

    MXNet reads ahead in background threads; here each batch is read when asked for,
    which gives the same batches in the same order.
    """

    def __init__(self, iters, rename_data=None, rename_label=None):
        super().__init__()
        if not isinstance(iters, list):
            iters = [iters]
        self.n_iter = len(iters)
        assert self.n_iter > 0
        self.iters = iters
        self.rename_data = rename_data
        self.rename_label = rename_label
        self.batch_size = self.provide_data[0][1][0]
        self.current_batch = None
        self._lock = threading.Lock()

    @staticmethod
    def _renamed(descs, renames):
        if renames is None:
            return sum(descs, [])
        return sum([[DataDesc(r[x.name], x.shape, x.dtype) if isinstance(x, DataDesc)
                     else DataDesc(*x) for x in d] for r, d in zip(renames, descs)], [])

    @property
    def provide_data(self):
        return self._renamed([i.provide_data for i in self.iters], self.rename_data)

    @property
    def provide_label(self):
        return self._renamed([i.provide_label for i in self.iters], self.rename_label)

    def reset(self):
        for i in self.iters:
            i.reset()

    def iter_next(self):
        with self._lock:
            batches = []
            for it in self.iters:
                try:
                    batches.append(it.next())
                except StopIteration:
                    batches.append(None)
        if batches[0] is None:
            for b in batches:
                assert b is None, "Number of entry mismatches between iterators"
            return False
        for b in batches:
            assert b is not None and b.pad == batches[0].pad, \
                "Number of entry mismatches between iterators"
        self.current_batch = DataBatch(sum([b.data for b in batches], []),
                                       sum([b.label for b in batches], []),
                                       batches[0].pad, batches[0].index,
                                       provide_data=self.provide_data,
                                       provide_label=self.provide_label)
        return True

    def next(self):
        if self.iter_next():
            return self.current_batch
        raise StopIteration


def _init_data(data, allow_empty, default_name):
    """``[(name, NDArray)]`` sorted by name, from an array, a list or a dict of arrays."""
    nd = _nd()
    assert (data is not None) or allow_empty
    if data is None:
        data = []
    if isinstance(data, (_np.ndarray, nd.NDArray)):
        data = [data]
    if isinstance(data, list):
        if not allow_empty:
            assert len(data) > 0
        if len(data) == 1:
            data = OrderedDict([(default_name, data[0])])
        else:
            data = OrderedDict([("_%d_%s" % (i, default_name), d)
                                for i, d in enumerate(data)])
    if not isinstance(data, dict):
        raise TypeError("Input must be NDArray, numpy.ndarray, h5py.Dataset "
                        "a list of them or dict with them as values")
    for k, v in data.items():
        if not isinstance(v, nd.NDArray):
            try:
                data[k] = nd.array(v)
            except Exception:  # noqa: BLE001 - MXNet turns any failure into TypeError
                raise TypeError(("Invalid type '%s' for %s, " % (type(v), k)) +
                                "should be NDArray, numpy.ndarray or h5py.Dataset") from None
    return list(sorted(data.items()))


class NDArrayIter(DataIter):
    """Iterates over NDArrays or numpy arrays (one, a list, or a dict by name) in
    batches of ``batch_size`` along the 'N' axis of ``layout``."""

    def __init__(self, data, label=None, batch_size=1, shuffle=False,
                 last_batch_handle="pad", data_name="data", label_name="softmax_label",
                 layout="NCHW"):
        super().__init__(batch_size)
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        if any(v.stype == "csr" for _, v in self.data + self.label) and \
                last_batch_handle != "discard":
            raise NotImplementedError("`NDArrayIter` only supports ``CSRNDArray`` with "
                                      "`last_batch_handle` set to `discard`.")
        if last_batch_handle not in ("pad", "discard", "roll_over"):
            raise MXNetError(f"NDArrayIter: last_batch_handle={last_batch_handle!r} is not "
                             "one of 'pad', 'discard', 'roll_over'.")
        self.idx = _np.arange(self.data[0][1].shape[0])
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.batch_size = batch_size
        self.cursor = -self.batch_size
        self.num_data = self.idx.shape[0]
        self.reset()
        self.data_list = [x[1] for x in self.data] + [x[1] for x in self.label]
        self.num_source = len(self.data_list)
        self._cache_data = None
        self._cache_label = None
        self.layout = layout

    def _descs(self, sources):
        axis = self.layout.find("N")
        return [DataDesc(k, tuple(list(v.shape[:axis]) + [self.batch_size] +
                                  list(v.shape[axis + 1:])), v.dtype, layout=self.layout)
                for k, v in sources]

    @property
    def provide_data(self):
        """DataDescs of the data arrays of a batch."""
        return self._descs(self.data)

    @property
    def provide_label(self):
        """DataDescs of the label arrays of a batch."""
        return self._descs(self.label)

    def hard_reset(self):
        """Back to the start, dropping any rolled-over samples."""
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = None
        self._cache_label = None

    def reset(self):
        """Back to the start (with 'roll_over', after the carried-over samples)."""
        if self.shuffle:
            self._shuffle_data()
        if self.last_batch_handle == "roll_over" and \
                self.num_data - self.batch_size < self.cursor < self.num_data:
            self.cursor = self.cursor - self.num_data - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self):
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        if not self.iter_next():
            raise StopIteration
        data = self.getdata()
        label = self.getlabel()
        if data[0].shape[self.layout.find("N")] != self.batch_size:
            # An incomplete last batch ('roll_over'): kept for the next epoch.
            self._cache_data = data
            self._cache_label = label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    # Batches are assembled from numpy views of the sources (see module docstring).
    def _getdata(self, sources, start=None, end=None):
        assert start is not None or end is not None, "should at least specify start or end"
        start = start if start is not None else 0
        if end is None:
            end = sources[0][1].shape[0] if sources else 0
        axis = self.layout.find("N")
        cut = (slice(None),) * axis + (slice(start, end),)
        return [_HostPart(v, _host_of(v)[cut]) for _, v in sources]

    def _concat(self, first, second):
        if not first or not second:
            return first if first else second
        assert len(first) == len(second), "data source should contain the same size"
        axis = self.layout.find("N")
        return [_HostPart(a.src, _np.concatenate([a.value, b.value], axis=axis))
                for a, b in zip(first, second)]

    @staticmethod
    def _tile(parts, repeats):
        return [_HostPart(p.src, _np.tile(p.value, (repeats,) + (1,) * (p.value.ndim - 1)))
                for p in parts]

    def _batchify(self, sources):
        assert self.cursor < self.num_data, "DataIter needs reset."
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            assert self._cache_data is not None or self._cache_label is not None, \
                "next epoch should have cached data"
            cache = self._cache_data if self._cache_data is not None else self._cache_label
            second = self._getdata(sources, end=self.cursor + self.batch_size)
            if self._cache_data is not None:
                self._cache_data = None
            else:
                self._cache_label = None
            parts = self._concat([_HostPart(c, _host_of(c)) for c in cache], second)
        elif self.last_batch_handle == "pad" and \
                self.cursor + self.batch_size > self.num_data:
            pad = self.batch_size - self.num_data + self.cursor
            first = self._getdata(sources, start=self.cursor)
            if pad > self.num_data:
                second = self._tile(self._getdata(sources, end=self.num_data),
                                    pad // self.num_data)
                if pad % self.num_data:
                    second = self._concat(second,
                                          self._getdata(sources, end=pad % self.num_data))
            else:
                second = self._getdata(sources, end=pad)
            parts = self._concat(first, second)
        else:
            end = min(self.cursor + self.batch_size, self.num_data)
            parts = self._getdata(sources, self.cursor, end)
        return [p.to_nd() for p in parts]

    def getdata(self):
        return self._batchify(self.data)

    def getlabel(self):
        return self._batchify(self.label)

    def getpad(self):
        if self.last_batch_handle == "pad" and \
                self.cursor + self.batch_size > self.num_data:
            return self.cursor + self.batch_size - self.num_data
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            return -self.cursor
        return 0

    def _shuffle_data(self):
        nd = _nd()
        _np.random.shuffle(self.idx)
        # NOTE: as in MXNet, the arrays are re-gathered through nd.array (so as
        # float32) from the current, already permuted arrays.
        self.data = [(k, nd.array(v.asnumpy()[self.idx], v.context)) for k, v in self.data]
        self.label = [(k, nd.array(v.asnumpy()[self.idx], v.context))
                      for k, v in self.label]


def _host_of(arr):
    from .gluon.data import _host
    return _host.host_value(arr)


class _HostPart:
    """A numpy piece of a batch and the NDArray it was cut from (class, context)."""

    __slots__ = ("src", "value")

    def __init__(self, src, value):
        self.src = src
        self.value = value

    def to_nd(self):
        from .gluon.data import _host
        out = _host.host_array(_np.array(self.value, copy=True), self.src.context,
                               type(self.src))
        if self.src.stype != "default":
            out._stype = self.src.stype
        return out


def _cpp_iter(name):
    def make(*args, **kwargs):
        raise not_implemented(
            f"mx.io.{name} (a C++ data iterator)",
            "Read the data with numpy (for MNIST: mx.test_utils.get_mnist()) and iterate "
            "with mx.io.NDArrayIter, or use mx.gluon.data.DataLoader.")
    make.__name__ = name
    return make


MXDataIter = _cpp_iter("MXDataIter")
CSVIter = _cpp_iter("CSVIter")
MNISTIter = _cpp_iter("MNISTIter")
ImageRecordIter = _cpp_iter("ImageRecordIter")
LibSVMIter = _cpp_iter("LibSVMIter")
