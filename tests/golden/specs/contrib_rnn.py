"""Golden cases: gluon.contrib.rnn.LSTMPCell (an LSTM cell whose hidden state is
projected to ``projection_size``): one step and unroll, imperative and hybridized,
with weights set from fixed numpy streams; outputs, gradients, repr and names. And
VariationalDropoutCell where it is deterministic: rates of 0 (values and gradients) and
prediction mode (values), around an LSTMCell; its repr and its error."""
from _common import arr, case

SETUP = ("cell = mx.gluon.contrib.rnn.LSTMPCell(%s)\n"
         "cell.initialize()\n"
         "%s"
         "cell(x0, cell.begin_state(batch_size=x0.shape[0]))\n"
         "for i, p in enumerate(sorted(cell.collect_params().values(), key=lambda p: p.name)):\n"
         "    rs = onp.random.RandomState(i + 3)\n"
         "    p.set_data(nd.array(rs.uniform(-0.6, 0.6, p.shape).astype(p.dtype)))\n")

STEP = "(lambda o: [o[0]] + list(o[1]))(cell(x0, [h, c]))"
UNROLL = "(lambda o: [o[0]] + list(o[1]))(cell.unroll(3, xs, [h, c], layout='NTC', merge_outputs=True))"
TOL = dict(rtol=1e-5, atol=2e-6)


def cases(id, args, batch=2, inputs=4, hidden=3, proj=2):
    x0 = arr((batch, inputs), seed=1)
    xs = arr((batch, 3, inputs), seed=2)
    h = arr((batch, proj), seed=3, lo=-1, hi=1)
    c = arr((batch, hidden), seed=4, lo=-1, hi=1)
    out = []
    for sfx, hyb in (("", ""), ("_hybrid", "cell.hybridize()\n")):
        setup = SETUP % (args, hyb)
        out.append(case(id + "_step" + sfx, STEP, grad=["x0", "h", "c"], setup=setup,
                        x0=x0, h=h, c=c, **TOL))
        out.append(case(id + "_unroll" + sfx, UNROLL, grad=["xs", "h", "c"], setup=setup,
                        x0=x0, xs=xs, h=h, c=c, **TOL))
    return out


CASES = (
    cases("lstmp", "3, 2")
    + cases("lstmp_sized", "5, 3, input_size=4, i2h_bias_initializer='ones'", hidden=5,
            proj=3)
    + [case("lstmp_repr", "[repr(cell)] + sorted(cell.collect_params().keys()) + "
            "[str(s['shape']) for s in cell.state_info(7)]",
            setup=("cell = mx.gluon.contrib.rnn.LSTMPCell(6, 4, prefix='p_')\n"
                   "r0 = repr(cell)\ncell.initialize()\ncell(x0, cell.begin_state(2))\n"),
            x0=arr((2, 5))),
       case("lstmp_repr_deferred", "repr(mx.gluon.contrib.rnn.LSTMPCell(6, 4))",
            x0=arr((1,)))]
)

VSETUP = ("base = mx.gluon.rnn.LSTMCell(3, input_size=4)\n"
          "cell = mx.gluon.contrib.rnn.VariationalDropoutCell(base, %s)\n"
          "cell.initialize()\n"
          "for i, p in enumerate(sorted(cell.collect_params().values(), key=lambda p: p.name)):\n"
          "    rs = onp.random.RandomState(i + 11)\n"
          "    p.set_data(nd.array(rs.uniform(-0.6, 0.6, p.shape).astype(p.dtype)))\n")
VSTEPS = ("(lambda o1: (lambda o2: [o1[0], o2[0]] + list(o2[1]))(cell(x0 * 2, o1[1])))"
          "(cell(x0, [h, c]))")
VUNROLL = ("(lambda o: [o[0]] + list(o[1]))(cell.unroll(3, xs, [h, c], layout='NTC', "
           "merge_outputs=True))")


def vcases(id, args, grad):
    x0, xs = arr((2, 4), seed=1), arr((2, 3, 4), seed=2)
    h, c = arr((2, 3), seed=3, lo=-1, hi=1), arr((2, 3), seed=4, lo=-1, hi=1)
    return [case(id + "_steps", VSTEPS, grad=["x0", "h", "c"] if grad else [],
                 setup=VSETUP % args, x0=x0, h=h, c=c, **TOL),
            case(id + "_unroll", VUNROLL, grad=["xs", "h", "c"] if grad else [],
                 setup=VSETUP % args, xs=xs, h=h, c=c, **TOL)]


CASES = CASES + (
    vcases("vardrop_zero", "", True)
    + vcases("vardrop_predict", "drop_inputs=0.5, drop_outputs=0.4", False)
    + vcases("vardrop_predict_states", "drop_inputs=0.5, drop_states=0.3", False)
    + [case("vardrop_repr", "repr(cell)", setup=VSETUP % "drop_states=0.25, drop_outputs=0.5",
            x0=arr((1,))),
       case("vardrop_bidirectional_states",
            "mx.gluon.contrib.rnn.VariationalDropoutCell(mx.gluon.rnn.BidirectionalCell("
            "mx.gluon.rnn.LSTMCell(2), mx.gluon.rnn.LSTMCell(2)), drop_states=0.5)",
            error=True, x0=arr((1,)))]
)
