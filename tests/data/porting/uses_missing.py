import mxnet as mx
from mxnet import nd, autograd as ag
from mxnet.gluon import nn

x = nd.array([1, 2])
y = mx.nd.random.uniform(shape=(2,))
sym = mx.sym.Variable("data")
w = nd.no_such_operator(x)
with ag.record():
    z = x * 2
net = nn.Dense(3)
