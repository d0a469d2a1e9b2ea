"""A small LeNet-style network trained for a few steps, identically under real MXNet
and mxcompat (Python 3.8 compatible).

    "$(bash ../shared/oracle/setup.sh)" tools/conv_training.py

records MXNet 1.9.1's run into ``tests/golden/training/conv_training.json``;
``tests/test_conv_layers.py`` runs the same function with mxcompat (imperative and
hybridized) and compares: per-step losses, the BatchNorm running statistics after
training, the final weights and the prediction-mode output.

The network (Conv2D, BatchNorm, MaxPool2D, Conv2D, BatchNorm(scale=False), AvgPool2D,
Dense) starts from deferred shapes; after one forward pass every parameter is set from
a fixed numpy stream, so both libraries start from the same weights.
"""
import json
import os

import numpy as np

STEPS = 5
BATCH = 8


def build(mx):
    nn = mx.gluon.nn
    net = nn.HybridSequential(prefix="lenet_")
    with net.name_scope():
        net.add(nn.Conv2D(4, 3, padding=1), nn.BatchNorm(), nn.Activation("relu"),
                nn.MaxPool2D(2), nn.Conv2D(6, (3, 3), strides=(1, 1)),
                nn.BatchNorm(scale=False, momentum=0.8), nn.Activation("relu"),
                nn.AvgPool2D(pool_size=2, strides=1), nn.Flatten(), nn.Dense(3))
    return net


def data():
    rs = np.random.RandomState(7)
    x = rs.uniform(-1, 1, (BATCH, 1, 10, 10)).astype(np.float32)
    y = rs.randint(0, 3, size=(BATCH,)).astype(np.float32)
    return x, y


def set_weights(net, mx):
    rs = np.random.RandomState(11)
    params = net.collect_params()
    for name in sorted(params.keys()):
        p = params[name]
        shape = p.shape
        if name.endswith("running_var"):
            v = rs.uniform(0.5, 1.5, shape)
        elif name.endswith("running_mean"):
            v = rs.uniform(-0.2, 0.2, shape)
        elif name.endswith("gamma"):
            v = rs.uniform(0.8, 1.2, shape)
        else:
            v = rs.uniform(-0.4, 0.4, shape)
        p.set_data(mx.nd.array(v.astype(np.float32)))


def train_fixed(mx, make, data_fn, loss_fn, learning_rate, hybridize, steps=STEPS):
    """Build ``make(mx)`` (hybridized if asked), set its deferred shapes by one forward
    pass on the batch ``data_fn()`` (prediction mode: no update) and every parameter by
    ``set_weights``, then train ``steps`` steps of SGD (momentum 0.9) on that batch.
    Returns (net, x, per-step mean losses)."""
    x_np, y_np = data_fn()
    x, y = mx.nd.array(x_np), mx.nd.array(y_np)
    net = make(mx)
    net.initialize(mx.init.Xavier())
    if hybridize:
        net.hybridize()
    net(x)
    set_weights(net, mx)
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd",
                               {"learning_rate": learning_rate, "momentum": 0.9})
    losses = []
    for _ in range(steps):
        with mx.autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(x.shape[0])
        losses.append(float(loss.mean().asscalar()))
    return net, x, losses


def run(mx, hybridize=False):
    """Train and return {losses, stats, weights, predict}."""
    net, x, losses = train_fixed(mx, build, data, mx.gluon.loss.SoftmaxCrossEntropyLoss(),
                                 0.1, hybridize)
    params = net.collect_params()
    names = sorted(params.keys())
    stats = {n: params[n].data().asnumpy().tolist() for n in names if "running" in n}
    weights = {n: params[n].data().asnumpy().tolist() for n in names if "running" not in n}
    predict = net(x).asnumpy().tolist()
    return {"losses": losses, "stats": stats, "weights": weights, "predict": predict}


def main():
    import mxnet as mx
    out = run(mx)
    out["mxnet_version"] = mx.__version__
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(os.path.dirname(here), "tests", "golden", "training",
                        "conv_training.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
    print("losses", ["%.6f" % v for v in out["losses"]])


if __name__ == "__main__":
    main()
