"""The array type's core: storage, devices, autograd state, printing, element writes.

An ``NDArray`` wraps a ``jax.Array`` (``_data``). Legacy programs write single
elements in Python loops (``x[i, j] = v``), which on an immutable ``jax.Array`` would
copy the whole array each time; so an array may also hold a writable host mirror
(``_np``, a numpy array). Element writes go to the mirror in O(1) and drop ``_data``;
the next op that needs the value puts the mirror back on the device once.

Basic indexing that selects a contiguous block (``x[1]``, ``x[2:5]``, ``x[1, 2:4]``,
``x.reshape(...)``) returns a *view*, as in MXNet: an array that reads from and writes
to the block ``[offset, offset + size)`` of its root array's flat buffer. A write to the
root drops the views' cached values; a write to a view writes the root.

A gradient buffer may hold a value not computed yet (``_lazy``): when a trainer's
update ran inside backward's program, the gradients are only computed if something
reads them (see ``backward.LazyGrads``).

An array made by ``mx.nd.from_numpy(a)`` (zero copy) has the caller's numpy buffer as
its host mirror and is marked ``_shared``: whole-array writes are copied into that
buffer too, so the numpy array always shows the NDArray's value, as in MXNet.

Operators and methods are not defined here: they are generated from the op registry
(``mxcompat.ops``) into the public classes (``mx.nd.NDArray``, ``mx.np.ndarray``).
"""
import weakref

import jax
import numpy as _np
from jax import lax

from ..base import MXNetError
from ..context import Context
from . import state
from .tape import VAR, output

__all__ = ["NDArrayBase", "wrap", "mark_variable"]

_GRAD_REQS = ("write", "add", "null")
_INPLACE_MSG = (
    "Assigning to NDArrays that are already in a computational graph will cause "
    "undefined behavior when evaluating gradients. Please call backward first to clear "
    "the graph or do this outside of an autograd.record() section. Also note that you "
    "cannot use inplace operations like +=, *=, relu(x, out=x), y[idx]=x, etc inside a "
    "record section; write y = y + x instead.")

# MXNet's message when a recorded op would write into an array it also reads.
INPLACE_RECORD_MSG = (
    "Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with "
    "autograd: this writes part of an existing array (x += y, x[key] = y) with a value "
    "computed inside autograd.record(). Make a new array instead (x = x + y; for a "
    "partial write nd.concat, nd.where or y * mask + x * (1 - mask)), or write outside "
    "the record() block.")


def wrap(cls, data, ctx):
    """A new array of class ``cls`` around the jax.Array ``data`` on context ``ctx``."""
    a = cls.__new__(cls)
    a._data = data
    a._np = None
    a._ctx = ctx
    a._ag = None
    a._grad = None
    a._grad_req = "null"
    a._fresh = False
    a._stype = "default"
    a._view = None
    a._views = None
    a._shared = False
    a._lazy = None
    return a


@jax.jit
def _write_block(root, offset, value):
    flat = lax.dynamic_update_slice(root.reshape(-1), value.reshape(-1).astype(root.dtype),
                                    (offset,))
    return flat.reshape(root.shape)


_shaped_readers = {}
# backward.backward, set when that module loads (it imports this one).
_backward = [None]


def _read_block_shaped(root_value, offset, shape):
    """The block of ``shape`` at flat ``offset`` of ``root_value`` (offset is dynamic)."""
    f = _shaped_readers.get(shape)
    if f is None:
        n = 1
        for d in shape:
            n *= d
        f = _shaped_readers[shape] = jax.jit(
            lambda r, off: lax.dynamic_slice(r.reshape(-1), (off,), (n,)).reshape(shape))
    return f(root_value, offset)


def make_view(cls, base, offset, shape):
    """A view of the contiguous block of ``base`` starting at flat ``offset``."""
    root = base
    if base._view is not None:
        root, off0, _ = base._view
        offset += off0
    v = wrap(cls, None, base._ctx)
    v._view = (root, offset, tuple(shape))
    views = root._views
    if views is None:
        views = root._views = weakref.WeakSet()
    views.add(v)
    return v


