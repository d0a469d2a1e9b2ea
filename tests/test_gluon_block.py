"""Gluon Blocks, hybridize, Parameters and Trainer.

References: imperative gluon against hybridized gluon, hand-written jax gradients, and
MXNet's behaviour (printed names and reprs are compared byte for byte with MXNet in
tests/programs/gluon_basics.py; training numbers in tests/test_training_goldens.py).
"""
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, gluon, nd
from mxcompat.base import MXNetError
from mxcompat.gluon import nn


def _mlp(hybrid=True):
    net = nn.HybridSequential() if hybrid else nn.Sequential()
    with net.name_scope():
        net.add(nn.Dense(8, activation="relu"))
        net.add(nn.Dense(3))
    net.initialize(mx.init.Xavier())
    return net


def _copy_params(src, dst):
    for a, b in zip(src.collect_params().values(), dst.collect_params().values()):
        b.set_data(a.data())


def test_hybridized_forward_is_one_recorded_op_with_the_same_gradients():
    x = nd.array(np.random.RandomState(0).uniform(-1, 1, (4, 5)))
    net = _mlp()
    net(x)                                  # finishes deferred initialization
    ref = _mlp()
    ref(x)
    _copy_params(net, ref)
    net.hybridize()
    with autograd.record():
        y = net(x)
        loss = (y * y).sum()
    assert y._ag[0].kernel.name.startswith("hybrid:")
    loss.backward()
    with autograd.record():
        loss_ref = (ref(x) ** 2).sum()
    loss_ref.backward()
    np.testing.assert_allclose(loss.asnumpy(), loss_ref.asnumpy(), rtol=1e-6)
    for a, b in zip(net.collect_params().values(), ref.collect_params().values()):
        np.testing.assert_allclose(a.grad().asnumpy(), b.grad().asnumpy(), rtol=1e-5,
                                   atol=1e-7)


def test_backward_cache_tells_saved_pullbacks_from_recomputed_ones():
    """The compiled backward of a structure is keyed by which nodes saved their pullback
    (a hybridized block run when called), which are differentiated by recomputing the
    forward, and which are pending (a deferred call, run inside backward's program):
    the three take different arguments."""
    from mxcompat._core import backward as bw
    x = nd.array(np.random.RandomState(1).uniform(-1, 1, (4, 5)))
    net = _mlp()
    net(x)
    net.hybridize()
    l2 = gluon.loss.L2Loss()
    zero = nd.zeros((4, 3))
    prev = bw.set_compile_policy(threshold=1, synchronous=True)
    try:
        grads = []
        for saved, defer in ((True, True), (True, True), (True, False), (True, False),
                             (False, False), (False, False)):
            with autograd.record():
                l2(net(x), zero)                # builds the compiled entries
            for e in list(net._cached.values()) + list(l2._cached.values()):
                e.kernel.residuals = saved
                e.kernel.defer = defer
            with autograd.record():
                loss = l2(net(x), zero)
            assert (loss._data is None) == defer
            loss.backward()
            grads.append([p.grad().asnumpy() for p in net.collect_params().values()])
    finally:
        bw.set_compile_policy(**prev)
    for g in grads[1:]:
        for a, b in zip(grads[0], g):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


def test_hybridize_compiles_once_per_input_signature():
    net = _mlp()
    net.hybridize()
    net(nd.ones((2, 5)))                    # imperative: deferred init
    for _ in range(3):
        net(nd.ones((2, 5)))
    assert len(net._cached) == 1
    entry = next(iter(net._cached.values()))
    assert entry.kernel.fwd._cache_size() == 1
    net(nd.ones((7, 5)))                    # a new batch size: jit retraces once
    assert entry.kernel.fwd._cache_size() == 2
    with autograd.train_mode():
        net(nd.ones((2, 5)))                # training mode is part of the signature
    assert len(net._cached) == 2


def test_hybridized_dropout_draws_new_masks_and_backward_replays_them():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dropout(0.5))
    net.initialize()
    net.hybridize()
    x = nd.ones((200,))
    x.attach_grad()
    with autograd.record():
        a = net(x)
    with autograd.record():
        b = net(x)
        (b * 3).backward()
    assert not np.array_equal(a.asnumpy(), b.asnumpy())
    assert set(np.unique(b.asnumpy())) <= {0.0, 2.0}
    np.testing.assert_allclose(x.grad.asnumpy(), 3 * b.asnumpy())
    assert np.array_equal(net(x).asnumpy(), x.asnumpy())   # predict mode: identity


