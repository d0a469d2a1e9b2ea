"""MobileNet v1 (Howard et al. 2017) and MobileNetV2 (Sandler et al. 2018) with a width
``multiplier``, named as in MXNet 1.9.1."""
from ... import nn
from ...block import HybridBlock
from ..model_store import load_pretrained

__all__ = ["MobileNet", "MobileNetV2", "mobilenet1_0", "mobilenet_v2_1_0", "mobilenet0_75",
           "mobilenet_v2_0_75", "mobilenet0_5", "mobilenet_v2_0_5", "mobilenet0_25",
           "mobilenet_v2_0_25", "get_mobilenet", "get_mobilenet_v2"]


class RELU6(HybridBlock):
    """min(max(x, 0), 6)."""

    def hybrid_forward(self, F, x):
        return F.clip(x, 0, 6, name="relu6")


def _scaled(multiplier, widths):
    """Channel counts scaled by the width multiplier (truncated, as MXNet's int())."""
    return [int(w * multiplier) for w in widths]


def _add_conv(seq, channels=1, kernel=1, stride=1, pad=0, num_group=1, active=True,
              relu6=False):
    """Append a bias-free (grouped) convolution, BatchNorm and, if ``active``, ReLU or
    ReLU6 to ``seq``."""
    seq.add(nn.Conv2D(channels, kernel, stride, pad, groups=num_group, use_bias=False))
    seq.add(nn.BatchNorm(scale=True))
    if active:
        seq.add(RELU6() if relu6 else nn.Activation("relu"))


def _add_conv_dw(seq, dw_channels, channels, stride, relu6=False):
    """A depthwise 3x3 convolution then a pointwise 1x1 one."""
    _add_conv(seq, channels=dw_channels, kernel=3, stride=stride, pad=1,
              num_group=dw_channels, relu6=relu6)
    _add_conv(seq, channels=channels, relu6=relu6)


class LinearBottleneck(HybridBlock):
    """MobileNetV2's inverted residual: 1x1 expansion by ``t``, depthwise 3x3 (strided),
    linear 1x1 projection; the input is added back when shapes allow."""

    def __init__(self, in_channels, channels, t, stride, **kwargs):
        super().__init__(**kwargs)
        self.use_shortcut = stride == 1 and in_channels == channels
        with self.name_scope():
            self.out = nn.HybridSequential()
            wide = in_channels * t
            _add_conv(self.out, wide, relu6=True)
            _add_conv(self.out, wide, kernel=3, stride=stride, pad=1, num_group=wide,
                      relu6=True)
            _add_conv(self.out, channels, active=False, relu6=True)

    def hybrid_forward(self, F, x):
        y = self.out(x)
        return F.elemwise_add(y, x) if self.use_shortcut else y


class MobileNet(HybridBlock):
    """MobileNet v1: a strided 3x3 convolution, 13 depthwise-separable convolutions,
    global average pooling, Flatten and a Dense classifier; widths scaled by
    ``multiplier``."""

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            with self.features.name_scope():
                _add_conv(self.features, channels=int(32 * multiplier), kernel=3, pad=1,
                          stride=2)
                dw = _scaled(multiplier, [32, 64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024])
                pw = _scaled(multiplier, [64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024] * 2)
                strides = [1, 2] * 3 + [1] * 5 + [2, 1]
                for d, c, s in zip(dw, pw, strides):
                    _add_conv_dw(self.features, dw_channels=d, channels=c, stride=s)
                self.features.add(nn.GlobalAvgPool2D())
                self.features.add(nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class MobileNetV2(HybridBlock):
    """MobileNetV2: a strided 3x3 convolution, 17 LinearBottlenecks, a 1x1 convolution
    to 1280 channels (more when ``multiplier > 1``), global average pooling and a 1x1
    convolution classifier (``output_pred_weight``) followed by Flatten."""

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="features_")
            with self.features.name_scope():
                _add_conv(self.features, int(32 * multiplier), kernel=3, stride=2, pad=1,
                          relu6=True)
                ins = _scaled(multiplier, [32] + [16] + [24] * 2 + [32] * 3 + [64] * 4
                              + [96] * 3 + [160] * 3)
                outs = _scaled(multiplier, [16] + [24] * 2 + [32] * 3 + [64] * 4
                               + [96] * 3 + [160] * 3 + [320])
                ts = [1] + [6] * 16
                strides = [1, 2] * 2 + [1, 1, 2] + [1] * 6 + [2] + [1] * 3
                for i, c, t, s in zip(ins, outs, ts, strides):
                    self.features.add(LinearBottleneck(in_channels=i, channels=c, t=t,
                                                       stride=s))
                last = int(1280 * multiplier) if multiplier > 1.0 else 1280
                _add_conv(self.features, last, relu6=True)
                self.features.add(nn.GlobalAvgPool2D())
            self.output = nn.HybridSequential(prefix="output_")
            with self.output.name_scope():
                self.output.add(nn.Conv2D(classes, 1, use_bias=False, prefix="pred_"),
                                nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def _file_suffix(multiplier):
    """MXNet's weight-file spelling of a multiplier: 1.0, 0.75, 0.5, 0.25."""
    text = f"{multiplier:.2f}"
    return text[:-1] if text in ("1.00", "0.50") else text


def get_mobilenet(multiplier, pretrained=False, ctx=None, root=None, **kwargs):
    """MobileNet v1 of width ``multiplier``; ``pretrained=True`` loads
    ``mobilenet<multiplier>-XXXXXXXX.params`` (e.g. ``mobilenet0.75-...``) from ``root``."""
    net = MobileNet(multiplier, **kwargs)
    if pretrained:
        load_pretrained(net, "mobilenet" + _file_suffix(multiplier), root, ctx)
    return net


def get_mobilenet_v2(multiplier, pretrained=False, ctx=None, root=None, **kwargs):
    """MobileNetV2 of width ``multiplier``; ``pretrained=True`` loads
    ``mobilenetv2_<multiplier>-XXXXXXXX.params`` from ``root``."""
    net = MobileNetV2(multiplier, **kwargs)
    if pretrained:
        load_pretrained(net, "mobilenetv2_" + _file_suffix(multiplier), root, ctx)
    return net


def _maker(getter, multiplier, name):
    def make(**kwargs):
        return getter(multiplier, **kwargs)
    make.__name__ = make.__qualname__ = name
    make.__doc__ = f"{getter.__name__}({multiplier}, **kwargs)."
    return make


mobilenet1_0 = _maker(get_mobilenet, 1.0, "mobilenet1_0")
mobilenet0_75 = _maker(get_mobilenet, 0.75, "mobilenet0_75")
mobilenet0_5 = _maker(get_mobilenet, 0.5, "mobilenet0_5")
mobilenet0_25 = _maker(get_mobilenet, 0.25, "mobilenet0_25")
mobilenet_v2_1_0 = _maker(get_mobilenet_v2, 1.0, "mobilenet_v2_1_0")
mobilenet_v2_0_75 = _maker(get_mobilenet_v2, 0.75, "mobilenet_v2_0_75")
mobilenet_v2_0_5 = _maker(get_mobilenet_v2, 0.5, "mobilenet_v2_0_5")
mobilenet_v2_0_25 = _maker(get_mobilenet_v2, 0.25, "mobilenet_v2_0_25")
