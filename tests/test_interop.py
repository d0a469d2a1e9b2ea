"""Interop with numpy, JAX and PyTorch: what is shared, what is copied, dtypes, devices.

MXNet's own semantics (DLPack capsules between NDArrays, from_numpy) are covered by the
goldens in tests/golden/interop.json; these tests check the exchange with the other
libraries, with the memory addresses where no copy is promised.
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import interop
from mxcompat.base import MXNetError


def _ptr(x):
    return interop.to_jax(x).unsafe_buffer_pointer()


def _aligned(shape, dtype, align=64):
    """A numpy array whose buffer is aligned (JAX shares aligned host memory)."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape)) * dtype.itemsize
    buf = np.empty(n + align, np.uint8)
    off = (-buf.ctypes.data) % align
    return buf[off:off + n].view(dtype).reshape(shape)


# ------------------------------------------------------------------- numpy
def test_asarray_is_a_read_only_view_without_copy():
    x = mx.nd.array([[1, 2], [3, 4]])
    a = np.asarray(x)
    assert a.dtype == np.float32 and a.shape == (2, 2)
    assert a.ctypes.data == _ptr(x)
    assert not a.flags.writeable
    np.testing.assert_array_equal(a, [[1, 2], [3, 4]])


def test_array_copies_and_is_writable():
    x = mx.nd.array([1, 2, 3])
    a = np.array(x)
    a[0] = 10
    np.testing.assert_array_equal(x.asnumpy(), [1, 2, 3])
    assert a.ctypes.data != _ptr(x)


def test_asarray_after_host_writes_does_not_alias_the_mirror():
    x = mx.nd.array([1, 2, 3])
    x[0] = 7                      # the value now lives in the host mirror
    a = np.asarray(x)
    assert not a.flags.writeable
    b = np.array(x)
    b[1] = 9
    np.testing.assert_array_equal(x.asnumpy(), [7, 2, 3])


def test_asarray_dtype_and_copy_false():
    x = mx.nd.array([1.5, 2.5], dtype="float16")
    assert np.asarray(x, dtype=np.float64).dtype == np.float64
    np.testing.assert_array_equal(np.asarray(x, dtype=np.float64), [1.5, 2.5])
    with pytest.raises(ValueError, match="needs a copy"):
        np.asarray(x, dtype=np.float32, copy=False)
    assert np.asarray(x, copy=False).dtype == np.float16


def test_from_numpy_zero_copy_shares_both_ways_of_writing():
    n = np.arange(6, dtype=np.float32).reshape(2, 3)
    m = mx.nd.from_numpy(n)
    assert not n.flags.writeable
    m[0, 0] = -1                  # element write (host mirror)
    m += 1                        # whole-array write (device value)
    m[1] = mx.nd.array([7, 8, 9])
    np.testing.assert_array_equal(n, [[0, 2, 3], [7, 8, 9]])
    np.testing.assert_array_equal(m.asnumpy(), n)
    assert m.dtype == np.float32


def test_from_numpy_view_of_an_array_writes_the_array():
    base = np.zeros((4, 3), np.float64)
    m = mx.nd.from_numpy(base[1:3])
    m[:] = 5
    assert m.dtype == np.float64
    np.testing.assert_array_equal(base, [[0] * 3, [5] * 3, [5] * 3, [0] * 3])


def test_from_numpy_foreign_read_only_memory_is_copied():
    n = np.frombuffer(b"\x00" * 16, dtype=np.float32)
    m = mx.nd.from_numpy(n)
    m[0] = 1
    np.testing.assert_array_equal(n, [0, 0, 0, 0])
    np.testing.assert_array_equal(m.asnumpy(), [1, 0, 0, 0])


def test_from_numpy_errors():
    with pytest.raises(ValueError, match="c-contiguous"):
        mx.nd.from_numpy(np.ones((3, 2)).T)
    with pytest.raises(ValueError, match="int8"):
        mx.nd.from_numpy(np.ones(2, np.int8))
    with pytest.raises(TypeError, match="numpy.ndarray"):
        mx.nd.from_numpy([1, 2])


# --------------------------------------------------------------------- JAX
def test_to_jax_is_the_array_itself():
    x = mx.nd.array([1, 2, 3])
    a = interop.to_jax(x)
    assert isinstance(a, jax.Array)
    assert a is x.to_jax()
    assert a.unsafe_buffer_pointer() == _ptr(x)


def test_to_jax_is_a_snapshot_after_writes():
    x = mx.nd.array([1, 2, 3])
    a = x.to_jax()
    x[:] = 0
    x += 1
    np.testing.assert_array_equal(np.asarray(a), [1, 2, 3])
    np.testing.assert_array_equal(x.asnumpy(), [1, 1, 1])


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "int64",
                                   "uint8", "bool"])
def test_from_jax_wraps_without_copy(dtype):
    a = jnp.arange(6).reshape(2, 3).astype(dtype)
    x = interop.from_jax(a)
    assert isinstance(x, mx.nd.NDArray)
    assert x.to_jax() is a
    assert x.dtype == np.dtype(dtype).type
    assert x.context == mx.cpu(0)
    np.testing.assert_array_equal(x.asnumpy(), np.asarray(a))
    y = x + x if dtype != "bool" else x
    assert y.shape == (2, 3)


