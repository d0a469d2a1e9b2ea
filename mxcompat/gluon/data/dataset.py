"""Datasets: indexable collections of samples (``mx.gluon.data.Dataset`` and friends).

A sample is whatever ``dataset[i]`` returns: one value, or a tuple of fields such as
``(data, label)``. Items of NDArray sources are handed out as host-backed NDArrays
(see ``_host``), so that a DataLoader batch costs one device transfer, not one op per
sample.
"""
import os

import numpy as _np

from . import _host

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "RecordFileDataset"]

_INDEX_TYPES = (int, _np.integer)


def item_getter(data):
    """A function ``idx -> data[idx]`` for a dataset-like object.

    For an NDArray, an integer index reads the row from a cached host view (a copy, so
    the item can be written to), which gives the same value, dtype, shape and context
    as ``data[idx]`` without a device op per sample.
    """
    if isinstance(data, _host.nd_class()) and data.ndim > 1:
        view = _host.HostView(data)
        cls = type(data)

        def get(idx):
            if isinstance(idx, _INDEX_TYPES) and not isinstance(idx, bool):
                v = view.get()
                n = v.shape[0]
                if -n <= idx < n:
                    return _host.host_array(v[idx].copy(), data.context, cls)
            return data[idx]
        return get
    return data.__getitem__


class Dataset:
    """The base of all datasets: subclasses define ``__getitem__`` and ``__len__``.

    A numpy array or an NDArray can also be used wherever a dataset is expected.
    """

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def filter(self, fn):
        """A dataset of the samples for which ``fn(sample)`` is true (decided now)."""
        from .sampler import FilterSampler
        return _SampledDataset(self, FilterSampler(fn, self))

    def shard(self, num_shards, index):
        """The ``index``-th of ``num_shards`` contiguous, nearly equal parts."""
        assert index < num_shards, "Shard index of out bound: %d out of %d" % (
            index, num_shards)
        assert num_shards > 0, "Number of shards must be greater than 0"
        assert index >= 0, "Index must be non-negative"
        from .sampler import SequentialSampler
        base, rest = divmod(len(self), num_shards)
        start = base * index + min(index, rest)
        size = base + (1 if index < rest else 0)
        return _SampledDataset(self, SequentialSampler(size, start))

    def take(self, count):
        """The first ``count`` samples (all of them when ``count`` is None or larger)."""
        if count is None or count > len(self):
            count = len(self)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(count))

    def sample(self, sampler):
        """The samples at the indices that ``sampler`` (a gluon.data.Sampler) yields."""
        from .sampler import Sampler
        if not isinstance(sampler, Sampler):
            raise TypeError("Invalid sampler type: %s. Expected gluon.data.Sampler "
                            "instead." % type(sampler))
        return _SampledDataset(self, sampler)

    def transform(self, fn, lazy=True):
        """A dataset of ``fn(*sample)`` (``fn(sample)`` for samples that are not tuples).

        ``lazy=False`` applies ``fn`` to every sample now, once; keep the default for
        random augmentations, which must be drawn again at every epoch.
        """
        out = _LazyTransformDataset(self, fn)
        if lazy:
            return out
        return SimpleDataset([out[i] for i in range(len(out))])

    def transform_first(self, fn, lazy=True):
        """Like ``transform``, but ``fn`` only sees (and replaces) the first field."""
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset over any object with ``len()`` and ``[]`` (a list, an array...)."""

    def __init__(self, data):
        self._data = data
        self._get = item_getter(data)

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        return self._get(idx)


class _LazyTransformDataset(Dataset):
    """Applies a function to each sample when it is read."""

    def __init__(self, data, fn):
        self._data = data
        self._fn = fn

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        item = self._data[idx]
        if isinstance(item, tuple):
            return self._fn(*item)
        return self._fn(item)


class _TransformFirstClosure:
    """``fn`` applied to the first field of a sample (an object, so it can be pickled)."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, x, *args):
        if args:
            return (self._fn(x),) + args
        return self._fn(x)


class _SampledDataset(Dataset):
    """The samples of a dataset at the indices a sampler gives (read once, now)."""

    def __init__(self, dataset, sampler):
        self._dataset = dataset
        self._sampler = sampler
        self._indices = list(iter(sampler))

    def __len__(self):
        return len(self._sampler)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class ArrayDataset(Dataset):
    """Several dataset-like objects of equal length side by side.

    Sample ``i`` is ``(a[i], b[i], ...)``, or ``a[i]`` alone for a single source. As in
    MXNet, a 1-D NDArray is converted to numpy first, so its items are numpy scalars.
    """

    def __init__(self, *args):
        assert len(args) > 0, "Needs at least 1 arrays"
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            assert len(data) == self._length, (
                "All arrays must have the same length; array[0] has length %d "
                "while array[%d] has %d." % (self._length, i + 1, len(data)))
            if isinstance(data, _host.nd_class()) and data.ndim == 1:
                data = data.asnumpy()
            self._data.append(data)
        self._getters = [item_getter(d) for d in self._data]

    def __getitem__(self, idx):
        if len(self._getters) == 1:
            return self._getters[0](idx)
        return tuple(get(idx) for get in self._getters)

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """The records of a RecordIO file (``.rec`` with its ``.idx`` next to it), as bytes."""

    def __init__(self, filename):
        from ... import recordio
        self.idx_file = os.path.splitext(filename)[0] + ".idx"
        self.filename = filename
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, "r")

    def __getitem__(self, idx):
        return self._record.read_idx(self._record.keys[idx])

    def __len__(self):
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """The base of MNIST, CIFAR10...: files under ``root``, an optional transform."""

    def __init__(self, root, transform):
        self._transform = transform
        self._data = None
        self._label = None
        root = os.path.expanduser(root)
        self._root = root
        if not os.path.isdir(root):
            os.makedirs(root)
        self._get_data()
        self._get = item_getter(self._data)

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._get(idx), self._label[idx])
        return self._get(idx), self._label[idx]

    def __len__(self):
        return len(self._label)

    def _get_data(self):
        raise NotImplementedError
