"""AlexNet (Krizhevsky 2014, "One weird trick"), named as in MXNet 1.9.1."""
from ... import nn
from ...block import HybridBlock
from ..model_store import load_pretrained

__all__ = ["AlexNet", "alexnet"]


class AlexNet(HybridBlock):
    """Five ReLU convolutions with three max-poolings, two Dense(4096)+Dropout(0.5)
    layers (all in ``features``) and a Dense classifier ``output``. Expects 224x224
    inputs (any size whose feature map survives the poolings works)."""

    def __init__(self, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            with self.features.name_scope():
                f = self.features
                f.add(nn.Conv2D(64, kernel_size=11, strides=4, padding=2, activation="relu"))
                f.add(nn.MaxPool2D(pool_size=3, strides=2))
                f.add(nn.Conv2D(192, kernel_size=5, padding=2, activation="relu"))
                f.add(nn.MaxPool2D(pool_size=3, strides=2))
                for width in (384, 256, 256):
                    f.add(nn.Conv2D(width, kernel_size=3, padding=1, activation="relu"))
                f.add(nn.MaxPool2D(pool_size=3, strides=2))
                f.add(nn.Flatten())
                for _ in range(2):
                    f.add(nn.Dense(4096, activation="relu"))
                    f.add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def alexnet(pretrained=False, ctx=None, root=None, **kwargs):
    """An AlexNet; ``pretrained=True`` loads ``alexnet-XXXXXXXX.params`` from ``root``
    (default ``$MXNET_HOME/models``)."""
    net = AlexNet(**kwargs)
    if pretrained:
        load_pretrained(net, "alexnet", root, ctx)
    return net
