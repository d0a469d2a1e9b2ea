"""ResNet v1 (He et al. 2015, post-activation) and v2 (He et al. 2016, pre-activation).

Block construction order, prefixes and layer arguments follow MXNet 1.9.1 exactly, so
parameter names (``resnetv10_stage1_conv0_weight``...) and the order of
``collect_params()`` match and MXNet ``.params`` files load unchanged.
"""
from ... import nn
from ...block import HybridBlock
from ..model_store import load_pretrained

__all__ = ["ResNetV1", "ResNetV2", "BasicBlockV1", "BasicBlockV2", "BottleneckV1",
           "BottleneckV2", "resnet18_v1", "resnet34_v1", "resnet50_v1", "resnet101_v1",
           "resnet152_v1", "resnet18_v2", "resnet34_v2", "resnet50_v2", "resnet101_v2",
           "resnet152_v2", "get_resnet"]


def _conv3x3(channels, stride, in_channels):
    """A bias-free 3x3 convolution with padding 1."""
    return nn.Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False,
                     in_channels=in_channels)


def _shortcut_v1(channels, stride, in_channels):
    """Projection shortcut of the v1 blocks: 1x1 convolution then BatchNorm."""
    seq = nn.HybridSequential(prefix="")
    seq.add(nn.Conv2D(channels, kernel_size=1, strides=stride, use_bias=False,
                      in_channels=in_channels))
    seq.add(nn.BatchNorm())
    return seq


class BasicBlockV1(HybridBlock):
    """Two 3x3 convolutions with BatchNorm, added to the (projected) input, then ReLU.
    Used by ResNet-18/34 v1."""

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self.body = nn.HybridSequential(prefix="")
        self.body.add(_conv3x3(channels, stride, in_channels), nn.BatchNorm(),
                      nn.Activation("relu"), _conv3x3(channels, 1, channels),
                      nn.BatchNorm())
        self.downsample = _shortcut_v1(channels, stride, in_channels) if downsample \
            else None

    def hybrid_forward(self, F, x):
        shortcut = self.downsample(x) if self.downsample else x
        return F.Activation(shortcut + self.body(x), act_type="relu")


class BottleneckV1(HybridBlock):
    """1x1 (reduce, biased) -> 3x3 -> 1x1 (expand, biased) convolutions with BatchNorm,
    added to the (projected) input, then ReLU. Used by ResNet-50/101/152 v1."""

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        mid = channels // 4
        self.body = nn.HybridSequential(prefix="")
        self.body.add(nn.Conv2D(mid, kernel_size=1, strides=stride), nn.BatchNorm(),
                      nn.Activation("relu"), _conv3x3(mid, 1, mid), nn.BatchNorm(),
                      nn.Activation("relu"), nn.Conv2D(channels, kernel_size=1, strides=1),
                      nn.BatchNorm())
        self.downsample = _shortcut_v1(channels, stride, in_channels) if downsample \
            else None

    def hybrid_forward(self, F, x):
        shortcut = self.downsample(x) if self.downsample else x
        return F.Activation(self.body(x) + shortcut, act_type="relu")


class _PreActBlock(HybridBlock):
    """The v2 residual pattern: BN-ReLU before every convolution (``bn<i>``,
    ``conv<i>`` attributes), the shortcut projected from the first activation."""

    def _set_shortcut(self, channels, stride, downsample, in_channels):
        self.downsample = nn.Conv2D(channels, 1, stride, use_bias=False,
                                    in_channels=in_channels) if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x
        for i in range(1, self._depth + 1):
            x = F.Activation(getattr(self, f"bn{i}")(x), act_type="relu")
            if i == 1 and self.downsample:
                shortcut = self.downsample(x)
            x = getattr(self, f"conv{i}")(x)
        return x + shortcut


class BasicBlockV2(_PreActBlock):
    """Pre-activation basic block: BN-ReLU-conv3x3 twice plus the shortcut (a 1x1
    projection of the activated input when ``downsample``). Used by ResNet-18/34 v2."""
    _depth = 2

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self.bn1 = nn.BatchNorm()
        self.conv1 = _conv3x3(channels, stride, in_channels)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(channels, 1, channels)
        self._set_shortcut(channels, stride, downsample, in_channels)


class BottleneckV2(_PreActBlock):
    """Pre-activation bottleneck: BN-ReLU-conv1x1, BN-ReLU-conv3x3 (strided),
    BN-ReLU-conv1x1 plus the shortcut. Used by ResNet-50/101/152 v2."""
    _depth = 3

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        mid = channels // 4
        self.bn1 = nn.BatchNorm()
        self.conv1 = nn.Conv2D(mid, kernel_size=1, strides=1, use_bias=False)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(mid, stride, mid)
        self.bn3 = nn.BatchNorm()
        self.conv3 = nn.Conv2D(channels, kernel_size=1, strides=1, use_bias=False)
        self._set_shortcut(channels, stride, downsample, in_channels)


