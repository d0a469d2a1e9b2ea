"""Gluon basics whose printed output must match MXNet's byte for byte: automatic names
and prefixes, name scopes, reprs of layers and containers, collect_params with a regex,
deferred shapes, Parameter/ParameterDict printing, summary(), hooks and Constant."""
import numpy as np
import mxnet as mx
from mxnet import gluon, nd, autograd
from mxnet.gluon import nn

net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(16, activation="relu"))
    net.add(nn.Dropout(0.5))
    net.add(nn.Dense(4, in_units=16))
print(net)
print(net.collect_params())
print(net.collect_params(".*weight"))
print(net.prefix, net[0].name, net[2].weight.name)

net2 = nn.HybridSequential(prefix="model_")
with net2.name_scope():
    net2.add(nn.Dense(3, use_bias=False, flatten=False))
    net2.add(nn.LeakyReLU(0.1), nn.ELU(), nn.SELU(), nn.Swish(), nn.Flatten())
    net2.add(nn.Embedding(10, 4), nn.PReLU(), nn.Activation("tanh"))
print(net2)
print(list(net2.collect_params().keys()))

other = nn.Dense(5)
print(other.name, other.weight.name, other.weight.shape)
more = nn.Sequential()
print(more.name)


class Mine(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Mine, self).__init__(**kwargs)
        with self.name_scope():
            self.w = self.params.get("scale", shape=(1, 3))
            self.c = self.params.get_constant("const", np.array([[1.0, 2.0, 3.0]]))
            self.inner = nn.Dense(2, in_units=3)

    def hybrid_forward(self, F, x, w, c):
        return self.inner(F.broadcast_mul(x, w) + c)


m = Mine()
print(m)
print(m.collect_params())
m.initialize(mx.init.One())
x = nd.array(np.arange(6).reshape(2, 3))
print(m(x).shape)

seen = []
h = net.register_forward_hook(lambda blk, inp, out: seen.append(out.shape))
net.initialize(mx.init.Xavier())
y = net(nd.ones((2, 5)))
print(y.shape, seen)
h.detach()
net(nd.ones((2, 5)))
print(len(seen))
print(net[0].weight)
print(net[0].weight.data().shape, net[0].weight.grad().shape)
net.summary(nd.ones((2, 5)))

p = gluon.Parameter("p_weight", shape=(2, 0), allow_deferred_init=True)
print(p)
p.initialize()
try:
    p.data()
except gluon.parameter.DeferredInitializationError as e:
    print("deferred:", type(e).__name__)
q = gluon.Parameter("q", shape=(2, 2))
try:
    q.data()
except RuntimeError as e:
    print("uninit:", type(e).__name__)
pd = gluon.ParameterDict("pd_")
a = pd.get("a", shape=(2,))
print(pd)
print(pd.get("a") is a)
const = gluon.Constant("k", nd.array([1, 2]))
print(const, const.grad_req)
