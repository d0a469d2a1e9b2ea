"""gluon.contrib.nn's pixel-shuffle layers and SyncBatchNorm beyond the goldens
(tests/golden/contrib_layers.json): the shuffle as index arithmetic, SyncBatchNorm
against nn.BatchNorm in training, and the errors."""
import warnings

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.base import MXNetError
from mxcompat.gluon.contrib.nn import (PixelShuffle1D, PixelShuffle2D, PixelShuffle3D,
                                       SyncBatchNorm)


def test_pixel_shuffle_2d_is_the_index_map():
    # out[n, c, h*f1 + i, w*f2 + j] = in[n, c*f1*f2 + i*f2 + j, h, w]
    f1, f2, c, h, w = 2, 3, 2, 3, 4
    x = np.arange(2 * c * f1 * f2 * h * w, dtype=np.float32).reshape(2, c * f1 * f2, h, w)
    out = PixelShuffle2D((f1, f2))(nd.array(x)).asnumpy()
    want = np.empty((2, c, h * f1, w * f2), np.float32)
    for cc in range(c):
        for i in range(f1):
            for j in range(f2):
                want[:, cc, i::f1, j::f2] = x[:, cc * f1 * f2 + i * f2 + j]
    np.testing.assert_array_equal(out, want)


@pytest.mark.parametrize("layer,shape", [(PixelShuffle1D(2), (1, 4, 3)),
                                         (PixelShuffle3D((1, 2, 2)), (1, 8, 2, 2, 2))])
def test_pixel_shuffle_gradient_is_the_inverse_map(layer, shape):
    x = nd.array(np.random.RandomState(0).uniform(size=shape))
    x.attach_grad()
    with autograd.record():
        y = layer(x)
    head = nd.array(np.random.RandomState(1).uniform(size=y.shape))
    y.backward(head)
    # (a permutation: the gradient is the head gradient moved back to the input's places)
    np.testing.assert_allclose(np.sort(x.grad.asnumpy().ravel()),
                               np.sort(head.asnumpy().ravel()), rtol=0, atol=0)
    with autograd.record():
        z = layer(x)
    np.testing.assert_allclose(
        (z * head).sum().asnumpy(), (x * x.grad).sum().asnumpy(), rtol=1e-6)


def test_pixel_shuffle_errors():
    with pytest.raises(MXNetError, match="multiple of 4"):
        PixelShuffle2D(2)(nd.zeros((1, 6, 2, 2)))
    with pytest.raises(MXNetError, match="4 dimensions"):
        PixelShuffle2D(2)(nd.zeros((1, 4, 2)))
    with pytest.raises(MXNetError, match="takes 3 factor"):
        PixelShuffle3D((2, 2))


def test_sync_batchnorm_trains_as_batchnorm():
    rs = np.random.RandomState(0)
    x = nd.array(rs.uniform(-2, 2, (6, 3, 4)))
    layers = [SyncBatchNorm(num_devices=1, momentum=0.7), mx.gluon.nn.BatchNorm(momentum=0.7)]
    outs = []
    for layer in layers:
        layer.initialize()
        x.attach_grad()
        for _ in range(3):
            with autograd.record():
                y = layer(x)
            y.backward()
        outs.append([y.asnumpy(), x.grad.asnumpy(), layer.running_mean.data().asnumpy(),
                     layer.running_var.data().asnumpy(), layer(x).asnumpy()])
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_sync_batchnorm_devices():
    with pytest.raises(MXNetError, match="num_devices=1"):
        SyncBatchNorm(num_devices=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = SyncBatchNorm()
    assert any(issubclass(w.category, UserWarning) for w in caught)
    assert layer._kwargs["ndev"] == max(mx.context.num_gpus(), 1)
