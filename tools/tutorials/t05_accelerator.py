NAME = "05_accelerator.ipynb"


def cells(md, code):
    return [
        md("""
# 5. Moving a training loop to an accelerator

In MXNet you choose the device with a context: `mx.cpu()` or `mx.gpu(0)`. In mxcompat a
context is a JAX device: `mx.gpu(i)` is the i-th accelerator JAX sees (GPU or TPU).
The usual MXNet idiom below picks the GPU when there is one and falls back to the CPU,
so this notebook runs anywhere.
"""),
        code("""
import numpy as np
import mxnet as mx
from mxnet import nd, autograd, gluon

ctx = mx.gpu(0) if mx.context.num_gpus() > 0 else mx.cpu()
print("training on", ctx)
"""),
        md("""
## Data and model on the device

Arrays are created on a context with `ctx=` or moved with `as_in_context`; parameters
are initialized on it with `initialize(ctx=...)`.
"""),
        code("""
rs = np.random.RandomState(0)
true_w = np.array([[2.0, -3.4]], dtype="float32")
X = rs.normal(size=(256, 2)).astype("float32")
Y = X @ true_w.T + 4.2 + 0.01 * rs.normal(size=(256, 1)).astype("float32")

net = gluon.nn.Dense(1)
net.initialize(mx.init.Normal(0.01), ctx=ctx)
loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, Y), batch_size=32, shuffle=False)
loss_fn = gluon.loss.L2Loss()
trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.3})
"""),
        md("""
## The loop

Each batch is moved to the device with `as_in_context(ctx)`. `net.hybridize()` turns the
forward into one compiled XLA program; the backward and the optimizer step are compiled
too, so a step is a handful of device calls.
"""),
        code("""
net.hybridize()
for epoch in range(10):
    total = 0.0
    for data, label in loader:
        data, label = data.as_in_context(ctx), label.as_in_context(ctx)
        with autograd.record():
            loss = loss_fn(net(data), label)
        loss.backward()
        trainer.step(data.shape[0])
        total += loss.sum().asscalar()
    print(epoch, total / len(X))
print(net.weight.data(ctx), net.bias.data(ctx))
"""),
        code("""
w = net.weight.data(ctx).asnumpy()
b = net.bias.data(ctx).asnumpy()
assert np.allclose(w, true_w, atol=0.05), w
assert np.allclose(b, 4.2, atol=0.05), b
assert net.weight.data(ctx).context == ctx
"""),
        md("""
## Where the arrays live

`x.context` reports the MXNet context; `x.asnumpy()` copies to the host. Under the hood
each NDArray holds a `jax.Array` committed to the context's device.
"""),
        code("""
z = nd.ones((2, 2), ctx=ctx)
print(z.context, z._jax().devices())
"""),
    ]
