import mxnet as mx
from mxnet import nd, autograd, gluon
import minpy.numpy as mnp

x = nd.ones((2, 3))
x.attach_grad()
with autograd.record():
    y = nd.relu(x) * 2
y.backward()
net = gluon.nn.HybridSequential()
trainer = gluon.Trainer
print(mx.cpu(), mnp)
