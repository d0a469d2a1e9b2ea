"""Seed program 2: the topics of MXNet's autograd tutorial, in our own words.

Gradients of a polynomial, training vs predict mode, detach, a function with branches
differentiated at fixed points, retain_graph, autograd.grad, and a custom Function.
"""
import mxnet as mx
from mxnet import nd, autograd

x = nd.array([[1, 2], [3, 4]])
x.attach_grad()
with autograd.record():
    y = 2 * x * x + x
y.backward()
print(x.grad)
print(x.grad == 4 * x + 1)

print(autograd.is_training())
with autograd.record():
    print(autograd.is_training())
with autograd.record(train_mode=False):
    print(autograd.is_training())


def pick_branch(a):
    b = a * 2
    while b.norm().asscalar() < 100:
        b = b * 2
    if b.sum().asscalar() >= 0:
        c = b[0]
    else:
        c = b[1]
    return c


a = nd.array([0.75, -2.5])
a.attach_grad()
with autograd.record():
    c = pick_branch(a)
c.backward()
print(c)
print(a.grad)
print(a.grad == c / a[0])

# detach: z depends on x only through y, which we cut from the graph.
p = nd.array([1.0, 2.0, 3.0])
p.attach_grad()
with autograd.record():
    q = p * p
    r = q.detach()
    z = r * p
z.backward()
print(p.grad)
q.backward()
print(p.grad)

# retain_graph lets us run backward twice over the same graph.
with autograd.record():
    t = nd.exp(p)
t.backward(retain_graph=True)
print(p.grad)
t.backward()
print(p.grad)

# autograd.grad returns gradients instead of writing them to .grad.
with autograd.record():
    s = nd.sum(p * p * p)
g = autograd.grad(s, [p])
print(g)
print(type(g).__name__, len(g))


class Square(autograd.Function):
    def forward(self, v):
        self.save_for_backward(v)
        return v * v

    def backward(self, dy):
        v, = self.saved_tensors
        return 2 * v * dy


m = nd.array([1.5, -0.5])
m.attach_grad()
with autograd.record():
    n = Square()(m)
n.backward()
print(n)
print(m.grad)
