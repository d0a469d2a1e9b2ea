"""Seed program 1: the topics of the straight-dope autograd chapter, in our own words.

Attach gradients, record, backward, head gradients, and Python control flow inside
record(), with fixed inputs so that MXNet and mxcompat print the same bytes.
"""
import mxnet as mx
from mxnet import nd, autograd

mx.random.seed(1)

# A small matrix whose gradient we want.
w = nd.array([[0.5, -1.0], [2.0, 3.0]])
print(w)
w.attach_grad()
print(w.grad)

# f(w) = 3 * w * w, so df/dw = 6 * w.
with autograd.record():
    u = w * 3
    f = u * w
print(f)
f.backward()
print(w.grad)

# A head gradient scales each element's contribution.
with autograd.record():
    u = w * 3
    f = u * w
weights = nd.array([[1.0, 0.5], [0.25, 0.125]])
f.backward(weights)
print(w.grad)
print(w.grad / (6 * w))

# Control flow that depends on the values: keep doubling until the norm is large.
v = nd.array([0.25, -0.5, 0.125])
v.attach_grad()
with autograd.record():
    s = v * 2
    steps = 0
    while (nd.norm(s) < 500).asscalar():
        s = s * 2
        steps += 1
    if (nd.sum(s) > 0).asscalar():
        out = s
    else:
        out = -10 * s
print(steps)
print(out)
out.backward(nd.array([1.0, 0.1, 0.01]))
print(v.grad)
print(autograd.is_recording(), autograd.is_training())
with autograd.record():
    print(autograd.is_recording(), autograd.is_training())
    with autograd.predict_mode():
        print(autograd.is_recording(), autograd.is_training())
