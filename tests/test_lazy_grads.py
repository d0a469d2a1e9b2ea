"""Gradients left to compute on first read (backward.LazyGrads).

When a trainer's update runs inside backward's program (test_fused_update.py), the
program need not return the gradients: each ``.grad`` buffer then holds a value made
on first read by backward's own program (without the update), from the values the
backward used. Reading them, writing them, using them in recorded code, and the
trainer's check that they are unchanged must all behave as if they had been written.

References: jax.grad of the same MLP in pure JAX, and the same loop with the fused
update switched off (the general path, checked against MXNet in
test_training_goldens.py).
"""
import gc
import weakref

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from mxcompat import autograd, gluon, nd
from mxcompat._core import backward as bw
from mxcompat.base import MXNetError
from test_fused_update import _batch, _net   # (the same small MLP and batches)

pytestmark = pytest.mark.usefixtures("sync_compile")

LR = 0.1


class _Loop:
    """A gluon SGD loop; ``backward(step)`` records and differentiates one batch."""

    def __init__(self):
        self.net = _net()
        self.params = list(self.net.collect_params().values())
        self.loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        self.trainer = gluon.Trainer(self.net.collect_params(), "sgd",
                                     {"learning_rate": LR})

    def backward(self, step):
        x, y = _batch(step)
        with autograd.record():
            loss = self.loss_fn(self.net(x), y)
        loss.backward()
        return loss

    def step(self, step):
        self.backward(step)
        self.trainer.step(6)

    def weights(self):
        return [p.data().asnumpy() for p in self.params]


def _jax_grads(weights, step):
    x, y = _batch(step)
    xv, yv = jnp.asarray(x.asnumpy()), jnp.asarray(y.asnumpy()).astype(jnp.int32)

    def loss(ps):
        w1, b1, w2, b2 = ps
        lp = jax.nn.log_softmax(jnp.tanh(xv @ w1.T + b1) @ w2.T + b2)
        return -jnp.sum(lp[jnp.arange(6), yv])
    return [np.asarray(g) for g in jax.grad(loss)([jnp.asarray(w) for w in weights])]


def _info(name):
    return bw.compile_cache_info()[name]


def _lazy_loop(steps=4):
    """A loop whose last backward left its gradients lazy (not read yet)."""
    loop = _Loop()
    for s in range(steps):
        loop.step(s)
    before = _info("lazy_grads")
    loop.backward(steps)
    assert _info("lazy_grads") == before + 1
    assert all(p.grad()._lazy is not None for p in loop.params)
    return loop


def _same(a, b):
    for u, v in zip(a, b):
        np.testing.assert_allclose(u, v, rtol=1e-5, atol=1e-6)


def test_lazy_grads_read_before_and_after_the_step():
    loop = _lazy_loop()
    w_before = loop.weights()
    ref = _jax_grads(w_before, 4)
    reads = _info("lazy_grads_read")
    # shape and dtype are known without computing anything
    assert [p.grad().shape for p in loop.params] == [p.shape for p in loop.params]
    assert all(p.grad().dtype == np.float32 for p in loop.params)
    assert _info("lazy_grads_read") == reads
    g_first = loop.params[0].grad().asnumpy()
    assert _info("lazy_grads_read") == reads + 1     # one program run gives all four
    grads = [p.grad().asnumpy() for p in loop.params]
    assert _info("lazy_grads_read") == reads + 1
    np.testing.assert_array_equal(g_first, grads[0])
    _same(grads, ref)
    # the step takes the fused update: the gradients read were not changed
    taken = _info("fused_updates_taken")
    loop.trainer.step(6)
    assert _info("fused_updates_taken") == taken + 1
    _same(loop.weights(), [w - LR * g / 6 for w, g in zip(w_before, ref)])


def test_lazy_grads_read_only_after_the_step():
    loop = _lazy_loop()
    w_before = loop.weights()
    loop.trainer.step(6)
    # the gradients of the weights the backward saw, not of the updated ones
    _same([p.grad().asnumpy() for p in loop.params], _jax_grads(w_before, 4))


