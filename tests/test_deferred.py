"""Deferred recorded calls: a hybridized block or a built-in loss called under
``autograd.record()`` returns pending arrays, and backward runs their forward inside its
own compiled program (see docs/how-it-works.md).

Whatever the user does with a pending array, the values and gradients must be those of
running the call when it was made. References: jax.grad of a pure-JAX version of the same
network, analytic values, and the same computation with deferral switched off.
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, gluon, nd
from mxcompat._core import backward as bw


pytestmark = pytest.mark.usefixtures("sync_compile")


def _pending(a):
    return a._data is None and a._np is None and a._view is None


def _net(hidden=8, out=3, d=4):
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(hidden, activation="tanh", in_units=d))
        net.add(gluon.nn.Dense(out, in_units=hidden))
    net.initialize(mx.init.Xavier())
    return net


def _data(n=5, d=4, k=3, seed=0):
    rs = np.random.RandomState(seed)
    return (rs.uniform(-1, 1, (n, d)).astype(np.float32),
            rs.randint(0, k, n).astype(np.float32))


def _jax_loss(params, x, y):
    w1, b1, w2, b2 = params
    out = jnp.tanh(x @ w1.T + b1) @ w2.T + b2
    lp = jax.nn.log_softmax(out)
    return -lp[jnp.arange(x.shape[0]), y.astype(jnp.int32)], out


def _params(net):
    return [jnp.asarray(p.data().asnumpy()) for p in net.collect_params().values()]


def _warm(net, loss_fn, x, y, steps=3):
    """Run record/backward a few times so that the next call is deferred and its
    backward compiled."""
    for _ in range(steps):
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()


def _ready():
    """A hybridized MLP, its loss and data, warmed up: its next recorded call is
    deferred and the backward of a step is compiled."""
    xn, yn = _data()
    net = _net()
    net.hybridize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    x, y = nd.array(xn), nd.array(yn)
    _warm(net, loss_fn, x, y)
    return net, loss_fn, x, y, xn, yn


def _reference_grads(net, x, y, head=None):
    ps = _params(net)

    def total(ps):
        per, _ = _jax_loss(ps, jnp.asarray(x), jnp.asarray(y))
        return per.sum() if head is None else (per * head).sum()
    return [np.asarray(g) for g in jax.grad(total)(ps)]


def _grads(net):
    return [p.grad().asnumpy() for p in net.collect_params().values()]


def _close(a, b, tol=1e-5):
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def test_training_loop_matches_jax_and_defers():
    """Five SGD steps of a hybridized MLP: parameters equal a pure-JAX SGD loop; from
    the third step on, the loss is pending until backward and backward runs the
    compiled forward-and-backward program."""
    xn, yn = _data()
    net = _net()
    net.hybridize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    x, y = nd.array(xn), nd.array(yn)
    ps = _params(net)
    pending = []
    for _ in range(5):
        with autograd.record():
            loss = loss_fn(net(x), y)
        pending.append(_pending(loss))
        hits = bw.compile_cache_info()["hits"]
        loss.backward()
        fused = bw.compile_cache_info()["hits"] > hits
        trainer.step(len(xn))
        per, _ = _jax_loss(ps, jnp.asarray(xn), jnp.asarray(yn))
        g = jax.grad(lambda p: _jax_loss(p, jnp.asarray(xn), jnp.asarray(yn))[0].sum())(ps)
        ps = [p - 0.5 * gi / len(xn) for p, gi in zip(ps, g)]
        _close(loss.asnumpy(), np.asarray(per))
    assert pending[-1] and fused
    for p, ref in zip(net.collect_params().values(), ps):
        _close(p.data().asnumpy(), np.asarray(ref))


def test_pending_shape_and_dtype_need_no_forward():
    net, loss_fn, x, y, xn, yn = _ready()
    with autograd.record():
        out = net(x)
        loss = loss_fn(out, y)
    assert _pending(out) and _pending(loss)
    assert out.shape == (5, 3) and loss.shape == (5,)
    assert out.dtype == np.float32 and loss.context == mx.cpu()
    assert _pending(out) and _pending(loss)
    loss.backward()
    _close(out.asnumpy(), np.asarray(_jax_loss(_params(net), jnp.asarray(xn),
                                                  jnp.asarray(yn))[1]))


@pytest.mark.parametrize("read", ["out", "loss", "print", "pause_op", "numpy"])
def test_reading_before_backward(read):
    """Reading a pending array (its value, printing it, numpy conversion, an op on it
    outside recording) runs the forward then; backward is unchanged."""
    net, loss_fn, x, y, xn, yn = _ready()
    ref_per, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    with autograd.record():
        out = net(x)
        loss = loss_fn(out, y)
        if read == "out":
            _close(out.asnumpy(), np.asarray(ref_out))
        elif read == "loss":
            _close(loss.asnumpy(), np.asarray(ref_per))
        elif read == "print":
            assert "<NDArray 5 @cpu(0)>" in repr(loss)
        elif read == "pause_op":
            with autograd.pause():
                _close((out * 2).asnumpy(), 2 * np.asarray(ref_out))
        else:
            _close(np.asarray(out), np.asarray(ref_out))
    loss.backward()
    for a, b in zip(_grads(net), _reference_grads(net, xn, yn)):
        _close(a, b)
    _close(loss.asnumpy(), np.asarray(ref_per))
    _close(out.asnumpy(), np.asarray(ref_out))


def test_pending_output_feeds_eager_ops_in_the_graph():
    net, loss_fn, x, y, xn, yn = _ready()
    w = np.linspace(0.5, 2, 5).astype(np.float32)
    for _ in range(3):   # (the third run of this structure is compiled)
        with autograd.record():
            loss = (loss_fn(net(x), y) * nd.array(w)).sum()
        loss.backward()
        for a, b in zip(_grads(net), _reference_grads(net, xn, yn, head=w)):
            _close(a, b)


def test_head_gradient_and_retain_graph_and_add():
    net, loss_fn, x, y, xn, yn = _ready()
    head = np.arange(1, 6).astype(np.float32)
    ref = _reference_grads(net, xn, yn, head=head)
    for p in net.collect_params().values():
        p.grad_req = "add"
        p.zero_grad()
    for _ in range(3):
        with autograd.record():
            loss = loss_fn(net(x), y)
        assert _pending(loss)
        loss.backward(nd.array(head), retain_graph=True)
        loss.backward(nd.array(head))
    for a, b in zip(_grads(net), ref):
        _close(a, 6 * b, 1e-4)


def test_out_read_after_backward_and_after_graph_freed():
    net, loss_fn, x, y, xn, yn = _ready()
    _, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    with autograd.record():
        out = net(x)
        loss = loss_fn(out, y)
    loss.backward()
    with pytest.raises(mx.base.MXNetError):
        loss.backward()          # the graph was freed, as without deferral
    _close(out.asnumpy(), np.asarray(ref_out))
    _close(out[1].asnumpy(), np.asarray(ref_out)[1])


def test_grad_with_respect_to_a_pending_intermediate():
    """autograd.grad(loss, [out]) where out is the pending output of the network:
    softmax(out) - onehot(y), analytically."""
    net, loss_fn, x, y, xn, yn = _ready()
    _, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    with autograd.record():
        out = net(x)
        loss = loss_fn(out, y)
    assert _pending(out)
    (g,) = autograd.grad(loss, [out])
    expect = np.asarray(jax.nn.softmax(ref_out)) - np.eye(3)[yn.astype(int)]
    _close(g.asnumpy(), expect)


def test_second_order_through_a_deferred_block():
    """create_graph=True through a hybridized block f(x) = sum(x**3): the gradient is
    3 x**2 and the gradient of its sum 6 x."""
    class Cube(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return (x ** 3).sum()
    f = Cube()
    f.hybridize()
    xn = np.array([0.5, -1.0, 2.0], np.float32)
    x = nd.array(xn)
    x.attach_grad()
    for _ in range(3):
        with autograd.record():
            y = f(x)
            (g,) = autograd.grad(y, [x], create_graph=True)
            z = g.sum()
        _close(g.asnumpy(), 3 * xn ** 2)
        z.backward()
        _close(x.grad.asnumpy(), 6 * xn)


def test_values_captured_when_the_call_was_made():
    """Parameters and inputs changed after the call (set_data, an element write into the
    input) do not change what backward differentiates: the call's values are kept."""
    net, loss_fn, x, y, xn, yn = _ready()
    ref = _reference_grads(net, xn, yn)
    ref_per, _ = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    first = list(net.collect_params().values())[0]
    old = first.data().asnumpy()
    with autograd.record():
        loss = loss_fn(net(x), y)
    assert _pending(loss)
    first.set_data(nd.zeros(old.shape))
    x[0, 0] = 100.0
    loss.backward()
    _close(loss.asnumpy(), np.asarray(ref_per))
    for a, b in zip(_grads(net), ref):
        _close(a, b)


