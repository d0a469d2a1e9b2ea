"""Golden cases: ``gluon.rnn`` (fused RNN/LSTM/GRU layers and the recurrent cells) and
the legacy ``nd.RNN`` op, with weights set from fixed numpy streams.

Each layer case runs one forward inside ``autograd.record()`` and a backward with fixed
head gradients (``fwd_bwd`` below; an array returned twice, like a cell's output that
is also its new state, is one head), and returns the outputs, the final states, the
gradients of the inputs (and given states) and of every parameter (sorted by name).
Cases ending in ``_hybrid`` run the same after ``hybridize()``. Names, shapes, reprs,
saved keys and MXNet's errors for bad inputs are recorded too."""
from _common import arr, case

HELPERS = """
rnn = mx.gluon.rnn
def set_params(block):
    ps = sorted(block.collect_params().values(), key=lambda p: p.name)
    for i, p in enumerate(ps):
        rs = onp.random.RandomState(i + 11)
        p.set_data(nd.array(rs.uniform(-0.7, 0.7, p.shape).astype(p.dtype)))
def head(a, k):
    n = int(onp.prod(a.shape))
    v = (onp.arange(n) % 7 + 1 + k) / 8.0
    return nd.array(v.reshape(a.shape).astype(a.dtype), dtype=a.dtype)
def flat(res):
    out = []
    for r in (res if isinstance(res, (list, tuple)) else [res]):
        out.extend(flat(r) if isinstance(r, (list, tuple)) else [r])
    return out
def fwd_bwd(block, fn, inputs):
    for a in inputs:
        a.attach_grad()
    with autograd.record():
        outs = flat(fn())
    heads = [o for k, o in enumerate(outs) if all(o is not u for u in outs[:k])]
    autograd.backward(heads, [head(o, k) for k, o in enumerate(heads)])
    ps = sorted(block.collect_params().values(), key=lambda p: p.name)
    return outs + [a.grad for a in inputs] + [p.grad() for p in ps]
"""

TOL = dict(rtol=1e-5, atol=1e-5)


def _build(ctor, warmup, hybridize):
    return (HELPERS + "block = %s\nblock.initialize()\n%s\nset_params(block)\n%s"
            % (ctor, warmup, "block.hybridize()\n" if hybridize else ""))


def layer(id, ctor, states=(), layout="TNC", T=4, N=3, C=5, **kw):
    """A fused layer case (imperative and hybridized), with or without given states."""
    shape = (T, N, C) if layout == "TNC" else (N, T, C)
    inputs = {"x": arr(shape, lo=-1, hi=1, seed=3)}
    for k, (name, sshape) in enumerate(states):
        inputs[name] = arr(sshape, lo=-1, hi=1, seed=20 + k)
    names = ", ".join(n for n, _ in states)
    call = "block(x)" if not states else (
        "block(x, %s)" % (names if len(states) == 1 else "[%s]" % names))
    code = "fwd_bwd(block, lambda: %s, [x%s])" % (call, "".join(", " + n for n, _ in states))
    return [case(id + sfx, code, setup=_build(ctor, "block(x)", h), **TOL, **inputs, **kw)
            for sfx, h in (("", False), ("_hybrid", True))]


def cell(id, ctor, code, warmup, x, **inputs):
    """A cell case (imperative and hybridized): ``code`` uses ``block`` and ``x``."""
    return [case(id + sfx, "fwd_bwd(block, lambda: %s, [x])" % code,
                 setup=_build(ctor, warmup, h), x=x, **TOL, **inputs)
            for sfx, h in (("", False), ("_hybrid", True))]


def info(id, code, setup=""):
    """A case whose result is Python values (names, shapes, reprs)."""
    return case(id, code, setup=HELPERS + setup)


def error(id, setup, code, **inputs):
    return case(id, code, setup=HELPERS + setup, error=True, **inputs)


def _h(n, N=3, H=4):
    return (n, N, H)