def test_lazy_training_equals_the_general_path(monkeypatch):
    def run():
        loop = _Loop()
        for s in range(8):
            loop.step(s)
        return loop.weights()
    before = _info("lazy_grads")
    fast = run()
    assert _info("lazy_grads") - before >= 4
    monkeypatch.setattr(bw, "offer_update", lambda plan: None)
    _same(fast, run())


def test_reading_every_step_stops_lazy_grads():
    loop = _Loop()
    lazy = []
    for s in range(10):
        before = _info("lazy_grads")
        loop.backward(s)
        lazy.append(_info("lazy_grads") - before)
        np.testing.assert_allclose(loop.params[3].grad().asnumpy(),
                                   _jax_grads(loop.weights(), s)[3], rtol=1e-5, atol=1e-6)
        loop.trainer.step(6)
    # lazy from the third backward, until three of them were read
    assert lazy == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0]
    assert loop.trainer._plan.lazy_reads == 3


@pytest.mark.parametrize("write", ["zero_grad", "assign_array", "assign_scalar"])
def test_written_gradients_are_not_computed(write):
    loop = _lazy_loop()
    reads = _info("lazy_grads_read")
    p = loop.params[1]
    if write == "zero_grad":
        p.zero_grad()
        new = np.zeros(p.shape)
    elif write == "assign_array":
        p.grad()[:] = nd.ones(p.shape)
        new = np.ones(p.shape)
    else:
        p.grad()[:] = 0.5
        new = np.full(p.shape, 0.5)
    assert _info("lazy_grads_read") == reads
    np.testing.assert_array_equal(p.grad().asnumpy(), new)
    # the others are still lazy; the step sees a changed gradient and runs its own update
    assert loop.params[2].grad()._lazy is not None
    w = loop.weights()
    grads = _jax_grads(w, 4)
    grads[1] = new
    taken = _info("fused_updates_taken")
    loop.trainer.step(6)
    assert _info("fused_updates_taken") == taken
    _same(loop.weights(), [v - LR * g / 6 for v, g in zip(w, grads)])


def test_a_refused_write_keeps_the_gradient():
    loop = _lazy_loop()
    g = loop.params[1].grad()
    with pytest.raises(MXNetError):
        g[:] = np.ones(5)
    assert g._lazy is not None
    np.testing.assert_allclose(g.asnumpy(), _jax_grads(loop.weights(), 4)[1],
                               rtol=1e-5, atol=1e-6)


def test_views_and_ops_on_lazy_gradients():
    loop = _lazy_loop()
    ref = _jax_grads(loop.weights(), 4)
    g = loop.params[0].grad()
    row = g[2]
    np.testing.assert_allclose(row.asnumpy(), ref[0][2], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose((loop.params[2].grad() * 2).asnumpy(), ref[2] * 2,
                               rtol=1e-5, atol=1e-6)
    # inside record() a gradient is a constant, as a written one is
    x = nd.array(np.ones(3))
    x.attach_grad()
    with autograd.record():
        y = (x * loop.params[3].grad()).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), ref[3], rtol=1e-5, atol=1e-6)


def test_lazy_gradients_keep_nothing_after_the_read():
    loop = _lazy_loop()
    lazy = loop.params[0].grad()._lazy.grads
    loop.params[0].grad().wait_to_read()
    assert lazy.args is None and lazy.fn is None
    # unread, the next backward's gradients replace them and they are freed
    loop2 = _lazy_loop()
    ref = weakref.ref(loop2.params[0].grad()._lazy.grads)
    loop2.trainer.step(6)
    loop2.backward(5)
    gc.collect()
    assert ref() is None


def test_plain_backward_writes_its_gradients():
    # without a trainer's update in the program nothing is left lazy (here into a
    # gradient buffer that is a view of another array)
    x = nd.zeros((2, 4))
    w = nd.array(np.ones(4))
    autograd.mark_variables([w], [x[0]])
    before = _info("lazy_grads")
    for _ in range(4):
        with autograd.record():
            z = (w * w).sum()
        z.backward()
        assert w.grad._lazy is None
    assert _info("lazy_grads") == before
    np.testing.assert_array_equal(x.asnumpy()[0], 2 * np.ones(4))
