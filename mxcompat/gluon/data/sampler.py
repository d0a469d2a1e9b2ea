"""Samplers: the order in which a DataLoader visits a dataset, and its batching.

``RandomSampler`` shuffles with numpy's global random state, as MXNet does, so
``numpy.random.seed`` makes the order reproducible (and equal to MXNet's).
"""
import numpy as _np

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "FilterSampler",
           "BatchSampler", "IntervalSampler"]

_LAST_BATCH = ("keep", "discard", "rollover")


class Sampler:
    """The base of samplers: subclasses define ``__iter__`` and ``__len__``."""

    def __iter__(self):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """``start, start + 1, ..., start + length - 1``."""

    def __init__(self, length, start=0):
        self._length = length
        self._start = start

    def __iter__(self):
        return iter(range(self._start, self._start + self._length))

    def __len__(self):
        return self._length


class RandomSampler(Sampler):
    """A fresh random permutation of ``0 .. length - 1`` at every iteration."""

    def __init__(self, length):
        self._length = length

    def __iter__(self):
        order = _np.arange(self._length)
        _np.random.shuffle(order)
        return iter(order)

    def __len__(self):
        return self._length


class FilterSampler(Sampler):
    """The indices of the samples of ``dataset`` for which ``fn(sample)`` is true."""

    def __init__(self, fn, dataset):
        self._fn = fn
        self._dataset = dataset
        self._indices = [i for i, sample in enumerate(dataset) if fn(sample)]

    def __iter__(self):
        return iter(self._indices)

    def __len__(self):
        return len(self._indices)


def _check_last_batch(last_batch):
    if last_batch not in _LAST_BATCH:
        raise ValueError("last_batch must be one of 'keep', 'discard', or 'rollover', "
                         "but got %s" % last_batch)


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` into lists of ``batch_size``.

    ``last_batch`` says what happens to an incomplete final batch: ``'keep'`` yields
    it, ``'discard'`` drops it, ``'rollover'`` carries it over to the start of the
    next iteration.
    """

    def __init__(self, sampler, batch_size, last_batch="keep"):
        self._sampler = sampler
        self._batch_size = batch_size
        self._last_batch = last_batch
        self._prev = []

    def __iter__(self):
        batch, self._prev = self._prev, []
        for i in self._sampler:
            batch.append(i)
            if len(batch) == self._batch_size:
                yield batch
                batch = []
        if batch:
            _check_last_batch(self._last_batch)
            if self._last_batch == "keep":
                yield batch
            elif self._last_batch == "rollover":
                self._prev = batch

    def __len__(self):
        _check_last_batch(self._last_batch)
        n, b = len(self._sampler), self._batch_size
        if self._last_batch == "keep":
            return (n + b - 1) // b
        if self._last_batch == "discard":
            return n // b
        return (len(self._prev) + n) // b


class IntervalSampler(Sampler):
    """Indices 0, interval, 2*interval, ... below ``length``; with ``rollover`` (the
    default) then 1, 1 + interval, ... and so on, until every index has come once.
    ``len()`` is ``length`` either way, as in MXNet (``mx.gluon.contrib.data``)."""

    def __init__(self, length, interval, rollover=True):
        if interval > length:
            raise AssertionError(f"IntervalSampler: interval {interval} is larger than "
                                 f"length {length}; give an interval of at most {length}.")
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        starts = range(self._interval) if self._rollover else (0,)
        for start in starts:
            yield from range(start, self._length, self._interval)

    def __len__(self):
        return self._length
