"""The nd update operators and legacy functions where MXNet itself fails or has no
recorded behaviour (gradients, autograd errors, calls MXNet cannot run); their values are
checked against analytic formulas, numpy or jax.grad. Everything MXNet can run is in the
goldens (update_ops.json, legacy_ops.json)."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat.base import MXNetError

RS = np.random.RandomState(3)
W = RS.uniform(-1, 1, (3, 4)).astype(np.float32)
G = RS.uniform(-1, 1, (3, 4)).astype(np.float32)


def test_multi_sgd_update_without_out_returns_the_new_weights():
    # MXNet 1.9.1 cannot infer the outputs' shapes without out=; mxcompat returns them.
    w, g = mx.nd.array(W), mx.nd.array(G)
    v, h = mx.nd.array(W[0]), mx.nd.array(G[0])
    res = mx.nd.multi_sgd_update(w, g, v, h, lrs=(0.1, 0.5), wds=(0.0, 0.2), num_weights=2)
    assert isinstance(res, list) and len(res) == 2
    np.testing.assert_allclose(res[0].asnumpy(), W - 0.1 * G, rtol=1e-6)
    np.testing.assert_allclose(res[1].asnumpy(), W[0] - 0.5 * 0.2 * W[0] - 0.5 * G[0],
                               rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(w.asnumpy(), W)          # not written without out=


def test_sgd_mom_update_writes_the_state_in_place():
    w, g, m = mx.nd.array(W), mx.nd.array(G), mx.nd.array(G * 0.5)
    new = mx.nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01)
    mom = 0.9 * (G * 0.5) - 0.1 * 0.01 * W - 0.1 * G
    np.testing.assert_allclose(m.asnumpy(), mom, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(new.asnumpy(), W + mom, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(w.asnumpy(), W)


def test_update_ops_refuse_arrays_in_a_recorded_graph():
    w, g, m = mx.nd.array(W), mx.nd.array(G), mx.nd.zeros((3, 4))
    w.attach_grad()
    m.attach_grad()
    with mx.autograd.record():
        y = w * 2
        with pytest.raises(MXNetError, match="computational graph"):
            mx.nd.sgd_update(w, g, lr=0.1, out=w)
        with pytest.raises(MXNetError, match="computational graph"):
            mx.nd.sgd_mom_update(y, g, m, lr=0.1)
    mx.nd.sgd_update(w, g, lr=0.1, out=w)                  # fine outside record()
    np.testing.assert_allclose(w.asnumpy(), W - 0.1 * G, rtol=1e-6)


def test_update_op_argument_errors():
    w, g = mx.nd.array(W), mx.nd.array(G)
    with pytest.raises(MXNetError, match="lr"):
        mx.nd.adam_update(w, g, mx.nd.zeros((3, 4)), mx.nd.zeros((3, 4)))
    with pytest.raises(MXNetError, match="num_weights"):
        mx.nd.multi_sgd_update(w, g, w, lrs=(0.1,), wds=(0.0,), num_weights=2)
    with pytest.raises(MXNetError, match="lrs"):
        mx.nd.multi_sgd_update(w, g, lrs=(0.1, 0.2), wds=(0.0,), num_weights=1)
    with pytest.raises(MXNetError, match="shape"):
        mx.nd.lamb_update_phase2(w, g, mx.nd.ones((2,)), mx.nd.ones((1,)), lr=0.1)


def test_lamb_phases_compose_to_the_lamb_optimizer():
    # phase1 + norms + phase2 must equal one step of mx.optimizer.LAMB (same formulas).
    w, g = mx.nd.array(W), mx.nd.array(G)
    mean, var = mx.nd.zeros((3, 4)), mx.nd.zeros((3, 4))
    d = mx.nd.lamb_update_phase1(w, g, mean, var, t=1, wd=0.01)
    r1, r2 = w.norm().reshape((1,)), d.norm().reshape((1,))
    new = mx.nd.lamb_update_phase2(w, d, r1, r2, lr=0.01)
    opt = mx.optimizer.create("lamb", learning_rate=0.01, wd=0.01)
    w2 = mx.nd.array(W)
    state = opt.create_state(0, w2)
    opt.update(0, w2, mx.nd.array(G), state)
    np.testing.assert_allclose(new.asnumpy(), w2.asnumpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(mean.asnumpy(), state[0].asnumpy(), rtol=1e-6)


def test_slice_assign_op_gradient_matches_jax():
    # MXNet's _slice_assign has no gradient; mxcompat differentiates it.
    x, z = mx.nd.array(W), mx.nd.array(G[:1, 1:3])
    x.attach_grad()
    z.attach_grad()
    head = RS.uniform(size=(3, 4)).astype(np.float32)
    with mx.autograd.record():
        y = mx.nd._internal._slice_assign(x, z, begin=(0, 1), end=(1, 3)) * 3
    y.backward(mx.nd.array(head))

    def f(a, b):
        return jnp.sum(a.at[0:1, 1:3].set(b) * 3 * head)
    gx, gz = jax.grad(f, argnums=(0, 1))(jnp.asarray(W), jnp.asarray(G[:1, 1:3]))
    np.testing.assert_allclose(x.grad.asnumpy(), gx, rtol=1e-6)
    np.testing.assert_allclose(z.grad.asnumpy(), gz, rtol=1e-6)


def test_choose_element_0index_gradient_matches_jax():
    x = mx.nd.array(W)
    idx = np.array([3, 0, 2])
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.choose_element_0index(x, mx.nd.array(idx))
    y.backward()
    gx = jax.grad(lambda a: jnp.sum(a[jnp.arange(3), idx]))(jnp.asarray(W))
    np.testing.assert_array_equal(x.grad.asnumpy(), gx)


def test_empty_slice_is_an_empty_view():
    # MXNet raises for x[3:1]; numpy (and mxcompat) give an empty array.
    x = mx.nd.array(W)
    y = x[3:1]
    assert y.shape == (0, 4)
    y[:] = 5
    np.testing.assert_array_equal(x.asnumpy(), W)


def test_reset_arrays_zeroes_integer_arrays_too():
    a = mx.nd.array([[1, 2], [3, 4]], dtype="int32")
    b = mx.nd.array(W)
    assert mx.nd.reset_arrays(a, b, num_arrays=2) == []
    assert not a.asnumpy().any() and not b.asnumpy().any()
    assert a.dtype == np.int32


@pytest.mark.parametrize("bins,rng", [(7, (-1.0, 1.0)), (4, (-0.5, 0.25)), (1, (0.0, 2.0))])
def test_histogram_matches_numpy(bins, rng):
    data = RS.uniform(-1.2, 1.2, 200).astype(np.float64)
    counts, edges = mx.nd.histogram(mx.nd.array(data, dtype="float64"), bins=bins,
                                    range=rng)
    want_c, want_e = np.histogram(data, bins=bins, range=rng)
    np.testing.assert_array_equal(counts.asnumpy(), want_c)
    np.testing.assert_allclose(edges.asnumpy(), want_e, rtol=1e-12)
    assert counts.dtype == np.int64


def test_unravel_then_ravel_is_the_identity():
    shape = (3, 5, 4)
    flat = RS.randint(0, 60, 25)
    multi = mx.nd.unravel_index(mx.nd.array(flat, dtype="int64"), shape=shape)
    np.testing.assert_array_equal(multi.asnumpy(), np.stack(np.unravel_index(flat, shape)))
    back = mx.nd.ravel_multi_index(multi, shape=shape)
    np.testing.assert_array_equal(back.asnumpy(), flat)


def test_random_and_numeric_types_exports():
    assert mx.nd.random.current_context() == mx.current_context()
    assert int in mx.nd.random.numeric_types and float in mx.nd.random.numeric_types
