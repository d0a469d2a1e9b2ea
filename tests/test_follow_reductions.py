"""Reductions of the loss computed by the training step's own program.

A training loop reads its loss after the step (``loss.mean().asscalar()``,
``nd.sum(loss)``). When backward runs the step as one program (a hybridized block, a
compiled loss and the trainer's update, test_fused_update.py), the first such call on
the loss teaches the graph's template to compute that reduction too, and from the next
step on the call returns the program's result instead of running one more program.

References: the same reduction run as an ordinary op on a copy of the loss (the value
must be identical, bit for bit), and the weights of the same loop that never reads its
loss (reading it must not change the training).
"""
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, gluon, nd
from mxcompat._core import backward as bw
from mxcompat._core import dispatch
from test_fused_update import _batch, _net, _weights

pytestmark = pytest.mark.usefixtures("sync_compile")


def _loop(read, steps=6):
    """Train the small MLP; ``read(loss)`` after each step returns what it read.
    Returns the reads with the reference reductions of a copy of each loss, and the
    final weights."""
    net = _net()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    out = []
    for s in range(steps):
        x, y = _batch(s)
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(6)
        out.append((loss, read(loss), loss.copy()))
    return out, _weights(net)


def _served(kernel_name):
    """The reductions the last step's program computed, by op name."""
    return {k.name: v for k, v in (dispatch.follow_slot[1] or {}).items()
            if k.name == kernel_name}


def test_mean_of_the_loss_comes_from_the_step_program():
    taken = []

    def read(loss):
        m = loss.mean()
        served = _served("mean")
        taken.append(bool(served) and m._data is served["mean"])
        return m

    out, _ = _loop(read)
    # (steps 1-2 run op by op and compile; step 3 asks for the mean; then it is served)
    assert taken[-2:] == [True, True]
    for loss, m, ref in out:
        expect = ref.mean()
        assert m.shape == expect.shape == (1,)
        assert m.dtype == expect.dtype == np.float32
        assert m.asnumpy().tobytes() == expect.asnumpy().tobytes()
        assert m.asscalar() == expect.asscalar()
        assert abs(m.asscalar() - loss.asnumpy().mean()) < 1e-6


def test_sum_and_mean_together_and_by_function():
    def read(loss):
        return nd.sum(loss), loss.mean(), loss.sum()

    out, _ = _loop(read, steps=7)
    assert set(k.name for k in dispatch.follow_slot[1]) == {"sum", "mean"}
    for _, (s1, m, s2), ref in out:
        assert s1.asnumpy().tobytes() == nd.sum(ref).asnumpy().tobytes()
        assert s2.asnumpy().tobytes() == nd.sum(ref).asnumpy().tobytes()
        assert m.asnumpy().tobytes() == ref.mean().asnumpy().tobytes()


def test_reduction_with_attributes_and_numpy_namespace():
    def read(loss):
        return loss.mean(axis=0, keepdims=True), mx.np.mean(loss.as_np_ndarray())

    out, _ = _loop(read, steps=7)
    assert set(k.name for k in dispatch.follow_slot[1]) == {"mean", "_np_mean"}
    for _, (m, npm), ref in out:
        expect = ref.mean(axis=0, keepdims=True)
        assert m.shape == expect.shape == (1,)
        assert m.asnumpy().tobytes() == expect.asnumpy().tobytes()
        expect_np = mx.np.mean(ref.as_np_ndarray())
        assert npm.shape == expect_np.shape == ()
        assert npm.asnumpy().tobytes() == expect_np.asnumpy().tobytes()


def test_numpy_sum():
    out, _ = _loop(lambda loss: mx.np.sum(loss.as_np_ndarray(), keepdims=True), steps=6)
    assert set(k.name for k in dispatch.follow_slot[1]) == {"_np_sum"}
    for _, s, ref in out:
        expect = mx.np.sum(ref.as_np_ndarray(), keepdims=True)
        assert s.shape == expect.shape == (1,)
        assert s.asnumpy().tobytes() == expect.asnumpy().tobytes()


def test_reading_the_loss_does_not_change_the_training():
    _, with_reads = _loop(lambda loss: (loss.mean().asscalar(), nd.sum(loss)), steps=8)
    _, without = _loop(lambda loss: None, steps=8)
    for a, b in zip(with_reads, without):
        np.testing.assert_array_equal(a, b)


def test_a_written_loss_is_reduced_afresh():
    def read(loss):
        kept = loss.copy()
        before = loss.mean()
        loss[:] = 2.0
        return kept, before, loss.mean(), nd.sum(loss)

    out, _ = _loop(read, steps=7)
    for _, (kept, before, after, total), _ in out:
        assert before.asnumpy().tobytes() == kept.mean().asnumpy().tobytes()
        assert after.asscalar() == 2.0
        assert total.asscalar() == 12.0


def test_at_most_two_reductions_are_learned_and_a_third_still_right():
    def read(loss):
        return loss.mean(), loss.sum(), loss.mean(axis=0), nd.sum(loss, axis=0)

    out, _ = _loop(read, steps=8)
    assert len(dispatch.follow_slot[1]) == 2
    for _, vals, ref in out:
        refs = (ref.mean(), ref.sum(), ref.mean(axis=0), nd.sum(ref, axis=0))
        for v, r in zip(vals, refs):
            assert v.asnumpy().tobytes() == r.asnumpy().tobytes()


def test_reduction_of_another_array_is_not_served():
    def read(loss):
        other = loss * 1.0       # same values, another array
        return loss.mean(), other.mean()

    out, _ = _loop(read, steps=7)
    m, other = out[-1][1]
    assert m._data is not other._data
    assert m.asnumpy().tobytes() == other.asnumpy().tobytes()


def test_clear_compile_cache_forgets_the_loss():
    _loop(lambda loss: loss.mean(), steps=5)
    assert dispatch.follow_slot[0] is not None
    bw.clear_compile_cache()
    assert dispatch.follow_slot == [None, None, None]
