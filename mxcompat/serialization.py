"""MXNet 1.9.1's binary NDArray file format, read and written with numpy and struct.

This is the format of ``mx.nd.save`` / ``mx.nd.load``, ``mx.npx.save`` / ``mx.npx.load``
and gluon's ``save_parameters`` / ``load_parameters``. Everything is little-endian:

    file    := u64 0x112, u64 0, u64 count, array * count, u64 nkeys, key * nkeys
    key     := u64 length, utf-8 bytes          (nkeys is 0 for a list, else count)
    array   := u32 magic, ...
      V2 (0xF993FAC9, legacy shapes) and V3 (0xF993FACA, numpy shapes):
              i32 stype, [shape storage_shape if sparse], shape,
              (stop here if the shape is "none"),
              i32 dev_type, i32 dev_id, i32 type_flag,
              [(i32 aux_type_flag, shape aux_shape) per aux array if sparse],
              data bytes, [aux data bytes if sparse]
      V1 (0xF993FAC8): shape, (stop if none), dev_type, dev_id, type_flag, data bytes
      older files: the magic *is* the number of dims, followed by u32 dims, then as V1
    shape   := i32 ndim, i64 dim * ndim

An entry without storage (an MXNet "none" array) has ndim 0 in V2 and an unknown dim
(-1) in V1/V3, where ndim 0 is a real 0-d array. MXNet writes a 0-d NDArray as V2 with
ndim 0 followed by its data, a file it then cannot read back; mxcompat writes the whole
file in V3 (numpy shapes) when it holds a 0-d array, and MXNet reads that inside
``mx.util.np_shape(True)``.

Loading differs from MXNet where MXNet refuses and the meaning is clear: V3 files load
in ``nd.load`` (MXNet asks for ``np_shape(True)``), V2 files load in numpy mode too,
sparse arrays (row_sparse, csr) load as dense NDArrays with the same values, and an
entry without storage loads as ``None`` (MXNet's Python ``nd.load`` fails on it).
"""
import io
import os
import struct
import sys
import tempfile

import jax
import jax.numpy as jnp
import numpy as _np

from .base import MXNetError

__all__ = ["save_ndarrays", "load_ndarrays", "load_frombuffer", "write_ndarrays",
           "array_to_raw_bytes", "array_from_raw_bytes"]

_LIST_MAGIC = 0x112
_V1_MAGIC = 0xF993FAC8
_V2_MAGIC = 0xF993FAC9
_V3_MAGIC = 0xF993FACA
_BIG_ENDIAN = sys.byteorder == "big"
_MAX_NDIM = 64          # MXNet has no hard limit; more than this means a damaged file.

# mshadow type flags MXNet's Python API knows (8..11 exist in C++ but MXNet 1.9.1
# cannot load them: "Unknown type enum").
_FLAG_TO_DTYPE = {
    0: _np.dtype(_np.float32), 1: _np.dtype(_np.float64), 2: _np.dtype(_np.float16),
    3: _np.dtype(_np.uint8), 4: _np.dtype(_np.int32), 5: _np.dtype(_np.int8),
    6: _np.dtype(_np.int64), 7: _np.dtype(_np.bool_), 12: _np.dtype(jnp.bfloat16),
}
_DTYPE_TO_FLAG = {dt: flag for flag, dt in _FLAG_TO_DTYPE.items()}
_STYPES = {0: ("default", 0), 1: ("row_sparse", 1), 2: ("csr", 2)}  # name, #aux


class _FormatError(Exception):
    """A problem in the bytes of a file; the public functions turn it into MXNetError."""


# ------------------------------------------------------------------------- reading
class _Reader:
    """Reads the fields of a file from a binary stream, checking every length."""

    def __init__(self, stream, size):
        self.f = stream
        self.left = size
        self.where = "the file header"

    def raw(self, n):
        if n > self.left:
            raise _FormatError(f"the file ends in the middle of {self.where} "
                               "(it is truncated)")
        b = self.f.read(n)
        if len(b) != n:
            raise _FormatError(f"the file ends in the middle of {self.where} "
                               "(it is truncated)")
        self.left -= n
        return b

    def unpack(self, fmt):
        return struct.unpack(fmt, self.raw(struct.calcsize(fmt)))

    def i32(self):
        return self.unpack("<i")[0]

    def u64(self):
        return self.unpack("<Q")[0]

    def shape(self, unsigned_dims=False, ndim=None):
        if ndim is None:
            ndim = self.i32()
        if ndim < 0 or ndim > _MAX_NDIM:
            raise _FormatError(f"{self.where} has an invalid number of dimensions {ndim}")
        dims = self.unpack(f"<{ndim}{'I' if unsigned_dims else 'q'}")
        if any(d < -1 for d in dims):
            raise _FormatError(f"{self.where} has an invalid shape {dims}")
        return tuple(dims)

    def array(self, count, dtype):
        """A fresh numpy array of ``count`` items read straight from the stream."""
        need = count * dtype.itemsize
        if need > self.left:
            raise _FormatError(f"the file ends in the middle of the data of {self.where} "
                               "(it is truncated)")
        out = _np.empty(count, dtype=dtype)
        buf = out.view(_np.uint8)
        got = self.f.readinto(buf) if need else 0
        if got != need:
            raise _FormatError(f"the file ends in the middle of the data of {self.where} "
                               "(it is truncated)")
        self.left -= need
        if _BIG_ENDIAN:  # pragma: no cover - the format is little-endian
            out = out.byteswap()
        return out


