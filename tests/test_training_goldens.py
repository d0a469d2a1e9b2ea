"""Deterministic gluon training reproduces MXNet 1.9.1's per-epoch losses and final
weights (tests/golden/training/training.json, recorded by tools/record_training.py),
for every optimizer and loss, imperative and hybridized."""
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import training_cases as tc  # noqa: E402

with open(os.path.join(ROOT, "tests", "golden", "training", "training.json")) as f:
    GOLDEN = json.load(f)["cases"]


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("name", tc.CASES)
def test_training_matches_mxnet(name, hybridize):
    got = tc.run_case(mx, name, hybridize=hybridize)
    want = GOLDEN[name]
    np.testing.assert_allclose(got["losses"], want["losses"], rtol=1e-5, atol=1e-7,
                               err_msg=f"{name}: per-epoch losses differ from MXNet")
    for k, (g, w) in enumerate(zip(got["weights"], want["weights"])):
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-6,
                                   err_msg=f"{name}: final weight {k} differs from MXNet")
