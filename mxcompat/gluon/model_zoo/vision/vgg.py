"""VGG 11/13/16/19 (Simonyan & Zisserman 2014), optionally with BatchNorm, named and
initialized as in MXNet 1.9.1."""
from ....initializer import Xavier
from ... import nn
from ...block import HybridBlock
from ..model_store import load_pretrained

__all__ = ["VGG", "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn",
           "vgg19_bn", "get_vgg"]


class VGG(HybridBlock):
    """``layers[i]`` 3x3 ReLU convolutions of ``filters[i]`` channels (each followed
    by BatchNorm when ``batch_norm``) then a 2x2 max-pooling, for each i; then two
    Dense(4096)+Dropout(0.5) layers and the Dense classifier ``output``."""

    def __init__(self, layers, filters, classes=1000, batch_norm=False, **kwargs):
        super().__init__(**kwargs)
        if len(layers) != len(filters):
            raise AssertionError("VGG needs as many 'filters' as 'layers' entries.")
        with self.name_scope():
            self.features = self._make_features(layers, filters, batch_norm)
            for _ in range(2):
                self.features.add(nn.Dense(4096, activation="relu",
                                           weight_initializer="normal",
                                           bias_initializer="zeros"))
                self.features.add(nn.Dropout(rate=0.5))
            self.output = nn.Dense(classes, weight_initializer="normal",
                                   bias_initializer="zeros")

    @staticmethod
    def _make_features(layers, filters, batch_norm):
        seq = nn.HybridSequential(prefix="")
        for n, width in zip(layers, filters):
            for _ in range(n):
                seq.add(nn.Conv2D(width, kernel_size=3, padding=1,
                                  weight_initializer=Xavier(rnd_type="gaussian",
                                                            factor_type="out",
                                                            magnitude=2),
                                  bias_initializer="zeros"))
                if batch_norm:
                    seq.add(nn.BatchNorm())
                seq.add(nn.Activation("relu"))
            seq.add(nn.MaxPool2D(strides=2))
        return seq

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# depth -> (convolutions per block, channels per block)
_SPEC = {11: ([1, 1, 2, 2, 2], [64, 128, 256, 512, 512]),
         13: ([2, 2, 2, 2, 2], [64, 128, 256, 512, 512]),
         16: ([2, 2, 3, 3, 3], [64, 128, 256, 512, 512]),
         19: ([2, 2, 4, 4, 4], [64, 128, 256, 512, 512])}


def get_vgg(num_layers, pretrained=False, ctx=None, root=None, **kwargs):
    """VGG with ``num_layers`` (11, 13, 16 or 19) layers; ``batch_norm=True`` adds
    BatchNorm. ``pretrained=True`` loads ``vgg<n>[_bn]-XXXXXXXX.params`` from ``root``."""
    layers, filters = _SPEC[num_layers]
    net = VGG(layers, filters, **kwargs)
    if pretrained:
        suffix = "_bn" if kwargs.get("batch_norm") else ""
        load_pretrained(net, f"vgg{num_layers}{suffix}", root, ctx)
    return net


def _maker(depth, batch_norm):
    def make(**kwargs):
        if batch_norm:
            kwargs["batch_norm"] = True
        return get_vgg(depth, **kwargs)
    name = f"vgg{depth}" + ("_bn" if batch_norm else "")
    make.__name__ = make.__qualname__ = name
    make.__doc__ = f"VGG-{depth}{' with BatchNorm' if batch_norm else ''} (see get_vgg)."
    return make


vgg11, vgg13, vgg16, vgg19 = (_maker(d, False) for d in (11, 13, 16, 19))
vgg11_bn, vgg13_bn, vgg16_bn, vgg19_bn = (_maker(d, True) for d in (11, 13, 16, 19))
