"""gluon convolution/pooling/normalization layers beyond the per-layer goldens
(tests/golden/conv_layers.json): a LeNet-style network trained with real MXNet 1.9.1
(tools/conv_training.py) must give the same losses, BatchNorm running statistics,
weights and predictions imperatively and hybridized; deferred shapes; BatchNorm's
running statistics in prediction and training mode; MXNet's assertion errors."""
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.gluon import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import conv_training as ct  # noqa: E402

with open(os.path.join(ROOT, "tests", "golden", "training", "conv_training.json")) as f:
    GOLDEN = json.load(f)


@pytest.fixture(scope="module")
def runs():
    return {h: ct.run(mx, hybridize=h) for h in (False, True)}


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
def test_lenet_training_matches_mxnet(runs, hybridize):
    got = runs[hybridize]
    np.testing.assert_allclose(got["losses"], GOLDEN["losses"], rtol=1e-5, atol=1e-7)
    assert sorted(got["stats"]) == sorted(GOLDEN["stats"])
    for name, want in GOLDEN["stats"].items():
        np.testing.assert_allclose(got["stats"][name], want, rtol=1e-5, atol=1e-6,
                                   err_msg=f"running statistic {name}")
    assert sorted(got["weights"]) == sorted(GOLDEN["weights"])
    for name, want in GOLDEN["weights"].items():
        np.testing.assert_allclose(got["weights"][name], want, rtol=1e-4, atol=1e-6,
                                   err_msg=f"weight {name}")
    np.testing.assert_allclose(got["predict"], GOLDEN["predict"], rtol=1e-4, atol=1e-5)


def test_lenet_imperative_equals_hybridized(runs):
    a, b = runs[False], runs[True]
    np.testing.assert_allclose(a["losses"], b["losses"], rtol=1e-6)
    for name in a["stats"]:
        np.testing.assert_allclose(a["stats"][name], b["stats"][name], rtol=1e-6, atol=1e-7)


# ------------------------------------------------------------ deferred shapes
@pytest.mark.parametrize("make, x_shape, weight_shape", [
    (lambda: nn.Conv1D(5, 3), (2, 3, 8), (5, 3, 3)),
    (lambda: nn.Conv2D(6, (3, 2), groups=2), (1, 4, 5, 5), (6, 2, 3, 2)),
    (lambda: nn.Conv2D(6, 3, layout="NHWC"), (1, 5, 5, 4), (6, 3, 3, 4)),
    (lambda: nn.Conv3D(2, 2, layout="NDHWC"), (1, 3, 3, 3, 5), (2, 2, 2, 2, 5)),
    (lambda: nn.Conv1DTranspose(5, 3), (2, 3, 8), (3, 5, 3)),
    (lambda: nn.Conv2DTranspose(6, 2, groups=3), (1, 6, 4, 4), (6, 2, 2, 2)),
    (lambda: nn.Conv3DTranspose(2, 2), (1, 3, 2, 2, 2), (3, 2, 2, 2, 2)),
])
def test_conv_deferred_weight_shape(make, x_shape, weight_shape):
    layer = make()
    assert 0 in layer.weight.shape
    layer.initialize()
    layer(nd.ones(x_shape))
    assert layer.weight.shape == weight_shape
    assert layer.weight.data().shape == weight_shape


@pytest.mark.parametrize("make, x_shape, c", [
    (lambda: nn.BatchNorm(), (2, 3, 4), 3),
    (lambda: nn.BatchNorm(axis=-1), (2, 3, 4), 4),
    (lambda: nn.InstanceNorm(axis=2), (2, 3, 4, 5), 4),
    (lambda: nn.LayerNorm(axis=1), (2, 3, 4), 3),
])
def test_norm_deferred_shapes(make, x_shape, c):
    layer = make()
    layer.initialize()
    layer(nd.ones(x_shape))
    for p in layer.collect_params().values():
        assert p.shape == (c,)


# ------------------------------------------------------------------ BatchNorm
def _bn(x_np):
    bn = nn.BatchNorm(momentum=0.75, in_channels=2)
    bn.initialize()
    return bn, nd.array(x_np)


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
def test_batchnorm_running_stats(hybridize):
    x_np = np.random.RandomState(3).uniform(-2, 2, (6, 2, 3)).astype(np.float32)
    bn, x = _bn(x_np)
    if hybridize:
        bn.hybridize()
    # Prediction mode: the running statistics (zeros/ones) are used and kept.
    y = bn(x)
    np.testing.assert_allclose(y.asnumpy(), x_np / np.sqrt(1 + 1e-5), rtol=1e-6)
    np.testing.assert_array_equal(bn.running_mean.data().asnumpy(), [0, 0])
    # Training (recorded) steps: batch statistics, running stats updated each call.
    mean = np.zeros(2)
    var = np.ones(2)
    for step in range(3):
        xs = x_np * (step + 1)
        with autograd.record():
            y = bn(nd.array(xs))
        y.backward()
        m = xs.mean(axis=(0, 2))
        v = xs.var(axis=(0, 2))
        want = (xs - m[None, :, None]) / np.sqrt(v[None, :, None] + 1e-5)
        np.testing.assert_allclose(y.asnumpy(), want, rtol=1e-5, atol=1e-6)
        mean = mean * 0.75 + m * 0.25
        var = var * 0.75 + v * 0.25
        np.testing.assert_allclose(bn.running_mean.data().asnumpy(), mean, rtol=1e-5)
        np.testing.assert_allclose(bn.running_var.data().asnumpy(), var, rtol=1e-5)
    assert bn.running_mean.grad_req == "null"
    assert bn.running_var.grad_req == "null"


def test_batchnorm_global_stats_never_updates():
    bn = nn.BatchNorm(use_global_stats=True, in_channels=2)
    bn.initialize()
    x = nd.array(np.arange(12, dtype=np.float32).reshape(3, 2, 2))
    with autograd.record():
        y = bn(x)
    y.backward()
    np.testing.assert_array_equal(bn.running_mean.data().asnumpy(), [0, 0])
    np.testing.assert_array_equal(bn.running_var.data().asnumpy(), [1, 1])


def test_batchnorm_cast_float16_keeps_float32():
    bn = nn.BatchNorm(in_channels=2)
    bn.initialize()
    bn.cast("float16")
    assert bn.gamma.data().dtype == np.float32
    x = nd.array(np.ones((2, 2, 2)), dtype="float16")
    assert bn(x).dtype == np.float16


def test_conv_with_activation_and_no_bias():
    conv = nn.Conv2D(2, 1, use_bias=False, activation="relu", in_channels=1)
    conv.initialize(mx.init.One())
    y = conv(nd.array([[[[-1.0, 2.0]]]]))
    np.testing.assert_array_equal(y.asnumpy(), [[[[0.0, 2.0]], [[0.0, 2.0]]]])
    assert conv.bias is None
    assert list(conv.collect_params().keys()) == [conv.prefix + "weight"]


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize("make", [
    lambda: nn.Conv1D(2, 3, layout="NWC"),
    lambda: nn.Conv2D(2, 3, layout="NCW"),
    lambda: nn.Conv3D(2, (3, 3)),
    lambda: nn.Conv2DTranspose(2, 3, output_padding=(1, 1, 1)),
    lambda: nn.MaxPool2D(layout="NCDHW"),
    lambda: nn.AvgPool1D((2, 2)),
    lambda: nn.GlobalAvgPool3D(layout="NCHW"),
    lambda: nn.ReflectionPad2D((1, 1)),
])
def test_bad_layer_arguments_assert_like_mxnet(make):
    with pytest.raises(AssertionError):
        make()