def test_dense_matches_jax_and_deferred_shapes():
    net = nn.Dense(4, activation="tanh")
    net.initialize()
    x = np.random.RandomState(1).uniform(-1, 1, (3, 2, 3)).astype(np.float32)
    y = net(nd.array(x))
    assert net.weight.shape == (4, 6)
    w = net.weight.data().asnumpy()
    b = net.bias.data().asnumpy()
    want = jnp.tanh(x.reshape(3, -1) @ w.T + b)
    np.testing.assert_allclose(y.asnumpy(), np.asarray(want), rtol=1e-5, atol=1e-6)
    flat = nn.Dense(4, flatten=False, in_units=3)
    flat.initialize()
    assert flat(nd.array(x)).shape == (3, 2, 4)


def test_parameter_errors_and_ops():
    p = gluon.Parameter("w", shape=(2, 3))
    with pytest.raises(RuntimeError, match="has not been initialized"):
        p.data()
    p.initialize(mx.init.One())
    with pytest.warns(UserWarning, match="already initialized"):
        p.initialize()
    p.set_data(nd.full((2, 3), 2.0))
    assert (p.data().asnumpy() == 2).all()
    p.initialize(mx.init.Zero(), force_reinit=True)
    assert (p.data().asnumpy() == 0).all()
    with pytest.raises(MXNetError, match="incompatible"):
        p.shape = (3, 2)
    p.grad_req = "null"
    with pytest.raises(RuntimeError, match="grad_req='null'"):
        p.grad()
    with pytest.raises(MXNetError, match="grad_req must be one of"):
        p.grad_req = "sometimes"
    q = gluon.Parameter("q", shape=(2,))
    q.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
    assert [d.context for d in q.list_data()] == [mx.cpu(0), mx.cpu(1)]
    with pytest.raises(RuntimeError, match="only initialized on"):
        q.data(mx.cpu(2))
    q.reset_ctx(mx.cpu(3))
    assert q.list_ctx() == [mx.cpu(3)]


def test_save_and_load_parameters_roundtrip(tmp_path):
    net = _mlp()
    x = nd.ones((2, 5))
    y = net(x)
    f = str(tmp_path / "net.params")
    net.save_parameters(f)
    loaded = nd.load(f)
    assert sorted(loaded) == ["0.bias", "0.weight", "1.bias", "1.weight"]
    other = _mlp()
    other.load_parameters(f)
    np.testing.assert_allclose(other(x).asnumpy(), y.asnumpy())
    legacy = str(tmp_path / "legacy.params")
    with pytest.warns(UserWarning, match="save_params is deprecated"):
        net.save_params(legacy)          # global names with the prefix stripped
    third = _mlp()
    third.load_parameters(legacy)
    np.testing.assert_allclose(third(x).asnumpy(), y.asnumpy())
    small = nn.Dense(3)
    with pytest.raises(MXNetError, match="'weight' is missing"):
        small.load_parameters(f)
    with pytest.raises(MXNetError, match="'0.weight' loaded from file .* is not present"):
        small.load_parameters(f, allow_missing=True)
    small.load_parameters(f, ignore_extra=True, allow_missing=True)


def test_trainer_step_sgd_and_stale_gradients():
    net = nn.Dense(2, in_units=3)
    net.initialize(mx.init.One())
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    x = nd.array([[1.0, 2.0, 3.0]])
    with autograd.record():
        loss = net(x).sum()
    loss.backward()
    trainer.step(1)
    np.testing.assert_allclose(net.weight.data().asnumpy(), 1 - 0.5 * np.array([[1, 2, 3]] * 2))
    np.testing.assert_allclose(net.bias.data().asnumpy(), [-0.5, -0.5])
    with pytest.raises(UserWarning, match="has not been updated by backward"):
        trainer.step(1)
    trainer.step(1, ignore_stale_grad=True)      # nothing fresh: nothing changes
    np.testing.assert_allclose(net.bias.data().asnumpy(), [-0.5, -0.5])
    assert trainer.learning_rate == 0.5
    trainer.set_learning_rate(0.1)
    assert trainer.learning_rate == 0.1


