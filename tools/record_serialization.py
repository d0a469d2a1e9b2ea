"""Golden files for MXNet's binary NDArray format, in both directions.

Run from the repository root. ORACLE is the real MXNet 1.9.1's python:
``ORACLE=$(bash /work/shared/oracle/setup.sh)``.

(a) MXNet -> mxcompat, one step:

    $ORACLE tools/record_serialization.py record-mxnet

    Real MXNet writes small files into tests/golden/files/ (mxnet_*.nd/.params: lists,
    dicts, every dtype, zero-size arrays, numpy-shape files, gluon parameter files,
    sparse arrays) plus a few files built here byte by byte
    (crafted_*.nd: the older V1 and pre-V1 layouts, entries without storage, a GPU
    context, damaged files) and
    records in tests/golden/files/mxnet_written.json what MXNet itself reads from each
    (or the exception it raises), with the files' sha256, some pickled-array bytes and
    the exception types of bad save/load calls.

(b) mxcompat -> MXNet, two steps (the first needs mxcompat, the second MXNet):

    /work/venv/bin/python tools/record_serialization.py write-mxcompat
    $ORACLE tools/record_serialization.py verify-mxcompat

    The first writes tests/golden/files/mxcompat_*.nd with mxcompat from the data
    defined below (numpy only); the second loads each of them with real MXNet and
    records what it read, with each file's sha256, in
    tests/golden/files/mxnet_read_mxcompat.json.

tests/test_serialization.py then checks, without MXNet: that mxcompat reads the MXNet
files as MXNet did, writes byte-identical copies of them, still writes exactly the
files MXNet verified, and that MXNet's recorded reading equals the source data.
Keep this file Python 3.8 compatible (the oracle runs it).
"""
import ctypes
import hashlib
import json
import os
import struct
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = os.path.join(ROOT, "tests", "golden", "files")
MXNET_JSON = os.path.join(FILES, "mxnet_written.json")
VERIFY_JSON = os.path.join(FILES, "mxnet_read_mxcompat.json")


# --------------------------------------------------------------------- the data
def bf16_bits(values):
    """bfloat16 values as their uint16 bit patterns (exact for these values)."""
    f = np.asarray(values, dtype=np.float32)
    return (f.view(np.uint32) >> 16).astype(np.uint16)


def dtype_arrays():
    """One small array of every dtype MXNet's files hold (bfloat16 as uint16 bits)."""
    return [
        ("float32", np.array([[1.5, -2.25, np.nan], [np.inf, -np.inf, 0.1]], np.float32)),
        ("float64", np.arange(5, dtype=np.float64) / 3.0 - 1e300 * (np.arange(5) == 4)),
        ("float16", np.array([[0.5, -1.0], [65504.0, 6e-5]], np.float16)),
        ("uint8", np.array([0, 1, 127, 128, 255], np.uint8)),
        ("int8", np.array([[-128, -1], [0, 127]], np.int8)),
        ("int32", np.array([-2 ** 31, -1, 0, 2 ** 31 - 1], np.int32).reshape(2, 1, 2)),
        ("int64", np.array([-2 ** 62, -1, 2 ** 40 + 7, 2 ** 63 - 1], np.int64)),
        ("bool", np.array([[True, False, True]], np.bool_)),
        ("bfloat16", bf16_bits([1.5, -2.0, 0.0078125, 2.0 ** 127])),
    ]


def pattern(shape, dtype, scale=0.25, offset=0.0):
    """Deterministic values of a shape: (i * scale + offset) in C order."""
    n = int(np.prod(shape)) if len(shape) else 1
    return (np.arange(n, dtype=np.float64) * scale + offset).astype(dtype).reshape(shape)


