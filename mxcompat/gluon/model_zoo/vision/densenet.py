"""DenseNet 121/161/169/201 (Huang et al. 2016), named as in MXNet 1.9.1."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import HybridConcurrent, Identity
from ..model_store import load_pretrained

__all__ = ["DenseNet", "densenet121", "densenet161", "densenet169", "densenet201"]


def _dense_layer(growth_rate, bn_size, dropout):
    """BN-ReLU-conv1x1 (bn_size*growth_rate) then BN-ReLU-conv3x3 (growth_rate), its
    output concatenated after the input."""
    new = nn.HybridSequential(prefix="")
    new.add(nn.BatchNorm(), nn.Activation("relu"),
            nn.Conv2D(bn_size * growth_rate, kernel_size=1, use_bias=False),
            nn.BatchNorm(), nn.Activation("relu"),
            nn.Conv2D(growth_rate, kernel_size=3, padding=1, use_bias=False))
    if dropout:
        new.add(nn.Dropout(dropout))
    both = HybridConcurrent(axis=1, prefix="")
    both.add(Identity())
    both.add(new)
    return both


def _dense_block(num_layers, bn_size, growth_rate, dropout, stage_index):
    stage = nn.HybridSequential(prefix=f"stage{stage_index}_")
    with stage.name_scope():
        for _ in range(num_layers):
            stage.add(_dense_layer(growth_rate, bn_size, dropout))
    return stage


def _transition(channels):
    seq = nn.HybridSequential(prefix="")
    seq.add(nn.BatchNorm(), nn.Activation("relu"),
            nn.Conv2D(channels, kernel_size=1, use_bias=False),
            nn.AvgPool2D(pool_size=2, strides=2))
    return seq


class DenseNet(HybridBlock):
    """DenseNet: conv7x7-BN-ReLU-maxpool stem, dense blocks of ``block_config`` layers
    separated by halving transitions, BN-ReLU, 7x7 average pooling (224x224 inputs),
    Flatten and a Dense classifier."""

    def __init__(self, num_init_features, growth_rate, block_config, bn_size=4, dropout=0,
                 classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            self.features.add(nn.Conv2D(num_init_features, kernel_size=7, strides=2,
                                        padding=3, use_bias=False),
                              nn.BatchNorm(), nn.Activation("relu"),
                              nn.MaxPool2D(pool_size=3, strides=2, padding=1))
            width = num_init_features
            for i, n in enumerate(block_config):
                self.features.add(_dense_block(n, bn_size, growth_rate, dropout, i + 1))
                width += n * growth_rate
                if i != len(block_config) - 1:
                    width //= 2
                    self.features.add(_transition(width))
            self.features.add(nn.BatchNorm(), nn.Activation("relu"),
                              nn.AvgPool2D(pool_size=7), nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# depth -> (stem channels, growth rate, layers per dense block)
_SPEC = {121: (64, 32, [6, 12, 24, 16]),
         161: (96, 48, [6, 12, 36, 24]),
         169: (64, 32, [6, 12, 32, 32]),
         201: (64, 32, [6, 12, 48, 32])}


def get_densenet(num_layers, pretrained=False, ctx=None, root=None, **kwargs):
    """DenseNet with ``num_layers`` (121, 161, 169, 201) layers; ``pretrained=True``
    loads ``densenet<n>-XXXXXXXX.params`` from ``root``."""
    stem, growth, config = _SPEC[num_layers]
    net = DenseNet(stem, growth, config, **kwargs)
    if pretrained:
        load_pretrained(net, f"densenet{num_layers}", root, ctx)
    return net


def _maker(depth):
    def make(**kwargs):
        return get_densenet(depth, **kwargs)
    make.__name__ = make.__qualname__ = f"densenet{depth}"
    make.__doc__ = f"DenseNet-{depth} (see get_densenet)."
    return make


densenet121, densenet161, densenet169, densenet201 = (_maker(d) for d in (121, 161, 169,
                                                                          201))
