"""A trainer's update run inside backward's program, and the steady-scalar step.

When ``gluon.Trainer`` repeats a step (``trainer._StepPlan``), backward runs the next
update in its own compiled program, with the weights, states and scalars of the last
step; ``trainer.step()`` takes those results only if the step would compute exactly
that (same scalar vector, weights, gradients and states untouched since backward).
For optimizers whose scalars do not depend on the update count (SGD, NAG), a repeated
step also reuses the last step's scalars while lr, wd, momentum, rescale_grad,
clip_gradient and every lr_mult/wd_mult are unchanged.

References: the same program with both shortcuts switched off (the general path, the
one checked against MXNet's recorded training losses in test_training_goldens.py), and
jax.grad of a pure-JAX MLP for plain SGD.
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, gluon, nd
from mxcompat._core import backward as bw
from mxcompat.gluon import trainer as trainer_mod


pytestmark = pytest.mark.usefixtures("sync_compile")


@pytest.fixture
def no_shortcuts(monkeypatch):
    """Switch the fused update and the steady scalars off (the general path)."""
    def off():
        monkeypatch.setattr(bw, "offer_update", lambda plan: None)
        monkeypatch.setattr(trainer_mod._StepPlan, "make",
                            classmethod(lambda cls, trainer, items: None))
    return off


def _net(seed=0, hidden=8):
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(hidden, activation="tanh", in_units=4))
        net.add(gluon.nn.Dense(3, in_units=hidden))
    net.initialize()
    rs = np.random.RandomState(seed)
    for p in net.collect_params().values():
        p.set_data(nd.array(rs.uniform(-0.5, 0.5, p.shape)))
    net.hybridize()
    return net


def _batch(step, n=6):
    rs = np.random.RandomState(100 + step)
    return (nd.array(rs.uniform(-1, 1, (n, 4))),
            nd.array(rs.randint(0, 3, n).astype(np.float32)))


def _weights(net):
    return [p.data().asnumpy() for p in net.collect_params().values()]


def _train(optimizer, opt_params, steps=8, between=None, batch_size=6, fixed=True,
           grad_req="write"):
    """Train; ``between(step, net, trainer)`` runs after backward, before the step."""
    net = _net()
    if grad_req != "write":
        net.collect_params().setattr("grad_req", grad_req)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), optimizer, dict(opt_params))
    losses = []
    for step in range(steps):
        x, y = _batch(0 if fixed else step)
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        if between is not None:
            between(step, net, trainer)
        trainer.step(batch_size)
        if grad_req == "add":
            for p in net.collect_params().values():
                p.zero_grad()
        losses.append(loss.mean().asscalar())
    return _weights(net), losses, trainer


def _against_general(run, no_shortcuts):
    """``run()`` gives the same weights with and without the shortcuts."""
    fast = run()
    no_shortcuts()
    _same(fast, run())


def _taken():
    return bw.compile_cache_info()["fused_updates_taken"]


def _same(a, b):
    for u, v in zip(a, b):
        np.testing.assert_allclose(u, v, rtol=1e-6, atol=1e-7)


OPTIMIZERS = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-3}),
    ("sgd", {"learning_rate": 0.5, "clip_gradient": 0.01}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9}),
]


@pytest.mark.parametrize("name,params", OPTIMIZERS)
def test_fused_steps_equal_general_path(name, params, no_shortcuts):
    before = _taken()
    w_fast, l_fast, _ = _train(name, params, fixed=False)
    taken = _taken() - before
    no_shortcuts()
    w_ref, l_ref, _ = _train(name, params, fixed=False)
    _same(w_fast, w_ref)
    np.testing.assert_allclose(l_fast, l_ref, rtol=1e-6)
    # (the plan exists from the second step, its first fused backward is the third's)
    assert taken >= 4


def test_plain_sgd_matches_jax_grad():
    steps, lr = 6, 0.2
    net = _net()
    w = [jnp.asarray(a) for a in _weights(net)]
    _, losses, _ = _train("sgd", {"learning_rate": lr}, steps=steps)
    x, y = _batch(0)
    xv, yv = jnp.asarray(x.asnumpy()), jnp.asarray(y.asnumpy()).astype(jnp.int32)

    def loss(ps):
        w1, b1, w2, b2 = ps
        lp = jax.nn.log_softmax(jnp.tanh(xv @ w1.T + b1) @ w2.T + b2)
        return -jnp.sum(lp[jnp.arange(6), yv])
    ref_losses = []
    for _ in range(steps):
        val, g = jax.value_and_grad(loss)(w)
        ref_losses.append(float(val) / 6)
        w = [p - lr * gi / 6 for p, gi in zip(w, g)]
    np.testing.assert_allclose(losses, ref_losses, rtol=1e-5)
    net2 = _train("sgd", {"learning_rate": lr}, steps=steps)[0]
    _same(net2, [np.asarray(p) for p in w])


def _changes():
    def set_lr(step, net, trainer):
        if step in (3, 5):
            trainer.set_learning_rate(0.05 * step)

    def scale_grads(step, net, trainer):
        if step >= 3:
            for p in net.collect_params().values():
                p.grad()[:] = p.grad() * 0.5

    def clip(step, net, trainer):
        grads = [p.grad() for p in net.collect_params().values()]
        gluon.utils.clip_global_norm(grads, 0.05)

    def set_data(step, net, trainer):
        if step == 4:
            p = list(net.collect_params().values())[0]
            p.set_data(p.data() * 0.9)

    def lr_mult(step, net, trainer):
        if step == 4:
            list(net.collect_params().values())[2].lr_mult = 0.0

    def wd_attr(step, net, trainer):
        if step == 4:
            trainer.optimizer.wd = 0.01

    def momentum_attr(step, net, trainer):
        if step == 5:
            trainer.optimizer.momentum = 0.5

    def reset_state(step, net, trainer):
        if step == 4:   # a momentum buffer written between backward and the step
            trainer._updater.states[0][:] = 0

    def read_only(step, net, trainer):
        # reading gradients and weights changes nothing: the fused update stays valid
        for p in net.collect_params().values():
            p.grad().asnumpy()
            p.data().asnumpy()
    return {"set_lr": set_lr, "scale_grads": scale_grads, "clip": clip,
            "set_data": set_data, "lr_mult": lr_mult, "wd_attr": wd_attr,
            "momentum_attr": momentum_attr, "reset_state": reset_state,
            "read_only": read_only}


@pytest.mark.parametrize("change", sorted(_changes()))
def test_changes_between_backward_and_step(change, no_shortcuts):
    between = _changes()[change]
    params = {"learning_rate": 0.1, "momentum": 0.9}
    before = _taken()
    w_fast, l_fast, _ = _train("sgd", params, between=between, steps=8)
    taken = _taken() - before
    no_shortcuts()
    w_ref, l_ref, _ = _train("sgd", params, between=between, steps=8)
    _same(w_fast, w_ref)
    np.testing.assert_allclose(l_fast, l_ref, rtol=1e-6)
    if change == "read_only":
        assert taken >= 5


def test_batch_size_change_is_not_taken(no_shortcuts):
    sizes = [6, 6, 6, 6, 3, 6, 6, 2]

    def run():
        net = _net()
        loss_fn = gluon.loss.L2Loss()
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.3})
        x, y = _batch(0)
        target = nd.one_hot(y, 3)
        for bs in sizes:
            with autograd.record():
                loss = loss_fn(net(x), target)
            loss.backward()
            trainer.step(bs)
        return _weights(net)
    _against_general(run, no_shortcuts)


@pytest.mark.parametrize("name,params", [("adam", {"learning_rate": 0.01}),
                                         ("rmsprop", {"learning_rate": 0.01}),
                                         ("sgd", {"learning_rate": 0.1,
                                                  "lr_scheduler": "factor"})])
def test_count_dependent_scalars(name, params, no_shortcuts):
    def fresh():   # (a scheduler is stateful: one per run)
        if params.get("lr_scheduler") == "factor":
            return dict(params, lr_scheduler=mx.lr_scheduler.FactorScheduler(2, 0.5))
        return dict(params)
    w_fast, l_fast, trainer = _train(name, fresh())
    counts = dict(trainer.optimizer._index_update_count)
    no_shortcuts()
    w_ref, l_ref, trainer2 = _train(name, fresh())
    _same(w_fast, w_ref)
    np.testing.assert_allclose(l_fast, l_ref, rtol=1e-6)
    assert counts == trainer2.optimizer._index_update_count
    assert trainer.optimizer.num_update == trainer2.optimizer.num_update == 8


def test_adam_stops_trying_after_misses():
    # Adam's scalars change every step (bias correction): the fused results are never
    # the step's, so after two misses backward stops running them.
    before = bw.compile_cache_info()["fused_updates"]
    _train("adam", {"learning_rate": 0.01}, steps=10)
    info = bw.compile_cache_info()
    assert info["fused_updates"] - before <= 2
    assert info["fused_updates_taken"] == 0


def test_grad_req_add_is_not_fused(no_shortcuts):
    before = bw.compile_cache_info()["fused_updates"]
    w_fast, _, _ = _train("sgd", {"learning_rate": 0.1}, grad_req="add")
    assert bw.compile_cache_info()["fused_updates"] == before
    no_shortcuts()
    w_ref, _, _ = _train("sgd", {"learning_rate": 0.1}, grad_req="add")
    _same(w_fast, w_ref)


def test_two_trainers_alternating(no_shortcuts):
    def run():
        nets = [_net(0), _net(1)]
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        trainers = [gluon.Trainer(n.collect_params(), "sgd",
                                  {"learning_rate": 0.1, "momentum": 0.5}) for n in nets]
        x, y = _batch(0)
        for _ in range(6):
            for net, tr in zip(nets, trainers):
                with autograd.record():
                    loss = loss_fn(net(x), y)
                loss.backward()
                tr.step(6)
        return _weights(nets[0]) + _weights(nets[1])
    before = _taken()
    fast = run()
    assert _taken() - before >= 4
    no_shortcuts()
    _same(fast, run())


def test_backward_twice_then_step(no_shortcuts):
    def run():
        net = _net()
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        for step in range(7):
            for k in range(1 + step % 2):
                x, y = _batch(step * 2 + k)
                with autograd.record():
                    loss = loss_fn(net(x), y)
                loss.backward()
            trainer.step(6)
        return _weights(net)
    _against_general(run, no_shortcuts)


def test_skipped_step_leaves_weights(no_shortcuts):
    # backward whose update is never taken: the weights stay those of the last step
    net = _net()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x, y = _batch(0)
    for _ in range(4):
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(6)
    before = _weights(net)
    with autograd.record():
        loss = loss_fn(net(x), y)
    loss.backward()
    _same(_weights(net), before)
    grads = [p.grad().asnumpy() for p in net.collect_params().values()]
    trainer.step(6)
    _same(_weights(net), [w - 0.1 * g / 6 for w, g in zip(before, grads)])


def test_weight_written_between_record_and_backward(no_shortcuts):
    # The recorded forward used the old weight; the update must use the new one.
    def run():
        net = _net()
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        x, y = _batch(0)
        first = list(net.collect_params().values())[0]
        for step in range(7):
            with autograd.record():
                loss = loss_fn(net(x), y)
            if step == 5:
                first.set_data(first.data() + 0.25)
            loss.backward()
            trainer.step(6)
        return _weights(net)
    _against_general(run, no_shortcuts)


def test_many_trainers_alive_each_fuse_their_update():
    """Six models, each with its own trainer, stepped in turn: every backward still
    runs its own trainer's update (each program remembers the plan it ran with), and
    each model trains exactly as one trained alone."""
    def make():
        net = _net()
        return (net, gluon.loss.SoftmaxCrossEntropyLoss(),
                gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}))

    def step(model, s):
        net, loss_fn, trainer = model
        x, y = _batch(s)
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(6)

    alone = make()
    for s in range(8):
        step(alone, s)
    models = [make() for _ in range(6)]
    taken = []
    for s in range(8):
        before = bw.compile_cache_info()["fused_updates_taken"]
        for m in models:
            step(m, s)
        taken.append(bw.compile_cache_info()["fused_updates_taken"] - before)
    assert taken[-3:] == [6, 6, 6]
    for net, _, _ in models:
        for a, b in zip(_weights(net), _weights(alone[0])):
            np.testing.assert_array_equal(a, b)
