"""Arrays whose value stays on the host until an op needs it.

A data pipeline touches every sample in Python: index a dataset, transform the item,
stack a batch. Done with device ops, that is several dispatches per sample. Here the
datasets, the image transforms and the default batchify work on numpy values and hand
out ``NDArray`` objects whose value lives in their host mirror (``_np``, with no device
copy yet). Such an array behaves like any other; the first op that reads it puts the
value on its device once (see ``NDArrayBase._value``). A batch of host items is
stacked with numpy and crosses to the device in one transfer.
"""
import numpy as _np

from ...context import current_context
from ..._core.ndarray import wrap

__all__ = ["host_array", "owned", "is_host", "host_value", "HostView", "nd_class"]


def nd_class():
    """``mx.nd.NDArray`` (imported late: the package is imported by ``mx.gluon``)."""
    from ...ndarray import NDArray
    return NDArray


def host_array(value, ctx=None, cls=None):
    """An NDArray of class ``cls`` on ``ctx`` whose value is the numpy array ``value``.

    ``value`` is taken over (not copied) when it is a writable C-contiguous array:
    pass an array nobody else writes to (see ``owned``).
    """
    if not (value.flags.c_contiguous and value.flags.writeable):
        value = _np.array(value, order="C")
    a = wrap(cls or nd_class(), None, ctx or current_context())
    a._np = value
    return a


def owned(value):
    """``value`` itself if it owns its memory, else a copy (views of an input's value
    must not become the value of an output)."""
    if value.base is None and value.flags.writeable:
        return value
    return _np.array(value, order="C")


def is_host(x):
    """True for an NDArray whose only copy of its value is the host mirror."""
    return getattr(x, "_data", 0) is None and x._np is not None


def host_value(x):
    """The value of NDArray ``x`` as numpy, without a copy when it lives on the host.

    The result must not be written to."""
    if x._data is None and x._np is not None:
        return x._np
    return _np.asarray(x._value())


class HostView:
    """A numpy view of an NDArray's value, refreshed when the array changes.

    Writes to an NDArray replace its device value (a new ``jax.Array``) or go to its
    host mirror, so comparing the identity of the device value tells whether the
    cached numpy copy is still current. Safe to share between threads: the cache is
    one (source, view) pair, replaced as a whole.
    """

    __slots__ = ("_arr", "_cache")

    def __init__(self, arr):
        self._arr = arr
        self._cache = (None, None)

    def get(self):
        a = self._arr
        if a._data is None and a._np is not None:
            return a._np
        src = a._value()
        cached_src, view = self._cache
        if cached_src is not src:
            view = _np.asarray(src)
            self._cache = (src, view)
        return view
