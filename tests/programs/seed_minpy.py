"""A MinPy program: numpy-style code differentiated with minpy.core.grad.

It walks through what MinPy's own tutorials do: derivatives at Python numbers,
derivatives of derivatives on a grid, gradients with respect to several arguments,
the gradients of a small softmax network, and a softmax-regression training loop in
the style of MinPy's getting-started example. Every input is fixed (numpy's seeded
generator), so the printed numbers can be recomputed with numpy and JAX; MinPy itself
cannot run any more, so tests/test_minpy.py does exactly that instead of comparing
with a recorded output.
"""
import numpy as npp

import minpy
import minpy.numpy as np
from minpy.context import cpu, set_context
from minpy.core import grad, grad_and_loss

set_context(cpu())
minpy.set_global_policy("prefer_mxnet")


def show(label, values):
    values = npp.atleast_1d(npp.asarray(values, dtype=npp.float64))
    print(label, " ".join("%.6f" % v for v in values.ravel()))


# --- a polynomial at a Python number --------------------------------------------
def poly(x):
    return 5 * x ** 2 + 3 * x - 2


show("poly(4):", poly(4))
show("poly'(4):", grad(poly)(4))

# --- derivatives of derivatives, element-wise on a grid ------------------------------
def wave(x):
    return np.sin(x) * x


d1 = grad(wave)
d2 = grad(d1)
d3 = grad(d2)
grid = np.linspace(-3.0, 3.0, 7)
show("grid:", grid.asnumpy())
show("wave':", d1(grid).asnumpy())
show("wave'':", d2(grid).asnumpy())
show("wave''':", d3(grid).asnumpy())
show("tanh''' at 0.5:", grad(grad(grad(np.tanh)))(0.5))

# --- several arguments ------------------------------------------------------------------
def bar(a, b, c):
    return 3 * a + b ** 2 - c


show("bar grads:", grad(bar, [0, 1, 2])(2, 3, 4))
grads, value = grad_and_loss(bar, [0, 2])(2.0, 3.0, 4.0)
show("bar grads (a, c) and value:", grads + [value])


def surface(x, y):
    return x ** 2 * y ** 3 + np.exp(x * y)


show("d2 surface / dx dy at (0.5, -1):", grad(lambda x: grad(surface, 1)(x, -1.0))(0.5))

# --- a one-layer softmax network -------------------------------------------------------
def affine(x, w, b):
    return np.dot(x, w) + b


def relu(x):
    return np.maximum(0, x)


def softmax_loss(scores, onehot):
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs = probs / np.sum(probs, axis=1, keepdims=True)
    return -np.sum(np.log(probs) * onehot) / scores.shape[0]


rng = npp.random.RandomState(7)
batch, features, classes = 8, 6, 3
data = rng.randn(batch, features)
labels = rng.randint(0, classes, batch)
onehot = np.zeros((batch, classes))
onehot[np.arange(batch), labels] = 1
w0 = rng.randn(features, classes)
b0 = rng.randn(classes) * 0.1


def net_loss(w, b, x, y):
    return softmax_loss(relu(affine(x, w, b)), y)


(dw, db), loss = grad_and_loss(net_loss, [0, 1])(w0, b0, data, onehot)
show("net loss:", loss)
show("net dw:", dw.asnumpy())
show("net db:", db.asnumpy())

# --- softmax regression, trained with grad_and_loss -------------------------------------
samples, dims, kinds = 200, 10, 4
centers = rng.rand(kinds, dims) * 3
points = npp.zeros((samples, dims))
targets = npp.zeros((samples, kinds))
per = samples // kinds
for k in range(kinds):
    points[k * per:(k + 1) * per] = rng.normal(centers[k], 0.5, (per, dims))
    targets[k * per:(k + 1) * per, k] = 1


def predict(w, x):
    a = np.exp(np.dot(x, w))
    return a / np.sum(a, axis=1, keepdims=True)


def train_loss(w, x):
    return -np.sum(targets * np.log(predict(w, x))) / samples


step = grad_and_loss(train_loss)
weight = np.array(rng.randn(dims, kinds) * 0.1)
for it in range(41):
    dweight, loss = step(weight, points)
    if it % 10 == 0:
        show("iter %d loss:" % it, loss)
    weight -= 0.1 * dweight
accuracy = (np.argmax(predict(weight, points), axis=1).asnumpy() ==
            targets.argmax(axis=1)).mean()
show("accuracy:", accuracy)
