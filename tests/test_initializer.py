"""mx.init: random initializers against their analytic distributions (MXNet's random
stream differs from mxcompat's, so these are statistical), scale formulas of Xavier and
MSRAPrelu for dense and convolution shapes, orthogonality, reproducibility, registry.
Deterministic behaviour is compared with MXNet in tests/golden/initializer.json."""
import logging

import numpy as np
import pytest

import mxcompat as mx

D = mx.init.InitDesc


def _init(init, shape, name="fc_weight", dtype="float32"):
    a = mx.nd.zeros(shape, dtype=dtype)
    init(D(name), a)
    return a.asnumpy()


def test_uniform_statistics():
    v = _init(mx.init.Uniform(0.3), (500, 400))
    assert v.min() >= -0.3 and v.max() < 0.3
    assert v.min() < -0.2999 and v.max() > 0.2999
    assert abs(v.mean()) < 3e-3                  # std err 0.3/sqrt(3)/447
    assert v.std() == pytest.approx(0.3 / np.sqrt(3), rel=5e-3)


def test_normal_statistics():
    v = _init(mx.init.Normal(0.2), (500, 400))
    assert abs(v.mean()) < 2e-3
    assert v.std() == pytest.approx(0.2, rel=5e-3)
    assert abs(((v / 0.2) ** 4).mean() - 3) < 0.05  # Gaussian kurtosis


def _fans(shape):
    hw = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * hw, shape[0] * hw


@pytest.mark.parametrize("shape", [(300, 200), (64, 32, 3, 3), (200, 40, 5)])
@pytest.mark.parametrize("factor_type", ["avg", "in", "out"])
def test_xavier_uniform_bound(shape, factor_type):
    fan_in, fan_out = _fans(shape)
    factor = {"avg": (fan_in + fan_out) / 2, "in": fan_in, "out": fan_out}[factor_type]
    bound = np.sqrt(2.5 / factor)
    v = _init(mx.init.Xavier("uniform", factor_type, magnitude=2.5), shape)
    assert np.abs(v).max() <= bound * (1 + 1e-6)
    assert np.abs(v).max() > bound * 0.999
    assert v.std() == pytest.approx(bound / np.sqrt(3), rel=0.02)


@pytest.mark.parametrize("shape", [(300, 200), (64, 32, 3, 3)])
def test_xavier_gaussian_std(shape):
    fan_in, fan_out = _fans(shape)
    v = _init(mx.init.Xavier("gaussian", "in", magnitude=3), shape)
    assert v.std() == pytest.approx(np.sqrt(3 / fan_in), rel=0.02)
    assert abs(v.mean()) < 0.02 * np.sqrt(3 / fan_in)


@pytest.mark.parametrize("slope", [0.0, 0.25])
def test_msra_prelu_std(slope):
    shape = (128, 64, 3, 3)
    fan_in, fan_out = _fans(shape)
    v = _init(mx.init.MSRAPrelu("out", slope=slope), shape)
    assert v.std() == pytest.approx(np.sqrt(2 / (1 + slope ** 2) / fan_out), rel=0.02)


@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (4, 2, 3)])
@pytest.mark.parametrize("rand_type", ["uniform", "normal"])
def test_orthogonal(shape, rand_type):
    v = _init(mx.init.Orthogonal(scale=1.5, rand_type=rand_type), shape)
    m = v.reshape(shape[0], -1).astype(np.float64)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    np.testing.assert_allclose(gram, 1.5 ** 2 * np.eye(gram.shape[0]), atol=1e-5)


def test_orthogonal_bad_rand_type():
    with pytest.raises(ValueError, match="rand_type"):
        _init(mx.init.Orthogonal(rand_type="cauchy"), (3, 3))


def test_random_initializers_follow_the_seed():
    for init in (mx.init.Uniform(), mx.init.Normal(), mx.init.Xavier(),
                 mx.init.Orthogonal()):
        mx.random.seed(11)
        a = _init(init, (6, 5))
        mx.random.seed(11)
        b = _init(init, (6, 5))
        mx.random.seed(12)
        c = _init(init, (6, 5))
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
    mx.random.seed(3)
    x, y = _init(mx.init.Normal(), (4,)), _init(mx.init.Normal(), (4,))
    assert not np.array_equal(x, y)             # successive draws differ


@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_dtype_kept_and_in_place(dtype):
    a = mx.nd.zeros((50, 40), dtype=dtype)
    mx.init.Xavier()(D("w_weight"), a)
    assert a.dtype == np.dtype(dtype)
    assert np.abs(a.asnumpy()).max() > 0


def test_quantized_weight_is_one_int8_value():
    a = mx.nd.zeros((3, 4), dtype="int8")
    mx.init.Uniform()(D("conv_weight_quantize"), a)
    v = a.asnumpy()
    assert v.dtype == np.int8 and (v == v.flat[0]).all() and -127 <= v.flat[0] < 127


def test_desc_global_init_is_set():
    init = mx.init.Uniform()
    desc = D("fc_bias")
    init(desc, mx.nd.ones((2,)))
    assert desc.global_init is init


def test_register_and_alias():
    @mx.init.register
    @mx.init.alias("half_init")
    class HalfInit(mx.init.Initializer):
        def _init_weight(self, _, arr):
            arr[:] = 0.5
    assert isinstance(mx.init.create("half_init"), HalfInit)
    a = mx.nd.zeros((2,))
    mx.init.create("HalfInit")(D("x_weight"), a)
    np.testing.assert_array_equal(a.asnumpy(), [0.5, 0.5])
    with pytest.raises(AssertionError):
        mx.init.create(mx.init.Zero(), 3)


def test_verbosity_logs(caplog):
    init = mx.init.Constant(3.0).set_verbosity(True)
    with caplog.at_level(logging.INFO):
        init(D("fc_weight"), mx.nd.zeros((4,)))
    assert "Initialized fc_weight as weight: 3.0" in caplog.text


def test_legacy_call_warns():
    with pytest.warns(DeprecationWarning, match="InitDesc"):
        mx.init.Zero()("fc_weight", mx.nd.ones((2,)))
    with pytest.raises(TypeError, match="NDArray"):
        with pytest.warns(DeprecationWarning):
            mx.init.Zero()("fc_weight", np.ones(2))


def test_fused_rnn_not_implemented():
    init = mx.init.FusedRNN(mx.init.Uniform(), 4, 1, "lstm")
    with pytest.raises(mx.MXNetError, match="FusedRNN"):
        init(D("rnn_parameters_weight"), mx.nd.zeros((10,)))
