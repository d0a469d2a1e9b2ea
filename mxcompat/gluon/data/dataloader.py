"""DataLoader: mini-batches from a dataset, with MXNet 1.9.1's batching rules.

The default ``batchify_fn`` stacks NDArray samples into one NDArray and turns other
samples (numpy arrays, numpy scalars, Python numbers) into an NDArray of
``numpy.asarray(samples).dtype`` (so Python floats give float64 and ints int64, as in
MXNet); tuple samples are batched field by field into a list.

``num_workers > 0`` prepares batches ahead in a pool of threads (MXNet uses processes;
JAX does not survive ``fork``); as in MXNet, those batches are in the ``cpu_shared(0)``
context. The sampler still runs in the calling thread, so the visiting order is the
same and ``numpy.random.seed`` reproduces it.
"""
import threading
from multiprocessing.pool import ThreadPool

import jax
import jax.numpy as jnp
import numpy as _np

from ...base import MXNetError
from ...context import Context, cpu_pinned
from ..._core.ndarray import NDArrayBase, wrap
from . import _host
from . import sampler as _sampler
from .dataset import item_getter

__all__ = ["DataLoader", "default_batchify_fn", "default_mp_batchify_fn"]

_NUMERIC_KINDS = "biuf"


def _np_mode():
    try:
        from ...util import is_np_array
    except ImportError:
        return False
    return is_np_array()


def _stack(items, ctx=None):
    """``nd.stack(*items)``: a new leading axis; all items of one shape and dtype."""
    first = items[0]
    shape, dtype = first.shape, first._jdtype
    for k, x in enumerate(items):
        if not isinstance(x, NDArrayBase):
            raise MXNetError(f"default_batchify_fn: sample {k} of the batch is a "
                             f"{type(x).__name__} while sample 0 is an NDArray; make "
                             "every sample the same type or pass a batchify_fn.")
        if x.shape != shape or x._jdtype != dtype:
            raise MXNetError(
                f"default_batchify_fn cannot stack samples of different shapes or dtypes "
                f"(sample 0: {shape} {dtype.name}, sample {k}: {x.shape} "
                f"{x._jdtype.name}); resize them to one shape in a transform, or pass "
                "your own batchify_fn to DataLoader.")
    cls = type(first)
    ctx = ctx or first.context
    if all(_host.is_host(x) for x in items):
        return _host.host_array(_np.stack([x._np for x in items]), ctx, cls)
    out = jnp.stack([x._value() for x in items])
    if ctx.jax_device != first.context.jax_device:
        out = jax.device_put(out, ctx.jax_device)
    return wrap(cls, out, ctx)


def _batchify(data, ctx):
    first = data[0]
    if isinstance(first, NDArrayBase):
        return _stack(data, ctx)
    if isinstance(first, tuple):
        return [_batchify(list(field), ctx) for field in zip(*data)]
    arr = _np.asarray(data)
    if _np_mode():
        from ... import numpy as mxnp
        return mxnp.array(arr, dtype=arr.dtype, ctx=ctx)
    if arr.dtype.kind not in _NUMERIC_KINDS:
        from ... import nd
        return nd.array(arr, dtype=arr.dtype, ctx=ctx)
    return _host.host_array(arr, ctx)


def default_batchify_fn(data):
    """Collate a list of samples into a batch (see the module docstring)."""
    return _batchify(data, None)


def default_mp_batchify_fn(data):
    """The batchify of ``num_workers > 0``: as ``default_batchify_fn``, with the batch
    in the ``cpu_shared(0)`` context as MXNet's shared-memory batches are."""
    return _batchify(data, Context("cpu_shared", 0))


def _as_in_context(data, ctx):
    if isinstance(data, NDArrayBase):
        return data.as_in_context(ctx)
    if isinstance(data, (list, tuple)):
        return [_as_in_context(d, ctx) for d in data]
    return data


