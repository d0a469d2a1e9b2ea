"""MXNet's binary NDArray format: goldens recorded with real MXNet 1.9.1, both ways.

(a) tests/golden/files/mxnet_written.json: files real MXNet wrote (or crafted ones it
    read) and what MXNet read from each; mxcompat must read the same and write
    byte-identical copies.
(b) tests/golden/files/mxnet_read_mxcompat.json: files mxcompat wrote and what real
    MXNet read from them; mxcompat must still write exactly those bytes, and MXNet's
    reading must equal the source data.
See tools/record_serialization.py for how both are recorded.
"""
import hashlib
import json
import os
import pickle
import stat
import struct
import sys

import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import serialization as ser
from mxcompat.base import MXNetError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = os.path.join(ROOT, "tests", "golden", "files")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import record_serialization as rec  # noqa: E402

with open(rec.MXNET_JSON) as _f:
    WRITTEN = json.load(_f)
with open(rec.VERIFY_JSON) as _f:
    VERIFIED = json.load(_f)

READABLE = sorted(n for n, e in WRITTEN["files"].items() if "error" not in e)
BROKEN = sorted(n for n, e in WRITTEN["files"].items() if "error" in e)
RESAVE = sorted(n for n, e in WRITTEN["files"].items() if e.get("resave"))
CASES = rec.mxcompat_cases()


def _path(name):
    return os.path.join(FILES, name)


