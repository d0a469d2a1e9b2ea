"""Gluon .params files round-trip with real MXNet 1.9.1 in both directions
(recorded by tools/record_gluon_params.py)."""
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = os.path.join(ROOT, "tests", "golden", "files")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import record_gluon_params as rec  # noqa: E402


def _json(name):
    with open(os.path.join(FILES, name)) as f:
        return json.load(f)


@pytest.mark.parametrize("name", ["gluon_by_mxnet.params", "gluon_by_mxnet_legacy.params"])
def test_files_written_by_mxnet_load_and_compute_the_same(name):
    net = rec.fresh(mx)
    net.load_parameters(os.path.join(FILES, name))
    got = net(rec.x_input(mx)).asnumpy()
    np.testing.assert_allclose(got, _json("gluon_by_mxnet.json")["output"], rtol=1e-6)


@pytest.mark.parametrize("name,legacy", [("gluon_by_mxcompat.params", False),
                                         ("gluon_by_mxcompat_legacy.params", True)])
def test_mxcompat_writes_the_bytes_mxnet_read(tmp_path, name, legacy):
    net = rec.build(mx)
    out = str(tmp_path / name)
    if legacy:
        net.collect_params().save(out, strip_prefix="net_")
    else:
        net.save_parameters(out)
    with open(out, "rb") as f, open(os.path.join(FILES, name), "rb") as g:
        assert f.read() == g.read()
    # What MXNet computed after loading that file equals MXNet's own network.
    np.testing.assert_allclose(_json("gluon_read_by_mxnet.json")[name],
                               _json("gluon_by_mxnet.json")["output"], rtol=1e-6)
