NAME = "02_autograd_np.ipynb"


def cells(md, code):
    return [
        md("""
# 2. Automatic differentiation with the numpy interface

MXNet 1.6 added `mx.np` and `mx.npx`, a numpy-compatible array API; after
`npx.set_np()` arrays print, index and reduce like numpy's, and `autograd` works on them
exactly as on `mx.nd` arrays. This notebook is plain MXNet code: run it with
`mxcompat run 02_autograd_np.ipynb` or the *MXNet (mxcompat)* kernel.

Topics: `attach_grad`, `autograd.record`, `backward`, head gradients, `detach` (and
gradients after a detach), 0-d arrays, and Python control flow that looks at values.
Each cell checks its result against the derivative worked out by hand.
"""),
        code("""
import numpy as onp
import mxnet as mx
from mxnet import np, npx, autograd
npx.set_np()
print(mx.__version__)
"""),
        md("""
## A first gradient

`attach_grad()` gives an array a gradient buffer (`.grad`, zeros for now) and makes it a
variable. What is computed from variables inside `autograd.record()` is remembered, and
`backward()` on the result fills the buffers. With `npx.set_np()`, `sum()` returns a
0-d array, as numpy does.
"""),
        code("""
x = np.array([[1.0, 2.0], [3.0, 4.0]])
x.attach_grad()
with autograd.record():
    y = (x ** 3 - 2 * x).sum()      # y = sum(x^3 - 2x)
print(y.shape, y.ndim)
y.backward()
print(x.grad)                       # dy/dx = 3x^2 - 2
xv = x.asnumpy()
assert onp.allclose(x.grad.asnumpy(), 3 * xv ** 2 - 2)
"""),
        md("""
## Head gradients

For a result that is not a scalar, `backward(head)` computes the vector-Jacobian
product: the gradient of `sum(head * z)`. Leaving the head out means a head of ones.
"""),
        code("""
v = np.array([0.5, 1.0, 1.5])
v.attach_grad()
with autograd.record():
    z = np.exp(v) * v                        # dz_i/dv_i = e^v_i (v_i + 1)
head = np.array([1.0, 0.5, 2.0])
z.backward(head)
print(v.grad)
vv = v.asnumpy()
assert onp.allclose(v.grad.asnumpy(), head.asnumpy() * onp.exp(vv) * (vv + 1))
"""),
        md("""
## Cutting the graph with `detach`

`u.detach()` is the same value as `u`, but autograd treats it as a constant: a gradient
does not flow back through it. Below, `r = sum(c * v)` with `c = v * v` detached, so
`dr/dv = c`; without the detach it would be `3 v^2`.
"""),
        code("""
with autograd.record():
    u = v * v
    c = u.detach()
    r = (c * v).sum()
r.backward()
print(v.grad)                                # c = v^2
assert onp.allclose(v.grad.asnumpy(), vv ** 2)

with autograd.record():
    r_full = (v * v * v).sum()
r_full.backward()
print(v.grad)                                # 3 v^2
assert onp.allclose(v.grad.asnumpy(), 3 * vv ** 2)
"""),
        md("""
A detached array starts a graph of its own: make it a variable and differentiate
through it; `v.grad` is left alone. A result that was detached is no longer in any
graph, so calling `backward()` on it is an error, as in MXNet.
"""),
        code("""
before = v.grad.asnumpy()
c.attach_grad()
with autograd.record():
    s = (c * c).sum()
s.backward()
print(c.grad)                                # 2c = 2 v^2
assert onp.allclose(c.grad.asnumpy(), 2 * vv ** 2)
assert onp.allclose(v.grad.asnumpy(), before)

with autograd.record():
    cut = (v * v).sum().detach()
try:
    cut.backward()
    print("no error")
except mx.base.MXNetError:
    print("backward on a detached result: MXNetError")
"""),
        md("""
## 0-d arrays and Python control flow

A reduction gives a 0-d array. It converts to a Python number (`float(s)`) and can be
used directly in `if` and `while`, so a recorded function may take different paths for
different values; the gradient follows the path that ran.
"""),
        code("""
def grow(a):
    b = a * 2
    steps = 0
    while np.linalg.norm(b) < 100:           # a 0-d array in a while condition
        b = b * 2
        steps += 1
    if b.sum() > 0:                          # and in an if
        return b, steps
    return -3 * b, steps

a = np.array([0.2, -0.4, 0.1])
a.attach_grad()
with autograd.record():
    out, steps = grow(a)
    total = out.sum()
total.backward()
print(total.ndim, steps, a.grad)
scale = 2.0 ** (steps + 1)                   # out = scale * a or -3 * scale * a
sign = 1.0 if (scale * a.asnumpy()).sum() > 0 else -3.0
assert onp.allclose(a.grad.asnumpy(), sign * scale)
assert float(total) == onp.float32(sign * scale * a.asnumpy().sum())
"""),
        md("""
## Gradients of gradients

`autograd.grad(heads, variables, create_graph=True)` returns gradients that are part
of the graph themselves, so they can be differentiated again (mxcompat does this for
every operator and any order).
"""),
        code("""
t = np.array([-1.0, 0.5, 2.0])
t.attach_grad()
with autograd.record():
    f = np.sin(t) * t
    df = autograd.grad(f, [t], create_graph=True)[0]     # cos(t) t + sin(t)
df.backward()                                            # 2 cos(t) - t sin(t)
tv = t.asnumpy()
print(df)
print(t.grad)
assert onp.allclose(df.asnumpy(), onp.cos(tv) * tv + onp.sin(tv), atol=1e-6)
assert onp.allclose(t.grad.asnumpy(), 2 * onp.cos(tv) - tv * onp.sin(tv), atol=1e-6)
"""),
    ]
