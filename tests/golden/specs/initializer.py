"""Golden cases: mx.init dispatch by name, deterministic initializers, dumps, errors.

Random initializers are checked statistically in tests/test_initializer.py (MXNet's
and mxcompat's random streams differ); here every result is deterministic.
"""
from _common import case


def init_case(cid, init, name, shape, desc=True, attrs=None, start="ones", error=False,
              dtype="float32"):
    """``init`` applied to an array of ``shape`` filled with ``start`` (so that an
    untouched array shows), called with an InitDesc (``desc``) or a plain name."""
    fill = "nd.ones" if start == "ones" else "nd.zeros"
    if desc:
        nm = "mx.init.InitDesc(%r%s)" % (name, ", %s" % attrs if attrs else "")
    else:
        nm = repr(name)
    setup = "a = %s(%r, dtype=%r) * 7\n%s(%s, a)" % (fill, shape, dtype, init, nm)
    return case(cid, "a", setup=setup, error=error)


U = "mx.init.Uniform(0.5)"
CASES = [
    # ---- InitDesc dispatch (what gluon uses)
    init_case("desc_weight_zero", "mx.init.Zero()", "fc_weight", (2, 3)),
    init_case("desc_bias", U, "fc_bias", (4,)),
    init_case("desc_gamma", U, "bn_gamma", (4,), start="zeros"),
    init_case("desc_beta", U, "bn_beta", (4,)),
    init_case("desc_min", U, "q_min", (2,)),
    init_case("desc_max", U, "q_max", (2,), start="zeros"),
    init_case("desc_plain_suffix", "mx.init.One()", "fcweight", (2,), start="zeros"),
    init_case("desc_moving_mean", U, "bn_moving_mean", (3,), error=True),
    init_case("desc_moving_var", U, "bn_moving_var", (3,), error=True),
    init_case("desc_unknown", U, "foo", (3,), error=True),
    init_case("desc_attr_ones", U, "fc_bias", (3,), attrs="{'__init__': 'ones'}"),
    init_case("desc_attr_json", U, "bn_moving_var", (3,),
              attrs="{'__init__': '[\"constant\", {\"value\": 3.5}]'}"),
    init_case("desc_attr_instance", U, "fc_weight", (2, 2),
              attrs="{'__init__': mx.init.Constant(-2)}"),
    init_case("desc_attr_lstmbias", U, "lstm_i2h_bias", (8,),
              attrs="{'__init__': mx.init.LSTMBias(2.0)}"),
    init_case("desc_lstmbias_as_bias", "mx.init.LSTMBias(2.0)", "lstm_i2h_bias", (8,)),
    init_case("desc_lstmbias_weight", "mx.init.LSTMBias(2.0)", "lstm_weight", (8,)),
    # ---- legacy string names
    init_case("str_weight_const", "mx.init.Constant(1.25)", "fc_weight", (2, 3), desc=False),
    init_case("str_bias", U, "fc_bias", (3,), desc=False),
    init_case("str_gamma", U, "bn_gamma", (3,), desc=False, start="zeros"),
    init_case("str_moving_mean", U, "bn_moving_mean", (3,), desc=False),
    init_case("str_moving_var", U, "bn_moving_var", (3,), desc=False, start="zeros"),
    init_case("str_moving_inv_var", U, "bn_moving_inv_var", (3,), desc=False),
    init_case("str_moving_avg", U, "bn_moving_avg", (3,), desc=False),
    init_case("str_min_max", U, "q_max", (3,), desc=False, start="zeros"),
    init_case("str_upsampling", U, "upsampling0_weight", (1, 1, 4, 4), desc=False),
    init_case("str_upsampling_odd", U, "upsampling_w", (2, 1, 3, 5), desc=False),
    init_case("str_stn_loc_weight", U, "stn_loc_weight", (6, 4), desc=False),
    init_case("str_stn_loc_bias", U, "stn_loc_bias", (6,), desc=False),
    init_case("str_unknown", U, "foo", (3,), desc=False, error=True),
    # ---- deterministic initializers
    init_case("constant_scalar", "mx.init.Constant(0.3)", "w_weight", (2, 3)),
    init_case("constant_array", "mx.init.Constant(nd.array([1, 2, 3]))", "w_weight", (2, 3)),
    init_case("constant_fp16", "mx.init.Constant(0.1)", "w_weight", (3,), dtype="float16"),
    init_case("constant_int", "mx.init.Constant(2.7)", "w_weight", (3,), dtype="int32"),
    init_case("one", "mx.init.One()", "w_weight", (2, 2), start="zeros"),
    init_case("create_zeros", "mx.init.create('zeros')", "w_weight", (2, 2)),
    init_case("create_ones", "mx.init.create('Ones')", "w_weight", (2, 2), start="zeros"),
    init_case("create_json", "mx.init.create('[\"constant\", {\"value\": 4}]')", "w_weight",
              (2,)),
    init_case("bilinear", "mx.init.Bilinear()", "up_weight", (2, 2, 4, 4)),
    init_case("bilinear_odd", "mx.init.Bilinear()", "up_weight", (1, 3, 5, 3)),
    init_case("lstmbias_via_attr", U, "h2h_bias", (12,),
              attrs="{'__init__': mx.init.LSTMBias(forget_bias=0.5)}"),
    init_case("xavier_vector", "mx.init.Xavier()", "fc_weight", (5,), error=True),
    init_case("xavier_bad_factor", "mx.init.Xavier(factor_type='bad')", "fc_weight", (2, 2),
              error=True),
    init_case("xavier_bad_rnd", "mx.init.Xavier(rnd_type='bad')", "fc_weight", (2, 2),
              error=True),
    case("create_unknown", "mx.init.create('nonexistent_init')", error=True),
    # ---- dumps / equality / Mixed / Load
    case("dumps_normal", "mx.init.Normal(0.5).dumps()"),
    case("dumps_xavier", "mx.init.Xavier(factor_type='in', magnitude=2.34).dumps()"),
    case("dumps_msra", "mx.init.MSRAPrelu(slope=0.1).dumps()"),
    case("dumps_constant_nd", "mx.init.Constant(nd.array([1, 2])).dumps()"),
    case("dumps_orthogonal", "mx.init.Orthogonal().dumps()"),
    case("dumps_lstmbias", "mx.init.LSTMBias().dumps()"),
    case("eq_same", "[mx.init.Uniform(0.1) == mx.init.Uniform(0.1), "
                    "mx.init.Uniform(0.1) == mx.init.Uniform(0.2), "
                    "mx.init.Uniform(0.1) == mx.init.Normal(0.1)]"),
    case("mixed", "[a, b, c, d]", setup="""
init = mx.init.Mixed(['fc_.*', '.*'], [mx.init.Constant(3), mx.init.Constant(5)])
a = nd.ones((2,)); b = nd.ones((2,)); c = nd.ones((2, 2)); d = nd.ones((2, 2))
init('fc_bias', a)
init('conv_gamma', b)
init('fc_weight', c)
init('conv_weight', d)
"""),
    case("mixed_match_anchored", "a", setup="""
init = mx.init.Mixed(['weight', '.*'], [mx.init.Constant(3), mx.init.Constant(5)])
a = nd.ones((2,))
init('fc_weight', a)
"""),
    case("mixed_nomatch", "init('weight', nd.ones((2,)))",
         setup="init = mx.init.Mixed(['bias'], [mx.init.Zero()])", error=True),
    case("load", "[a, b]", setup="""
init = mx.init.Load({'arg:fc_weight': nd.array([[1, 2], [3, 4]]), 'fc_bias': nd.array([9, 8])},
                    default_init=mx.init.Constant(6))
a = nd.zeros((2, 2)); b = nd.zeros((2,)); c = nd.zeros((3,))
init('fc_weight', a)
init('fc_bias', b)
init('other_weight', c)
"""),
    case("load_default", "c", setup="""
init = mx.init.Load({'fc_weight': nd.array([1, 2])}, default_init=mx.init.Constant(6))
c = nd.zeros((3,))
init('other_weight', c)
"""),
    case("load_shape_mismatch", "init('fc_weight', nd.zeros((3,)))",
         setup="init = mx.init.Load({'fc_weight': nd.array([1, 2])})", error=True),
    case("load_missing", "init('w', nd.zeros((3,)))",
         setup="init = mx.init.Load({'fc_weight': nd.array([1, 2])})", error=True),
]