def test_trainer_states_roundtrip(tmp_path):
    net = nn.Dense(2, in_units=3)
    net.initialize(mx.init.One())
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1, "momentum": 0.9})
    x = nd.array([[1.0, 2.0, 3.0]])
    for _ in range(2):
        with autograd.record():
            loss = net(x).sum()
        loss.backward()
        trainer.step(1)
    f = str(tmp_path / "t.states")
    trainer.save_states(f)
    t2 = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    t2.load_states(f)
    s1 = trainer._updater.states
    s2 = t2._updater.states
    assert sorted(s1) == sorted(s2)
    for k in s1:
        np.testing.assert_allclose(s1[k].asnumpy(), s2[k].asnumpy())


def test_multi_context_gradients_are_summed():
    net = nn.Dense(1, in_units=2, use_bias=False)
    net.initialize(mx.init.One(), ctx=[mx.cpu(0), mx.cpu(1)])
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0})
    xs = gluon.utils.split_and_load(nd.array([[1.0, 2.0], [3.0, 4.0]]),
                                    [mx.cpu(0), mx.cpu(1)])
    with autograd.record():
        losses = [net(x).sum() for x in xs]
    for loss in losses:
        loss.backward()
    trainer.step(2)
    for d in net.weight.list_data():
        np.testing.assert_allclose(d.asnumpy(), [[1 - 4 / 2, 1 - 6 / 2]])


def test_cast_and_zero_grad():
    net = _mlp()
    net(nd.ones((1, 5)))
    net.cast("float64")
    assert net[0].weight.data().dtype == np.float64
    y = net(nd.ones((1, 5), dtype="float64"))
    assert y.dtype == np.float64
    with autograd.record():
        net(nd.ones((1, 5), dtype="float64")).sum().backward()
    net.collect_params().zero_grad()
    assert all((p.grad().asnumpy() == 0).all() for p in net.collect_params().values())


def test_hybridized_training_step_matches_pure_jax():
    rs = np.random.RandomState(3)
    x = rs.uniform(-1, 1, (6, 5)).astype(np.float32)
    lab = rs.randint(0, 3, 6).astype(np.float32)
    net = _mlp()
    net(nd.array(x))
    net.hybridize()
    params = [p.data().asnumpy() for p in net.collect_params().values()]
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.3})
    for _ in range(3):
        with autograd.record():
            loss = loss_fn(net(nd.array(x)), nd.array(lab))
        loss.backward()
        trainer.step(6)

    def jloss(ps):
        w1, b1, w2, b2 = ps
        h = jax.nn.relu(x @ w1.T + b1)
        logits = h @ w2.T + b2
        lp = jax.nn.log_softmax(logits)
        return -jnp.mean(lp[jnp.arange(6), lab.astype(int)])
    ps = [jnp.asarray(p) for p in params]
    for _ in range(3):
        g = jax.grad(jloss)(ps)
        ps = [p - 0.3 * gi for p, gi in zip(ps, g)]
    for got, want in zip(net.collect_params().values(), ps):
        np.testing.assert_allclose(got.data().asnumpy(), np.asarray(want), rtol=1e-4,
                                   atol=1e-6)


def test_trainer_takes_parameters_sharing_a_name_and_flags_one_listed_twice():
    """MXNet 1.9.1 (asked through the oracle): distinct Parameters with the same name
    (the Bayes-by-backprop notebook makes every variational one 'mu' or 'rho') are each
    updated: [[-0.5, -0.5], [0.0, 0.0]] below; the same Parameter listed twice makes
    step raise the stale-gradient UserWarning."""
    ps = []
    for v in (1., 2.):
        p = gluon.Parameter("mu", shape=(2,), init=mx.init.Constant(v))
        p.initialize()
        ps.append(p)
    tr = gluon.Trainer(ps, "sgd", {"learning_rate": 0.5})
    with autograd.record():
        loss = (ps[0].data() * 3 + ps[1].data() * ps[1].data()).sum()
    loss.backward()
    tr.step(1)
    assert [p.data().asnumpy().tolist() for p in ps] == [[-0.5, -0.5], [0.0, 0.0]]
    q = gluon.Parameter("w", shape=(2,), init=mx.init.Constant(1.))
    q.initialize()
    tr2 = gluon.Trainer([q, q], "sgd", {"learning_rate": 0.5})
    with autograd.record():
        loss = (q.data() * 3).sum()
    loss.backward()
    with pytest.raises(UserWarning, match="has not been updated by backward"):
        tr2.step(1)


