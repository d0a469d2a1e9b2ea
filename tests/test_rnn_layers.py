"""gluon.rnn beyond the per-case goldens (tests/golden/rnn_layers.json, checked by
test_golden.py): a recurrent network trained with real MXNet 1.9.1
(tools/rnn_training.py) must give the same losses, weights and prediction, imperatively
and hybridized; the .params files MXNet wrote for it load, and mxcompat writes the same
bytes; the golden cases replayed through whole-graph compiled backward; fused layers
equal their unfused cell stacks; dropout, state clipping, dtypes and errors."""
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.base import MXNetError
from mxcompat.gluon import rnn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import golden_runtime as grt  # noqa: E402
import rnn_training as rtr  # noqa: E402

with open(rtr.GOLDEN) as f:
    TRAINING = json.load(f)
with open(os.path.join(ROOT, "tests", "golden", "rnn_layers.json")) as f:
    LAYER_CASES = [pytest.param(e, id=cid) for cid, e in json.load(f)["cases"].items()
                   if "result" in e and "fwd_bwd" in e["spec"]["code"]]


def _x():
    return nd.array(rtr.data()[0])


# ------------------------------------------------------------------ training
@pytest.fixture(scope="module")
def runs():
    return {h: rtr.run(mx, hybridize=h) for h in (False, True)}


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
def test_training_matches_mxnet(runs, hybridize):
    got, _ = runs[hybridize]
    np.testing.assert_allclose(got["losses"], TRAINING["losses"], rtol=1e-5, atol=1e-7)
    assert sorted(got["weights"]) == sorted(TRAINING["weights"])
    for name, want in TRAINING["weights"].items():
        np.testing.assert_allclose(got["weights"][name], want, rtol=1e-4, atol=1e-6,
                                   err_msg=f"weight {name}")
    np.testing.assert_allclose(got["predict"], TRAINING["predict"], rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------ .params files
@pytest.mark.parametrize("name", ["rnn_by_mxnet.params", "rnn_by_mxnet_legacy.params"])
@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
def test_params_saved_by_mxnet_load(name, hybridize):
    net = rtr.build(mx)
    net.load_parameters(os.path.join(rtr.FILES, name))
    if hybridize:
        net.hybridize()
    np.testing.assert_allclose(net(_x()).asnumpy(), TRAINING["predict"], rtol=1e-5,
                               atol=1e-6)
    lstm = net[0]
    assert lstm.l1_i2h_weight.shape == (20, 10)
    assert lstm.r0_i2h_weight.shape == (20, 3)


def test_mxcompat_writes_the_bytes_mxnet_wrote(tmp_path, runs):
    _, net = runs[False]
    net.save_parameters(str(tmp_path / "a.params"))
    with pytest.warns(UserWarning):
        net.save_params(str(tmp_path / "b.params"))
    for mine, theirs in (("a.params", "rnn_by_mxnet.params"),
                         ("b.params", "rnn_by_mxnet_legacy.params")):
        got = nd.load(str(tmp_path / mine))
        want = nd.load(os.path.join(rtr.FILES, theirs))
        assert list(got) == list(want)
        for k in want:
            np.testing.assert_allclose(got[k].asnumpy(), want[k].asnumpy(), rtol=1e-4,
                                       atol=1e-6, err_msg=k)


def test_save_load_roundtrip_same_bytes(tmp_path):
    net = rtr.build(mx)
    net.load_parameters(os.path.join(rtr.FILES, "rnn_by_mxnet.params"))
    out = str(tmp_path / "again.params")
    net.save_parameters(out)
    with open(out, "rb") as f, open(os.path.join(rtr.FILES, "rnn_by_mxnet.params"),
                                    "rb") as g:
        assert f.read() == g.read()


# ------------------------------------------------------------------ golden replays
@pytest.mark.parametrize("entry", LAYER_CASES)
def test_golden_cases_through_compiled_replay(entry):
    """The golden values when backward replays the whole graph as one compiled program."""
    spec = entry["spec"]
    prev = autograd.set_compile_policy(threshold=1, synchronous=True)
    try:
        mx.random.seed(0)
        got = grt.run_case(spec, mx)
    finally:
        autograd.set_compile_policy(**prev)
    for k, (g, w) in enumerate(zip(got["out"], entry["result"]["out"])):
        np.testing.assert_allclose(np.asarray(g["data"]), np.asarray(w["data"]),
                                   rtol=spec["rtol"], atol=spec["atol"],
                                   err_msg=f"output {k}")


# ------------------------------------------------------------------ behaviour
def _set(block, seed=0):
    rs = np.random.RandomState(seed)
    for p in sorted(block.collect_params().values(), key=lambda p: p.name):
        p.set_data(nd.array(rs.uniform(-0.6, 0.6, p.shape)))


@pytest.mark.parametrize("make", [
    lambda: rnn.RNN(3, num_layers=2, bidirectional=True, input_size=4),
    lambda: rnn.RNN(3, activation="tanh", input_size=4),
    lambda: rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=4),
    lambda: rnn.GRU(3, num_layers=3, input_size=4),
], ids=["rnn_relu", "rnn_tanh", "lstm", "gru"])
def test_fused_layer_equals_its_unfused_cells(make):
    layer = make()
    layer.initialize()
    _set(layer)
    x = nd.array(np.random.RandomState(1).uniform(-1, 1, (5, 2, 4)))
    out, states = layer(x, layer.begin_state(2))
    stack = layer._unfuse()
    outs, cell_states = stack.unroll(5, x, layout="TNC", merge_outputs=True)
    np.testing.assert_allclose(out.asnumpy(), outs.asnumpy(), rtol=1e-5, atol=1e-6)
    # The stack's states come per cell: h (and c) of l0, r0, l1...
    n = len(states)
    for k, s in enumerate(states):
        want = np.stack([c.asnumpy() for c in cell_states[k::n]])
        np.testing.assert_allclose(s.asnumpy(), want, rtol=1e-5, atol=1e-6)


