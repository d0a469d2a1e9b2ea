NAME = "01_autograd_nd.ipynb"


def cells(md, code):
    return [
        md("""
# 1. Automatic differentiation with `mx.nd`

This notebook is plain MXNet 1.x code. Run it with `mxcompat run 01_autograd_nd.ipynb`
(or pick the *MXNet (mxcompat)* kernel in Jupyter): `import mxnet` then resolves to
mxcompat, and everything below runs on JAX.

We cover: marking variables with `attach_grad`, recording with `autograd.record`,
`backward`, head gradients, and Python control flow inside a recorded block.
"""),
        code("""
import mxnet as mx
from mxnet import nd, autograd
print(mx.__version__)
"""),
        md("""
## Variables and a first gradient

`attach_grad()` allocates a gradient buffer and marks the array as a variable. Inside
`autograd.record()` every operation that involves a variable is recorded; `backward()`
then fills `.grad`.
"""),
        code("""
w = nd.array([[1.0, -2.0], [0.5, 3.0]])
w.attach_grad()
with autograd.record():
    f = (w * w * w).sum()      # f = sum(w^3), so df/dw = 3 w^2
f.backward()
print(w.grad)
assert (w.grad.asnumpy() == 3 * w.asnumpy() ** 2).all()
"""),
        md("""
## Head gradients

`backward(head)` computes the vector-Jacobian product: each output element's gradient
is weighted by `head`. For an element-wise function this scales the gradient.
"""),
        code("""
with autograd.record():
    g = nd.exp(w)
head = nd.array([[1.0, 0.0], [0.5, 2.0]])
g.backward(head)
print(w.grad)
import numpy as np
np.testing.assert_allclose(w.grad.asnumpy(), np.exp(w.asnumpy()) * head.asnumpy(), rtol=1e-6)
"""),
        md("""
## Python control flow

The graph is built as the code runs, so loops and branches that depend on the values
are fine: the gradient follows the path that was taken.
"""),
        code("""
def grow(a):
    b = a * 2
    steps = 0
    while nd.norm(b).asscalar() < 100:
        b = b * 2
        steps += 1
    if b.sum().asscalar() > 0:
        return b, steps
    return -b, steps

a = nd.array([0.3, -0.1, 0.6])
a.attach_grad()
with autograd.record():
    out, steps = grow(a)
out.backward()
print(steps, a.grad)
# out = 2^(steps+1) * a (the sum is positive), so d out / d a = 2^(steps+1)
assert np.allclose(a.grad.asnumpy(), 2.0 ** (steps + 1))
"""),
        md("""
## Training mode, detach and gradients of gradients

`autograd.record()` also switches to training mode (Dropout drops). `detach()` cuts an
array out of the graph. `autograd.grad(..., create_graph=True)` returns gradients that
are themselves differentiable, for every operator and to any order.
"""),
        code("""
print(autograd.is_training())
with autograd.record():
    print(autograd.is_training())

x = nd.array([0.5, 1.0, 2.0])
x.attach_grad()
with autograd.record():
    y = nd.sin(x) * x
dy = autograd.grad(y, [x], create_graph=True)[0]   # cos(x) x + sin(x)
dy.backward()                                        # d/dx: 2 cos(x) - sin(x) x
xv = x.asnumpy()
np.testing.assert_allclose(dy.asnumpy(), np.cos(xv) * xv + np.sin(xv), rtol=1e-5)
np.testing.assert_allclose(x.grad.asnumpy(), 2 * np.cos(xv) - np.sin(xv) * xv, rtol=1e-5)
print(x.grad)
"""),
    ]