def test_hybridized_forward_keeps_inputs_it_saves_for_backward_without_copying():
    """The pullback of a hybridized Dense needs its input x (for the weight gradient):
    the saved residual is x's own buffer, not a copy made by the compiled program."""
    net = _mlp()
    x = nd.array(np.random.RandomState(2).uniform(-1, 1, (4, 5)))
    net(x)
    net.hybridize()
    with autograd.record():
        y = net(x)
        loss = (y * y).sum()
    _, leaves, _ = y._ag[0].res
    assert any(leaf is x._value() for leaf in leaves)
    loss.backward()
    ref = _mlp(hybrid=False)
    ref(x)
    _copy_params(net, ref)
    with autograd.record():
        loss = (ref(x) ** 2).sum()
    loss.backward()
    for a, b in zip(net.collect_params().values(), ref.collect_params().values()):
        np.testing.assert_allclose(a.grad().asnumpy(), b.grad().asnumpy(), rtol=1e-5,
                                   atol=1e-7)


def _ce_jax(pred, label, sw):
    lp = jax.nn.log_softmax(pred, axis=-1)
    return -lp[jnp.arange(pred.shape[0]), label.astype(int)] * sw[:, 0]


@pytest.mark.parametrize("hybridized", [False, True])
def test_builtin_losses_run_as_one_compiled_op_with_the_op_by_op_values(hybridized):
    """mxcompat's own losses are recorded as ONE op (their compiled hybrid_forward) even
    when not hybridized; values and gradients are those of the op-by-op computation (a
    user subclass runs op by op) and of a hand-written jax version."""
    rs = np.random.RandomState(4)
    pred_np = rs.uniform(-2, 2, (5, 4)).astype(np.float32)
    lab_np = rs.randint(0, 4, 5).astype(np.float32)
    sw_np = rs.uniform(0.5, 1.5, (5, 1)).astype(np.float32)

    class MyCE(gluon.loss.SoftmaxCrossEntropyLoss):
        pass
    results = []
    for cls in (gluon.loss.SoftmaxCrossEntropyLoss, MyCE):
        loss_fn = cls()
        if hybridized:
            loss_fn.hybridize()
        pred = nd.array(pred_np)
        pred.attach_grad()
        with autograd.record():
            out = loss_fn(pred, nd.array(lab_np), nd.array(sw_np))
        kernel = out._ag[0].kernel.name
        out.backward()
        results.append((kernel, out.asnumpy(), pred.grad.asnumpy()))
    (k_builtin, v_builtin, g_builtin), (k_user, v_user, g_user) = results
    assert k_builtin.startswith("hybrid:")
    assert k_user.startswith("hybrid:") == hybridized
    np.testing.assert_allclose(v_builtin, v_user, rtol=1e-6)
    np.testing.assert_allclose(g_builtin, g_user, rtol=1e-6, atol=1e-7)
    want = _ce_jax(pred_np, lab_np, sw_np)
    np.testing.assert_allclose(v_builtin, np.asarray(want), rtol=1e-5)
    gwant = jax.grad(lambda p: _ce_jax(p, lab_np, sw_np).sum())(pred_np)
    np.testing.assert_allclose(g_builtin, np.asarray(gwant), rtol=1e-5, atol=1e-7)


def test_losses_defined_by_users_run_as_written_unless_hybridized():
    """A user's loss (a subclass) is not compiled behind its back: its Python runs at
    every call, as in MXNet."""
    calls = []

    class Counting(gluon.loss.L2Loss):
        def hybrid_forward(self, F, pred, label, sample_weight=None):
            calls.append(1)
            return super().hybrid_forward(F, pred, label, sample_weight)
    loss_fn = Counting()
    for _ in range(3):
        loss_fn(nd.ones((2, 3)), nd.zeros((2, 3)))
    assert len(calls) == 3
    builtin = gluon.loss.L2Loss()
    np.testing.assert_allclose(builtin(nd.ones((2, 3)), nd.zeros((2, 3))).asnumpy(),
                               [0.5, 0.5])
    # sample_weight=None passed explicitly
    np.testing.assert_allclose(
        builtin(nd.ones((2, 3)), nd.zeros((2, 3)), None).asnumpy(), [0.5, 0.5])