def test_writing_into_a_pending_output():
    net, loss_fn, x, y, xn, yn = _ready()
    _, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    with autograd.record():
        out = net(x)
    out[0, 1] = 7.0            # an element write (host mirror) outside the record scope
    expect = np.asarray(ref_out).copy()
    expect[0, 1] = 7.0
    _close(out.asnumpy(), expect)
    with autograd.record():
        out2 = net(x)
    out2[:] = 1.0
    _close(out2.asnumpy(), np.ones((5, 3)))


def test_attach_grad_and_mark_variables_on_pending_arrays():
    net, loss_fn, x, y, xn, yn = _ready()
    _, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    for how in ("attach", "mark"):
        with autograd.record():
            out = net(x)
        assert _pending(out)
        if how == "attach":
            out.attach_grad()
        else:
            autograd.mark_variables([out], [nd.zeros((5, 3))])
        with autograd.record():
            z = (out * out).sum()
        z.backward()
        _close(out.grad.asnumpy(), 2 * np.asarray(ref_out))


def test_dropout_mask_consistent_between_value_and_gradient():
    """A block with Dropout: the value backward computes for the pending output and its
    gradient use the same mask (out = x * m / (1 - p), d sum(out) / dx = m / (1 - p))."""
    class Drop(gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.drop = gluon.nn.Dropout(0.5)

        def hybrid_forward(self, F, x):
            return self.drop(x)
    f = Drop()
    f.hybridize()
    xn = np.random.RandomState(3).uniform(1, 2, (6, 7)).astype(np.float32)
    x = nd.array(xn)
    x.attach_grad()
    for _ in range(4):
        with autograd.record():
            out = f(x)
            s = out.sum()
        s.backward()
        g = x.grad.asnumpy()
        assert set(np.unique(g)) <= {0.0, 2.0} and 0 < (g == 0).sum() < g.size
        _close(out.asnumpy(), xn * g)


def test_batchnorm_running_statistics_update_at_the_call():
    """A block that writes auxiliary parameters is not deferred: BatchNorm's running
    mean changes when the call is made, before backward."""
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(4, in_units=3), gluon.nn.BatchNorm(in_channels=4))
    net.initialize()
    net.hybridize()
    x = nd.array(np.random.RandomState(0).uniform(size=(6, 3)))
    rm = net[1].running_mean
    for _ in range(3):
        before = rm.data().asnumpy().copy()
        with autograd.record():
            out = net(x)
            after = rm.data().asnumpy().copy()
            loss = out.sum()
        assert not np.allclose(before, after)
        assert not _pending(out)
        loss.backward()