class NDArrayBase:
    """Storage and autograd state shared by ``mx.nd.NDArray`` and ``mx.np.ndarray``."""

    __slots__ = ("_data", "_np", "_ctx", "_ag", "_grad", "_grad_req", "_fresh", "_stype",
                 "_view", "_views", "_shared", "_lazy", "__weakref__")
    # numpy should defer to our reflected operators (ndarray * NDArray -> NDArray).
    __array_priority__ = 1000.0

    # ------------------------------------------------------------------ storage
    def _value(self):
        """The current value as a jax.Array (puts a host mirror back on the device)."""
        d = self._data
        if d is None:
            v = self._view
            if v is not None:
                root, offset, shape = v
                if root._data is None and root._np is not None and root._np.size > (1 << 20):
                    # A big root being written on the host: upload just the block.
                    d = self._data = jax.device_put(_np.array(self._host(), copy=True),
                                                    self._ctx.jax_device)
                else:
                    d = self._data = _read_block_shaped(root._value(), offset, shape)
            elif self._np is not None:
                # Copy: the device value must not alias the mirror that later writes change.
                d = self._data = jax.device_put(_np.array(self._np, copy=True),
                                                self._ctx.jax_device)
            elif self._lazy is not None:   # a gradient computed on first read
                d = self._data = self._lazy.value()
                self._lazy = None
            else:   # the output of a pending (deferred) recorded call
                d = self._data = output(*self._ag)
        return d

    def _host(self):
        """A writable host mirror (numpy), made on first use. After writing into it, call
        ``_host_written()`` so that the device copy (and views) are refreshed."""
        v = self._view
        if v is not None:
            root, offset, shape = v
            n = 1
            for d in shape:
                n *= d
            return root._host().reshape(-1)[offset:offset + n].reshape(shape)
        h = self._np
        if h is None:
            h = self._np = _np.array(self._value(), copy=True)
        return h

    def _host_written(self):
        """The host mirror was written: drop the device copy and the views' values."""
        v = self._view
        if v is not None:
            v[0]._host_written()
            return
        self._data = None
        if self._views:
            for view in self._views:
                view._data = None

    def _set_value(self, value):
        """Replace the contents (in place, as MXNet's writes are); value: jax.Array."""
        v = self._view
        if v is not None:
            root, offset, _ = v
            root._set_value(_write_block(root._value(), offset, value))
            return
        self._data = value
        self._lazy = None
        if self._shared:
            # The mirror is memory shared with a numpy array (from_numpy): keep it current.
            self._np[...] = _np.asarray(value)
        else:
            self._np = None
        if self._views:
            for view in self._views:
                view._data = None

    def _set_lazy(self, lazy):
        """Replace the contents by a value made on first read, ``lazy.value()`` (of
        ``lazy.shape`` and ``lazy.dtype``): a gradient whose computation backward left
        for later (see backward.LazyGrads). Not for views or shared arrays."""
        self._data = None
        self._np = None
        self._lazy = lazy
        if self._views:
            for view in self._views:
                view._data = None

    def _check_writable(self):
        if self._ag is not None and state.is_recording():
            raise MXNetError(_INPLACE_MSG)

    # -------------------------------------------------------------- properties
    @property
    def shape(self):
        d = self._data
        if d is not None:
            return d.shape
        h = self._np
        if h is not None:
            return h.shape
        v = self._view
        if v is not None:
            return v[2]
        if self._lazy is not None:
            return self._lazy.shape
        node, i = self._ag   # pending
        return node.lazy[1][i][0] if node.lazy else self._value().shape

    @property
    def size(self):
        n = 1
        for s in self.shape:
            n *= s
        return n

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def _jdtype(self):
        d = self._data
        if d is not None:
            return d.dtype
        h = self._np
        if h is not None:
            return h.dtype
        v = self._view
        if v is not None:
            return v[0]._jdtype
        if self._lazy is not None:
            return self._lazy.dtype
        node, i = self._ag   # pending
        return node.lazy[1][i][1] if node.lazy else self._value().dtype

    @property
    def dtype(self):
        """The numpy scalar type (``numpy.float32``), as MXNet's NDArray reports it."""
        return self._jdtype.type

    @property
    def context(self):
        return self._ctx

    ctx = context

    @property
    def device(self):
        return self._ctx

    @property
    def stype(self):
        return self._stype

    @property
    def handle(self):
        return self

    @property
    def writable(self):
        return True

    def _jax(self):
        """The underlying ``jax.Array`` (no copy)."""
        return self._value()

    # ------------------------------------------------------------- conversion
    def asnumpy(self):
        """A numpy copy of the value."""
        if self._data is None and self._np is not None:
            return self._np.copy()
        return _np.array(self._value(), copy=True)

    def __array__(self, dtype=None, copy=None):
        """numpy's conversion protocol: ``numpy.asarray(x)`` is a read-only view of the
        value without a copy (``copy=False`` the same, or ValueError when a dtype change
        needs one); ``numpy.array(x)`` (``copy=True``) a fresh writable copy."""
        if self._data is None and self._np is not None:
            a = self._np.view()
            a.flags.writeable = False
        else:
            a = _np.asarray(self._value())
        if dtype is not None and _np.dtype(dtype) != a.dtype:
            if copy is False:
                raise ValueError(f"numpy.asarray(x, dtype={_np.dtype(dtype).name}, "
                                 f"copy=False): converting from {a.dtype.name} needs a "
                                 "copy; pass copy=None or True.")
            return a.astype(dtype)
        if copy:
            return a.copy()
        return a

    def asscalar(self):
        a = self.asnumpy()
        if a.size != 1:
            raise ValueError("The current array is not a scalar")
        return a.reshape(-1)[0]

    def item(self, *args):
        return self.asnumpy().item(*args)

    def wait_to_read(self):
        d = self._data
        if d is None and self._np is None:
            d = self._value()   # a view, or a pending output
        if d is not None:
            d.block_until_ready()
        return None

    def wait_to_write(self):
        return self.wait_to_read()

    def tolist(self):
        return self.asnumpy().tolist()

    # ----------------------------------------------------------------- python
    def __len__(self):
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-d array")
        return shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        n = self.size
        if n == 0:
            return False
        if n == 1:
            return bool(self.asnumpy().reshape(-1)[0])
        raise ValueError("The truth value of an NDArray with multiple elements is ambiguous.")

    __hash__ = object.__hash__

    def __reduce__(self):
        # The class travels as a name ("mxcompat.numpy:ndarray"), not as a reference:
        # the public classes report MXNet's module names (mxnet.numpy), which exist
        # only under the import alias.
        cls = type(self)
        real = _REAL_MODULES.get(cls.__module__, cls.__module__)
        return (_rebuild, (f"{real}:{cls.__qualname__}", self.asnumpy(),
                           str(self._ctx.device_type), self._ctx.device_id))

    def __setstate__(self, state_):
        pass

    # -------------------------------------------------------------- autograd
    @property
    def grad(self):
        """The gradient buffer attached by ``attach_grad`` (None before that)."""
        return self._grad

    @property
    def _fresh_grad(self):
        return self._fresh

    @_fresh_grad.setter
    def _fresh_grad(self, value):
        self._fresh = bool(value)

    def attach_grad(self, grad_req="write", stype=None):
        """Make this array a leaf variable with a zero gradient buffer ``.grad``."""
        if grad_req not in _GRAD_REQS:
            raise MXNetError(f"attach_grad got grad_req={grad_req!r}; use one of "
                             f"{', '.join(map(repr, _GRAD_REQS))}.")
        from .dispatch import zeros_like_value
        g = wrap(type(self), zeros_like_value(self._value()), self._ctx)
        if stype is not None:
            g._stype = stype
        elif self._stype != "default":
            g._stype = self._stype
        mark_variable(self, g, grad_req)

    def detach(self):
        """The same value, cut from the graph (a constant for autograd)."""
        out = wrap(type(self), self._value(), self._ctx)
        out._stype = self._stype
        return out

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Compute the gradients of this array w.r.t. its variables into their ``.grad``."""
        _backward[0]([self], None if out_grad is None else [out_grad],
                     retain_graph=retain_graph, train_mode=train_mode)

    # -------------------------------------------------------------- printing
    def _shape_str(self):
        return "x".join(str(s) for s in self.shape)

    def __repr__(self):
        return f"\n{self.asnumpy()}\n<{type(self).__name__} {self._shape_str()} @{self._ctx}>"

    __str__ = __repr__


def mark_variable(arr, grad, grad_req="write"):
    """Make ``arr`` a leaf variable whose gradient goes into ``grad``."""
    if arr._data is None:
        arr._value()   # (a pending output: its value must not depend on the graph)
    arr._grad = grad
    arr._grad_req = grad_req
    # attach_grad on a recorded result makes it a new leaf: the graph stops here.
    arr._ag = VAR if grad_req != "null" else None
    arr._fresh = False


_REAL_MODULES = {"mxnet.numpy": "mxcompat.numpy", "mxnet.ndarray": "mxcompat.ndarray",
                  "mxnet.ndarray.ndarray": "mxcompat.ndarray.ndarray"}


def _rebuild(cls, value, devtype, devid):
    from .dispatch import from_numpy_value
    if isinstance(cls, str):
        import importlib
        mod, _, name = cls.partition(":")
        cls = getattr(importlib.import_module(mod), name)
    ctx = Context(devtype, devid)
    return wrap(cls, from_numpy_value(value, ctx), ctx)
