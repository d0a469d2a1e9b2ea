"""Prints MXNet values; its expected stdout was recorded with the real MXNet 1.9.1."""
import mxnet as mx
from mxnet import nd, autograd

print(mx.__version__)
a = nd.array([[1, 2, 3], [4, 5, 6]])
print(a)
print(a * 2 + 0.5)
print(a.shape, a.dtype, a.context, a.size, a.ndim)
print(nd.ones((2, 2), dtype='int32'))
print(nd.zeros((3,)))
print(a.asnumpy())
print(a.sum().asscalar())
x = nd.array([1.0, 2.0, 3.0])
x.attach_grad()
with autograd.record():
    y = (x * x).sum()
y.backward()
print(x.grad)
print(mx.cpu(), mx.current_context())
