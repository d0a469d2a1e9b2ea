"""mx.optimizer beyond the goldens (tests/golden/optimizer.json): the fused path gives
exactly the per-parameter numbers, hyper-parameter changes never recompile, updater
states round-trip, user-defined optimizers, and the behaviours MXNet cannot record
(random SGLD noise, DCASGD momentum, which MXNet fails on)."""
import pickle
import warnings

import numpy as np
import pytest

import mxcompat as mx
from mxcompat.optimizer import fused

SHAPES = [(3, 4), (5,), (2, 3, 2)]



def _factor():
    return mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.1)


# (name, kwargs factory): a fresh scheduler per run, since schedulers keep state.
CONFIGS = [
    ("sgd", lambda: dict(learning_rate=0.1)),
    ("sgd", lambda: dict(learning_rate=0.1, momentum=0.9, wd=0.01, clip_gradient=0.5)),
    ("sgd", lambda: dict(momentum=0.9, multi_precision=True, lr_scheduler=_factor())),
    ("nag", lambda: dict(learning_rate=0.1, momentum=0.9, wd=0.01)),
    ("nag", lambda: dict(learning_rate=0.1, wd=0.01, multi_precision=True)),
    ("adam", lambda: dict(learning_rate=0.01, wd=0.01)),
    ("adam", lambda: dict(learning_rate=0.01, multi_precision=True)),
    ("adagrad", lambda: dict(learning_rate=0.1, clip_gradient=0.5)),
    ("rmsprop", lambda: dict(learning_rate=0.01)),
    ("rmsprop", lambda: dict(learning_rate=0.01, centered=True, clip_weights=1.0)),
    ("adadelta", lambda: dict(rescale_grad=0.5)),
    ("adamax", lambda: dict()),
    ("nadam", lambda: dict(wd=0.01)),
    ("ftml", lambda: dict(learning_rate=0.01)),
    ("ftrl", lambda: dict(wd=0.01)),
    ("signum", lambda: dict(learning_rate=0.01)),
    ("signum", lambda: dict(learning_rate=0.01, momentum=0.0)),
    ("lamb", lambda: dict(learning_rate=0.01, wd=0.01, multi_precision=True)),
    # (LARS with a schedule is left out: its momentum correction depends on how the
    # updates are grouped into calls, in MXNet too; golden 'lars_names' covers it.)
    ("lars", lambda: dict(learning_rate=0.1, momentum=0.9, param_idx2name={2: "fc_bias"})),
    ("dcasgd", lambda: dict(learning_rate=0.1, wd=0.01)),
    ("test", lambda: dict(rescale_grad=0.5)),
]
IDS = [f"{n}-{i}" for i, (n, _) in enumerate(CONFIGS)]


def _params(dtypes):
    rs = np.random.RandomState(0)
    ws = [mx.nd.array(rs.uniform(-2, 2, s), dtype=d) for s, d in zip(SHAPES, dtypes)]
    gs = [[mx.nd.array(rs.uniform(-2, 2, s), dtype=d) for s, d in zip(SHAPES, dtypes)]
          for _ in range(3)]
    return ws, gs


def _flat(state):
    if state is None:
        return []
    if isinstance(state, (list, tuple)):
        return [a for s in state for a in _flat(s)]
    return [state.asnumpy()]


def _run(name, kw, fused_call, steps=4):
    mp = kw.get("multi_precision", False)
    dtypes = ["float32", "float16" if mp else "float32", "float32"]
    ws, gs = _params(dtypes)
    opt = mx.optimizer.create(name, **dict(kw))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        states = [opt.create_state_multi_precision(i, w) for i, w in enumerate(ws)]
    for step in range(steps):
        grads = [g.copy() for g in gs[step % 3]]
        if fused_call:
            opt.fused_update([0, 1, 2], ws, grads, states)
        else:
            for i in range(3):
                opt.update_multi_precision(i, ws[i], grads[i], states[i])
    return [w.asnumpy() for w in ws] + [a for s in states for a in _flat(s)], opt


