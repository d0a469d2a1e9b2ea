"""``mx.kv`` / ``mx.kvstore``: MXNet's key-value store, within one process.

A store holds one array per key. ``push`` sums the values given for a key (one per
device, as data-parallel code pushes one gradient per GPU) and either stores the sum
or, after ``set_optimizer``, hands it to the optimizer's updater, which updates the
stored weight in place; ``pull`` copies the stored value into every ``out`` array (on
its own device, cast to its dtype). The ``local`` and ``device`` types behave the
same here (XLA places the arrays); distributed types (``dist_*``) need MXNet's
parameter-server processes and are refused with an ``MXNetError``.
"""
from .base import MXNetError
from .ndarray import NDArray

__all__ = ["KVStoreBase", "KVStore", "create"]


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


class KVStoreBase:
    """The interface every key-value store provides (``KVStoreBase.register``)."""

    OPTIMIZER = "optimizer"
    kv_registry = {}

    @staticmethod
    def register(klass):
        """Register a store class under its lower-cased name (for ``create``)."""
        KVStoreBase.kv_registry[klass.__name__.lower()] = klass
        return klass

    def is_capable(self, capability):
        return capability.lower() == KVStoreBase.OPTIMIZER


class KVStore(KVStoreBase):
    """A single-process key-value store (``kv.create('local')``)."""

    def __init__(self, name="local"):
        self._type = name
        self._data = {}
        self._str_keys = None      # True/False once the first key fixes the key type
        self._updater = None
        self._optimizer = None
        self._compression = None

    # ------------------------------------------------------------ properties
    @property
    def type(self):
        return self._type

    @property
    def rank(self):
        return 0

    @property
    def num_workers(self):
        return 1

    @property
    def handle(self):
        return self

    # ------------------------------------------------------------ keys
    def _check_key(self, key, exists=True):
        is_str = isinstance(key, str)
        if not is_str and not isinstance(key, int):
            raise MXNetError(f"kvstore keys are str or int, got {type(key).__name__}: "
                             "kv.init('weight', value) or kv.init(0, value).")
        if self._str_keys is None:
            self._str_keys = is_str
        elif self._str_keys != is_str:
            raise MXNetError("Mixed key types are not allowed: a store's keys are all str or "
                             "all int; use one kind of key per kv.create() store.")
        if exists and key not in self._data:
            raise MXNetError(f"key {key} doesn't exist. Did you init? Call "
                             f"kv.init({key!r}, value) before push/pull.")
        if not exists and key in self._data:
            raise MXNetError(f"duplicate init of key {key}: a key is initialized once; "
                             "use push to change its value.")

    @staticmethod
    def _pairs(key, value, what):
        """[(key, [arrays])] from MXNet's key/value argument forms."""
        if isinstance(key, (list, tuple)):
            values = _as_list(value)
            if len(values) != len(key):
                raise MXNetError(f"{what}: got {len(key)} keys but {len(values)} values; "
                                 "pass one value (or list of values) per key.")
            return [(k, _as_list(v)) for k, v in zip(key, values)]
        return [(key, _as_list(value))]

    # ------------------------------------------------------------ operations
    def init(self, key, value):
        """Initialize ``key`` (or each key of a list) with a copy of ``value``."""
        for k, vals in self._pairs(key, value, "init"):
            self._check_key(k, exists=False)
            self._data[k] = vals[0].copy()

    def _merged(self, key, vals):
        stored = self._data[key]
        total = None
        for v in vals:
            if not isinstance(v, NDArray):
                raise MXNetError(f"push of key {key}: values must be NDArrays, got "
                                 f"{type(v).__name__}.")
            if tuple(v.shape) != tuple(stored.shape):
                raise MXNetError(f"push of key {key}: value of shape {tuple(v.shape)} but "
                                 f"the key was initialized with shape {tuple(stored.shape)}.")
            v = v.as_in_context(stored.context)
            total = v if total is None else total + v
        return total

    def push(self, key, value, priority=0):
        """Sum the values of each key and store it (or apply the optimizer to it)."""
        for k, vals in self._pairs(key, value, "push"):
            self._check_key(k)
            merged = self._merged(k, vals)
            stored = self._data[k]
            if self._updater is not None:
                self._updater(k, merged, stored)
            else:
                stored[:] = merged

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copy the stored value of each key into its ``out`` array(s)."""
        if out is None:
            raise AssertionError("pull needs out=: the array(s) that receive the value")
        for k, outs in self._pairs(key, out, "pull"):
            self._check_key(k)
            stored = self._data[k]
            for o in outs:
                o[:] = stored.as_in_context(o.context)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pull (arrays are stored densely: every row is copied)."""
        self.pull(key, out=out, priority=priority)

    def pushpull(self, key, value, out=None, priority=0):
        """``push`` then, when ``out`` is given, ``pull``."""
        self.push(key, value, priority)
        if out is not None:
            self.pull(key, out=out, priority=priority)

    def broadcast(self, key, value, out, priority=0):
        """``init`` the key with ``value`` and ``pull`` it into ``out``."""
        self.init(key, value)
        self.pull(key, out=out, priority=priority)

    # ------------------------------------------------------------ optimizer
    def set_optimizer(self, optimizer):
        """Apply ``optimizer`` to pushed values (they are gradients of the stored
        weights) instead of storing them."""
        from .optimizer import get_updater
        self._optimizer = optimizer
        self._updater = get_updater(optimizer)

    def _set_updater(self, updater):
        """``updater(key, pushed, stored)`` updates ``stored`` in place on each push."""
        self._updater = updater

    def save_optimizer_states(self, fname, dump_optimizer=False):
        if self._updater is None or not hasattr(self._updater, "get_states"):
            raise MXNetError("save_optimizer_states needs an optimizer: call "
                             "kv.set_optimizer(optimizer) first.")
        with open(fname, "wb") as f:
            f.write(self._updater.get_states(dump_optimizer))

    def load_optimizer_states(self, fname):
        if self._updater is None or not hasattr(self._updater, "set_states"):
            raise MXNetError("load_optimizer_states needs an optimizer: call "
                             "kv.set_optimizer(optimizer) first.")
        with open(fname, "rb") as f:
            self._updater.set_states(f.read())

    def set_gradient_compression(self, compression_params):
        """Recorded only: values are exchanged within one process, uncompressed."""
        self._compression = dict(compression_params)

    def __getstate__(self):
        return {"type": self._type, "data": self._data, "str_keys": self._str_keys}

    def __setstate__(self, state):
        self.__init__(state["type"])
        self._data = state["data"]
        self._str_keys = state["str_keys"]


def create(name="local"):
    """A key-value store of type ``name`` ('local', 'device', 'nccl', ...); the
    distributed types ('dist_sync', 'dist_async', 'dist_device_sync', 'horovod',
    'byteps') raise ``MXNetError``."""
    if not isinstance(name, str):
        raise TypeError("name must be a string")
    if name.startswith("dist") or name in ("horovod", "byteps"):
        raise MXNetError(f"kv.create({name!r}): distributed key-value stores need MXNet's "
                         "parameter-server processes, which mxcompat does not provide; use "
                         "kv.create('local') (one machine, any number of devices).")
    return KVStore(name)