def test_multiple_outputs():
    """A block with two outputs, both pending: as heads of backward (computed inside
    its program), and read by an eager op (run then)."""
    class Two(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.tanh(x), x * 3
    f = Two()
    f.hybridize()
    xn = np.array([[0.1, -0.4], [1.0, 2.0]], np.float32)
    x = nd.array(xn)
    x.attach_grad()
    th = np.tanh(xn)
    for i in range(4):
        with autograd.record():
            a, b = f(x)
        assert _pending(a) == _pending(b) == (i > 0)
        autograd.backward([a, b])
        _close(x.grad.asnumpy(), (1 - th ** 2) + 3)
        _close(b.asnumpy(), 3 * xn)
        _close(a.asnumpy(), th)
    for i in range(3):
        with autograd.record():
            a, b = f(x)
            assert _pending(a) and _pending(b)
            s = (a * b).sum()      # (an eager op reads them: they run now)
        s.backward()
        # d/dx tanh(x) * 3x = 3 tanh(x) + 3x (1 - tanh(x)^2)
        _close(x.grad.asnumpy(), 3 * th + 3 * xn * (1 - th ** 2))


def test_pending_output_outside_the_backward_graph():
    """A pending array that backward does not reach stays pending and gives its value
    when read later."""
    net, loss_fn, x, y, xn, yn = _ready()
    _, ref_out = _jax_loss(_params(net), jnp.asarray(xn), jnp.asarray(yn))
    v = nd.array([1.0, 2.0])
    v.attach_grad()
    with autograd.record():
        out = net(x)
        other = (v * v).sum()
    other.backward()
    _close(v.grad.asnumpy(), [2.0, 4.0])
    assert _pending(out)
    _close(out.asnumpy(), np.asarray(ref_out))


def test_same_results_with_deferral_switched_off():
    """Kernel.defer off: the eager path, with saved pullbacks, gives the same loss and
    gradients as the deferred one."""
    xn, yn = _data()
    results = []
    for defer in (True, False):
        mx.random.seed(0)
        net = _net()
        net.hybridize()
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        x, y = nd.array(xn), nd.array(yn)
        with autograd.record():     # (makes the training-mode compiled entries)
            loss_fn(net(x), y)
        for blk in (net, loss_fn):
            for e in blk._cached.values():
                e.kernel.defer = defer
        _warm(net, loss_fn, x, y, steps=4)
        with autograd.record():
            loss = loss_fn(net(x), y)
        assert _pending(loss) == defer
        loss.backward()
        results.append((loss.asnumpy(), _grads(net)))
    _close(results[0][0], results[1][0])
    for a, b in zip(results[0][1], results[1][1]):
        _close(a, b)