@pytest.mark.parametrize("name,make_kw", CONFIGS, ids=IDS)
def test_fused_equals_per_parameter(name, make_kw):
    """One compiled call for all parameters == one update_multi_precision call per
    parameter, bit for bit (weights, every state array, and the update counts)."""
    one, opt1 = _run(name, make_kw(), fused_call=False)
    many, opt2 = _run(name, make_kw(), fused_call=True)
    assert len(one) == len(many)
    for a, b in zip(one, many):
        np.testing.assert_array_equal(a, b)
    assert opt1.num_update == opt2.num_update
    assert opt1._index_update_count == opt2._index_update_count


def test_sgd_update_accepts_lists():
    """MXNet's SGD.update takes lists of parameters (the aggregated path)."""
    ws, gs = _params(["float32"] * 3)
    ws2 = [w.copy() for w in ws]
    opt1 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    opt2 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    st1 = [opt1.create_state(i, w) for i, w in enumerate(ws)]
    st2 = [opt2.create_state(i, w) for i, w in enumerate(ws2)]
    for step in range(3):
        opt1.update([0, 1, 2], ws, gs[step], st1)
        for i in range(3):
            opt2.update(i, ws2[i], gs[step][i], st2[i])
    for a, b in zip(ws + st1, ws2 + st2):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


# ------------------------------------------------------------------ compile cache
def _setup(opt, dtypes=("float32",) * 3):
    ws, gs = _params(list(dtypes))
    states = [opt.create_state_multi_precision(i, w) for i, w in enumerate(ws)]
    return ws, gs, states


def test_changing_hyperparameters_does_not_recompile():
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.01)
    ws, gs, states = _setup(opt)
    opt.fused_update([0, 1, 2], ws, gs[0], states)
    n = fused.cache_size()
    for lr in (0.05, 0.01, 0.3):
        opt.set_learning_rate(lr)
        opt.wd = lr / 10
        opt.momentum = lr
        opt.rescale_grad = 1 / lr
        before = [w.asnumpy() for w in ws]
        opt.fused_update([0, 1, 2], ws, gs[1], states)
        assert not np.array_equal(before[0], ws[0].asnumpy())
    assert fused.cache_size() == n


def test_changing_step_count_and_schedule_does_not_recompile():
    opt = mx.optimizer.Adam(lr_scheduler=mx.lr_scheduler.CosineScheduler(20, base_lr=0.1),
                            learning_rate=0.1)
    ws, gs, states = _setup(opt)
    opt.fused_update([0, 1, 2], ws, gs[0], states)
    n = fused.cache_size()
    for step in range(5):
        opt.fused_update([0, 1, 2], ws, gs[step % 3], states)
    assert fused.cache_size() == n
    assert opt.num_update == 6


def test_new_learning_rate_is_used():
    """The learning rate passed at run time is the one applied (plain SGD, analytic)."""
    opt = mx.optimizer.SGD(learning_rate=0.1)
    ws, gs, states = _setup(opt)
    opt.fused_update([0, 1, 2], ws, gs[0], states)
    opt.set_learning_rate(0.37)
    before = [w.asnumpy() for w in ws]
    opt.fused_update([0, 1, 2], ws, gs[1], states)
    for b, w, g in zip(before, ws, gs[1]):
        np.testing.assert_allclose(w.asnumpy(), b - np.float32(0.37) * g.asnumpy(),
                                   rtol=1e-6, atol=1e-7)


def test_compile_cache_is_keyed_by_structure():
    opt = mx.optimizer.RMSProp(learning_rate=0.01)
    ws, gs, states = _setup(opt)
    opt.fused_update([0, 1, 2], ws, gs[0], states)
    n = fused.cache_size()
    # A shape no other test uses, so the structure is new whatever ran before.
    shape = (13, 11, 3)
    w = mx.nd.ones(shape)
    st = opt.create_state(3, w)
    opt.fused_update([0, 1, 2, 3], ws + [w], gs[1] + [mx.nd.ones(shape)], states + [st])
    assert fused.cache_size() == n + 1
    opt.fused_update([0, 1, 2, 3], ws + [w], gs[2] + [mx.nd.ones(shape)], states + [st])
    assert fused.cache_size() == n + 1


# ------------------------------------------------------------------- updater
def _train(upd, ws, gs, steps, start=0):
    for step in range(start, start + steps):
        upd([0, 1, 2], gs[step % 3], ws)