def _dtype_of(flag, r):
    dt = _FLAG_TO_DTYPE.get(flag)
    if dt is None:
        raise _FormatError(f"{r.where} has the unknown type flag {flag} (MXNet's file "
                           "types are float32, float64, float16, uint8, int32, int8, "
                           "int64, bool and bfloat16)")
    return dt


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _read_one(r):
    """One array: returns (numpy value or None, (dev_type, dev_id))."""
    magic = r.unpack("<I")[0]
    stype, nad, sshape = 0, 0, None
    if magic in (_V2_MAGIC, _V3_MAGIC):
        stype = r.i32()
        if stype not in _STYPES:
            raise _FormatError(f"{r.where} has the unknown storage type {stype}")
        nad = _STYPES[stype][1]
        if nad:
            sshape = r.shape()
        shape = r.shape()
        # No storage: ndim 0 in V2 (legacy shapes); an unknown dim in V3 (0-d is real).
        if (not shape) if magic == _V2_MAGIC else (-1 in shape):
            return None, None
    elif magic == _V1_MAGIC:
        shape = r.shape()
        if -1 in shape:
            return None, None
    elif magic <= _MAX_NDIM:  # before V1 the first word is ndim and the dims are u32
        shape = r.shape(unsigned_dims=True, ndim=magic)
    else:
        raise _FormatError(f"{r.where} starts with the unknown magic number 0x{magic:08X}")
    if -1 in shape or (sshape is not None and (-1 in sshape or not sshape)):
        raise _FormatError(f"{r.where} has an unknown dimension in its shape {shape}")
    dev_type, dev_id = r.unpack("<ii")
    dtype = _dtype_of(r.i32(), r)
    aux = [(_dtype_of(r.i32(), r), r.shape()) for _ in range(nad)]
    if not nad:
        return r.array(_size(shape), dtype).reshape(shape), (dev_type, dev_id)
    data = r.array(_size(sshape), dtype).reshape(sshape)
    aux_vals = []
    for dt, s in aux:
        if -1 in s:
            raise _FormatError(f"{r.where} has an unknown dimension in an index shape")
        aux_vals.append(r.array(_size(s), dt).reshape(s))
    return _densify(stype, shape, data, aux_vals, r), (dev_type, dev_id)


def _densify(stype, shape, data, aux, r):
    """The dense value of a row_sparse (aux: row ids) or csr (aux: indptr, indices)."""
    out = _np.zeros(shape, dtype=data.dtype)
    idx = [a.astype(_np.int64) for a in aux]
    try:
        if any(i.size and i.min() < 0 for i in idx):
            raise ValueError("negative index")
        if stype == 1:
            out[idx[0]] = data
        else:
            indptr, cols = idx
            if len(shape) != 2 or indptr.shape != (shape[0] + 1,):
                raise ValueError("indptr does not match the shape")
            out[_np.repeat(_np.arange(shape[0]), _np.diff(indptr)), cols] = data
    except (IndexError, ValueError) as e:
        raise _FormatError(f"{r.where} is a {_STYPES[stype][0]} array whose indices do "
                           f"not fit its shape {shape} ({e})") from None
    return out


def _parse(stream, size):
    """(values, contexts, keys or None) of a whole file."""
    r = _Reader(stream, size)
    header, _reserved = r.unpack("<QQ")
    if header != _LIST_MAGIC:
        raise _FormatError(f"it does not start with MXNet's NDArray file magic 0x112 "
                           f"(found 0x{header:X})")
    r.where = "the array count"
    count = r.u64()
    if count * 4 > r.left:
        raise _FormatError(f"it claims {count} arrays, more than the file can hold "
                           "(it is damaged or truncated)")
    values, ctxs = [], []
    for i in range(count):
        r.where = f"array {i} of {count}"
        v, c = _read_one(r)
        values.append(v)
        ctxs.append(c)
    r.where = "the key list"
    nkeys = r.u64()
    if nkeys not in (0, count):
        raise _FormatError(f"it has {count} arrays but {nkeys} keys")
    keys = []
    for i in range(nkeys):
        r.where = f"key {i} of {nkeys}"
        raw = r.raw(r.u64())
        try:
            keys.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _FormatError(f"key {i} is not valid UTF-8 ({raw[:40]!r})") from None
    return values, ctxs, (keys if nkeys else None)