def _sha(name):
    with open(_path(name), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _bytes(name):
    with open(_path(name), "rb") as f:
        return f.read()


def _dtype_name(arr):
    dt = np.dtype(arr.dtype)
    return "bfloat16" if dt == np.dtype(jnp.bfloat16) else dt.name


def _check_entry(got, want, what):
    """One loaded mxcompat array against MXNet's recorded reading of the same entry."""
    if want["none"]:
        assert got is None, f"{what}: MXNet read an entry without storage"
        return
    assert type(got) is mx.nd.NDArray, f"{what}: {type(got)}"
    assert _dtype_name(got) == want["dtype"], what
    assert list(got.shape) == want["shape"], what
    assert got.stype == "default", what
    assert str(got.context) == want["context"], what
    assert np.ascontiguousarray(got.asnumpy()).tobytes().hex() == want["hex"], what


def _check_loaded(got, rec_entry, what):
    if rec_entry["kind"] == "dict":
        assert isinstance(got, dict), what
        assert list(got) == [e["key"] for e in rec_entry["entries"]], what
        for e in rec_entry["entries"]:
            _check_entry(got[e["key"]], e, f"{what}[{e['key']!r}]")
    else:
        assert isinstance(got, list), what
        assert len(got) == len(rec_entry["entries"]), what
        for i, (g, e) in enumerate(zip(got, rec_entry["entries"])):
            _check_entry(g, e, f"{what}[{i}]")


# ------------------------------------------------------------ (a) MXNet -> mxcompat
@pytest.mark.parametrize("name", sorted(WRITTEN["files"]))
def test_golden_file_is_the_one_mxnet_read(name):
    assert _sha(name) == WRITTEN["files"][name]["sha256"]


@pytest.mark.parametrize("name", READABLE)
def test_load_reads_what_mxnet_read(name):
    entry = WRITTEN["files"][name]
    if name == "crafted_gpu_ctx.nd" and mx.num_gpus() > 0:
        # MXNet (recorded without CUDA) falls back to cpu(0); with a GPU both use gpu(0).
        entry = json.loads(json.dumps(entry))
        entry["entries"][0]["context"] = "gpu(0)"
    _check_loaded(mx.nd.load(_path(name)), entry, name)


@pytest.mark.parametrize("name", READABLE)
def test_load_frombuffer_matches_load(name):
    got = ser.load_frombuffer(_bytes(name), ctx=mx.cpu())
    entry = json.loads(json.dumps(WRITTEN["files"][name]))
    for e in entry["entries"]:
        e["context"] = "cpu(0)"
    _check_loaded(got, entry, name)


def test_sparse_arrays_load_densely():
    got = mx.nd.load(_path("mxnet_sparse.nd"))
    rs = np.zeros((4, 2), np.float32)
    rs[1] = [1.0, 2.0]
    rs[3] = [-3.0, 4.5]
    np.testing.assert_array_equal(got["rs"].asnumpy(), rs)
    np.testing.assert_array_equal(got["csr"].asnumpy(),
                                  np.array([[0, 7, 0], [0, 0, 0], [8, 0, 9]], np.float64))
    assert WRITTEN["files"]["mxnet_sparse.nd"]["entries"][0]["stype"] == "row_sparse"


def test_ctx_argument_places_every_array():
    got = mx.nd.load(_path("mxnet_dict.params"), ctx=mx.cpu(1))
    assert {str(v.context) for v in got.values()} == {"cpu(1)"}


# MXNet 1.9.1's Python nd.load fails on entries without storage ("unknown storage
# type: -1", recorded); mxcompat gives None there. Values come from the crafted bytes.
def test_entries_without_storage_load_as_none():
    assert WRITTEN["files"]["crafted_none_entries.nd"]["error"]["message"] == \
        "unknown storage type: -1"
    got = mx.nd.load(_path("crafted_none_entries.nd"))
    assert got[0] is None and got[2] is None
    np.testing.assert_array_equal(got[1].asnumpy(), np.array([0.5, -0.5], np.float32))
    got = mx.nd.load(_path("crafted_v3_none.nd"))
    assert got[0] is None
    np.testing.assert_array_equal(got[1].asnumpy(), np.array([0.5, -0.5], np.float32))


_PROBLEM = {
    "crafted_bad_magic.nd": "magic",
    "crafted_empty_file.nd": "truncated",
    "crafted_truncated_data.nd": "truncated",
    "crafted_truncated_keys.nd": "truncated",
    "crafted_type_flag8.nd": "type flag 8",
}


@pytest.mark.parametrize("name", [n for n in BROKEN if n in _PROBLEM])
def test_damaged_files_raise_like_mxnet(name):
    assert WRITTEN["files"][name]["error"]["type"] == "MXNetError"
    with pytest.raises(MXNetError, match="mx.nd.load could not read") as info:
        mx.nd.load(_path(name))
    assert _PROBLEM[name] in str(info.value)
    with pytest.raises(MXNetError, match="load_frombuffer could not read"):
        ser.load_frombuffer(_bytes(name))


def test_every_mxnet_error_file_is_checked():
    assert set(BROKEN) == set(_PROBLEM) | {"crafted_none_entries.nd", "crafted_v3_none.nd"}


def test_absurd_counts_and_shapes_are_rejected():
    head = struct.pack("<QQ", 0x112, 0)
    with pytest.raises(MXNetError, match="claims"):
        ser.load_frombuffer(head + struct.pack("<Q", 2 ** 60))
    arr = (struct.pack("<Iiiqq", 0xF993FAC9, 0, 2, 2 ** 40, 2 ** 40)
           + struct.pack("<iii", 1, 0, 0))
    with pytest.raises(MXNetError, match="truncated"):
        ser.load_frombuffer(head + struct.pack("<Q", 1) + arr)
    arr = struct.pack("<Iii", 0xF993FAC9, 7, 1)
    with pytest.raises(MXNetError, match="storage type 7"):
        ser.load_frombuffer(head + struct.pack("<Q", 1) + arr)
    with pytest.raises(MXNetError, match="magic number 0xDEADBEEF"):
        ser.load_frombuffer(head + struct.pack("<QI", 1, 0xDEADBEEF))


@pytest.mark.parametrize("name", RESAVE)
def test_save_writes_mxnets_bytes(name, tmp_path):
    entry = WRITTEN["files"][name]
    data = mx.nd.load(_path(name))
    if entry["single"]:
        data = data[0]
    out = str(tmp_path / name)
    if entry["resave"] == "npx":
        ser.save_ndarrays(out, data, np_shape=True)
    else:
        mx.nd.save(out, data)
    with open(out, "rb") as f:
        assert f.read() == _bytes(name)


# Exception types of bad calls, as MXNet raised them.
def _bad_calls(tmp):
    one = mx.nd.ones((1,))
    return {
        "save_int_key": lambda: mx.nd.save(tmp, {1: one}),
        "save_tuple": lambda: mx.nd.save(tmp, (one,)),
        "save_numpy_in_list": lambda: mx.nd.save(tmp, [np.ones(1)]),
        "save_int": lambda: mx.nd.save(tmp, 5),
        "save_missing_folder": lambda: mx.nd.save(
            os.path.join(os.path.dirname(tmp), "no_such_dir", "x.nd"), [one]),
        "load_int": lambda: mx.nd.load(5),
        "load_missing_file": lambda: mx.nd.load(tmp + ".missing"),
    }


@pytest.mark.parametrize("case", sorted(_bad_calls("x")))
def test_bad_calls_raise_mxnets_exception_type(case, tmp_path):
    want = WRITTEN["errors"][case]["type"]
    with pytest.raises(Exception) as info:
        _bad_calls(str(tmp_path / "f.nd"))[case]()
    assert type(info.value).__name__ == want
    assert "mx.nd." in str(info.value)
    assert not os.path.exists(tmp_path / "f.nd")


def test_dtypes_mxnet_cannot_store_are_refused(tmp_path):
    x = mx.nd.array(np.arange(3), dtype=np.int16)
    with pytest.raises(MXNetError, match=r"int16.*astype"):
        mx.nd.save(str(tmp_path / "f.nd"), {"w": x})
    assert os.listdir(tmp_path) == []


# ------------------------------------------------------------ (b) mxcompat -> MXNet
def test_every_case_was_verified_by_mxnet():
    assert sorted(VERIFIED["files"]) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_mxcompat_still_writes_the_verified_bytes(name, tmp_path):
    how, payload = CASES[name]
    out = str(tmp_path / name)
    rec.write_mxcompat_file(mx, out, how, payload)
    with open(out, "rb") as f:
        assert f.read() == _bytes(name)
    assert _sha(name) == VERIFIED["files"][name]["sha256"]


def _expected_reading(how, payload):
    """What MXNet should read from a case: the source data, on cpu(0)."""
    entries = []
    for key, dtype, value in payload:
        entries.append({"key": key if how in ("dict", "npx") else None, "none": False,
                        "dtype": dtype, "shape": list(value.shape), "context": "cpu(0)",
                        "stype": "default",
                        "hex": np.ascontiguousarray(value).tobytes().hex()})
    # MXNet returns a list for a file without keys, an empty dict included.
    kind = "dict" if how in ("dict", "npx") and payload else "list"
    np_shape = how == "npx" or any(v.ndim == 0 for _, _, v in payload)
    return kind, entries, np_shape


@pytest.mark.parametrize("name", sorted(CASES))
def test_mxnet_read_the_source_data(name):
    got = VERIFIED["files"][name]
    assert "error" not in got, got.get("error")
    kind, entries, np_shape = _expected_reading(*CASES[name])
    assert got["kind"] == kind
    assert got["np_shape"] == np_shape
    assert got["entries"] == entries


@pytest.mark.parametrize("name", sorted(CASES))
def test_mxcompat_reads_its_own_files(name):
    kind, entries, _ = _expected_reading(*CASES[name])
    _check_loaded(mx.nd.load(_path(name)), {"kind": kind, "entries": entries}, name)


# ------------------------------------------------------------------- file handling
def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "params.nd"
    target.write_bytes(b"old contents")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ser.os, "replace", broken_replace)
    with pytest.raises(MXNetError, match="mx.nd.save could not write"):
        mx.nd.save(str(target), [mx.nd.ones((3,))])
    assert target.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["params.nd"]


