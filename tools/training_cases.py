"""Deterministic gluon training runs, identical under real MXNet and mxcompat.

Every case builds a small network whose weights are set from fixed numpy arrays,
trains it for a few epochs on fixed data (DataLoader without shuffling), and returns
the per-epoch mean loss and the final weights. ``tools/record_training.py`` runs the
cases with MXNet 1.9.1 (the oracle) into ``tests/golden/training.json``;
``tests/test_training_goldens.py`` runs them with mxcompat (imperative and
hybridized) and compares to 1e-5. Python 3.8 compatible.
"""
import numpy as np

OPTIMIZERS = {
    "sgd": ("sgd", {"learning_rate": 0.1}),
    "sgd_momentum_wd": ("sgd", {"learning_rate": 0.05, "momentum": 0.9, "wd": 0.01}),
    "sgd_clip_rescale": ("sgd", {"learning_rate": 0.1, "clip_gradient": 0.05,
                                 "rescale_grad": 0.5}),
    "nag": ("nag", {"learning_rate": 0.05, "momentum": 0.9}),
    "adam": ("adam", {"learning_rate": 0.01}),
    "adam_wd": ("adam", {"learning_rate": 0.01, "wd": 0.001, "beta1": 0.8}),
    "adagrad": ("adagrad", {"learning_rate": 0.1}),
    "rmsprop": ("rmsprop", {"learning_rate": 0.01}),
    "rmsprop_centered": ("rmsprop", {"learning_rate": 0.01, "centered": True}),
    "adadelta": ("adadelta", {"rho": 0.9}),
    "adamax": ("adamax", {"learning_rate": 0.01}),
    "nadam": ("nadam", {"learning_rate": 0.01}),
    "signum": ("signum", {"learning_rate": 0.01, "momentum": 0.9}),
    "ftrl": ("ftrl", {"learning_rate": 0.1}),
}

LOSSES = {
    "l2": ("L2Loss", {}, "regression"),
    "l2_weight": ("L2Loss", {"weight": 0.5}, "regression"),
    "l1": ("L1Loss", {}, "regression"),
    "huber": ("HuberLoss", {"rho": 0.5}, "regression"),
    "softmax_ce": ("SoftmaxCrossEntropyLoss", {}, "class"),
    "softmax_ce_dense": ("SoftmaxCrossEntropyLoss", {"sparse_label": False}, "onehot"),
    "softmax_ce_logits": ("SoftmaxCrossEntropyLoss", {"from_logits": True}, "logclass"),
    "sigmoid_bce": ("SigmoidBinaryCrossEntropyLoss", {}, "binary"),
    "sigmoid_bce_from_sigmoid": ("SigmoidBinaryCrossEntropyLoss", {"from_sigmoid": True},
                                 "binary_prob"),
    "kldiv": ("KLDivLoss", {"from_logits": False}, "distribution"),
    "hinge": ("HingeLoss", {}, "signed"),
    "squared_hinge": ("SquaredHingeLoss", {"margin": 2.0}, "signed"),
    "logistic_signed": ("LogisticLoss", {}, "signed"),
    "logistic_binary": ("LogisticLoss", {"label_format": "binary"}, "binary"),
}

N, D, H, C = 24, 5, 7, 3


def _data():
    rs = np.random.RandomState(42)
    x = rs.uniform(-1, 1, (N, D)).astype(np.float32)
    w1 = rs.uniform(-0.5, 0.5, (H, D)).astype(np.float32)
    b1 = rs.uniform(-0.1, 0.1, (H,)).astype(np.float32)
    w2 = rs.uniform(-0.5, 0.5, (C, H)).astype(np.float32)
    b2 = rs.uniform(-0.1, 0.1, (C,)).astype(np.float32)
    cls = rs.randint(0, C, size=(N,)).astype(np.float32)
    reg = rs.uniform(-1, 1, (N, C)).astype(np.float32)
    sw = rs.uniform(0.5, 1.5, (N, 1)).astype(np.float32)
    return x, (w1, b1, w2, b2), cls, reg, sw


def _labels(kind, cls, reg):
    if kind == "regression":
        return reg
    if kind in ("class", "logclass"):
        return cls
    if kind == "onehot":
        return np.eye(C, dtype=np.float32)[cls.astype(int)]
    if kind in ("binary", "binary_prob"):
        return (reg > 0).astype(np.float32)
    if kind == "signed":
        return np.where(reg > 0, 1.0, -1.0).astype(np.float32)
    if kind == "distribution":
        e = np.exp(reg)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    raise ValueError(kind)


def _net(mx, weights, hybridize):
    nn = mx.gluon.nn
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(H, activation="tanh", in_units=D))
        net.add(nn.Dense(C, in_units=H))
    net.initialize(ctx=mx.cpu())
    params = [net[0].weight, net[0].bias, net[1].weight, net[1].bias]
    for p, w in zip(params, weights):
        p.set_data(mx.nd.array(w))
    if hybridize:
        net.hybridize()
    return net, params


def run_case(mx, name, hybridize=False, epochs=3, batch_size=8):
    """Train case ``name`` ('opt:<optimizer>' or 'loss:<loss>'); returns a dict."""
    x, weights, cls, reg, sw = _data()
    kind, key = name.split(":")
    gluon = mx.gluon
    if kind == "opt":
        opt_name, opt_params = OPTIMIZERS[key]
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        label = cls
        label_kind = "class"
        use_sw = False
    else:
        loss_name, loss_params, label_kind = LOSSES[key]
        loss_fn = getattr(gluon.loss, loss_name)(**loss_params)
        opt_name, opt_params = "sgd", {"learning_rate": 0.1}
        label = _labels(label_kind, cls, reg)
        use_sw = label_kind in ("regression", "signed")
    net, params = _net(mx, weights, hybridize)
    trainer = gluon.Trainer(net.collect_params(), opt_name, dict(opt_params))
    data = gluon.data.ArrayDataset(mx.nd.array(x), mx.nd.array(label), mx.nd.array(sw))
    loader = gluon.data.DataLoader(data, batch_size=batch_size, shuffle=False)
    losses = []
    for _ in range(epochs):
        total, count = 0.0, 0
        for xb, yb, swb in loader:
            with mx.autograd.record():
                out = net(xb)
                if label_kind == "logclass":
                    out = mx.nd.log_softmax(out)
                elif label_kind == "binary_prob":
                    out = mx.nd.sigmoid(out)
                loss = loss_fn(out, yb, swb) if use_sw else loss_fn(out, yb)
            loss.backward()
            trainer.step(xb.shape[0])
            total += float(loss.sum().asscalar())
            count += xb.shape[0]
        losses.append(total / count)
    return {"losses": losses,
            "weights": [p.data().asnumpy().astype(np.float64).tolist() for p in params]}


CASES = ["opt:" + k for k in OPTIMIZERS] + ["loss:" + k for k in LOSSES]
