"""Golden cases: gluon.contrib.rnn's convolutional RNN, LSTM and GRU cells (1-, 2- and
3-D), one step and unroll, imperative and hybridized, with weights set from fixed numpy
streams: outputs and the gradients of the inputs and states; reprs and state_info."""
from _common import arr, case

SETUP = ("cell = mx.gluon.contrib.rnn.%s\n"
         "cell.initialize()\n"
         "%s"
         "for i, p in enumerate(sorted(cell.collect_params().values(), key=lambda p: p.name)):\n"
         "    rs = onp.random.RandomState(i + 21)\n"
         "    p.set_data(nd.array(rs.uniform(-0.4, 0.4, p.shape).astype(p.dtype)))\n"
         "states = [nd.array(onp.random.RandomState(30 + k).uniform(-1, 1, s['shape'])) "
         "for k, s in enumerate(cell.state_info(2))]\n")
STEP = "(lambda o: [o[0]] + list(o[1]))(cell(x, states))"
UNROLL = ("(lambda o: [o[0]] + list(o[1]))(cell.unroll(2, xs, states, layout='NTC', "
          "merge_outputs=True))")
TOL = dict(rtol=2e-5, atol=2e-5)


def cells(id, ctor, step_shape, unroll=True):
    x = arr((2,) + step_shape, seed=1)
    xs = arr((2, 2) + step_shape, seed=2)
    out = []
    for sfx, hyb in (("", ""), ("_hybrid", "cell.hybridize()\n")):
        setup = SETUP % (ctor, hyb)
        out.append(case(id + "_step" + sfx, STEP, grad=["x"], setup=setup, x=x, **TOL))
        if unroll:
            out.append(case(id + "_unroll" + sfx, UNROLL, grad=["xs"], setup=setup, xs=xs,
                            **TOL))
    return out


def info(id, ctor):
    return case(id, "[repr(cell)] + sorted(cell.collect_params().keys()) + "
                "[str(s) for s in cell.state_info(3)]",
                setup=("cell = mx.gluon.contrib.rnn.%s\n" % ctor), x=arr((1,)))


CASES = (
    cells("rnn1d", "Conv1DRNNCell((3, 7), 2, 3, 3)", (3, 7))
    + cells("rnn1d_relu_pad", "Conv1DRNNCell((2, 6), 3, 3, 5, i2h_pad=1, h2h_dilate=2, "
            "activation='relu')", (2, 6))
    + cells("rnn2d", "Conv2DRNNCell((2, 4, 5), 2, (3, 1), 3, i2h_pad=(1, 0))", (2, 4, 5))
    + cells("lstm1d", "Conv1DLSTMCell((3, 6), 2, 3, 3)", (3, 6))
    + cells("lstm2d", "Conv2DLSTMCell((2, 5, 4), 3, 3, (3, 1), i2h_pad=1, "
            "i2h_bias_initializer='ones')", (2, 5, 4))
    + cells("lstm3d", "Conv3DLSTMCell((2, 3, 4, 3), 2, 2, 3)", (2, 3, 4, 3), unroll=False)
    + cells("gru1d", "Conv1DGRUCell((2, 6), 3, 3, 3, i2h_dilate=2)", (2, 6))
    + cells("gru2d", "Conv2DGRUCell((3, 4, 4), 2, 3, 3, i2h_pad=1, activation='relu')",
            (3, 4, 4))
    + cells("rnn3d", "Conv3DRNNCell((1, 3, 3, 3), 2, 3, 3, i2h_pad=1)", (1, 3, 3, 3),
            unroll=False)
    + cells("gru3d", "Conv3DGRUCell((2, 2, 3, 3), 2, (1, 2, 2), 1)", (2, 2, 3, 3),
            unroll=False)
    + cells("lstm2d_nhwc", "Conv2DLSTMCell((4, 5, 2), 2, 3, 3, conv_layout='NHWC')",
            (4, 5, 2), unroll=False)
    + [info("rnn1d_info", "Conv1DRNNCell((3, 7), 2, 3, 3, prefix='c_')"),
       info("lstm2d_info", "Conv2DLSTMCell((2, 5, 4), 3, 3, 5, i2h_pad=1, prefix='c_')"),
       info("gru3d_info", "Conv3DGRUCell((2, 2, 3, 3), 2, 1, 1, prefix='c_')"),
       info("lstm2d_nhwc_info", "Conv2DLSTMCell((4, 5, 2), 2, 3, 3, conv_layout='NHWC', "
            "prefix='c_')"),
       case("even_h2h_kernel", "mx.gluon.contrib.rnn.Conv2DRNNCell((2, 4, 4), 2, 3, 2)",
            error=True, x=arr((1,))),
       case("bad_kernel_length", "mx.gluon.contrib.rnn.Conv2DRNNCell((2, 4, 4), 2, (3, 3, 3), 3)",
            error=True, x=arr((1,)))]
)
