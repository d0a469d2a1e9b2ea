"""A small recurrent network (bidirectional 2-layer LSTM, GRU, Dense) trained for a few
steps, identically under real MXNet and mxcompat (Python 3.8 compatible).

    "$(bash ../shared/oracle/setup.sh)" tools/rnn_training.py

records MXNet 1.9.1's run into ``tests/golden/training/rnn_training.json`` and writes
the trained network's parameters as MXNet saves them, into ``tests/golden/files/``:
``rnn_by_mxnet.params`` (``save_parameters``: structural keys such as
``0._unfused.1.l_cell.i2h_weight``) and ``rnn_by_mxnet_legacy.params`` (``save_params``:
global names such as ``lstm0_l1_i2h_weight``). ``tests/test_rnn_layers.py`` trains the
same network with mxcompat (imperative and hybridized) and compares losses, weights and
the prediction, loads both files into fresh networks and checks that mxcompat writes
the same bytes.

Shapes are deferred; after one forward pass every parameter is set from a fixed numpy
stream, so both libraries start from the same weights.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The same SGD loop and the same fixed weights (every parameter from one numpy stream).
from conv_training import train_fixed  # noqa: E402

STEPS = 5
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FILES = os.path.join(ROOT, "tests", "golden", "files")
GOLDEN = os.path.join(ROOT, "tests", "golden", "training", "rnn_training.json")


def build(mx):
    rnn, nn = mx.gluon.rnn, mx.gluon.nn
    net = nn.HybridSequential(prefix="seq_")
    with net.name_scope():
        net.add(rnn.LSTM(5, num_layers=2, bidirectional=True, layout="NTC"),
                rnn.GRU(3, layout="NTC"), nn.Dense(2))
    return net


def data():
    rs = np.random.RandomState(3)
    x = rs.uniform(-1, 1, (4, 6, 3)).astype(np.float32)
    y = rs.uniform(-1, 1, (4, 2)).astype(np.float32)
    return x, y


def run(mx, hybridize=False):
    """Train; return ({losses, weights, predict}, the trained net)."""
    net, x, losses = train_fixed(mx, build, data, mx.gluon.loss.L2Loss(), 0.2, hybridize,
                                 STEPS)
    params = net.collect_params()
    weights = {n: params[n].data().asnumpy().tolist() for n in sorted(params.keys())}
    predict = net(x).asnumpy().tolist()
    return {"losses": losses, "weights": weights, "predict": predict}, net


def main():
    import mxnet as mx
    out, net = run(mx)
    out["mxnet_version"] = mx.__version__
    net.save_parameters(os.path.join(FILES, "rnn_by_mxnet.params"))
    net.save_params(os.path.join(FILES, "rnn_by_mxnet_legacy.params"))
    with open(GOLDEN, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
    print("losses", ["%.6f" % v for v in out["losses"]])


if __name__ == "__main__":
    main()