def mxcompat_cases():
    """name -> (how, payload) for the files mxcompat writes in mode (b).

    how: 'list', 'dict', 'single' (a bare array), 'npx' (a dict, numpy-shape file)
    or 'cpu1' (a list of arrays on context cpu(1)). Payload items are (key, dtype
    name, numpy value)."""
    dt = [(None, name, v) for name, v in dtype_arrays()]
    return {
        "mxcompat_dtypes.nd": ("list", dt),
        "mxcompat_dict.params": ("dict", [
            ("net.0.weight", "float32", pattern((3, 4), np.float32, 0.5, -1.0)),
            ("net.0.bias", "float32", pattern((3,), np.float32, 1.0, 0.5)),
            ("gr\u00f6\u00dfe", "int64", pattern((2, 2), np.int64, 3.0, -4.0)),
            ("", "float64", pattern((1,), np.float64, 1.0, 42.0)),
        ]),
        "mxcompat_zero_size.nd": ("list", [
            (None, "float32", np.zeros((0,), np.float32)),
            (None, "int32", np.zeros((2, 0, 3), np.int32)),
            (None, "float32", pattern((1,), np.float32, 1.0, 7.0)),
        ]),
        "mxcompat_scalar.nd": ("list", [
            (None, "float32", np.array(2.5, np.float32)),
            (None, "int32", pattern((2,), np.int32, 1.0, 3.0)),
        ]),
        "mxcompat_single.nd": ("single", [
            (None, "float32", pattern((2, 3), np.float32, 0.125, -0.5)),
        ]),
        "mxcompat_empty_list.nd": ("list", []),
        "mxcompat_empty_dict.nd": ("dict", []),
        "mxcompat_npx.params": ("npx", [
            ("w", "float32", pattern((2, 2), np.float32, 1.5, 0.0)),
            ("s", "float64", np.array(-3.75, np.float64)),
            ("z", "float32", np.zeros((0, 4), np.float32)),
        ]),
        "mxcompat_cpu1.nd": ("cpu1", [
            (None, "float32", pattern((4,), np.float32, 2.0, 1.0)),
        ]),
        "mxcompat_big.nd": ("list", [
            (None, "float64", pattern((64, 33), np.float64, 0.001, -1.0)),
        ]),
    }


# ------------------------------------------------------------------ helpers
def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def describe(arr):
    """What an MXNet array holds: dtype, shape, context, stype and exact bytes."""
    if arr is None:
        return {"none": True}
    st = ctypes.c_int()
    from mxnet.base import _LIB
    _LIB.MXNDArrayGetStorageType(arr.handle, ctypes.byref(st))
    if st.value == -1:
        return {"none": True}
    dense = arr if arr.stype == "default" else arr.tostype("default")
    host = dense.asnumpy()
    dtype = np.dtype(host.dtype)
    name = "bfloat16" if dtype.names == ("bfloat16",) else dtype.name
    return {"none": False, "dtype": name, "shape": list(host.shape),
            "context": str(arr.context), "stype": arr.stype,
            "hex": np.ascontiguousarray(host).tobytes().hex()}


def describe_loaded(loaded):
    if isinstance(loaded, dict):
        return {"kind": "dict", "entries": [dict(describe(v), key=k)
                                            for k, v in loaded.items()]}
    return {"kind": "list", "entries": [dict(describe(v), key=None) for v in loaded]}


def mx_load(mx, path):
    """Load as MXNet does; if MXNet asks for numpy shapes, load again inside them."""
    try:
        return mx.nd.load(path), False
    except mx.base.MXNetError as e:
        if "np shape semantics" not in str(e):
            raise
    with mx.util.np_shape(True):
        return mx.nd.load(path), True


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "message": str(e)[-400:]}
    return None


def to_mx(mx, dtype, value, ctx=None):
    if dtype == "bfloat16":
        bf = np.dtype([("bfloat16", np.uint16)])
        return mx.nd.array(value.view(np.uint16).astype(np.float32), ctx=ctx).astype(bf)
    return mx.nd.array(value, dtype=value.dtype, ctx=ctx)


# ------------------------------------------------------- (a) record with MXNet
def _v1_file():
    """A float32 2x2 array and a 0-d float64 in the V1 layout (int64 shape, no stype)."""
    data = pattern((2, 2), np.float32, 1.0, 1.0)
    arr = (struct.pack("<I", 0xF993FAC8) + struct.pack("<iqq", 2, 2, 2)
           + struct.pack("<iii", 1, 0, 0) + data.tobytes())
    scalar = (struct.pack("<I", 0xF993FAC8) + struct.pack("<i", 0)
              + struct.pack("<iii", 1, 0, 1) + np.float64(-0.75).tobytes())
    return struct.pack("<QQQ", 0x112, 0, 2) + arr + scalar + struct.pack("<Q", 0)


