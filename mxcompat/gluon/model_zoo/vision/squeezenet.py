"""SqueezeNet 1.0 and 1.1 (Iandola et al. 2016), named as in MXNet 1.9.1."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import HybridConcurrent
from ..model_store import load_pretrained

__all__ = ["SqueezeNet", "squeezenet1_0", "squeezenet1_1"]


def _fire_conv(channels, kernel_size, padding=0):
    seq = nn.HybridSequential(prefix="")
    seq.add(nn.Conv2D(channels, kernel_size, padding=padding))
    seq.add(nn.Activation("relu"))
    return seq


def _fire(squeeze, expand1x1, expand3x3):
    """A Fire module: 1x1 squeeze, then 1x1 and 3x3 expansions concatenated."""
    seq = nn.HybridSequential(prefix="")
    seq.add(_fire_conv(squeeze, 1))
    branches = HybridConcurrent(axis=1, prefix="")
    branches.add(_fire_conv(expand1x1, 1))
    branches.add(_fire_conv(expand3x3, 3, 1))
    seq.add(branches)
    return seq


# The feature extractor of each version: ("conv", channels, kernel, stride), "pool"
# (3x3 stride-2 ceil-mode max-pooling) or a Fire module's (squeeze, 1x1, 3x3) widths.
_FIRES_A = [(16, 64, 64), (16, 64, 64)]
_LAYOUT = {
    "1.0": [("conv", 96, 7, 2), "pool", *_FIRES_A, (32, 128, 128), "pool",
            (32, 128, 128), (48, 192, 192), (48, 192, 192), (64, 256, 256), "pool",
            (64, 256, 256)],
    "1.1": [("conv", 64, 3, 2), "pool", *_FIRES_A, "pool", (32, 128, 128),
            (32, 128, 128), "pool", (48, 192, 192), (48, 192, 192), (64, 256, 256),
            (64, 256, 256)],
}


class SqueezeNet(HybridBlock):
    """SqueezeNet ``version`` '1.0' or '1.1': convolution and Fire modules with
    ceil-mode max-poolings, Dropout(0.5), and a 1x1-convolution classifier followed by
    ReLU, 13x13 average pooling and Flatten (so inputs are 224x224)."""

    def __init__(self, version, classes=1000, **kwargs):
        super().__init__(**kwargs)
        if version not in _LAYOUT:
            raise AssertionError(f"Unsupported SqueezeNet version {version}:"
                                 "1.0 or 1.1 expected")
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            for item in _LAYOUT[version]:
                if item == "pool":
                    self.features.add(nn.MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                elif item[0] == "conv":
                    _, channels, kernel, stride = item
                    self.features.add(nn.Conv2D(channels, kernel_size=kernel,
                                                strides=stride))
                    self.features.add(nn.Activation("relu"))
                else:
                    self.features.add(_fire(*item))
            self.features.add(nn.Dropout(0.5))
            self.output = nn.HybridSequential(prefix="")
            self.output.add(nn.Conv2D(classes, kernel_size=1))
            self.output.add(nn.Activation("relu"))
            self.output.add(nn.AvgPool2D(13))
            self.output.add(nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_squeezenet(version, pretrained=False, ctx=None, root=None, **kwargs):
    """SqueezeNet ``version``; ``pretrained=True`` loads
    ``squeezenet<version>-XXXXXXXX.params`` from ``root``."""
    net = SqueezeNet(version, **kwargs)
    if pretrained:
        load_pretrained(net, f"squeezenet{version}", root, ctx)
    return net


def squeezenet1_0(**kwargs):
    """SqueezeNet 1.0 (see get_squeezenet)."""
    return get_squeezenet("1.0", **kwargs)


def squeezenet1_1(**kwargs):
    """SqueezeNet 1.1 (see get_squeezenet)."""
    return get_squeezenet("1.1", **kwargs)
