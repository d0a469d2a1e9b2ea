"""backward()'s shortcut for a repeated training step (``backward._fused_step``).

Once backward has run a trainer's update inside its program for a graph structure, the
next backward of that structure (one head, no head gradient, graph not retained) checks
the same things again and calls the same program directly. The reference is the same
loop with the shortcut switched off, which takes the general path: the program and its
arguments are the same, so the weights, losses and gradients must be identical bit for
bit, including when something changes between steps and the shortcut must step aside.
"""
import numpy as np
import pytest

from mxcompat import autograd, gluon, nd
from mxcompat._core import backward as bw
from test_fused_update import _batch, _net   # (the same small MLP and batches)


pytestmark = pytest.mark.usefixtures("sync_compile")


def _fast_steps():
    return bw.compile_cache_info()["fast_steps"]


def _loop(steps=10, between=None, optimizer="sgd", params=None):
    """Train; ``between(step, env)`` runs after backward, before the trainer's step (env:
    net, trainer, loss, batch, and ``read`` for what the loop reads after the step).
    Returns the weights, what was read each step, how many backward passes took the
    shortcut, and env."""
    net = _net()
    env = {"net": net, "batch": _batch(0), "read": "mean",
           "trainer": gluon.Trainer(net.collect_params(), optimizer,
                                    params or {"learning_rate": 0.1})}
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    before = _fast_steps()
    read = []
    for step in range(steps):
        x, y = env["batch"]
        with autograd.record():
            loss = loss_fn(env["net"](x), y)
        env["loss"] = loss
        pre = env.pop("pre", None)     # (a change made between recording and backward)
        if pre is not None:
            pre(env)
        loss.backward()
        if between is not None:
            between(step, env)
        env["trainer"].step(x.shape[0])
        after = env.pop("after", None)     # (a change made after the step)
        if after is not None:
            after(env)
        if env["read"] == "mean":
            read.append(loss.mean().asnumpy())
        elif env["read"] == "loss":
            read.append(loss.asnumpy())
    weights = [p.data().asnumpy() for p in env["net"].collect_params().values()]
    return weights, read, _fast_steps() - before, env


def _check(between=None, monkeypatch=None, **kw):
    """The loop gives identical results with and without the shortcut; how many
    backward passes took it."""
    w, read, fast, _ = _loop(between=between, **kw)
    monkeypatch.setattr(bw, "_fused_step", lambda h: None)
    w_ref, read_ref, fast_ref, _ = _loop(between=between, **kw)
    assert fast_ref == 0
    for a, b in zip(w, w_ref):
        np.testing.assert_array_equal(a, b)
    assert len(read) == len(read_ref)
    for a, b in zip(read, read_ref):
        np.testing.assert_array_equal(a, b)
    return fast


def test_steady_loop_takes_the_shortcut_every_step_and_trains_identically(monkeypatch):
    early = bw.compile_cache_info()["early_dispatches"]
    fast = _check(monkeypatch=monkeypatch, steps=12)
    # (step 1 runs op by op and compiles, step 2 makes the trainer's plan, step 3 is the
    # first fused backward through the general path; the mean joins the program once)
    assert fast >= 12 - 5
    # (the shortcut's program dispatched before its checks, from the second such step)
    assert bw.compile_cache_info()["early_dispatches"] - early >= fast - 2


def test_shortcut_without_the_early_dispatch(monkeypatch):
    monkeypatch.setattr(bw, "_early", lambda t, fast, node: None)
    early = bw.compile_cache_info()["early_dispatches"]
    assert _check(monkeypatch=monkeypatch, steps=12) >= 12 - 5
    assert bw.compile_cache_info()["early_dispatches"] == early


@pytest.mark.parametrize("optimizer,params", [
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-3}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9}),
])
def test_optimizers_with_state(optimizer, params, monkeypatch):
    assert _check(monkeypatch=monkeypatch, optimizer=optimizer, params=params) >= 5


def test_momentum_written_before_backward(monkeypatch):
    """The optimizer's states written after recording: the early program's update used
    the old states, so its results are dropped."""
    fast = _check(_at(6, _write_state_before_backward), monkeypatch=monkeypatch,
                  steps=12, params={"learning_rate": 0.1, "momentum": 0.9})
    assert fast >= 3


def _at(k, action):
    def between(step, env):
        if step == k:
            action(env)
    return between


def _set_lr(env):
    env["trainer"].set_learning_rate(0.03)


def _write_weight(env):
    p = list(env["net"].collect_params().values())[0]
    p.set_data(p.data() * 0.5)


def _new_trainer(env):
    env["trainer"] = gluon.Trainer(env["net"].collect_params(), "sgd",
                                   {"learning_rate": 0.2})


def _new_batch_size(env):
    env["batch"] = _batch(3, n=4)


def _new_batch_values(env):
    env["batch"] = _batch(11)


