"""Gluon .params files round-trip with the real MXNet 1.9.1, in both directions.

    "$(bash ../shared/oracle/setup.sh)" tools/record_gluon_params.py record-mxnet
    python tools/record_gluon_params.py write-mxcompat
    "$(bash ../shared/oracle/setup.sh)" tools/record_gluon_params.py verify-mxcompat

1. MXNet builds a fixed network, writes ``save_parameters`` and legacy ``save_params``
   files and records its forward output on a fixed input.
2. mxcompat builds the same network with the same weights and writes its files.
3. MXNet loads mxcompat's files into fresh networks and records the outputs.
``tests/test_gluon_params_golden.py`` checks all three (bytes, loading, outputs).
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = os.path.join(ROOT, "tests", "golden", "files")


def build(mx):
    nn = mx.gluon.nn
    net = nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu", in_units=3))
        net.add(nn.Dense(2, in_units=4))
    net.initialize()
    rs = np.random.RandomState(7)
    for p in net.collect_params().values():
        p.set_data(mx.nd.array(rs.uniform(-1, 1, p.shape)))
    return net


def x_input(mx):
    return mx.nd.array(np.arange(6, dtype=np.float32).reshape(2, 3) / 5.0)


def fresh(mx):
    nn = mx.gluon.nn
    net = nn.HybridSequential(prefix="net_")
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu", in_units=3))
        net.add(nn.Dense(2, in_units=4))
    return net


def main(mode):
    if mode == "write-mxcompat":
        import mxcompat as mx
        net = build(mx)
        net.save_parameters(os.path.join(FILES, "gluon_by_mxcompat.params"))
        net.collect_params().save(os.path.join(FILES, "gluon_by_mxcompat_legacy.params"),
                                  strip_prefix="net_")
        return
    import mxnet as mx
    if mode == "record-mxnet":
        net = build(mx)
        net.save_parameters(os.path.join(FILES, "gluon_by_mxnet.params"))
        net.save_params(os.path.join(FILES, "gluon_by_mxnet_legacy.params"))
        out = net(x_input(mx)).asnumpy().astype(np.float64).tolist()
        with open(os.path.join(FILES, "gluon_by_mxnet.json"), "w") as f:
            json.dump({"output": out}, f)
    elif mode == "verify-mxcompat":
        res = {}
        for name in ("gluon_by_mxcompat.params", "gluon_by_mxcompat_legacy.params"):
            net = fresh(mx)
            net.load_parameters(os.path.join(FILES, name))
            res[name] = net(x_input(mx)).asnumpy().astype(np.float64).tolist()
        with open(os.path.join(FILES, "gluon_read_by_mxnet.json"), "w") as f:
            json.dump(res, f)
    else:
        raise SystemExit("mode: record-mxnet | write-mxcompat | verify-mxcompat")


if __name__ == "__main__":
    main(sys.argv[1])