LAYER_CASES = (
    layer("rnn_relu", "rnn.RNN(4)")
    + layer("rnn_tanh", "rnn.RNN(4, activation='tanh')")
    + layer("rnn_relu_2l_states", "rnn.RNN(4, num_layers=2)", states=[("h0", _h(2))])
    + layer("rnn_tanh_bi_ntc", "rnn.RNN(4, activation='tanh', bidirectional=True, "
            "layout='NTC')", states=[("h0", _h(2))], layout="NTC")
    + layer("lstm", "rnn.LSTM(4)")
    + layer("lstm_states", "rnn.LSTM(4, input_size=5)", states=[("h0", _h(1)),
                                                                 ("c0", _h(1))])
    + layer("lstm_2l", "rnn.LSTM(4, num_layers=2)")
    + layer("lstm_bi", "rnn.LSTM(4, bidirectional=True)")
    + layer("lstm_2l_bi_states_ntc", "rnn.LSTM(4, num_layers=2, bidirectional=True, "
            "layout='NTC')", states=[("h0", _h(4)), ("c0", _h(4))], layout="NTC")
    + layer("lstm_ntc", "rnn.LSTM(3, layout='NTC')", T=5, N=2, C=3)
    + layer("gru", "rnn.GRU(4)")
    + layer("gru_states", "rnn.GRU(4)", states=[("h0", _h(1))])
    + layer("gru_2l_bi", "rnn.GRU(4, num_layers=2, bidirectional=True)")
    + layer("gru_2l_states_ntc", "rnn.GRU(4, num_layers=2, layout='NTC')",
            states=[("h0", _h(2))], layout="NTC")
    + layer("gru_3l_bi_t1", "rnn.GRU(2, num_layers=3, bidirectional=True)", T=1, N=2, C=3)
)

X_NTC = arr((2, 3, 5), lo=-1, hi=1, seed=4)
X_STEP = arr((2, 5), lo=-1, hi=1, seed=5)