def test_updater_states_round_trip_with_optimizer():
    ws, gs = _params(["float32"] * 3)
    upd = mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.01, wd=0.01))
    _train(upd, ws, gs, 2)
    blob = upd.get_states(dump_optimizer=True)
    ws2 = [w.copy() for w in ws]
    upd2 = mx.optimizer.get_updater(mx.optimizer.Adam())
    upd2.set_states(blob)
    assert upd2.optimizer.num_update == 2 and upd2.optimizer.wd == 0.01
    _train(upd, ws, gs, 3, start=2)
    _train(upd2, ws2, gs, 3, start=2)
    for a, b in zip(ws, ws2):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    for i in range(3):
        for a, b in zip(_flat(upd.states[i]), _flat(upd2.states[i])):
            np.testing.assert_array_equal(a, b)


def test_updater_states_only():
    ws, gs = _params(["float32"] * 3)
    upd = mx.optimizer.get_updater(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9))
    _train(upd, ws, gs, 2)
    upd2 = mx.optimizer.get_updater(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9))
    upd2.set_states(upd.get_states())
    assert set(upd2.states) == {0, 1, 2}
    assert upd2.optimizer.num_update == 0
    for i in range(3):
        np.testing.assert_array_equal(upd.states[i].asnumpy(), upd2.states[i].asnumpy())
    ws2 = [w.copy() for w in ws]
    _train(upd, ws, gs, 1)
    _train(upd2, ws2, gs, 1)
    np.testing.assert_array_equal(ws[0].asnumpy(), ws2[0].asnumpy())


def test_updater_bytes_index_and_single_calls():
    upd = mx.optimizer.get_updater(mx.optimizer.SGD(learning_rate=0.5))
    w = mx.nd.array([1.0, 2.0])
    upd(b"fc_weight", mx.nd.array([1.0, -1.0]), w)
    assert "fc_weight" in upd.states
    np.testing.assert_allclose(w.asnumpy(), [0.5, 2.5])


def test_optimizer_pickles_without_param_dict():
    class P:
        lr_mult, wd_mult = 2.0, 0.0
    opt = mx.optimizer.SGD(learning_rate=0.1, param_dict={0: P()})
    assert opt._get_lr(0) == pytest.approx(0.2)
    opt2 = pickle.loads(pickle.dumps(opt))
    assert opt2.param_dict == {} and opt2.lr == 0.1
    assert opt2._get_lr(0) == pytest.approx(0.1)


def test_param_dict_multipliers_are_used():
    class P:
        lr_mult, wd_mult = 0.5, 0.0
    opt = mx.optimizer.SGD(learning_rate=0.2, wd=0.3, param_dict={0: P()})
    w = mx.nd.array([1.0, 2.0])
    opt.update(0, w, mx.nd.array([1.0, 1.0]), None)
    np.testing.assert_allclose(w.asnumpy(), [1.0 - 0.1, 2.0 - 0.1], rtol=1e-6)


# ------------------------------------------------------- user-defined optimizers
@mx.optimizer.register
class HalfStep(mx.optimizer.Optimizer):
    """A user optimizer written the MXNet way, with NDArray code."""

    def create_state(self, index, weight):
        return mx.nd.zeros(weight.shape)

    def update(self, index, weight, grad, state):
        self._update_count(index)
        state[:] = state + grad
        weight[:] = weight - self._get_lr(index) * 0.5 * grad


def test_user_optimizer_runs_through_updater():
    opt = mx.optimizer.create("HALFSTEP", learning_rate=0.2)
    assert isinstance(opt, HalfStep)
    upd = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array([1.0, 2.0]), mx.nd.array([3.0])]
    gs = [mx.nd.array([1.0, -1.0]), mx.nd.array([2.0])]
    upd([0, 1], gs, ws)
    upd([0, 1], gs, ws)
    np.testing.assert_allclose(ws[0].asnumpy(), [0.8, 2.2], rtol=1e-6)
    np.testing.assert_allclose(ws[1].asnumpy(), [2.6], rtol=1e-6)
    np.testing.assert_allclose(upd.states[0].asnumpy(), [2.0, -2.0])
    assert opt.num_update == 2