def test_deferred_input_size_and_repr():
    layer = rnn.GRU(4, num_layers=2, bidirectional=True, layout="NTC")
    layer.initialize()
    assert repr(layer) == "GRU(None -> 4, NTC, num_layers=2, bidirectional)"
    layer(nd.ones((3, 7, 6)))
    assert layer.l0_i2h_weight.shape == (12, 6)
    assert layer.r1_i2h_weight.shape == (12, 8)
    assert repr(layer) == "GRU(6 -> 4, NTC, num_layers=2, bidirectional)"


def test_outputs_with_and_without_states():
    layer = rnn.LSTM(3, layout="NTC")
    layer.initialize()
    x = nd.ones((2, 5, 4))
    out = layer(x)
    assert isinstance(out, nd.NDArray) and out.shape == (2, 5, 3)
    out2, (h, c) = layer(x, layer.begin_state(2))
    assert h.shape == c.shape == (1, 2, 3)
    np.testing.assert_array_equal(out.asnumpy(), out2.asnumpy())
    layer.hybridize()
    out3 = layer(x)
    assert isinstance(out3, nd.NDArray)
    out4, states = layer(x, layer.begin_state(2, func=nd.ones))
    assert len(states) == 2 and not np.allclose(out4.asnumpy(), out3.asnumpy())
    np.testing.assert_allclose(layer(x).asnumpy(), out.asnumpy(), rtol=1e-6)


def test_gru_single_state_may_be_an_array():
    layer = rnn.GRU(3, input_size=2)
    layer.initialize()
    out, states = layer(nd.ones((4, 1, 2)), nd.zeros((1, 1, 3)))
    assert out.shape == (4, 1, 3) and len(states) == 1


def test_dropout_between_layers_in_training_only():
    layer = rnn.LSTM(8, num_layers=2, dropout=0.5, input_size=3)
    layer.initialize()
    _set(layer)
    x = nd.array(np.random.RandomState(2).uniform(-1, 1, (4, 5, 3)))
    predict = layer(x).asnumpy()
    with autograd.predict_mode():
        np.testing.assert_array_equal(layer(x).asnumpy(), predict)
    mx.random.seed(3)
    with autograd.record():
        a = layer(x)
    a.backward()
    mx.random.seed(3)
    with autograd.record():
        b = layer(x)
    assert not np.allclose(a.asnumpy(), predict)
    np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    single = rnn.LSTM(8, num_layers=1, dropout=0.5, input_size=3)
    single.initialize()
    _set(single)
    with autograd.record():
        np.testing.assert_array_equal(single(x).asnumpy(), single(x).asnumpy())