CELL_CASES = (
    cell("rnncell_step", "rnn.RNNCell(4)", "block(x, [h0])", "block(x, [h0])", X_STEP,
         h0=arr((2, 4), lo=-1, hi=1, seed=6))
    + cell("rnncell_relu_unroll_merge", "rnn.RNNCell(4, activation='relu')",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
    + cell("lstmcell_step", "rnn.LSTMCell(4)", "block(x, [h0, c0])", "block(x, [h0, c0])",
           X_STEP, h0=arr((2, 4), lo=-1, hi=1, seed=6), c0=arr((2, 4), lo=-1, hi=1, seed=7))
    + cell("lstmcell_unroll_merge", "rnn.LSTMCell(4)",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
    + cell("lstmcell_unroll_list_tnc", "rnn.LSTMCell(4)",
           "block.unroll(2, x, layout='TNC', merge_outputs=False)",
           "block.unroll(2, x, layout='TNC')", arr((2, 3, 5), lo=-1, hi=1, seed=8))
    + cell("grucell_unroll_merge", "rnn.GRUCell(4)",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
    + cell("grucell_unroll_list", "rnn.GRUCell(4)", "block.unroll(3, x)",
           "block.unroll(3, x)", X_NTC)
    + cell("grucell_valid_length", "rnn.GRUCell(4)",
           "block.unroll(3, x, merge_outputs=True, valid_length=vl)", "block.unroll(3, x)",
           X_NTC, vl=arr((2,), lo=2, hi=3, integer=True, dtype="float32", seed=1))
    # (A hybridized DropoutCell stepped between two cells is an identity CachedOp,
    # through which MXNet 1.9.1 loses gradient; here it comes last and is not stepped.)
    + cell("sequential_cells", "rnn.SequentialRNNCell()\n"
           "with block.name_scope():\n    block.add(rnn.LSTMCell(4))\n"
           "    block.add(rnn.GRUCell(3))\n    block.add(rnn.DropoutCell(0.0))",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
    + cell("hybrid_sequential_step", "rnn.HybridSequentialRNNCell()\n"
           "with block.name_scope():\n    block.add(rnn.RNNCell(4))\n"
           "    block.add(rnn.LSTMCell(3))",
           "block(x, block.begin_state(batch_size=2))",
           "block(x, block.begin_state(batch_size=2))", X_STEP)
    + cell("residual_cell", "rnn.ResidualCell(rnn.GRUCell(5))",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
    + cell("residual_cell_list", "rnn.ResidualCell(rnn.RNNCell(5))",
           "block.unroll(3, x, merge_outputs=False)", "block.unroll(3, x)", X_NTC)
    + cell("bidirectional_cell", "rnn.BidirectionalCell(rnn.LSTMCell(4, prefix='l_'), "
           "rnn.GRUCell(3, prefix='r_'))", "block.unroll(3, x, merge_outputs=True)",
           "block.unroll(3, x)", X_NTC)
    + cell("bidirectional_cell_list", "rnn.BidirectionalCell(rnn.RNNCell(4, prefix='l_'), "
           "rnn.RNNCell(4, prefix='r_'))", "block.unroll(3, x, merge_outputs=False)",
           "block.unroll(3, x)", X_NTC)
    + cell("zoneout_cell_predict", "rnn.ZoneoutCell(rnn.LSTMCell(4), 0.0, 0.0)",
           "block.unroll(3, x, merge_outputs=True)", "block.unroll(3, x)", X_NTC)
)

# The flat parameter vector of nd.RNN: LSTM, input 3, hidden 2, one layer, bidirectional:
# 2 * 4*2*(3 + 2 + 2) = 112 values.
LEGACY = (
    case("nd_rnn_lstm_bi", "nd.RNN(x, w, h0, c0, state_size=2, num_layers=1, "
         "bidirectional=True, mode='lstm', state_outputs=True)", grad=["x", "w", "h0", "c0"],
         x=arr((3, 2, 3), lo=-1, hi=1, seed=1), w=arr((112,), lo=-0.5, hi=0.5, seed=2),
         h0=arr((2, 2, 2), lo=-1, hi=1, seed=3), c0=arr((2, 2, 2), lo=-1, hi=1, seed=4),
         **TOL),
    case("nd_rnn_gru_2l", "nd.RNN(x, w, h0, state_size=2, num_layers=2, mode='gru')",
         grad=["x", "w", "h0"], x=arr((4, 1, 3), lo=-1, hi=1, seed=1),
         w=arr((3 * 2 * (3 + 2 + 2) + 3 * 2 * (2 + 2 + 2),), lo=-0.5, hi=0.5, seed=5),
         h0=arr((2, 1, 2), lo=-1, hi=1, seed=6), **TOL),
    case("nd_rnn_tanh_states", "nd.RNN(data=x, parameters=w, state=h0, state_size=3, "
         "num_layers=1, mode='rnn_tanh', state_outputs=True)", grad=["x", "w", "h0"],
         x=arr((2, 2, 2), lo=-1, hi=1, seed=1), w=arr((3 * (2 + 3 + 2),), lo=-0.5, hi=0.5,
                                                       seed=7),
         h0=arr((1, 2, 3), lo=-1, hi=1, seed=8), **TOL),
    case("nd_rnn_relu", "nd.RNN(x, w, h0, state_size=3, num_layers=1, mode='rnn_relu')",
         grad=["x", "w"], x=arr((2, 2, 2), lo=-1, hi=1, seed=1),
         w=arr((3 * (2 + 3 + 2),), lo=-0.5, hi=0.5, seed=9),
         h0=arr((1, 2, 3), lo=-1, hi=1, seed=8), **TOL),
    error("nd_rnn_bad_param_size", "", "nd.RNN(x, w, h0, state_size=3, num_layers=1, "
          "mode='rnn_relu')", x=arr((2, 2, 2)), w=arr((20,)), h0=arr((1, 2, 3))),
    error("nd_rnn_bad_state", "", "nd.RNN(x, w, h0, state_size=3, num_layers=1, "
          "mode='rnn_tanh')", x=arr((2, 2, 2)), w=arr((21,)), h0=arr((1, 3, 3))),
    error("nd_rnn_2d_data", "", "nd.RNN(x, w, h0, state_size=3, num_layers=1, "
          "mode='rnn_tanh')", x=arr((2, 2)), w=arr((21,)), h0=arr((1, 2, 3))),
)

NAMES = """
net = mx.gluon.nn.HybridSequential(prefix='net_')
with net.name_scope():
    net.add(rnn.LSTM(3, num_layers=2, bidirectional=True))
    net.add(rnn.GRU(2, input_size=6))
    net.add(rnn.RNN(2, activation='tanh', layout='NTC', dropout=0.5, num_layers=2))
"""
CELLS = """
net = mx.gluon.nn.HybridSequential(prefix='net_')
with net.name_scope():
    seq = rnn.HybridSequentialRNNCell()
    with seq.name_scope():
        seq.add(rnn.LSTMCell(3))
        seq.add(rnn.DropoutCell(0.25))
        seq.add(rnn.ResidualCell(rnn.GRUCell(3, input_size=3)))
    net.add(seq)
    net.add(rnn.BidirectionalCell(rnn.RNNCell(2, prefix='left_'), rnn.RNNCell(2,
            prefix='right_')))
    net.add(rnn.ZoneoutCell(rnn.LSTMCell(2), zoneout_outputs=0.5))
"""
SAVE = """
import os, tempfile
net = mx.gluon.nn.HybridSequential(prefix='net_')
with net.name_scope():
    net.add(rnn.LSTM(3, num_layers=2, input_size=2))
    net.add(rnn.GRU(2, bidirectional=True, input_size=3))
net.initialize()
fname = os.path.join(tempfile.mkdtemp(), 'rnn.params')
net.save_parameters(fname)
"""
INFO = (
    info("layer_param_names", "[p.name for p in net.collect_params().values()]", NAMES),
    info("layer_param_shapes", "[str(p.shape) for p in net.collect_params().values()]",
         NAMES),
    info("layer_reprs", "[repr(b) for b in net]", NAMES),
    info("layer_repr_net", "repr(net)", NAMES),
    info("layer_state_info", "[str(b.state_info(7)) for b in net]", NAMES),
    info("layer_begin_state", "[str([(s.shape, s.dtype) for s in b.begin_state(5)]) "
         "for b in net]", NAMES),
    info("cell_param_names", "[p.name for p in net.collect_params().values()]", CELLS),
    info("cell_param_shapes", "[str(p.shape) for p in net.collect_params().values()]",
         CELLS),
    info("cell_reprs", "[repr(b) for b in net]", CELLS),
    info("cell_state_info", "[str(b.state_info(4)) for b in net]", CELLS),
    info("cell_begin_state", "[str([s.shape for s in b.begin_state(batch_size=4, func=nd.zeros)]) "
         "for b in net]", CELLS),
    info("saved_keys", "sorted(nd.load(fname).keys())", SAVE),
    info("cell_begin_state_names", "[str(c.begin_state(2, func=lambda **kw: "
         "kw.get('name'))) for c in (rnn.LSTMCell(2, prefix='c_'), rnn.GRUCell(2, "
         "prefix='g_'))]"),
    info("layer_begin_state_func", "[str(s) for s in rnn.LSTM(2, prefix='q_').begin_state("
         "3, func=lambda **kw: sorted(kw.items()))]"),
)

LSTM3 = "block = rnn.LSTM(4)\nblock.initialize()\n"
ERRORS = (
    error("layer_bad_state_shape", LSTM3, "block(x, [nd.zeros((1, 2, 4)), nd.zeros((1, 3, "
          "4))])", x=arr((2, 3, 5))),
    error("layer_bad_state_count", "block = rnn.GRU(4, num_layers=2)\nblock.initialize()\n",
          "block(x, nd.zeros((1, 3, 4)))", x=arr((2, 3, 5))),
    error("layer_bad_layout", "", "rnn.LSTM(4, layout='NCT')"),
    error("layer_bad_input_width", "block = rnn.LSTM(4, input_size=3)\nblock.initialize()\n",
          "block(x)", x=arr((2, 3, 5))),
    error("bidirectional_step", "block = rnn.BidirectionalCell(rnn.RNNCell(2), "
          "rnn.RNNCell(2))\nblock.initialize()\n", "block(x, block.begin_state(batch_size=3))",
          x=arr((3, 5))),
    error("zoneout_bidirectional", "", "rnn.ZoneoutCell(rnn.BidirectionalCell("
          "rnn.RNNCell(2), rnn.RNNCell(2)))"),
    error("modified_cell_begin_state", "base = rnn.LSTMCell(2)\nz = rnn.ZoneoutCell(base)\n",
          "base.begin_state(batch_size=2)"),
    error("cell_unroll_length_mismatch", "block = rnn.GRUCell(2)\nblock.initialize()\n",
          "block.unroll(4, x)", x=arr((2, 3, 5))),
)

CASES = LAYER_CASES + CELL_CASES + list(LEGACY) + list(INFO) + list(ERRORS)