def test_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(ser.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        mx.nd.save(str(tmp_path / "a.nd"), [mx.nd.ones((3,))])
    assert os.listdir(tmp_path) == []


def test_saved_file_has_ordinary_permissions(tmp_path):
    mx.nd.save(str(tmp_path / "a.nd"), [mx.nd.ones((2,))])
    umask = os.umask(0o022)
    os.umask(umask)
    mode = stat.S_IMODE(os.stat(tmp_path / "a.nd").st_mode)
    assert mode == 0o666 & ~umask


def test_path_objects_are_accepted(tmp_path):
    mx.nd.save(tmp_path / "p.nd", {"a": mx.nd.array([1.0, 2.0])})
    got = mx.nd.load(tmp_path / "p.nd")
    np.testing.assert_array_equal(got["a"].asnumpy(), [1.0, 2.0])


def test_load_frombuffer_rejects_non_bytes():
    with pytest.raises(TypeError, match="required to be bytes"):
        ser.load_frombuffer(12)


# ------------------------------------------------------------------------- pickling
@pytest.mark.parametrize("i", range(len(WRITTEN["pickles"])))
def test_raw_array_bytes_match_mxnet_pickles(i):
    p = WRITTEN["pickles"][i]
    state = bytes.fromhex(p["state"])
    got = ser.array_from_raw_bytes(state)
    assert _dtype_name(got) == p["dtype"] and list(got.shape) == p["shape"]
    assert got.asnumpy().tobytes().hex() == p["hex"]
    value = np.frombuffer(bytes.fromhex(p["hex"]), dtype=p["dtype"]).reshape(p["shape"])
    assert ser.array_to_raw_bytes(mx.nd.array(value, dtype=value.dtype)) == state


@pytest.mark.parametrize("value", [
    np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,
    np.array([[1, -2]], np.int64), np.array(3.5, np.float64), np.zeros((0, 2), np.int8),
    np.array([True, False]),
])
def test_pickle_round_trip(value):
    x = mx.nd.array(value, dtype=value.dtype, ctx=mx.cpu(1))
    y = pickle.loads(pickle.dumps(x))
    assert type(y) is type(x)
    assert y.dtype == x.dtype and y.shape == x.shape and y.context == x.context
    np.testing.assert_array_equal(y.asnumpy(), value)


def test_sparse_indices_outside_the_shape_are_rejected():
    arr = (struct.pack("<Ii", 0xF993FAC9, 1) + struct.pack("<iqq", 2, 1, 2)
           + struct.pack("<iqq", 2, 4, 2) + struct.pack("<iii", 1, 0, 0)
           + struct.pack("<iiq", 6, 1, 1) + struct.pack("<ff", 1.0, 2.0)
           + struct.pack("<q", 9))
    buf = struct.pack("<QQQ", 0x112, 0, 1) + arr + struct.pack("<Q", 0)
    with pytest.raises(MXNetError, match="row_sparse array whose indices do not fit"):
        ser.load_frombuffer(buf)
    good = buf.replace(struct.pack("<q", 9), struct.pack("<q", 2))
    want = np.zeros((4, 2), np.float32)
    want[2] = [1.0, 2.0]
    np.testing.assert_array_equal(ser.load_frombuffer(good)[0].asnumpy(), want)


def test_nd_load_frombuffer_is_public():
    got = mx.nd.load_frombuffer(_bytes("mxnet_gluon.params"))
    _check_loaded(got, WRITTEN["files"]["mxnet_gluon.params"], "mxnet_gluon.params")