def test_lstm_state_clipping():
    kw = dict(input_size=2)
    x = nd.array(np.random.RandomState(4).uniform(-3, 3, (6, 2, 2)))
    free = rnn.LSTM(3, **kw)
    wide = rnn.LSTM(3, state_clip_min=-100, state_clip_max=100, **kw)
    tight = rnn.LSTM(3, state_clip_min=-0.1, state_clip_max=0.1, **kw)
    for b in (free, wide, tight):
        b.initialize()
        _set(b, 5)
    s = free.begin_state(2)
    np.testing.assert_array_equal(free(x, s)[0].asnumpy(), wide(x, s)[0].asnumpy())
    _, (h, c) = tight(x, s)
    assert np.abs(c.asnumpy()).max() <= 0.1 + 1e-7
    with pytest.raises(MXNetError):
        nd.RNN(x, nd.zeros((60,)), nd.zeros((1, 2, 3)), state_size=3, num_layers=1,
               mode="gru", lstm_state_clip_min=0, lstm_state_clip_max=1)


def test_float64_layer_and_cast():
    layer = rnn.GRU(2, input_size=3)
    layer.initialize()
    layer.cast("float64")
    x = nd.ones((2, 1, 3), dtype="float64")
    out, (h,) = layer(x, layer.begin_state(1))
    assert out.dtype == np.float64 and h.dtype == np.float64
    assert layer.begin_state(1)[0].dtype == np.float64


def test_projection_and_sequence_length_are_refused():
    with pytest.raises(MXNetError, match="projection"):
        rnn.LSTM(4, projection_size=2)
    with pytest.raises(MXNetError, match="projection"):
        nd.RNN(nd.ones((2, 1, 1)), nd.ones((40,)), nd.ones((1, 1, 2)), nd.ones((1, 1, 4)),
               state_size=4, num_layers=1, mode="lstm", projection_size=2)
    with pytest.raises(MXNetError, match="sequence_length"):
        nd.RNN(nd.ones((2, 1, 1)), nd.ones((40,)), nd.ones((1, 1, 2)), nd.ones((1, 1, 4)),
               state_size=4, num_layers=1, mode="lstm", use_sequence_length=True)


def test_legacy_op_errors():
    x, h = nd.ones((2, 1, 2)), nd.zeros((1, 1, 3))
    with pytest.raises(MXNetError, match="mode"):
        nd.RNN(x, nd.ones((21,)), h, state_size=3, num_layers=1, mode="lstmx")
    with pytest.raises(MXNetError, match="state_cell"):
        nd.RNN(x, nd.ones((84,)), h, state_size=3, num_layers=1, mode="lstm")
    with pytest.raises(MXNetError, match="dropout"):
        nd.RNN(x, nd.ones((21,)), h, state_size=3, num_layers=1, mode="rnn_tanh", p=1.0)


def test_cell_hybridized_equals_imperative_over_unroll():
    x = nd.array(np.random.RandomState(6).uniform(-1, 1, (2, 4, 3)))
    outs = []
    for hybridize in (False, True):
        cell = rnn.LSTMCell(5, input_size=3, prefix="c_")
        cell.initialize()
        _set(cell, 7)
        if hybridize:
            cell.hybridize()
        out, states = cell.unroll(4, x, merge_outputs=True)
        outs.append([out.asnumpy()] + [s.asnumpy() for s in states])
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_cell_counters_and_reset():
    cell = rnn.GRUCell(2, input_size=2)
    cell.initialize()
    states = cell.begin_state(batch_size=1)
    for _ in range(3):
        _, states = cell(nd.ones((1, 2)), states)
    assert cell._counter == 2
    cell.reset()
    assert cell._counter == -1 and cell._init_counter == -1


def test_zoneout_keeps_previous_values_in_training():
    base = rnn.RNNCell(6, input_size=3, prefix="z_")
    cell = rnn.ZoneoutCell(base, zoneout_outputs=0.5, zoneout_states=0.5)
    cell.initialize()
    _set(cell, 8)
    x = nd.array(np.random.RandomState(9).uniform(-1, 1, (4, 3)))
    states = cell.begin_state(batch_size=4)
    with autograd.record():
        out, new_states = cell(x, states)
    free, _ = base(x, states)
    o, f = out.asnumpy(), free.asnumpy()
    kept = np.isclose(o, f)
    assert np.all(kept | (o == 0)) and kept.any() and (~kept).any()
    out2, _ = cell(x, states)     # prediction mode: no zoneout
    np.testing.assert_allclose(out2.asnumpy(), f, rtol=1e-6)