def _v0_file():
    """A dict of one int32 array of shape (3,) in the pre-V1 layout (u32 ndim/dims)."""
    data = np.array([5, -6, 7], np.int32)
    arr = struct.pack("<II", 1, 3) + struct.pack("<iii", 1, 0, 4) + data.tobytes()
    return (struct.pack("<QQQ", 0x112, 0, 1) + arr + struct.pack("<Q", 1)
            + struct.pack("<Q", 3) + b"old")


def _v2_array(magic=0xF993FAC9, dev_type=1):
    data = np.array([0.5, -0.5], np.float32)
    return (struct.pack("<Ii", magic, 0) + struct.pack("<iq", 1, 2)
            + struct.pack("<iii", dev_type, 0, 0) + data.tobytes())


def _gpu_file():
    """A V2 float32 (2,) array saved with context gpu(0)."""
    return struct.pack("<QQQ", 0x112, 0, 1) + _v2_array(dev_type=2) + struct.pack("<Q", 0)


def _none_file():
    """Entries without storage (V2: ndim 0; V1: an unknown dim -1) around a real array.
    MXNet 1.9.1 can no longer write them (its NDArray::Save fails on them)."""
    none2 = struct.pack("<Iii", 0xF993FAC9, 0, 0)
    none1 = struct.pack("<Iiq", 0xF993FAC8, 1, -1)
    return (struct.pack("<QQQ", 0x112, 0, 3) + none2 + _v2_array() + none1
            + struct.pack("<Q", 0))


def _v3_none_file():
    """Numpy-shape file: an entry with an unknown dim (-1, 3), then a real array."""
    none3 = struct.pack("<Iiiqq", 0xF993FACA, 0, 2, -1, 3)
    return (struct.pack("<QQQ", 0x112, 0, 2) + none3 + _v2_array(magic=0xF993FACA)
            + struct.pack("<Q", 0))


