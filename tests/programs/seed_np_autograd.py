"""Automatic differentiation with MXNet's numpy interface (mx.np / mx.npx).

A small walk through attach_grad / record / backward on mx.np arrays: plain and head
gradients, 0-d (scalar) arrays, detach, Python control flow that depends on values,
gradients through indexing, reductions and npx ops. Inputs are fixed, so the printed
values are deterministic.
"""
from mxnet import autograd, np, npx

npx.set_np()

# --- a quadratic form and its gradient --------------------------------------
x = np.array([[1., 2.], [3., 4.]])
x.attach_grad()
print("x:", x)
print("grad before backward:", x.grad)
with autograd.record():
    y = (x * x + 2 * x).sum()
print("y is 0-d:", repr(y), y.shape, y.ndim)
y.backward()
print("dy/dx = 2x + 2:", x.grad)
print("type of grad:", type(x.grad).__name__, x.grad.dtype)

# --- head gradients for a non-scalar output ----------------------------------
v = np.arange(4.0)
v.attach_grad()
with autograd.record():
    w = v ** 3
w.backward(np.array([1., 0.5, 0.25, 0.125]))
print("3 v^2 * head:", v.grad)

# --- a dot product, as in the d2l preliminaries -------------------------------
with autograd.record():
    z = 2 * np.dot(v, v)
z.backward()
print("grad of 2 v.v:", v.grad, v.grad == 4 * v)

# --- detach: treat part of the graph as a constant -----------------------------
with autograd.record():
    u = v * v
    c = u.detach()
    r = (c * v).sum()
r.backward()
print("detached grad (u as constant):", v.grad, v.grad == c)
with autograd.record():
    u = (v * v).sum()
u.backward()
print("grad of u alone:", v.grad)

# --- scalar arrays and Python control flow -----------------------------------
def grow(a):
    b = a * 2
    steps = 0
    while np.linalg.norm(b) < 1000:
        b = b * 2
        steps += 1
    if b.sum() > 0:
        out = b
    else:
        out = 100 * b
    return out, steps


s = np.array(0.75)
s.attach_grad()
with autograd.record():
    d, n = grow(s)
d.backward()
print("0-d input:", repr(s), "steps:", n, "output:", repr(d))
print("d/ds equals d/s:", repr(s.grad), bool(s.grad == d / s))
print("python values:", float(d), int(d), d.item(), bool(d > 1000))

neg = np.array([-0.5, 0.25])
neg.attach_grad()
with autograd.record():
    d2, n2 = grow(neg)
d2.backward()
print("vector input:", d2, "steps:", n2, "grad:", neg.grad)

# --- indexing, masks and reductions -------------------------------------------
m = np.array([[1., -2., 3.], [-4., 5., -6.]])
m.attach_grad()
with autograd.record():
    picked = m[0, 1] + m[1].max() + m[m > 0].sum() + m[:, 2].mean()
picked.backward()
print("picked:", repr(picked))
print("grad through indexing:\n", m.grad)

# --- npx ops: relu and a hand-written linear layer -----------------------------
X = np.array([[1., 2.], [-3., 1.], [0.5, -1.]])
W = np.array([[0.5, -1.], [2., 0.25]])
b = np.array([0.1, -0.2])
W.attach_grad()
b.attach_grad()
with autograd.record():
    H = npx.relu(np.dot(X, W) + b)
    loss = ((H - 1) ** 2).mean()
loss.backward()
print("hidden:\n", H)
print("loss:", loss)
print("dW:\n", W.grad)
print("db:", b.grad)

# --- gradients accumulate with grad_req='add' ----------------------------------
acc = np.array([1., 2.])
acc.attach_grad(grad_req="add")
for k in range(3):
    with autograd.record():
        e = (acc * (k + 1)).sum()
    e.backward()
print("accumulated:", acc.grad)