class _ResNetBase(HybridBlock):
    """Shared pieces of the two ResNet versions: stages and the forward."""

    @staticmethod
    def _make_layer(block, layers, channels, stride, stage_index, in_channels=0):
        """Stage ``stage_index``: one (possibly strided, projecting) block, then
        ``layers - 1`` identity blocks, all named under ``stage<i>_``."""
        stage = nn.HybridSequential(prefix=f"stage{stage_index}_")
        with stage.name_scope():
            stage.add(block(channels, stride, channels != in_channels,
                            in_channels=in_channels, prefix=""))
            for _ in range(layers - 1):
                stage.add(block(channels, 1, False, in_channels=channels, prefix=""))
        return stage

    def _add_stem(self, channels, thumbnail):
        if thumbnail:
            self.features.add(_conv3x3(channels, 1, 0))
        else:
            self.features.add(nn.Conv2D(channels, 7, 2, 3, use_bias=False),
                              nn.BatchNorm(), nn.Activation("relu"), nn.MaxPool2D(3, 2, 1))

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def _check_layout(layers, channels):
    if len(layers) != len(channels) - 1:
        raise AssertionError("ResNet needs one more entry in 'channels' than in 'layers' "
                             f"(got {len(layers)} layers and {len(channels)} channels).")


class ResNetV1(_ResNetBase):
    """ResNet v1: conv7x7-BN-ReLU-maxpool stem (or one 3x3 conv with
    ``thumbnail=True``), ``len(layers)`` stages of ``block``, global average pooling
    and a Dense classifier with ``classes`` outputs."""

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super().__init__(**kwargs)
        _check_layout(layers, channels)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            self._add_stem(channels[0], thumbnail)
            for i, n in enumerate(layers):
                self.features.add(self._make_layer(block, n, channels[i + 1],
                                                   1 if i == 0 else 2, i + 1,
                                                   in_channels=channels[i]))
            self.features.add(nn.GlobalAvgPool2D())
            self.output = nn.Dense(classes, in_units=channels[-1])


class ResNetV2(_ResNetBase):
    """ResNet v2: an input BatchNorm without scale/shift, the v1 stem, pre-activation
    stages, a final BN-ReLU, global average pooling, Flatten and a Dense classifier."""

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super().__init__(**kwargs)
        _check_layout(layers, channels)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            self.features.add(nn.BatchNorm(scale=False, center=False))
            self._add_stem(channels[0], thumbnail)
            in_channels = channels[0]
            for i, n in enumerate(layers):
                self.features.add(self._make_layer(block, n, channels[i + 1],
                                                   1 if i == 0 else 2, i + 1,
                                                   in_channels=in_channels))
                in_channels = channels[i + 1]
            self.features.add(nn.BatchNorm(), nn.Activation("relu"), nn.GlobalAvgPool2D(),
                              nn.Flatten())
            self.output = nn.Dense(classes, in_units=in_channels)


# depth -> (block kind, blocks per stage, channels of the stem and of each stage)
_SPEC = {18: ("basic", [2, 2, 2, 2], [64, 64, 128, 256, 512]),
         34: ("basic", [3, 4, 6, 3], [64, 64, 128, 256, 512]),
         50: ("bottleneck", [3, 4, 6, 3], [64, 256, 512, 1024, 2048]),
         101: ("bottleneck", [3, 4, 23, 3], [64, 256, 512, 1024, 2048]),
         152: ("bottleneck", [3, 8, 36, 3], [64, 256, 512, 1024, 2048])}
_VERSIONS = {1: (ResNetV1, {"basic": BasicBlockV1, "bottleneck": BottleneckV1}),
             2: (ResNetV2, {"basic": BasicBlockV2, "bottleneck": BottleneckV2})}


def get_resnet(version, num_layers, pretrained=False, ctx=None, root=None, **kwargs):
    """ResNet ``version`` (1 or 2) with ``num_layers`` (18, 34, 50, 101 or 152) layers;
    ``pretrained=True`` loads ``resnet<num_layers>_v<version>-XXXXXXXX.params`` from
    ``root`` (default ``$MXNET_HOME/models``)."""
    if num_layers not in _SPEC:
        raise AssertionError(f"Invalid number of layers: {num_layers}. Options are "
                             f"{sorted(_SPEC)}.")
    if version not in _VERSIONS:
        raise AssertionError(f"Invalid resnet version: {version}. Options are 1 and 2.")
    kind, layers, channels = _SPEC[num_layers]
    net_class, blocks = _VERSIONS[version]
    net = net_class(blocks[kind], layers, channels, **kwargs)
    if pretrained:
        load_pretrained(net, f"resnet{num_layers}_v{version}", root, ctx)
    return net


def _maker(version, depth):
    def make(**kwargs):
        return get_resnet(version, depth, **kwargs)
    make.__name__ = make.__qualname__ = f"resnet{depth}_v{version}"
    make.__doc__ = (f"ResNet-{depth} v{version} (see ``get_resnet``; keyword arguments: "
                    "pretrained, ctx, root, classes, thumbnail).")
    return make


resnet18_v1 = _maker(1, 18)
resnet34_v1 = _maker(1, 34)
resnet50_v1 = _maker(1, 50)
resnet101_v1 = _maker(1, 101)
resnet152_v1 = _maker(1, 152)
resnet18_v2 = _maker(2, 18)
resnet34_v2 = _maker(2, 34)
resnet50_v2 = _maker(2, 50)
resnet101_v2 = _maker(2, 101)
resnet152_v2 = _maker(2, 152)