def record_mxnet():
    import mxnet as mx
    from mxnet import gluon, npx
    os.makedirs(FILES, exist_ok=True)
    out = {"mxnet_version": mx.__version__, "files": {}, "errors": {}, "pickles": []}

    def save(name, data, writer="nd"):
        path = os.path.join(FILES, name)
        if writer == "nd":
            mx.nd.save(path, data)
        elif writer == "npx":
            npx.save(path, data)
        elif writer == "raw":
            with open(path, "wb") as f:
                f.write(data)
        return path

    def record(name, resave=None, single=False):
        path = os.path.join(FILES, name)
        entry = {"sha256": sha256(path), "resave": resave, "single": single}
        err = error_of(lambda: mx_load(mx, path))
        if err is not None:
            entry["error"] = err
        else:
            loaded, needed_np = mx_load(mx, path)
            entry.update(describe_loaded(loaded))
            entry["np_shape"] = needed_np
        out["files"][name] = entry

    arrays = [to_mx(mx, n, v) for n, v in dtype_arrays()]
    save("mxnet_dtypes.nd", arrays)
    record("mxnet_dtypes.nd", resave="nd")
    save("mxnet_dict.params", {n: a for (n, _), a in zip(dtype_arrays(), arrays)})
    record("mxnet_dict.params", resave="nd")
    save("mxnet_single.nd", to_mx(mx, "float32", pattern((3, 2), np.float32, 0.5, 1.0)))
    record("mxnet_single.nd", resave="nd", single=True)
    save("mxnet_zero_size.nd", [to_mx(mx, "float32", np.zeros((0,), np.float32)),
                                to_mx(mx, "int64", np.zeros((3, 0), np.int64)),
                                to_mx(mx, "float16", pattern((2,), np.float16, 1.0, 1.0))])
    record("mxnet_zero_size.nd", resave="nd")
    save("mxnet_empty_list.nd", [])
    record("mxnet_empty_list.nd", resave="nd")
    save("mxnet_empty_dict.nd", {})
    record("mxnet_empty_dict.nd", resave="nd")
    save("mxnet_unicode_keys.params", {
        "gr\u00f6\u00dfe": to_mx(mx, "float32", pattern((2,), np.float32, 1.0, 0.0)),
        "\u6743\u91cd.weight": to_mx(mx, "int8", pattern((1, 3), np.int8, 1.0, -1.0)),
        "": to_mx(mx, "uint8", pattern((1,), np.uint8, 1.0, 9.0))})
    record("mxnet_unicode_keys.params", resave="nd")

    # A gluon network's parameter file, legacy and numpy mode.
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(3, in_units=4), gluon.nn.Dense(2, in_units=3))
    net.initialize()
    for i, p in enumerate(net.collect_params().values()):
        p.set_data(mx.nd.array(pattern(p.shape, np.float32, 0.1, -0.3 * i)))
    net.save_parameters(os.path.join(FILES, "mxnet_gluon.params"))
    record("mxnet_gluon.params", resave="nd")

    npx.set_np()
    try:
        save("mxnet_npx.nd", [mx.np.array(3.0), mx.np.zeros((0,)), mx.np.zeros((2, 0)),
                              mx.np.array(pattern((2, 3), np.int32, 1.0, -2.0),
                                          dtype=np.int32)], writer="npx")
        npnet = gluon.nn.Dense(2, in_units=2)
        npnet.initialize()
        npnet.weight.set_data(mx.np.array(pattern((2, 2), np.float32, 0.5, 0.0)))
        npnet.bias.set_data(mx.np.array(pattern((2,), np.float32, 1.0, -1.0)))
        npnet.save_parameters(os.path.join(FILES, "mxnet_npx_gluon.params"))
    finally:
        npx.reset_np()
    record("mxnet_npx.nd", resave="npx")
    record("mxnet_npx_gluon.params", resave="npx")

    # Sparse arrays (mxcompat loads them densely).
    dense_rs = np.zeros((4, 2), np.float32)
    dense_rs[1] = [1.0, 2.0]
    dense_rs[3] = [-3.0, 4.5]
    dense_csr = np.array([[0, 7, 0], [0, 0, 0], [8, 0, 9]], np.float64)
    save("mxnet_sparse.nd", {
        "rs": mx.nd.array(dense_rs).tostype("row_sparse"),
        "csr": mx.nd.array(dense_csr, dtype=np.float64).tostype("csr"),
        "dense": mx.nd.array(pattern((2,), np.float32, 1.0, 0.0))})
    record("mxnet_sparse.nd")

    # Layouts MXNet 1.9.1 reads but no longer writes, a GPU context, damaged files.
    save("crafted_v1.nd", _v1_file(), writer="raw")
    record("crafted_v1.nd")
    save("crafted_v0.params", _v0_file(), writer="raw")
    record("crafted_v0.params")
    save("crafted_none_entries.nd", _none_file(), writer="raw")
    record("crafted_none_entries.nd")
    save("crafted_v3_none.nd", _v3_none_file(), writer="raw")
    record("crafted_v3_none.nd")
    save("crafted_gpu_ctx.nd", _gpu_file(), writer="raw")
    record("crafted_gpu_ctx.nd")
    with open(os.path.join(FILES, "mxnet_dtypes.nd"), "rb") as f:
        good = f.read()
    save("crafted_bad_magic.nd", b"\x89PNG\r\n\x1a\n not an ndarray file at all", "raw")
    record("crafted_bad_magic.nd")
    save("crafted_truncated_data.nd", good[:60], writer="raw")
    record("crafted_truncated_data.nd")
    with open(os.path.join(FILES, "mxnet_dict.params"), "rb") as f:
        keyed = f.read()
    save("crafted_truncated_keys.nd", keyed[:-2], writer="raw")
    record("crafted_truncated_keys.nd")
    with open(os.path.join(FILES, "mxnet_single.nd"), "rb") as f:
        single = bytearray(f.read())
    single[60:64] = struct.pack("<i", 8)  # type flag 8 (int16): MXNet cannot load it
    save("crafted_type_flag8.nd", bytes(single), writer="raw")
    record("crafted_type_flag8.nd")
    save("crafted_empty_file.nd", b"", writer="raw")
    record("crafted_empty_file.nd")

    # Exception types of bad calls.
    one = mx.nd.ones((1,))
    tmp = os.path.join(FILES, "_scratch.nd")
    errs = out["errors"]
    errs["save_int_key"] = error_of(lambda: mx.nd.save(tmp, {1: one}))
    errs["save_tuple"] = error_of(lambda: mx.nd.save(tmp, (one,)))
    errs["save_numpy_in_list"] = error_of(lambda: mx.nd.save(tmp, [np.ones(1)]))
    errs["save_int"] = error_of(lambda: mx.nd.save(tmp, 5))
    errs["save_missing_folder"] = error_of(
        lambda: mx.nd.save(os.path.join(FILES, "no_such_dir", "x.nd"), [one]))
    errs["load_int"] = error_of(lambda: mx.nd.load(5))
    errs["load_missing_file"] = error_of(
        lambda: mx.nd.load(os.path.join(FILES, "no_such_file.nd")))
    npx.set_np()
    try:
        errs["nd_save_np_array"] = error_of(lambda: mx.nd.save(tmp, [mx.np.ones((1,))]))
    finally:
        npx.reset_np()
    if os.path.exists(tmp):
        os.remove(tmp)

    # Pickled arrays carry one array in the same layout (NDArray.__getstate__).
    for name, value in [("float32", pattern((2, 2), np.float32, 0.5, -1.0)),
                        ("int64", pattern((3,), np.int64, 5.0, 1.0))]:
        arr = mx.nd.array(value, dtype=value.dtype)
        out["pickles"].append({"dtype": name, "shape": list(value.shape),
                               "hex": value.tobytes().hex(),
                               "state": bytes(arr.__getstate__()["handle"]).hex()})
    with open(MXNET_JSON, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    print("wrote %d files and %s" % (len(out["files"]), MXNET_JSON))


# ---------------------------------------------------- (b) write with mxcompat
def write_mxcompat_file(mx, path, how, payload):
    """Write one case with mxcompat (used by write-mxcompat and by the tests)."""
    from mxcompat.serialization import save_ndarrays
    ctx = mx.cpu(1) if how == "cpu1" else None

    def arr(dtype, value):
        if dtype == "bfloat16":
            import jax.numpy as jnp
            value = value.view(jnp.bfloat16)
        return mx.nd.array(value, dtype=value.dtype, ctx=ctx)

    if how in ("dict", "npx"):
        data = {k: arr(d, v) for k, d, v in payload}
    elif how == "single":
        data = arr(payload[0][1], payload[0][2])
    else:
        data = [arr(d, v) for _, d, v in payload]
    save_ndarrays(path, data, np_shape=(how == "npx"))


def write_mxcompat():
    sys.path.insert(0, ROOT)
    import mxcompat as mx
    os.makedirs(FILES, exist_ok=True)
    for name, (how, payload) in mxcompat_cases().items():
        write_mxcompat_file(mx, os.path.join(FILES, name), how, payload)
    print("wrote %d mxcompat files into %s" % (len(mxcompat_cases()), FILES))


def verify_mxcompat():
    import mxnet as mx
    out = {"mxnet_version": mx.__version__, "files": {}}
    for name in sorted(mxcompat_cases()):
        path = os.path.join(FILES, name)
        entry = {"sha256": sha256(path)}
        err = error_of(lambda: mx_load(mx, path))
        if err is not None:
            entry["error"] = err
            print("  MXNet could not read %s: %s" % (name, err["message"][-200:]))
        else:
            loaded, needed_np = mx_load(mx, path)
            entry.update(describe_loaded(loaded))
            entry["np_shape"] = needed_np
        out["files"][name] = entry
    with open(VERIFY_JSON, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    print("MXNet read %d mxcompat files; wrote %s" % (len(out["files"]), VERIFY_JSON))


if __name__ == "__main__":
    modes = {"record-mxnet": record_mxnet, "write-mxcompat": write_mxcompat,
             "verify-mxcompat": verify_mxcompat}
    if len(sys.argv) != 2 or sys.argv[1] not in modes:
        raise SystemExit("usage: record_serialization.py {%s}" % ",".join(modes))
    modes[sys.argv[1]]()