def test_hybridized_call_follows_parameters_modes_and_inputs_between_calls():
    """The repeated-call shortcut of a hybridized block sees re-initialized parameters,
    values set in place, the training mode, and inputs of another class or shape."""
    net = _mlp()
    x = nd.array(np.random.RandomState(5).uniform(-1, 1, (4, 5)))
    net(x)
    net.hybridize()
    ref = _mlp(hybrid=False)
    ref(x)

    def check():
        _copy_params(net, ref)
        np.testing.assert_allclose(net(x).asnumpy(), ref(x).asnumpy(), rtol=1e-5,
                                   atol=1e-6)
    check()
    check()
    net.collect_params().initialize(mx.init.Uniform(0.5), force_reinit=True)
    check()
    for p in net.collect_params().values():
        p.set_data(p.data() * 2)
    check()
    with autograd.train_mode():
        check()
    check()
    x2 = nd.array(np.random.RandomState(6).uniform(-1, 1, (3, 5)))
    np.testing.assert_allclose(net(x2).asnumpy(), ref(x2).asnumpy(), rtol=1e-5, atol=1e-6)
    xn = mx.np.array(x.asnumpy())
    out = net(xn)
    assert isinstance(out, mx.np.ndarray)
    np.testing.assert_allclose(out.asnumpy(), ref(x).asnumpy(), rtol=1e-5, atol=1e-6)
    assert isinstance(net(x), nd.NDArray)


def test_trainer_repeated_steps_follow_changes_made_between_steps(tmp_path):
    """Steps that repeat take a shortcut (the same parameters, arrays and optimizer as
    the step before); every change between steps must still be honoured. Reference: MXNet's
    SGD rule with momentum in numpy (mom = m * mom - lr * lr_mult * grad; w += mom)."""
    c = np.array([1., 2., 3.], np.float32)
    ps = []
    for name in ("w", "v"):
        p = gluon.Parameter(name, shape=(3,), init=mx.init.Constant(1.))
        p.initialize()
        ps.append(p)
    tr = gluon.Trainer(ps, "sgd", {"learning_rate": 0.5, "momentum": 0.9})
    want = [np.ones(3, np.float32), np.ones(3, np.float32)]
    mom = [np.zeros(3, np.float32), np.zeros(3, np.float32)]

    def backward():
        with autograd.record():
            loss = sum((p.data() * nd.array(c, dtype=p.data().dtype)).sum()
                       for p in ps if p.grad_req != "null")
        loss.backward()

    def step(lr, mults=(1., 1.), frozen=(), grads=(1., 1.)):
        tr.step(1)
        for k in range(2):
            if k in frozen:
                continue
            mom[k] = 0.9 * mom[k] - lr * mults[k] * grads[k] * c
            want[k] = want[k] + mom[k]
        for p, w in zip(ps, want):
            np.testing.assert_allclose(p.data().asnumpy(), w, rtol=1e-5, atol=1e-6)
    for _ in range(3):
        backward()
        step(0.5)
    with pytest.raises(UserWarning, match="has not been updated by backward"):
        tr.step(1)                                  # no backward since the last step
    backward()
    tr.set_learning_rate(0.1)
    step(0.1)
    ps[0].lr_mult = 0.0
    backward()
    step(0.1, mults=(0.0, 1.0))
    ps[0].lr_mult = 1.0
    tr.save_states(str(tmp_path / "s.states"))
    saved = [m.copy() for m in mom]
    backward()
    step(0.1)
    tr.load_states(str(tmp_path / "s.states"))   # momentum back to the saved one
    mom = saved
    backward()
    step(0.1)
    ps[1].grad_req = "null"
    backward()
    step(0.1, frozen=(1,))
    ps[1].grad_req = "write"
    ps[0].grad_req = "add"          # new gradient arrays, which backward accumulates into
    backward()
    step(0.1)
    backward()
    step(0.1, grads=(2., 1.))
    ps[0].grad_req = "write"
    for p in ps:
        p.cast("float64")
    backward()
    step(0.1)
    assert all(p.data().dtype == np.float64 for p in ps)