class _Prefetcher:
    """Batches computed ahead by a thread pool, handed out in sampler order."""

    def __init__(self, pool, fetch, batch_sampler, prefetch, pin_ctx, timeout):
        self._pool = pool
        self._fetch = fetch
        self._iter = iter(batch_sampler)
        self._len = len(batch_sampler)
        self._pending = {}
        self._sent = 0
        self._rcvd = 0
        self._pin_ctx = pin_ctx
        self._timeout = timeout
        for _ in range(prefetch):
            self._push_next()

    def __len__(self):
        return self._len

    def _push_next(self):
        idx = next(self._iter, None)
        if idx is None:
            return
        self._pending[self._sent] = self._pool.apply_async(self._fetch, (idx,))
        self._sent += 1

    def __iter__(self):
        return self

    def __next__(self):
        self._push_next()
        if self._rcvd == self._sent:
            raise StopIteration
        res = self._pending.pop(self._rcvd)
        try:
            batch = res.get(self._timeout)
        except TimeoutError:
            raise MXNetError(
                f"DataLoader worker timed out after {self._timeout} seconds; a transform "
                "may be very slow. Pass a larger timeout= to DataLoader.") from None
        self._rcvd += 1
        if self._pin_ctx is not None:
            batch = _as_in_context(batch, self._pin_ctx)
        return batch

    next = __next__


class DataLoader:
    """Loads a dataset in mini-batches.

    Parameters are MXNet's: ``batch_size``, ``shuffle``, ``sampler``, ``last_batch``
    (``'keep'``, ``'discard'`` or ``'rollover'``), ``batch_sampler`` (instead of the
    four before), ``batchify_fn``, ``num_workers``, ``pin_memory``, ``pin_device_id``,
    ``prefetch``, ``thread_pool``, ``timeout``, ``auto_reload``.
    """

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None,
                 last_batch=None, batch_sampler=None, batchify_fn=None,
                 num_workers=0, pin_memory=False, pin_device_id=0,
                 prefetch=None, thread_pool=False, timeout=120, auto_reload=False):
        self._dataset = dataset
        self._get = (item_getter(dataset) if isinstance(dataset, NDArrayBase)
                     else dataset.__getitem__)
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._thread_pool = thread_pool
        self._timeout = timeout
        assert timeout > 0, "timeout must be positive, given {}".format(timeout)
        if batch_sampler is None:
            if batch_size is None:
                raise ValueError("batch_size must be specified unless "
                                 "batch_sampler is specified")
            if sampler is None:
                sampler = (_sampler.RandomSampler(len(dataset)) if shuffle
                           else _sampler.SequentialSampler(len(dataset)))
            elif shuffle:
                raise ValueError("shuffle must not be specified if sampler is specified")
            batch_sampler = _sampler.BatchSampler(sampler, batch_size,
                                                  last_batch if last_batch else "keep")
        elif batch_size is not None or shuffle or sampler is not None or \
                last_batch is not None:
            raise ValueError("batch_size, shuffle, sampler and last_batch must "
                             "not be specified if batch_sampler is specified.")
        self._batch_sampler = batch_sampler
        self._num_workers = num_workers if num_workers >= 0 else 0
        self._prefetch = max(0, int(prefetch) if prefetch is not None
                             else 2 * self._num_workers)
        self._pool = None
        self._pool_lock = threading.Lock()
        if batchify_fn is None:
            batchify_fn = default_mp_batchify_fn if num_workers > 0 else default_batchify_fn
        self._batchify_fn = batchify_fn
        self.auto_reload = auto_reload
        self._iter = None
        if self.auto_reload:
            self.refresh()

    def _fetch(self, indices):
        get = self._get
        return self._batchify_fn([get(i) for i in indices])

    def _worker_pool(self):
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPool(self._num_workers)
            return self._pool

    def _prefetch_iter(self):
        pin_ctx = cpu_pinned(self._pin_device_id) if self._pin_memory else None
        if self._num_workers == 0:
            def same_thread():
                for indices in self._batch_sampler:
                    batch = self._fetch(indices)
                    if pin_ctx is not None:
                        batch = _as_in_context(batch, pin_ctx)
                    yield batch
            return same_thread()
        return _Prefetcher(self._worker_pool(), self._fetch, self._batch_sampler,
                           self._prefetch, pin_ctx, self._timeout)

    def __iter__(self):
        if self._iter is None:
            self.refresh()
        it, self._iter = self._iter, None
        yield from it
        if self._iter is None and self.auto_reload:
            self.refresh()

    def __len__(self):
        return len(self._batch_sampler)

    def refresh(self):
        """Prepare the iterator of the next pass (prefetching starts with workers)."""
        self._iter = self._prefetch_iter()

    def clean(self):
        """Drop the prepared iterator; the next pass starts from scratch."""
        self._iter = None

    def __del__(self):
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.terminate()
