"""A small convolutional network printed as MXNet prints it: layer reprs before and
after deferred initialization, parameter names and shapes, output shapes of every
convolution/pooling/normalization layer, and BatchNorm's running statistics."""
import numpy as np
import mxnet as mx
from mxnet import nd, autograd, gluon
from mxnet.gluon import nn

net = nn.HybridSequential()
with net.name_scope():
    net.add(nn.Conv2D(8, kernel_size=3, padding=1, activation="relu"),
            nn.BatchNorm(),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(16, (3, 3), groups=2, use_bias=False),
            nn.BatchNorm(scale=False, momentum=0.8),
            nn.AvgPool2D(3, 1, 1, ceil_mode=True, count_include_pad=False),
            nn.GlobalMaxPool2D(),
            nn.Flatten(),
            nn.Dense(5))
print(net)
print(net.collect_params())

net.initialize(mx.init.Xavier())
x = nd.array(np.linspace(-1, 1, 2 * 3 * 12 * 12).reshape(2, 3, 12, 12))
print(net(x).shape)
print(net)
for name, p in net.collect_params().items():
    print(name, p.shape, p.grad_req)
print(net.collect_params(".*running.*"))

# Every layer kind, on an input that fits it.
layers = [
    (nn.Conv1D(4, 3, strides=2), (2, 3, 11)),
    (nn.Conv3D(2, (1, 2, 3), padding=(0, 1, 1), dilation=(1, 1, 2)), (1, 3, 3, 4, 7)),
    (nn.Conv1DTranspose(3, 4, strides=2, output_padding=1), (2, 2, 5)),
    (nn.Conv2DTranspose(6, 3, strides=2, padding=1, groups=2, in_channels=4), (1, 4, 5, 5)),
    (nn.Conv3DTranspose(2, 2, strides=(1, 2, 2)), (1, 3, 2, 3, 3)),
    (nn.Conv2D(5, 3, layout="NCHW", dilation=2), (1, 2, 9, 9)),
    (nn.MaxPool1D(3, 2, ceil_mode=True), (1, 2, 10)),
    (nn.MaxPool3D(), (1, 2, 4, 5, 6)),
    (nn.AvgPool1D(4, padding=2), (1, 2, 9)),
    (nn.AvgPool3D((1, 2, 2), ceil_mode=True), (1, 2, 3, 5, 5)),
    (nn.MaxPool2D(2, layout="NHWC"), (1, 6, 6, 3)),
    (nn.GlobalAvgPool1D(), (2, 3, 7)),
    (nn.GlobalAvgPool2D(layout="NHWC"), (2, 5, 5, 3)),
    (nn.GlobalMaxPool3D(), (1, 2, 3, 3, 3)),
    (nn.ReflectionPad2D(1), (1, 2, 3, 4)),
    (nn.InstanceNorm(), (2, 3, 5)),
    (nn.LayerNorm(axis=1), (2, 4, 3)),
    (nn.GroupNorm(num_groups=2), (2, 4, 3, 3)),
    (nn.BatchNorm(axis=-1, in_channels=3), (4, 5, 3)),
]
for layer, shape in layers:
    print(layer)
    layer.initialize()
    out = layer(nd.ones(shape))
    print(" ", layer.name, shape, "->", out.shape, out.dtype.__name__)
    print(" ", layer)

# Training updates BatchNorm's running statistics (rounded for printing).
bn = nn.BatchNorm(in_channels=2, momentum=0.5)
bn.initialize()
data = nd.array(np.arange(16, dtype=np.float32).reshape(2, 2, 4))
with autograd.record():
    y = bn(data)
y.backward()
print(np.round(bn.running_mean.data().asnumpy(), 4), np.round(bn.running_var.data().asnumpy(), 3))
print(np.round(bn(data).asnumpy()[0, 0], 4))
