"""Inception v3 (Szegedy et al. 2015), named as in MXNet 1.9.1 (``inception30_A1_...``).
Expects 299x299 inputs."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import HybridConcurrent
from ..model_store import load_pretrained

__all__ = ["Inception3", "inception_v3"]

_CONV_KEYS = ("channels", "kernel_size", "strides", "padding")


def _basic_conv(**conv_args):
    """Bias-free convolution, BatchNorm (epsilon 1e-3), ReLU."""
    seq = nn.HybridSequential(prefix="")
    seq.add(nn.Conv2D(use_bias=False, **conv_args))
    seq.add(nn.BatchNorm(epsilon=0.001))
    seq.add(nn.Activation("relu"))
    return seq


def _branch(pool, *convs):
    """An optional 3x3 pooling ('avg': stride 1 pad 1; 'max': stride 2) followed by
    basic convolutions given as (channels, kernel, strides, padding), None = default."""
    seq = nn.HybridSequential(prefix="")
    if pool == "avg":
        seq.add(nn.AvgPool2D(pool_size=3, strides=1, padding=1))
    elif pool == "max":
        seq.add(nn.MaxPool2D(pool_size=3, strides=2))
    for setting in convs:
        seq.add(_basic_conv(**{k: v for k, v in zip(_CONV_KEYS, setting) if v is not None}))
    return seq


def _concurrent(prefix, *branch_makers):
    """A HybridConcurrent named ``prefix`` whose branches are built inside its scope."""
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        for make in branch_makers:
            out.add(make())
    return out


def _module_a(pool_features, prefix):
    return _concurrent(
        prefix,
        lambda: _branch(None, (64, 1, None, None)),
        lambda: _branch(None, (48, 1, None, None), (64, 5, None, 2)),
        lambda: _branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, None, 1)),
        lambda: _branch("avg", (pool_features, 1, None, None)))


def _module_b(prefix):
    return _concurrent(
        prefix,
        lambda: _branch(None, (384, 3, 2, None)),
        lambda: _branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, 2, None)),
        lambda: _branch("max"))


def _module_c(c7, prefix):
    return _concurrent(
        prefix,
        lambda: _branch(None, (192, 1, None, None)),
        lambda: _branch(None, (c7, 1, None, None), (c7, (1, 7), None, (0, 3)),
                        (192, (7, 1), None, (3, 0))),
        lambda: _branch(None, (c7, 1, None, None), (c7, (7, 1), None, (3, 0)),
                        (c7, (1, 7), None, (0, 3)), (c7, (7, 1), None, (3, 0)),
                        (192, (1, 7), None, (0, 3))),
        lambda: _branch("avg", (192, 1, None, None)))


def _module_d(prefix):
    return _concurrent(
        prefix,
        lambda: _branch(None, (192, 1, None, None), (320, 3, 2, None)),
        lambda: _branch(None, (192, 1, None, None), (192, (1, 7), None, (0, 3)),
                        (192, (7, 1), None, (3, 0)), (192, 3, 2, None)),
        lambda: _branch("max"))


def _split_pair():
    """1x3 and 3x1 convolutions of 384 channels side by side."""
    split = HybridConcurrent(axis=1, prefix="")
    split.add(_branch(None, (384, (1, 3), None, (0, 1))))
    split.add(_branch(None, (384, (3, 1), None, (1, 0))))
    return split


def _module_e(prefix):
    def branch_3x3():
        seq = nn.HybridSequential(prefix="")
        seq.add(_branch(None, (384, 1, None, None)))
        seq.add(_split_pair())
        return seq

    def branch_3x3dbl():
        seq = nn.HybridSequential(prefix="")
        seq.add(_branch(None, (448, 1, None, None), (384, 3, None, 1)))
        seq.add(_split_pair())
        return seq

    return _concurrent(prefix,
                       lambda: _branch(None, (320, 1, None, None)),
                       branch_3x3, branch_3x3dbl,
                       lambda: _branch("avg", (192, 1, None, None)))


def make_aux(classes):
    """The auxiliary classifier head of Inception v3 (not used by ``Inception3``)."""
    seq = nn.HybridSequential(prefix="")
    seq.add(nn.AvgPool2D(pool_size=5, strides=3))
    seq.add(_basic_conv(channels=128, kernel_size=1))
    seq.add(_basic_conv(channels=768, kernel_size=5))
    seq.add(nn.Flatten())
    seq.add(nn.Dense(classes))
    return seq


class Inception3(HybridBlock):
    """Inception v3: the convolutional stem, modules A1-A3, B, C1-C4, D, E1-E2, 8x8
    average pooling, Dropout(0.5) and a Dense classifier (no auxiliary head)."""

    def __init__(self, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            f = self.features
            f.add(_basic_conv(channels=32, kernel_size=3, strides=2))
            f.add(_basic_conv(channels=32, kernel_size=3))
            f.add(_basic_conv(channels=64, kernel_size=3, padding=1))
            f.add(nn.MaxPool2D(pool_size=3, strides=2))
            f.add(_basic_conv(channels=80, kernel_size=1))
            f.add(_basic_conv(channels=192, kernel_size=3))
            f.add(nn.MaxPool2D(pool_size=3, strides=2))
            f.add(_module_a(32, "A1_"))
            f.add(_module_a(64, "A2_"))
            f.add(_module_a(64, "A3_"))
            f.add(_module_b("B_"))
            f.add(_module_c(128, "C1_"))
            f.add(_module_c(160, "C2_"))
            f.add(_module_c(160, "C3_"))
            f.add(_module_c(192, "C4_"))
            f.add(_module_d("D_"))
            f.add(_module_e("E1_"))
            f.add(_module_e("E2_"))
            f.add(nn.AvgPool2D(pool_size=8))
            f.add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def inception_v3(pretrained=False, ctx=None, root=None, **kwargs):
    """An Inception3; ``pretrained=True`` loads ``inceptionv3-XXXXXXXX.params`` from
    ``root`` (default ``$MXNET_HOME/models``)."""
    net = Inception3(**kwargs)
    if pretrained:
        load_pretrained(net, "inceptionv3", root, ctx)
    return net