def _grad_req_add(env):
    # (after the step: a grad_req changed between backward and step leaves every
    # gradient stale, and the step raises MXNet's warning)
    env["after"] = lambda e: e["net"].collect_params().setattr("grad_req", "add")


def _freeze_one(env):
    env["after"] = lambda e: setattr(list(e["net"].collect_params().values())[2],
                                     "grad_req", "null")


def _write_weight_before_backward(env):
    # (after recording: the early program ran with the old value; its results are
    # dropped and the general path differentiates the recorded graph)
    env["pre"] = _write_weight


def _write_state_before_backward(env):
    def write(e):
        for st in e["trainer"]._updater.states.values():
            if st is not None:
                st[:] = st * 0.5
    env["pre"] = write


def _read_loss_before_backward(env):
    # (reading the pending loss runs its forward: the graph differs from the template's)
    env["pre"] = lambda e: e["loss"].asnumpy()


def _read_loss(env):
    env["read"] = "loss"


def _read_nothing(env):
    env["read"] = None


@pytest.mark.parametrize("action", [_set_lr, _write_weight, _new_trainer, _new_batch_size,
                                    _new_batch_values, _grad_req_add, _freeze_one,
                                    _write_weight_before_backward,
                                    _read_loss_before_backward, _read_loss, _read_nothing])
def test_a_change_between_steps(action, monkeypatch):
    """Each change at step 6 of 12: the shortcut steps aside where its checks fail and
    comes back once the general path has fused the new step."""
    fast = _check(_at(6, action), monkeypatch=monkeypatch, steps=12)
    assert fast >= 3


def test_gradients_read_after_backward(monkeypatch):
    """Reading the gradients (lazily left out of the program) at every step from step 4:
    after three reads the plan asks for a program that returns them."""
    seen = []

    def read_grads(step, env):
        if step >= 4:
            seen.append([p.grad().asnumpy() for p in env["net"].collect_params().values()])
    fast = _check(read_grads, monkeypatch=monkeypatch, steps=12)
    assert fast >= 3
    half = len(seen) // 2
    for a, b in zip(seen[:half], seen[half:]):      # (the two runs read the same)
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u, v)


def test_trainer_not_stepped_for_a_while(monkeypatch):
    """backward without the step at steps 5-7: the update run in the program is
    dropped; the loop then trains as the general path does."""
    x, y = _batch(0)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()

    def run():
        net = _net()
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        before = _fast_steps()
        for step in range(14):
            with autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            if step not in (5, 6, 7):
                trainer.step(6)
        return [p.data().asnumpy() for p in net.collect_params().values()], \
            _fast_steps() - before
    w, fast = run()
    monkeypatch.setattr(bw, "_fused_step", lambda h: None)
    w_ref, _ = run()
    for a, b in zip(w, w_ref):
        np.testing.assert_array_equal(a, b)
    assert fast >= 3


def test_retain_graph_and_head_gradient_take_the_general_path():
    _, _, fast, env = _loop(steps=6)
    assert fast > 0
    net, (x, y) = env["net"], env["batch"]
    before = _fast_steps()
    with autograd.record():
        loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(x), y)
    loss.backward(retain_graph=True)
    g1 = [p.grad().asnumpy() for p in net.collect_params().values()]
    loss.backward(out_grad=nd.ones_like(loss) * 2)
    g2 = [p.grad().asnumpy() for p in net.collect_params().values()]
    assert _fast_steps() == before
    for a, b in zip(g1, g2):
        np.testing.assert_allclose(b, 2 * a, rtol=1e-6)


def _halve_states(trainer):
    for st in trainer._updater.states.values():
        if st is not None:
            st[:] = st * 0.5


def test_early_results_dropped_when_the_checks_find_other_states(monkeypatch):
    """A change between the early dispatch and the checks (simulated: the momentum
    written right after the third early dispatch) drops the early results; the loop
    trains exactly as the general path does with the same write made before backward."""
    real = bw._early
    steps_done, written = [0], []

    def early_then_write(t, fast, node):
        out = real(t, fast, node)
        if out is not None and not written and steps_done[0] >= 6:
            _halve_states(fast[2]().trainer())
            written.append(steps_done[0])
        return out

    def count(step, env):
        steps_done[0] = step + 1
    params = {"learning_rate": 0.1, "momentum": 0.9}
    monkeypatch.setattr(bw, "_early", early_then_write)
    w, read, _, _ = _loop(between=count, params=params, steps=12)
    assert written, "no early dispatch to write after"
    k = written[0]                  # (the step during whose backward the write came)

    def write_before_backward(step, env):
        if step == k - 1:
            env["pre"] = lambda e: _halve_states(e["trainer"])
    monkeypatch.setattr(bw, "_early", real)
    monkeypatch.setattr(bw, "_fused_step", lambda h: None)
    w_ref, read_ref, _, _ = _loop(between=write_before_backward, params=params, steps=12)
    for a, b in zip(w + read, w_ref + read_ref):
        np.testing.assert_array_equal(a, b)