def test_from_jax_other_context_and_class():
    a = jnp.ones(3)
    x = interop.from_jax(a, ctx=mx.cpu(1))
    assert x.context == mx.cpu(1)
    y = interop.from_jax(a, cls=mx.np.ndarray)
    assert isinstance(y, mx.np.ndarray)
    with pytest.raises(TypeError, match="jax.Array"):
        interop.from_jax(np.ones(3))


def test_jax_dlpack_both_ways_shares_memory():
    x = mx.nd.array([[1, 2], [3, 4]])
    a = jnp.from_dlpack(x)                       # NDArray.__dlpack__
    assert a.unsafe_buffer_pointer() == _ptr(x)
    b = jnp.arange(4.0, dtype=jnp.float32)
    y = mx.nd.from_dlpack(b)
    assert _ptr(y) == b.unsafe_buffer_pointer()
    np.testing.assert_array_equal(y.asnumpy(), [0, 1, 2, 3])


def test_dlpack_device():
    x = mx.nd.ones((2,))
    kind, dev_id = x.__dlpack_device__()
    assert int(kind) == 1 and dev_id == 0       # kDLCPU


def test_numpy_from_dlpack_of_ndarray():
    x = mx.nd.array([1, 2, 3], dtype="int32")
    a = np.from_dlpack(x)
    assert a.ctypes.data == _ptr(x)
    np.testing.assert_array_equal(a, [1, 2, 3])


def test_from_dlpack_of_aligned_numpy_shares_memory():
    n = _aligned((3,), np.float32)
    n[:] = [1, 2, 3]
    y = mx.nd.from_dlpack(n)
    assert _ptr(y) == n.ctypes.data
    n[0] = 10                   # the producer's writes show through, as in MXNet
    np.testing.assert_array_equal(y.asnumpy(), [10, 2, 3])


def test_capsule_from_another_ndarray_write_then_read():
    x = mx.nd.zeros((2, 2))
    u = mx.nd.from_dlpack(x.to_dlpack_for_write())
    u[:] = 3
    np.testing.assert_array_equal(x.asnumpy(), np.full((2, 2), 3))
    v = mx.nd.from_dlpack(x)                    # an NDArray directly: shares too
    v += 1
    np.testing.assert_array_equal(x.asnumpy(), np.full((2, 2), 4))


def test_capsule_of_a_view_shares_with_the_root():
    x = mx.nd.arange(6).reshape(2, 3)
    row = x[1]
    z = mx.nd.from_dlpack(row.to_dlpack_for_read())
    z[:] = -1
    np.testing.assert_array_equal(x.asnumpy(), [[0, 1, 2], [-1, -1, -1]])


def test_from_dlpack_errors():
    cap = mx.nd.ones(2).to_dlpack_for_read()
    mx.nd.from_dlpack(cap)
    with pytest.raises(AssertionError, match="consumed"):
        mx.nd.from_dlpack(cap)
    with pytest.raises(AssertionError, match="__dlpack__"):
        mx.nd.from_dlpack([1, 2])


# ----------------------------------------------------------------- PyTorch
def test_torch_from_ndarray_shares_memory_and_writes_back():
    torch = pytest.importorskip("torch")
    x = mx.nd.array([[1, 2], [3, 4]])
    t = torch.from_dlpack(x)
    assert t.data_ptr() == _ptr(x)
    assert t.dtype == torch.float32 and tuple(t.shape) == (2, 2)
    t += 10
    np.testing.assert_array_equal(x.asnumpy(), [[11, 12], [13, 14]])


def test_torch_capsule_for_write():
    torch = pytest.importorskip("torch")
    x = mx.nd.ones((3,))
    x[0] = 5                                     # host mirror: dropped by the export
    t = torch.utils.dlpack.from_dlpack(mx.nd.to_dlpack_for_write(x))
    t.mul_(2)
    np.testing.assert_array_equal(x.asnumpy(), [10, 2, 2])


def test_ndarray_from_torch_shares_memory():
    torch = pytest.importorskip("torch")
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    x = mx.nd.from_dlpack(t)
    assert _ptr(x) == t.data_ptr()
    t[0, 0] = -7
    assert x.asnumpy()[0, 0] == -7
    y = mx.nd.from_dlpack(torch.utils.dlpack.to_dlpack(t))   # a capsule
    assert _ptr(y) == t.data_ptr()
    # mxcompat's own writes give the NDArray new storage; the tensor keeps its value.
    x += 1
    assert t[0, 0].item() == -7 and x.asnumpy()[0, 0] == -6


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "int64",
                                   "uint8", "bool"])
def test_torch_round_trip_dtypes(dtype):
    torch = pytest.importorskip("torch")
    x = mx.nd.array(np.arange(4) % 2, dtype=dtype)
    t = torch.from_dlpack(x)
    assert str(t.dtype) == "torch." + dtype
    back = mx.nd.from_dlpack(t)
    assert back.dtype == np.dtype(dtype).type
    np.testing.assert_array_equal(back.asnumpy(), x.asnumpy())


def test_torch_non_contiguous_tensor_raises():
    torch = pytest.importorskip("torch")
    t = torch.arange(6).reshape(2, 3)[:, 1:]
    with pytest.raises(MXNetError, match="contiguous"):
        mx.nd.from_dlpack(t)
    x = mx.nd.from_dlpack(t.contiguous())
    np.testing.assert_array_equal(x.asnumpy(), [[1, 2], [4, 5]])