def _target_context(saved, ctx):
    """Where a loaded array goes: ``ctx`` if given, else its saved GPU when this machine
    has it (as MXNet does), else cpu(0)."""
    from .context import Context, cpu, num_gpus
    if ctx is not None:
        return ctx if isinstance(ctx, Context) else Context(ctx)
    dev_type, dev_id = saved
    if dev_type == 2 and 0 <= dev_id < num_gpus():
        return Context("gpu", dev_id)
    return cpu(0)


def _build(values, ctxs, keys, ctx, cls):
    from ._core.ndarray import wrap
    if cls is None:
        from .ndarray.ndarray import NDArray as cls
    out = []
    for v, c in zip(values, ctxs):
        if v is None:
            out.append(None)
            continue
        where = _target_context(c, ctx)
        out.append(wrap(cls, jax.device_put(v, where.jax_device), where))
    if keys is None:
        return out
    return dict(zip(keys, out))


def _fspath(fname, api):
    if isinstance(fname, str):
        return fname
    if isinstance(fname, os.PathLike):
        return os.fspath(fname)
    raise TypeError(f"fname required to be a string: {api} got {type(fname).__name__}; "
                    "pass the file name as a str.")


def load_ndarrays(fname, ctx=None, cls=None, api="mx.nd.load"):
    """Read a file in MXNet's NDArray format: a list, or a dict when it has keys.

    Arrays go to ``ctx`` when given, else where MXNet would put them (their saved GPU
    if this machine has it, else cpu(0)); ``cls`` is the array class (mx.nd.NDArray).
    """
    path = _fspath(fname, api)
    try:
        f = open(path, "rb")
    except OSError as e:
        raise MXNetError(f"{api} could not open {path!r}: {e.strerror or e}. Check the "
                         "file name and that the file exists and is readable.") from None
    with f:
        try:
            parsed = _parse(f, os.fstat(f.fileno()).st_size)
        except _FormatError as e:
            raise MXNetError(f"{api} could not read {path!r}: {e}. It is not a valid "
                             "MXNet NDArray file as written by mx.nd.save or "
                             "save_parameters.") from None
    return _build(*parsed, ctx, cls)


def load_frombuffer(buf, ctx=None, cls=None, api="mx.nd.load_frombuffer"):
    """Like ``load_ndarrays`` for the bytes of a file (``mx.nd.load_frombuffer``)."""
    if not isinstance(buf, (bytes, bytearray, memoryview)):
        raise TypeError(f"buf required to be bytes: {api} got {type(buf).__name__}; pass "
                        "the file's contents, e.g. open(fname, 'rb').read().")
    mv = memoryview(buf).cast("B")
    try:
        parsed = _parse(io.BytesIO(mv), mv.nbytes)
    except _FormatError as e:
        raise MXNetError(f"{api} could not read the buffer: {e}. It is not a valid "
                         "MXNet NDArray file as written by mx.nd.save.") from None
    return _build(*parsed, ctx, cls)


# ------------------------------------------------------------------------- writing
def _flag_of(dtype, label, api):
    flag = _DTYPE_TO_FLAG.get(_np.dtype(dtype))
    if flag is None:
        raise MXNetError(
            f"{api} cannot store {label} of dtype {_np.dtype(dtype).name}: MXNet's file "
            "format holds only float32, float64, float16, uint8, int8, int32, int64, "
            "bool and bfloat16. Cast it first, e.g. x.astype('int32') or "
            "x.astype('float32').")
    return flag


def _pack_shape(shape):
    return struct.pack("<i", len(shape)) + struct.pack(f"<{len(shape)}q", *shape)


def _array_chunks(arr, magic):
    """The header bytes and the data (a uint8 view) of one dense array."""
    host = _np.asarray(arr)
    if not host.flags.c_contiguous:  # (ascontiguousarray would make 0-d arrays 1-d)
        host = host.copy(order="C")
    ctx = arr.context
    head = (struct.pack("<Ii", magic, 0) + _pack_shape(host.shape)
            + struct.pack("<iii", ctx.device_typeid, ctx.device_id,
                          _DTYPE_TO_FLAG[host.dtype]))
    if _BIG_ENDIAN:  # pragma: no cover - the format is little-endian
        host = host.byteswap()
    return head, host.reshape(-1).view(_np.uint8)


