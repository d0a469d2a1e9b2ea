"""Neural-network ops beyond the goldens: Dropout and rrelu (random, training mode),
the places where mxcompat deliberately differs from MXNet 1.9.1 (selu's gradient,
SoftmaxOutput's out_grad, LayerNorm's mean/std gradients, Dropout with p=1), and
higher-order gradients (MXNet has none for these ops), all checked against analytic
values or jax.grad of independent pure-JAX formulas."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.base import MXNetError

SELU_A = 1.6732632423543772848170429916717
SELU_L = 1.0507009873554804934193349852946


def _x(shape=(40, 50), dtype="float32", seed=0, lo=-2.0, hi=2.0):
    rs = np.random.RandomState(seed)
    return rs.uniform(lo, hi, size=shape).astype(dtype)


# ------------------------------------------------------------------ Dropout
class TestDropout:
    def test_predict_mode_is_identity(self):
        x = nd.array(_x())
        np.testing.assert_array_equal(nd.Dropout(x, p=0.5).asnumpy(), x.asnumpy())
        with autograd.record(train_mode=False):
            y = nd.Dropout(x, p=0.5)
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
        with autograd.record():
            with autograd.predict_mode():
                y = nd.Dropout(x, p=0.5)
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
        with autograd.pause():
            y = nd.Dropout(x, p=0.5)
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())

    @pytest.mark.parametrize("how", ["record", "train_mode", "always"])
    def test_training_drops_and_scales(self, how):
        mx.random.seed(7)           # deterministic draws for the statistical check
        p = 0.3
        xn = _x(lo=0.5, hi=2.0)
        x = nd.array(xn)
        if how == "record":
            with autograd.record():
                y = nd.Dropout(x, p=p)
        elif how == "train_mode":
            with autograd.train_mode():
                y = nd.Dropout(x, p=p)
        else:
            y = nd.Dropout(x, p=p, mode="always")
        yn = y.asnumpy()
        kept = yn != 0
        frac = 1 - kept.mean()
        assert abs(frac - p) < 0.03, frac          # 2000 draws: std ~0.01
        np.testing.assert_allclose(yn[kept], xn[kept] / (1 - p), rtol=1e-6)

    def test_gradient_is_mask_over_keep_and_replays_same_mask(self):
        p = 0.4
        xn = _x(lo=0.5, hi=2.0)
        x = nd.array(xn)
        x.attach_grad()
        head = _x(seed=3)
        with autograd.record():
            y = nd.Dropout(x, p=p)
            z = y * 3.0
        z.backward(nd.array(head), retain_graph=True)
        mask = (y.asnumpy() != 0) / (1 - p)
        np.testing.assert_allclose(x.grad.asnumpy(), 3.0 * head * mask, rtol=1e-5)
        first = x.grad.asnumpy().copy()
        z.backward(nd.array(head))            # a second replay: the same mask
        np.testing.assert_array_equal(x.grad.asnumpy(), first)

    def test_whole_graph_replay_uses_recorded_mask(self):
        prev = autograd.set_compile_policy(threshold=1, synchronous=True)
        try:
            for seed in range(3):
                x = nd.array(_x((8, 9), lo=0.5, hi=2.0, seed=seed))
                x.attach_grad()
                with autograd.record():
                    y = nd.Dropout(x, p=0.5)
                    z = (y * y).sum()
                z.backward()
                yn = y.asnumpy()
                np.testing.assert_allclose(x.grad.asnumpy(), 2 * yn * (yn != 0) * 2.0,
                                           rtol=1e-5)
        finally:
            autograd.set_compile_policy(**prev)

    def test_seed_reproducibility(self):
        x = nd.ones((30, 30))
        mx.random.seed(42)
        a = nd.Dropout(x, p=0.5, mode="always").asnumpy()
        b = nd.Dropout(x, p=0.5, mode="always").asnumpy()
        mx.random.seed(42)
        c = nd.Dropout(x, p=0.5, mode="always").asnumpy()
        np.testing.assert_array_equal(a, c)
        assert not np.array_equal(a, b)

    def test_axes_share_the_mask(self):
        y = nd.Dropout(nd.ones((6, 50, 3)), p=0.5, mode="always", axes=(1,)).asnumpy()
        np.testing.assert_array_equal(y, np.broadcast_to(y[:, :1, :], y.shape))
        assert 0 < (y == 0).mean() < 1
        assert set(np.unique(y)) <= {0.0, 2.0}

    def test_p0_identity_and_p1_zeros(self):
        xn = _x()
        with autograd.record():
            y0 = nd.Dropout(nd.array(xn), p=0.0)
        np.testing.assert_array_equal(y0.asnumpy(), xn)
        # NOTE: MXNet 1.9.1 returns NaN (0 * inf) for p=1; mxcompat drops everything.
        y1 = nd.Dropout(nd.array(xn), p=1.0, mode="always").asnumpy()
        np.testing.assert_array_equal(y1, np.zeros_like(xn))

    @pytest.mark.parametrize("dtype", ["float16", "float64"])
    def test_dtype(self, dtype):
        y = nd.Dropout(nd.ones((10, 10), dtype=dtype), p=0.5, mode="always")
        assert y.dtype == np.dtype(dtype)
        assert set(np.unique(y.asnumpy())) <= {0.0, 2.0}

    def test_second_order_is_zero(self):
        x = nd.array(_x((5, 6), "float64", lo=0.5))
        x.attach_grad()
        with autograd.record():
            y = nd.Dropout(x, p=0.5)
            g = autograd.grad((y * y).sum(), [x], create_graph=True)[0]
            s = g.sum()
        s.backward()
        mask = (y.asnumpy() != 0) * 2.0
        # d/dx sum(2 * (x * m) * m) = 2 m^2
        np.testing.assert_allclose(x.grad.asnumpy(), 2 * mask ** 2, rtol=1e-12)

    def test_bad_arguments(self):
        with pytest.raises(MXNetError, match="mode"):
            nd.Dropout(nd.ones((2,)), p=0.5, mode="sometimes")
        with pytest.raises(MXNetError, match="out of range"):
            nd.Dropout(nd.ones((2,)), p=-0.1)


# -------------------------------------------------------------------- rrelu
class TestRReLU:
    def test_training_slopes_and_gradient(self):
        mx.random.seed(8)
        xn = _x((20, 30))
        x = nd.array(xn)
        x.attach_grad()
        with autograd.record():
            y, slopes = nd.LeakyReLU(x, act_type="rrelu", lower_bound=0.1, upper_bound=0.4)
        y.backward()
        s = slopes.asnumpy()
        assert s.min() >= 0.1 and s.max() <= 0.4 and s.std() > 0.05
        np.testing.assert_allclose(y.asnumpy(), np.where(xn > 0, xn, xn * s), rtol=1e-6)
        np.testing.assert_allclose(x.grad.asnumpy(), np.where(xn > 0, 1.0, s), rtol=1e-6)

    def test_predict_uses_mean_slope(self):
        xn = _x((5, 6))
        x = nd.array(xn)
        x.attach_grad()
        with autograd.record(train_mode=False):
            y, _ = nd.LeakyReLU(x, act_type="rrelu", lower_bound=0.1, upper_bound=0.4)
        y.backward()
        np.testing.assert_allclose(y.asnumpy(), np.where(xn > 0, xn, xn * 0.25), rtol=1e-6)
        np.testing.assert_allclose(x.grad.asnumpy(), np.where(xn > 0, 1.0, 0.25), rtol=1e-6)


# ------------------------------------------------ deliberate differences from MXNet
def test_selu_gradient_is_the_true_derivative():
    # NOTE: MXNet 1.9.1 gives lambda * (alpha + out) for x < 0, not the derivative.
    xn = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 2.0])
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.LeakyReLU(x, act_type="selu")
    y.backward()
    want = np.where(xn > 0, SELU_L, SELU_L * SELU_A * np.exp(xn))
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-12)


def _softmax_np(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_softmax_output_ignores_head_gradient():
    xn = _x((3, 4), "float64")
    label = np.array([0.0, 3.0, 1.0])
    grads = []
    for head in (np.ones((3, 4)), _x((3, 4), "float64", seed=9)):
        x = nd.array(xn, dtype="float64")
        x.attach_grad()
        with autograd.record():
            y = nd.SoftmaxOutput(x, nd.array(label, dtype="float64"), grad_scale=2.0)
        y.backward(nd.array(head, dtype="float64"))
        grads.append(x.grad.asnumpy())
    want = 2.0 * (_softmax_np(xn) - np.eye(4)[label.astype(int)])
    np.testing.assert_allclose(grads[0], want, rtol=1e-12)
    np.testing.assert_allclose(grads[1], want, rtol=1e-12)


def test_softmax_output_out_grad_multiplies_head_gradient():
    # NOTE: MXNet 1.9.1 multiplies by its own output instead of the head gradient.
    xn = _x((3, 4), "float64")
    label = np.array([0.0, 3.0, 1.0])
    head = _x((3, 4), "float64", seed=9)
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.SoftmaxOutput(x, nd.array(label, dtype="float64"), out_grad=True)
    y.backward(nd.array(head, dtype="float64"))
    want = (_softmax_np(xn) - np.eye(4)[label.astype(int)]) * head
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-12)


def test_regression_outputs_ignore_head_gradient():
    xn = _x((4, 3), "float64")
    ln = _x((4, 3), "float64", seed=1)
    cases = {
        nd.LinearRegressionOutput: xn - ln,
        nd.LogisticRegressionOutput: 1 / (1 + np.exp(-xn)) - ln,
        nd.MAERegressionOutput: np.where(xn - ln > 0, 1.0, -1.0),
    }
    for op, residual in cases.items():
        x = nd.array(xn, dtype="float64")
        x.attach_grad()
        with autograd.record():
            y = op(x, nd.array(ln, dtype="float64"), grad_scale=1.5)
        y.backward(nd.array(_x((4, 3), "float64", seed=7), dtype="float64"))
        np.testing.assert_allclose(x.grad.asnumpy(), residual * 1.5 / 3, rtol=1e-12)


def _layer_norm_jax(x, g, b, eps=1e-5):
    mean = jnp.mean(x, axis=-1, keepdims=True)
    var = jnp.mean((x - mean) ** 2, axis=-1, keepdims=True)
    std = jnp.sqrt(var + eps)
    return (x - mean) / std * g + b, mean, std


def test_layer_norm_mean_and_std_are_differentiable():
    # NOTE: MXNet gives zero gradient through LayerNorm's mean and std outputs.
    xn, gn, bn = _x((3, 5), "float64"), _x((5,), "float64", 1), _x((5,), "float64", 2)
    heads = [_x((3, 5), "float64", 3), _x((3, 1), "float64", 4), _x((3, 1), "float64", 5)]
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        outs = nd.LayerNorm(x, nd.array(gn, dtype="float64"), nd.array(bn, dtype="float64"),
                            eps=float(np.float32(1e-5)), output_mean_var=True)
    autograd.backward(outs, [nd.array(h, dtype="float64") for h in heads])
    eps = float(np.float32(1e-5))
    _, pull = jax.vjp(lambda v: _layer_norm_jax(v, gn, bn, eps), jnp.asarray(xn))
    want = pull(tuple(jnp.asarray(h) for h in heads))[0]
    np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(want), rtol=1e-10, atol=1e-12)


def test_softmax_activation_instance_3d_gradient():
    # NOTE: MXNet's backward sums over axis 1 here, not over the softmax's (last) axis.
    xn = _x((2, 3, 4), "float64")
    head = _x((2, 3, 4), "float64", seed=4)
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.SoftmaxActivation(x)
    y.backward(nd.array(head, dtype="float64"))
    _, pull = jax.vjp(lambda v: jax.nn.softmax(v, axis=-1), jnp.asarray(xn))
    np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(pull(jnp.asarray(head))[0]),
                               rtol=1e-10, atol=1e-12)


def test_embedding_sparse_grad_matches_dense():
    w = _x((6, 3))
    idx = np.array([[0, 5], [5, 2]], dtype="float32")
    grads = []
    for sparse in (False, True):
        wa = nd.array(w)
        wa.attach_grad()
        with autograd.record():
            y = nd.Embedding(nd.array(idx), wa, input_dim=6, output_dim=3,
                             sparse_grad=sparse)
        y.backward()
        grads.append(wa.grad.asnumpy())
    want = np.zeros_like(w)
    np.add.at(want, idx.astype(int).ravel(), 1.0)
    np.testing.assert_array_equal(grads[0], want)
    np.testing.assert_array_equal(grads[1], want)


def test_instance_norm_float64():
    # MXNet's InstanceNorm is float32-only; mxcompat runs float64 exactly.
    xn, gn, bn = _x((2, 3, 5), "float64"), _x((3,), "float64", 1), _x((3,), "float64", 2)
    y = nd.InstanceNorm(nd.array(xn, dtype="float64"), nd.array(gn, dtype="float64"),
                        nd.array(bn, dtype="float64"), eps=0.25).asnumpy()
    mean = xn.mean(axis=2, keepdims=True)
    var = xn.var(axis=2, keepdims=True)
    want = (xn - mean) / np.sqrt(var + 0.25) * gn[:, None] + bn[:, None]
    np.testing.assert_allclose(y, want, rtol=1e-12)


# ------------------------------------------------------- higher-order gradients
def _second_order(mx_fn, jax_fn, arrays, wrt=0):
    """d/d(inputs) of sum(w * dL/dx_wrt), L = sum(h * f(inputs)): mxcompat vs jax."""
    arrays = [np.asarray(a, dtype="float64") for a in arrays]
    xs = [nd.array(a, dtype="float64") for a in arrays]
    for x in xs:
        x.attach_grad()
    out_shape = np.shape(jax_fn(*arrays))
    h = _x(out_shape, "float64", seed=11) if out_shape else np.float64(1.3)
    w = _x(arrays[wrt].shape, "float64", seed=12)
    with autograd.record():
        y = mx_fn(*xs)
        g = autograd.grad(y, [xs[wrt]], head_grads=[nd.array(np.reshape(h, y.shape),
                                                              dtype="float64")],
                          create_graph=True)[0]
        s = (g * nd.array(w, dtype="float64")).sum()
    s.backward()

    def first(*a):
        _, pull = jax.vjp(jax_fn, *a)
        return pull(jnp.asarray(h))[wrt]

    want = jax.grad(lambda *a: jnp.sum(first(*a) * w), argnums=tuple(range(len(arrays))))(
        *[jnp.asarray(a) for a in arrays])
    for x, wv in zip(xs, want):
        np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(wv), rtol=1e-8, atol=1e-10)


def _gelu(x):
    return 0.5 * x * (1 + jax.scipy.special.erf(x / np.sqrt(2.0)))


_ACT_JAX = {
    "relu": lambda x: jnp.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + jnp.exp(-x)),
    "tanh": jnp.tanh,
    "softrelu": lambda x: jnp.log(1 + jnp.exp(x)),
    "softsign": lambda x: x / (1 + jnp.abs(x)),
}


@pytest.mark.parametrize("act", sorted(_ACT_JAX))
def test_second_order_activation(act):
    _second_order(lambda x: nd.Activation(x, act_type=act), _ACT_JAX[act],
                  [_x((3, 4), seed=1) + 0.05])


_LEAKY_JAX = {
    "leaky": lambda x: jnp.where(x > 0, x, 0.25 * x),
    "elu": lambda x: jnp.where(x > 0, x, 0.25 * (jnp.exp(x) - 1)),
    "selu": lambda x: SELU_L * jnp.where(x > 0, x, SELU_A * (jnp.exp(x) - 1)),
    "gelu": _gelu,
}


@pytest.mark.parametrize("act", sorted(_LEAKY_JAX))
def test_second_order_leaky(act):
    _second_order(lambda x: nd.LeakyReLU(x, act_type=act), _LEAKY_JAX[act],
                  [_x((3, 4), seed=2) + 0.05])


def test_second_order_prelu():
    def f(x, g):
        return jnp.where(x > 0, x, x * g.reshape(1, 3, 1))
    for wrt in (0, 1):
        _second_order(lambda x, g: nd.LeakyReLU(x, g, act_type="prelu"), f,
                      [_x((2, 3, 4), seed=3) + 0.05, _x((3,), seed=4, lo=0, hi=1)], wrt)


def test_second_order_fully_connected():
    def f(x, w, b):
        return x.reshape(x.shape[0], -1) @ w.T + b
    arrays = [_x((2, 3, 2)), _x((5, 6), seed=1), _x((5,), seed=2)]
    for wrt in range(3):
        _second_order(lambda x, w, b: nd.FullyConnected(x, w, b, num_hidden=5), f, arrays,
                      wrt)


def test_second_order_fully_connected_tanh_chain():
    def f(x, w):
        return jnp.tanh(x @ w.T) ** 2
    _second_order(lambda x, w: nd.Activation(
        nd.FullyConnected(x, w, num_hidden=3, no_bias=True), act_type="tanh") ** 2,
        f, [_x((4, 5)), _x((3, 5), seed=1)], 1)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_second_order_softmax_family(name):
    jax_f = {"softmax": lambda x: jax.nn.softmax(x / 2.0, axis=0),
             "log_softmax": lambda x: jax.nn.log_softmax(x / 2.0, axis=0),
             "softmin": lambda x: jax.nn.softmax(-x / 2.0, axis=0)}[name]
    _second_order(lambda x: getattr(nd, name)(x, axis=0, temperature=2.0), jax_f,
                  [_x((3, 4))])


def test_second_order_softmax_with_length():
    length = np.array([2, 4, 1])
    mask = np.arange(4)[None, :] < length[:, None]

    def f(x):
        e = jnp.where(mask, jnp.exp(x - x.max(axis=1, keepdims=True)), 0)
        return e / e.sum(axis=1, keepdims=True)
    _second_order(lambda x: nd.softmax(x, nd.array(length, dtype="int32"), use_length=True),
                  f, [_x((3, 4))])


def test_second_order_softmax_activation_channel():
    _second_order(lambda x: nd.SoftmaxActivation(x, mode="channel"),
                  lambda x: jax.nn.softmax(x, axis=1), [_x((2, 3, 4))])


def test_second_order_softmax_cross_entropy():
    label = np.array([0.0, 3.0, 1.0])

    def f(x):
        logp = jax.nn.log_softmax(x, axis=1)
        return -jnp.sum(logp[jnp.arange(3), label.astype(int)]).reshape(1)
    _second_order(lambda x: nd.softmax_cross_entropy(x, nd.array(label, dtype="float64")),
                  f, [_x((3, 4))])


def test_second_order_softmax_output():
    # The "gradient" of SoftmaxOutput is (softmax - one_hot) * scale whatever the head;
    # its derivative is that of softmax.
    label = np.array([0.0, 3.0, 1.0])
    onehot = np.eye(4)[label.astype(int)]
    xn = _x((3, 4))
    w = _x((3, 4), "float64", seed=12)
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.SoftmaxOutput(x, nd.array(label, dtype="float64"), grad_scale=2.0)
        g = autograd.grad(y, [x], create_graph=True)[0]
        s = (g * nd.array(w, dtype="float64")).sum()
    s.backward()
    want = jax.grad(lambda v: jnp.sum(2.0 * (jax.nn.softmax(v, axis=1) - onehot) * w))(
        jnp.asarray(xn, dtype=jnp.float64))
    np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(want), rtol=1e-10, atol=1e-12)


def test_second_order_logistic_regression_output():
    label = _x((3, 2), "float64", seed=3, lo=0, hi=1)
    xn = _x((3, 2))
    w = _x((3, 2), "float64", seed=12)
    x = nd.array(xn, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.LogisticRegressionOutput(x, nd.array(label, dtype="float64"))
        g = autograd.grad(y, [x], create_graph=True)[0]
        s = (g * nd.array(w, dtype="float64")).sum()
    s.backward()
    want = jax.grad(lambda v: jnp.sum((jax.nn.sigmoid(v) - label) / 2 * w))(
        jnp.asarray(xn, dtype=jnp.float64))
    np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(want), rtol=1e-10, atol=1e-12)


def test_second_order_layer_norm():
    def f(x, g, b):
        return _layer_norm_jax(x, g, b, eps=float(np.float32(1e-5)))[0]
    arrays = [_x((3, 5)), _x((5,), seed=1), _x((5,), seed=2)]
    for wrt in range(3):
        _second_order(lambda x, g, b: nd.LayerNorm(x, g, b), f, arrays, wrt)


def test_second_order_instance_norm():
    eps = float(np.float32(1e-3))

    def f(x, g, b):
        m = x.mean(axis=2, keepdims=True)
        v = ((x - m) ** 2).mean(axis=2, keepdims=True)
        return (x - m) / jnp.sqrt(v + eps) * g[:, None] + b[:, None]
    arrays = [_x((2, 3, 4)), _x((3,), seed=1), _x((3,), seed=2)]
    for wrt in range(3):
        _second_order(lambda x, g, b: nd.InstanceNorm(x, g, b), f, arrays, wrt)


@pytest.mark.parametrize("mode,axes", [("instance", (1, 2)), ("channel", (1,)),
                                       ("spatial", (2,))])
def test_second_order_l2_normalization(mode, axes):
    eps = float(np.float32(1e-10))

    def f(x):
        return x / jnp.sqrt(jnp.sum(x * x, axis=axes, keepdims=True) + eps)
    _second_order(lambda x: nd.L2Normalization(x, mode=mode), f, [_x((2, 3, 4))])


def test_second_order_embedding_chain():
    idx = np.array([[0, 3], [3, 1]])

    def f(w):
        return jnp.sin(w[idx]) * w[idx]
    _second_order(lambda w: nd.sin(nd.Embedding(nd.array(idx), w, input_dim=4,
                                                 output_dim=2)) *
                  nd.Embedding(nd.array(idx), w, input_dim=4, output_dim=2),
                  f, [_x((4, 2))])
