NAME = "04_gradient_regression_tests.ipynb"


def cells(md, code):
    return [
        md("""
# 4. Regression-testing a model's gradients against JAX

When you port an MXNet model, you want evidence that its gradients are right.
`mxcompat.gradcheck.check_gradients_with_jax` runs your MXNet code under
`autograd.record()`, backpropagates a fixed head gradient, and compares every input's
gradient with `jax.vjp` of a pure-JAX version of the same function, with tolerances
that depend on the dtype. A mismatch raises `GradientMismatch` with a report of the
worst element. The same function is available as `mx.test_utils.check_gradients_with_jax`.
"""),
        code("""
import numpy as np
import jax
import jax.numpy as jnp
import mxnet as mx
from mxnet import nd
from mxnet.test_utils import check_gradients_with_jax
"""),
        md("""
## A small model, twice

The model: a dense layer with tanh, then a softmax cross-entropy. Once with the MXNet
API, once in JAX. The inputs are the data, the weight and the bias.
"""),
        code("""
def mxnet_model(x, w, b, y):
    h = nd.tanh(nd.FullyConnected(x, w, b, num_hidden=w.shape[0]))
    return -nd.pick(nd.log_softmax(h), y).sum()

def jax_model(x, w, b, y):
    h = jnp.tanh(x @ w.T + b)
    logp = jax.nn.log_softmax(h)
    return -jnp.sum(logp[jnp.arange(x.shape[0]), y.astype(int)])

rs = np.random.RandomState(0)
x = rs.uniform(-1, 1, (5, 4)).astype("float32")
w = rs.uniform(-1, 1, (3, 4)).astype("float32")
b = rs.uniform(-1, 1, (3,)).astype("float32")
y = np.array([0, 2, 1, 1, 0], dtype="float32")
report = check_gradients_with_jax(mxnet_model, jax_model, [x, w, b, y], wrt=[0, 1, 2])
print(report)
"""),
        md("""
## A wrong gradient is caught

A custom `autograd.Function` with a deliberately wrong backward shows what a failure
looks like.
"""),
        code("""
from mxnet import autograd
from mxcompat.gradcheck import GradientMismatch

class BadSquare(autograd.Function):
    def forward(self, v):
        self.save_for_backward(v)
        return v * v
    def backward(self, dy):
        v, = self.saved_tensors
        return 3 * v * dy          # wrong on purpose: should be 2 v

try:
    check_gradients_with_jax(lambda v: BadSquare()(v), lambda v: v * v, [x])
    caught = False
except GradientMismatch as e:
    print(e)
    caught = True
assert caught
"""),
        md("""
## In a test suite

Wrap the check in a pytest test; the report is the failure message. For float64
inputs the tolerances tighten automatically.
"""),
        code("""
def test_model_gradients():
    check_gradients_with_jax(mxnet_model, jax_model,
                             [x.astype("float64"), w.astype("float64"),
                              b.astype("float64"), y], wrt=[0, 1, 2])

test_model_gradients()
print("ok")
"""),
    ]