def write_ndarrays(fname, arrays, keys=None, np_shape=False, api="mx.nd.save"):
    """Write ``arrays`` (NDArrays) with optional str ``keys`` to ``fname`` atomically.

    Arrays are written in V2 (legacy shapes), or all in V3 when ``np_shape`` is true or
    one of them is 0-d (V2 cannot hold a 0-d array). The file appears complete or not
    at all: the bytes go to a temporary file in the same folder, renamed at the end.
    One array at a time is brought to the host.
    """
    path = _fspath(fname, api)
    arrays = list(arrays)
    for i, a in enumerate(arrays):
        _flag_of(a.dtype, repr(keys[i]) if keys is not None else f"array {i}", api)
    if not np_shape and any(len(a.shape) == 0 for a in arrays):
        np_shape = True
    magic = _V3_MAGIC if np_shape else _V2_MAGIC
    key_bytes = [k.encode("utf-8") for k in keys] if keys is not None else []
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                   suffix=".tmp", dir=folder)
    except OSError as e:
        raise MXNetError(f"{api} could not write {path!r}: {e.strerror or e}. Check that "
                         "the folder exists and is writable.") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<QQQ", _LIST_MAGIC, 0, len(arrays)))
            for a in arrays:
                head, data = _array_chunks(a, magic)
                f.write(head)
                f.write(data)
                del data
            f.write(struct.pack("<Q", len(key_bytes)))
            for kb in key_bytes:
                f.write(struct.pack("<Q", len(kb)))
                f.write(kb)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise MXNetError(f"{api} could not write {path!r}: {e.strerror or e}. Check "
                             "the path and the free disk space.") from None
        raise


_UMASK = None


def _umask():
    """The process umask (files get the permissions a plain open() would give)."""
    global _UMASK
    if _UMASK is None:
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("Umask:"):
                        _UMASK = int(line.split()[1], 8)
        except OSError:
            pass
        if _UMASK is None:
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


def _np_array_class():
    """``mx.np.ndarray`` when mxcompat has the numpy module, else None."""
    try:
        from .numpy import ndarray
    except ImportError:
        return None
    return ndarray


def save_ndarrays(fname, data, np_shape=False):
    """``mx.nd.save`` (``np_shape=False``) or ``mx.npx.save`` (``np_shape=True``):
    an array, a list of arrays or a dict of str -> array, checked as MXNet does."""
    from .ndarray.ndarray import NDArray
    from ._core.ndarray import NDArrayBase
    api = "mx.npx.save" if np_shape else "mx.nd.save"
    np_cls = _np_array_class()
    allowed = NDArrayBase if np_shape else NDArray
    if isinstance(data, NDArrayBase):
        data = [data]
    if isinstance(data, dict):
        keys, values = list(data.keys()), list(data.values())
        bad = [k for k in keys if not isinstance(k, str)]
        if bad:
            raise TypeError(f"save only accept dict str->NDArray or list of NDArray: {api} "
                            f"got the key {bad[0]!r} of type {type(bad[0]).__name__}; "
                            "use str keys.")
    elif isinstance(data, list):
        keys, values = None, data
    else:
        raise ValueError(f"data needs to either be a NDArray, dict of str, NDArray pairs "
                         f"or a list of NDarrays: {api} got {type(data).__name__}.")
    for v in values:
        if not np_shape and np_cls is not None and isinstance(v, np_cls):
            raise TypeError("cannot save mxnet.numpy.ndarray using mxnet.ndarray.save; "
                            "use mx.npx.save instead.")
        if not isinstance(v, allowed):
            raise TypeError(f"save only accept dict str->NDArray or list of NDArray: {api} "
                            f"got a value of type {type(v).__name__}; convert it with "
                            "mx.nd.array(...) first.")
    write_ndarrays(fname, values, keys, np_shape=np_shape, api=api)


# ------------------------------------------------------------- single arrays (pickle)
def array_to_raw_bytes(arr):
    """One array in the format MXNet's pickles carry (``NDArray.__getstate__``)."""
    _flag_of(arr.dtype, "the array", "Pickling an NDArray")
    head, data = _array_chunks(arr, _V3_MAGIC if len(arr.shape) == 0 else _V2_MAGIC)
    return head + data.tobytes()


def array_from_raw_bytes(buf, ctx=None, cls=None):
    """The array that ``array_to_raw_bytes`` (or MXNet's ``__getstate__``) produced."""
    mv = memoryview(buf).cast("B")
    r = _Reader(io.BytesIO(mv), mv.nbytes)
    r.where = "the pickled array"
    try:
        value, saved = _read_one(r)
    except _FormatError as e:
        raise MXNetError(f"Unpickling an NDArray failed: {e}. The pickle is damaged or "
                         "was not written by MXNet or mxcompat.") from None
    return _build([value], [saved], None, ctx, cls)[0]
