"""The JAX gradient checker and mx.test_utils: they accept right gradients and reject
wrong ones (a checker that cannot fail is no checker)."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.gradcheck import GradientMismatch, check_gradients_with_jax
from mxcompat import test_utils as tu


def _inputs(dtype="float32"):
    rs = np.random.RandomState(0)
    return [rs.uniform(-1, 1, (3, 4)).astype(dtype), rs.uniform(-1, 1, (3, 4)).astype(dtype)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_accepts_correct_gradients(dtype):
    report = check_gradients_with_jax(
        lambda x, w: nd.sum(nd.tanh(x * w) * nd.exp(x), axis=1),
        lambda x, w: jnp.sum(jnp.tanh(x * w) * jnp.exp(x), axis=1), _inputs(dtype))
    assert not report.failed and len(report.rows) == 3


class _WrongSquare(autograd.Function):
    def forward(self, x):
        self.save_for_backward(x)
        return x * x

    def backward(self, dy):
        x, = self.saved_tensors
        return 3 * x * dy          # deliberately wrong: d(x^2)/dx is 2x


def test_rejects_a_wrong_gradient_and_names_the_input():
    with pytest.raises(GradientMismatch) as info:
        check_gradients_with_jax(lambda x, w: _WrongSquare()(x) * w, lambda x, w: x * x * w,
                                 _inputs())
    text = str(info.value)
    assert "FAIL d/d input 0" in text and "ok   d/d input 1" in text
    assert "worst at" in text


def test_rejects_a_wrong_forward():
    with pytest.raises(GradientMismatch, match="FAIL output 0"):
        check_gradients_with_jax(lambda x: x * 2.001, lambda x: x * 2, [_inputs()[0]])


def test_tolerance_follows_dtype():
    # An error of 1e-7 relative passes in float32 but not in float64.
    x = np.array([1.0, 2.0])

    def mx_fn(v):
        return v * (1 + 1e-7)
    check_gradients_with_jax(mx_fn, lambda v: v, [x.astype("float32")], check_forward=False)
    with pytest.raises(GradientMismatch):
        check_gradients_with_jax(mx_fn, lambda v: v, [x.astype("float64")],
                                 check_forward=False)


def test_check_numeric_gradient_accepts_and_rejects():
    x = np.random.RandomState(1).uniform(-1, 1, (2, 3))
    tu.check_numeric_gradient(lambda a: nd.tanh(a) * a, [x], dtype=np.float64)
    with pytest.raises(AssertionError, match="NUMERICAL_arg0"):
        tu.check_numeric_gradient(lambda a: _WrongSquare()(a), [x], dtype=np.float64)


def test_comparison_helpers():
    a = nd.array([1.0, 2.0, 3.0])
    assert tu.same(a, np.array([1.0, 2.0, 3.0]))
    assert not tu.same(a, np.array([1.0, 2.0, 3.5]))
    assert tu.almost_equal(a, a.asnumpy() + 1e-5)           # float32 default rtol 1e-4
    assert not tu.almost_equal(a, a.asnumpy() + 0.1)
    tu.assert_almost_equal(a, a.asnumpy() * (1 + 1e-5))
    with pytest.raises(AssertionError, match="Location of maximum error: \\(2,\\)"):
        tu.assert_almost_equal(a, np.array([1.0, 2.0, 4.0]))
    tu.assert_exception(lambda: 1 / 0, ZeroDivisionError)
    with pytest.raises(AssertionError):
        tu.assert_exception(lambda: 1, ZeroDivisionError)


def test_random_helpers_and_context():
    s = tu.rand_shape_nd(3, dim=5)
    assert len(s) == 3 and all(1 <= d <= 5 for d in s)
    r = tu.rand_ndarray((4, 5), "csr", density=0.5)
    assert r.stype == "csr" and r.shape == (4, 5)
    assert tu.default_context() == mx.cpu()
    tu.set_default_context(mx.cpu(1))
    try:
        assert tu.default_context() == mx.cpu(1)
    finally:
        tu.set_default_context(None)


def test_environment_restores(monkeypatch):
    monkeypatch.delenv("MXCOMPAT_TEST_VAR", raising=False)
    import os
    with tu.environment("MXCOMPAT_TEST_VAR", "1"):
        assert os.environ["MXCOMPAT_TEST_VAR"] == "1"
        with tu.environment({"MXCOMPAT_TEST_VAR": None}):
            assert "MXCOMPAT_TEST_VAR" not in os.environ
        assert os.environ["MXCOMPAT_TEST_VAR"] == "1"
    assert "MXCOMPAT_TEST_VAR" not in os.environ


def test_jax_reference_is_really_used():
    # The checker must compare with jax.vjp, not with itself: a JAX function with a
    # different derivative (same forward at the sample points) is rejected.
    x = np.array([0.0, 0.0], dtype=np.float64)
    with pytest.raises(GradientMismatch):
        check_gradients_with_jax(lambda v: nd.sin(v), lambda v: jnp.sin(2 * v), [x])
    assert jax.grad(lambda v: jnp.sin(2 * v))(0.0) == 2.0