def test_subclass_overriding_update_is_called():
    calls = []

    class MySGD(mx.optimizer.SGD):
        def update(self, index, weight, grad, state):
            calls.append(index)
            super().update(index, weight, grad, state)

    opt = MySGD(learning_rate=0.1)
    opt.aggregate_num = 0
    upd = mx.optimizer.get_updater(opt)
    upd([0, 1], [mx.nd.ones(2), mx.nd.ones(3)], [mx.nd.ones(2), mx.nd.ones(3)])
    assert calls == [0, 1]


def test_register_warns_on_override():
    with pytest.warns(UserWarning, match="overriding"):
        @mx.optimizer.register
        class HalfStep(mx.optimizer.Optimizer):  # noqa: F811 - on purpose
            pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mx.optimizer.register(globals()["HalfStep"])


def test_float16_without_multi_precision_warns():
    with pytest.warns(UserWarning, match="multi_precision"):
        mx.optimizer.Adam().create_state_multi_precision(0, mx.nd.ones(2, dtype="float16"))


# -------------------------------------------------- behaviours MXNet cannot record
def test_sgld_noise_statistics_and_seed():
    lr = 0.04
    def step(seed):
        mx.random.seed(seed)
        opt = mx.optimizer.SGLD(learning_rate=lr)
        w = mx.nd.zeros((400, 500))
        opt.update(0, w, mx.nd.zeros((400, 500)), None)
        return w.asnumpy()
    a = step(1)
    assert abs(a.mean()) < 0.003                      # mean 0 (std err 0.2/447)
    assert a.std() == pytest.approx(np.sqrt(lr), rel=0.01)
    np.testing.assert_array_equal(a, step(1))
    assert not np.array_equal(a, step(2))


def test_sgld_gradient_step():
    """With noise-free statistics: the mean of many draws is the half gradient step."""
    mx.random.seed(0)
    opt = mx.optimizer.SGLD(learning_rate=0.01, wd=0.1, rescale_grad=2.0)
    w = mx.nd.ones((200000,))
    opt.update(0, w, mx.nd.ones((200000,)), None)
    expected = 1 - 0.01 / 2 * (2.0 + 0.1)
    assert w.asnumpy().mean() == pytest.approx(expected, abs=5e-4)


def test_dcasgd_momentum_against_numpy():
    """MXNet's DCASGD fails with momentum (it tests an array's truth value); mxcompat
    applies the documented formula."""
    rs = np.random.RandomState(3)
    w0 = rs.uniform(-1, 1, 6).astype(np.float32)
    grads = [rs.uniform(-1, 1, 6).astype(np.float32) for _ in range(3)]
    lr, wd, lamda, momentum = 0.1, 0.01, 0.04, 0.9
    opt = mx.optimizer.DCASGD(learning_rate=lr, wd=wd, lamda=lamda, momentum=momentum)
    w = mx.nd.array(w0)
    state = opt.create_state(0, w)
    ref_w, ref_prev, ref_mom = w0.astype(np.float64), w0.astype(np.float64), np.zeros(6)
    for g in grads:
        opt.update(0, w, mx.nd.array(g), state)
        ref_mom = momentum * ref_mom - lr * (g + wd * ref_w + lamda * g * g * (ref_w - ref_prev))
        ref_prev = ref_w
        ref_w = ref_w + ref_mom
    np.testing.assert_allclose(w.asnumpy(), ref_w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state[0].asnumpy(), ref_mom, rtol=1e-5, atol=1e-6)


def test_shared_weight_listed_twice_is_updated_twice():
    opt1 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    opt2 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    w1, w2 = mx.nd.array([1.0, 2.0]), mx.nd.array([1.0, 2.0])
    s1, s2 = opt1.create_state(0, w1), opt2.create_state(0, w2)
    ga, gb = mx.nd.array([0.5, -1.0]), mx.nd.array([2.0, 1.0])
    opt1.fused_update([0, 0], [w1, w1], [ga, gb], [s1, s1])
    opt2.update(0, w2, ga, s2)
    opt2.update(0, w2, gb, s2)
    np.testing.assert_array_equal(w1.asnumpy(), w2.asnumpy())
    np.testing.assert_array_equal(s1.asnumpy(), s2.asnumpy())
