"""Golden cases: element-wise ops of ``mx.nd`` (unary math, binary with broadcasting,
scalar and reversed-scalar forms, comparisons, logical ops, in-place operators).

Inputs sit inside and at the edges of each op's domain; every float case records the
gradient too. Integer and bool inputs record MXNet's dtype rules (integer math is done
in double and truncated back; bool is refused by the math ops).
"""
from _common import arr, case, val

CASES = []

# ------------------------------------------------------------------ unary math
# Input values per domain (float); the float16 variant drops what float16 cannot hold.
REAL = [-10.0, -3.5, -2.5, -1.0, -0.5, 0.0, 0.3, 0.5, 1.0, 1.5, 2.5, 7.0]
BIG = [-1e4, -100.0, -20.0, 20.0, 100.0, 1e4]
POS = [-1.0, 0.0, 1e-3, 0.25, 0.5, 1.0, 2.0, 9.0, 100.0]
UNIT = [-1.5, -1.0, -0.99, -0.5, 0.0, 0.3, 0.5, 0.99, 1.0, 1.5]
LOG1P = [-2.0, -1.0, -0.9, -0.5, 0.0, 0.5, 1.0, 10.0]
ACOSH = [0.5, 1.0, 1.5, 3.0, 10.0, 100.0]
GAMMA = [-2.5, -1.5, -0.5, 0.0, 0.5, 1.0, 2.0, 3.5, 10.0]
GAMMALN = [-2.5, -0.5, 0.0, 0.5, 1.0, 2.0, 10.0, 100.0]
ROUNDING = [-2.5, -1.7, -1.5, -0.5, -0.2, 0.0, 0.2, 0.5, 1.5, 1.7, 2.5, 3.5]

UNARY_DOMAIN = {
    "abs": REAL, "sign": REAL, "round": ROUNDING, "rint": ROUNDING, "ceil": ROUNDING,
    "floor": ROUNDING, "trunc": ROUNDING, "fix": ROUNDING, "square": REAL, "sqrt": POS,
    "rsqrt": POS, "cbrt": REAL, "rcbrt": REAL, "exp": REAL, "log": POS, "log10": POS,
    "log2": POS, "log1p": LOG1P, "expm1": REAL, "sin": REAL, "cos": REAL, "tan": REAL,
    "arcsin": UNIT, "arccos": UNIT, "arctan": REAL, "degrees": REAL, "radians": REAL,
    "sinh": REAL, "cosh": REAL, "tanh": REAL, "arcsinh": REAL, "arccosh": ACOSH,
    "arctanh": UNIT, "gamma": GAMMA, "gammaln": GAMMALN, "erf": REAL, "erfinv": UNIT,
    "relu": REAL, "sigmoid": REAL, "softsign": REAL, "reciprocal": REAL,
    "negative": REAL,
}
# Ops whose value on huge inputs is worth recording (overflow to inf, saturation).
BIG_OPS = ["abs", "sign", "square", "exp", "expm1", "sinh", "cosh", "tanh", "sigmoid",
           "softsign", "relu", "erf", "arctan", "arcsinh", "cbrt", "rcbrt", "reciprocal",
           "round", "rint", "degrees", "negative", "sin", "cos"]
INTS = [-7, -3, -1, 0, 1, 2, 3, 5, 100]
F16_OK = {"exp": [-10.0, -3.5, -1.0, 0.0, 0.5, 1.0, 2.5, 7.0],
          "sinh": [-7.0, -3.5, -1.0, 0.0, 0.5, 1.0, 2.5, 7.0],
          "cosh": [-7.0, -3.5, -1.0, 0.0, 0.5, 1.0, 2.5, 7.0],
          "expm1": [-10.0, -3.5, -1.0, 0.0, 0.5, 1.0, 2.5, 7.0],
          "gamma": [-2.5, -1.5, -0.5, 0.5, 1.0, 2.0, 3.5]}
# Points where a float16 result is far from float32 (poles) are tested in float32.
F16_TOL = {"tan": (3e-2, 3e-2), "gamma": (3e-2, 3e-2), "digamma": (3e-2, 3e-2),
           "erfinv": (3e-2, 3e-2), "arctanh": (3e-2, 3e-2)}

# int8 / int64 inputs (low-byte wrapping, INT64_MIN, double precision) for a sample of
# ops of each integer kind (double math, float math, native).
NARROW_WIDE = ("abs", "sign", "round", "square", "sqrt", "rsqrt", "exp", "log", "sin",
               "tan", "arcsin", "arctanh", "degrees", "sinh", "gamma", "erfinv", "sigmoid",
               "reciprocal", "negative", "relu", "softsign")
# Unary ops that are not NDArray methods in MXNet 1.9.1.
NO_METHOD = ("erf", "erfinv", "gamma", "gammaln", "negative", "softsign")
# MXNet's double digamma (the gamma/gammaln gradient) uses a float log: ~1e-7 error.
F64_TOL = {"gamma": (1e-6, 1e-6), "gammaln": (1e-6, 1e-6)}
for name, dom in sorted(UNARY_DOMAIN.items()):
    code = "nd.%s(x)" % name
    CASES.append(case("%s_f32" % name, code, grad=["x"], x=val(dom, "float32")))
    tol = F64_TOL.get(name, (None, None))
    CASES.append(case("%s_f64" % name, code, grad=["x"], rtol=tol[0], atol=tol[1],
                      x=val(dom, "float64")))
    tol = F16_TOL.get(name, (None, None))
    CASES.append(case("%s_f16" % name, code, grad=["x"], rtol=tol[0], atol=tol[1],
                      x=val(F16_OK.get(name, dom), "float16")))
    CASES.append(case("%s_2d" % name, "x.%s()" % name if name not in NO_METHOD else code,
        grad=["x"], x=arr((2, 3), lo=0.2 if dom in (POS, ACOSH) else -0.9,
                          hi=0.9 if dom is UNIT else 2.0, seed=3)
        if dom is not ACOSH else val([[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]])))
    CASES.append(case("%s_i32" % name, code, x=val(INTS, "int32")))
    if name in NARROW_WIDE:
        CASES.append(case("%s_i64" % name, code, x=val(INTS + [2 ** 40 + 3], "int64")))
        CASES.append(case("%s_i8" % name, code, x=val(INTS + [-128, 127], "int8")))
    CASES.append(case("%s_u8" % name, code, x=val([0, 1, 2, 3, 5, 100, 200, 255], "uint8")))
    CASES.append(case("%s_bool" % name, code, error=True,
                      x=val([True, False], "bool")))
for name in BIG_OPS:
    CASES.append(case("%s_big" % name, "nd.%s(x)" % name, grad=["x"],
                      x=val(BIG, "float32")))
    CASES.append(case("%s_big64" % name, "nd.%s(x)" % name, grad=["x"],
                      x=val([-1e300, -1e10, 1e10, 1e300], "float64")))
CASES += [
    case("sqrt_i32_big", "nd.sqrt(x)", x=val([2 ** 31 - 1, 123456789, 2 ** 30 + 7], "int32")),
    case("degrees_i32_overflow", "nd.degrees(x)", x=val([123456789, -123456789], "int32")),
    case("square_i32_wrap", "nd.square(x)", x=val([50000, -50000, 3], "int32")),
    case("negative_i8_min", "nd.negative(x)", x=val([-128, 127, 0], "int8")),
    case("abs_i8_min", "nd.abs(x)", x=val([-128, 127, 0], "int8")),
    case("abs_negzero", "nd.abs(x)", grad=["x"], x=val([-0.0, 0.0])),
    case("sign_nan", "nd.sign(x)", grad=["x"], x=val([float("nan"), float("inf"),
                                                       -float("inf")])),
    case("exp_nan_inf", "nd.exp(x)", grad=["x"],
         x=val([float("nan"), float("inf"), -float("inf")])),
    case("relu_nan", "nd.relu(x)", grad=["x"], x=val([float("nan"), -float("inf"),
                                                       float("inf")])),
    case("sigmoid_nan", "nd.sigmoid(x)", grad=["x"],
         x=val([float("nan"), -float("inf"), float("inf")])),
    case("method_chain", "x.exp().log().sqrt()", grad=["x"], x=arr((2, 3), positive=True)),
    case("unary_out", "nd.exp(x, out=y)", x=val([0., 1.]), y=val([5., 5.])),
    case("unary_out_is", "nd.exp(x, out=y) is y", x=val([0., 1.]), y=val([5., 5.])),
    case("unary_kw_data", "nd.sqrt(data=x)", x=val([4., 9.])),
    case("unary_scalar_arg", "nd.exp(2.0)", error=True),
    case("unary_0d", "nd.exp(x)", grad=["x"], x=val(1.5)),
    case("unary_empty", "nd.exp(x)", x=arr((0, 3))),
    case("abs_dunder", "abs(x)", grad=["x"], x=val([-2., 0., 3.])),
    case("neg_dunder_int", "-x", x=val([-2, 0, 3], "int32")),
    case("neg_dunder_u8", "-x", x=val([2, 0, 3], "uint8")),
    case("pos_dunder", "+x", error=True, x=val([-2., 0., 3.])),
    case("no_method_erf", "x.erf()", error=True, x=val([-2., 0., 3.])),
    case("no_method_negative", "x.negative()", error=True, x=val([-2., 0., 3.])),
    case("no_method_logical_not", "x.logical_not()", error=True, x=val([-2., 0., 3.])),
]

# -------------------------------------------------------------- other unary-like
LOGIC_IN = [-2.0, -0.5, 0.0, 0.5, 3.0]
CASES += [
    case("logical_not_f32", "nd.logical_not(x)", x=val(LOGIC_IN)),
    case("logical_not_f64", "nd.logical_not(x)", x=val(LOGIC_IN, "float64")),
    case("logical_not_i32", "nd.logical_not(x)", x=val([-2, 0, 1, 5], "int32")),
    case("logical_not_u8", "nd.logical_not(x)", x=val([0, 1, 255], "uint8")),
    case("logical_not_nan", "nd.logical_not(x)", x=val([float("nan"), 0.0])),
    case("logical_not_bool", "nd.logical_not(x)", error=True, x=val([True, False], "bool")),
    case("logical_not_grad", "nd.logical_not(x) * x", grad=["x"], x=val(LOGIC_IN)),
    case("clip_f32", "nd.clip(x, -1, 1)", grad=["x"], x=val(REAL)),
    case("clip_edges", "nd.clip(x, -1, 1)", grad=["x"],
         x=val([-1.0, 1.0, -1.0001, 1.0001, 0.0])),
    case("clip_kw", "nd.clip(x, a_min=0.2, a_max=0.6)", grad=["x"], x=arr((3, 4))),
    case("clip_method", "x.clip(-0.5, 0.5)", grad=["x"], x=arr((3, 4))),
    case("clip_f64", "nd.clip(x, -1.5, 2.5)", grad=["x"], x=val(REAL, "float64")),
    case("clip_f16", "nd.clip(x, -1.5, 2.5)", grad=["x"], x=val(REAL, "float16")),
    case("clip_int", "nd.clip(x, -2, 3)", x=val(INTS, "int32")),
    case("clip_int_frac", "nd.clip(x, -2.5, 3.7)", x=val(INTS, "int32")),
    case("clip_u8", "nd.clip(x, 2, 100)", x=val([0, 1, 2, 3, 5, 100, 200, 255], "uint8")),
    case("clip_inverted", "nd.clip(x, 1, -1)", grad=["x"], x=val(REAL)),
    case("clip_nan", "nd.clip(x, -1, 1)", x=val([float("nan"), 2.0])),
    case("clip_missing", "nd.clip(x)", error=True, x=val(REAL)),
    case("cast_f32_i32", "nd.cast(x, dtype='int32')",
         x=val([1.7, -1.7, 2.5, -0.5, 300.0, 3e9, -3e9])),
    case("cast_f32_u8", "nd.cast(x, dtype='uint8')", x=val([1.7, -1.7, 255.0, 256.0, 300.0])),
    case("cast_f32_i8", "nd.cast(x, dtype='int8')", x=val([1.7, -1.7, 127.0, 128.0, -129.0])),
    case("cast_f32_i64", "nd.cast(x, dtype='int64')", x=val([1.7, -1.7, 3e9, -3e9])),
    case("cast_nan_i32", "nd.cast(x, dtype='int32')",
         x=val([float("nan"), float("inf"), -float("inf")])),
    case("cast_f32_bool", "nd.cast(x, dtype='bool')", x=val([0.0, 1.7, -0.2, float("nan")])),
    case("cast_bool_f32", "nd.cast(x, dtype='float32')", x=val([True, False], "bool")),
    case("cast_i32_u8", "nd.cast(x, dtype='uint8')", x=val([-1, 256, 300, 7], "int32")),
    case("cast_f64_f16", "nd.cast(x, dtype='float16')", x=val([1e5, 1.0009765625, 1e-8],
                                                             "float64")),
    case("cast_grad_f64", "nd.cast(x, dtype='float64') * 3", grad=["x"], x=arr((2, 3))),
    case("cast_grad_f16", "nd.Cast(x, dtype='float16')", grad=["x"], x=arr((2, 3))),
    case("cast_grad_i32", "nd.cast(nd.cast(x, dtype='int32'), dtype='float32') + x",
         grad=["x"], x=val([1.5, -2.7])),
    case("cast_np_dtype", "nd.cast(x, dtype=onp.float64)", x=val([1.5])),
    case("astype_int", "x.astype('int32')", x=val([1.7, -1.7, float("nan")])),
    case("astype_grad", "x.astype('float64')", grad=["x"], x=val([1.5, -2.7])),
    case("cast_bad", "nd.cast(x, dtype='complex64')", error=True, x=val([1.5])),
    case("smooth_l1_default", "nd.smooth_l1(x)", grad=["x"], x=val(REAL)),
    case("smooth_l1_s2", "nd.smooth_l1(x, scalar=2.0)", grad=["x"],
         x=val([-1.0, -0.25, -0.2, 0.0, 0.2, 0.25, 0.3, 1.0])),
    case("smooth_l1_s05", "nd.smooth_l1(x, 0.5)", grad=["x"], x=val(REAL)),
    case("smooth_l1_edge", "nd.smooth_l1(x)", grad=["x"], x=val([-1.0, 1.0, 0.999, 1.001])),
    case("smooth_l1_f64", "nd.smooth_l1(x, scalar=3.0)", grad=["x"], x=val(REAL, "float64")),
    case("smooth_l1_f16", "nd.smooth_l1(x)", grad=["x"], x=val(REAL, "float16")),
    case("hard_sigmoid_default", "nd.hard_sigmoid(x)", grad=["x"], x=val(REAL)),
    case("hard_sigmoid_edges", "nd.hard_sigmoid(x)", grad=["x"],
         x=val([-2.5, 2.5, -2.4, 2.4])),
    case("hard_sigmoid_ab", "nd.hard_sigmoid(x, alpha=0.5, beta=0.1)", grad=["x"],
         x=val(REAL)),
    case("hard_sigmoid_f64", "nd.hard_sigmoid(x, 0.3, 0.4)", grad=["x"],
         x=val(REAL, "float64")),
    case("hard_sigmoid_f16", "nd.hard_sigmoid(x)", grad=["x"], x=val(REAL, "float16")),
    case("add_n_2", "nd.add_n(x, y)", grad=["x", "y"], x=arr((2, 3)), y=arr((2, 3), seed=1)),
    case("add_n_3", "nd.add_n(x, y, z)", grad=["x", "y", "z"], x=arr((2, 3)),
         y=arr((2, 3), seed=1), z=arr((2, 3), seed=2)),
    case("add_n_same", "nd.add_n(x, x, x)", grad=["x"], x=arr((2, 3))),
    case("add_n_1", "nd.add_n(x)", grad=["x"], x=arr((2, 3))),
    case("add_n_int", "nd.add_n(x, y)", x=val([1, 2], "int32"), y=val([3, 4], "int32")),
    case("add_n_u8", "nd.add_n(x, y)", x=val([200, 2], "uint8"), y=val([100, 4], "uint8")),
    case("add_n_f64", "nd.ElementWiseSum(x, y)", grad=["x", "y"], x=arr((2, 3), "float64"),
         y=arr((2, 3), "float64", seed=1)),
    case("add_n_shape", "nd.add_n(x, y)", error=True, x=arr((2, 3)), y=arr((3, 2))),
    case("add_n_dtype", "nd.add_n(x, y)", error=True, x=arr((2, 3)),
         y=arr((2, 3), "float64")),
    case("blockgrad", "nd.BlockGrad(x) * x", grad=["x"], x=arr((2, 3))),
    case("stop_gradient", "nd.stop_gradient(x * 2) + x", grad=["x"], x=arr((2, 3))),
    case("blockgrad_int", "nd.BlockGrad(x)", x=val([1, 2], "int32")),
    case("blockgrad_bool", "nd.BlockGrad(x)", x=val([True, False], "bool")),
    case("make_loss", "nd.make_loss(x * x)", grad=["x"], x=arr((2, 3))),
    case("make_loss_alias", "nd.MakeLoss(x * 2)", grad=["x"], x=arr((2, 3))),
    case("make_loss_scale", "nd.MakeLoss(x * x, grad_scale=0.5)", grad=["x"], x=arr((2, 3))),
    case("make_loss_norm", "nd.MakeLoss(x, normalization='batch')", grad=["x"],
         x=arr((2, 3))),
    case("make_loss_valid", "nd.MakeLoss(x, normalization='valid', valid_thresh=0.5)",
         grad=["x"], x=val([[0.1, 0.7, 0.9], [1.0, 0.2, 0.0]])),
    case("identity", "nd.identity(x) * x", grad=["x"], x=arr((2, 3))),
    case("identity_int", "nd.identity(x)", x=val([1, 2], "int32")),
    case("identity_bool", "nd.identity(x)", x=val([True, False], "bool")),
    case("copy_internal", "nd._internal._copy(x)", grad=["x"], x=arr((2, 3))),
    case("copy_method", "x.copy()", grad=["x"], x=arr((2, 3))),
]

# ------------------------------------------------------------------ binary ops
DIFF_BIN = ["add", "sub", "mul", "div", "mod", "power", "maximum", "minimum", "hypot"]
CMP_BIN = ["equal", "not_equal", "greater", "greater_equal", "lesser", "lesser_equal"]
LOG_BIN = ["logical_and", "logical_or", "logical_xor"]
A23 = val([[-1.5, 0.0, 2.0], [3.0, -0.5, 1.0]])
B13 = val([[2.0, 0.0, -1.5]])
B21 = val([[2.0], [-0.5]])
POS23 = val([[0.5, 1.0, 2.0], [3.0, 0.25, 1.5]])
P13 = val([[2.0, 0.5, -1.0]])
I23 = val([[-7, 0, 7], [5, -5, 3]], "int32")
I13 = val([[2, -3, 4]], "int32")
U23 = val([[200, 0, 7], [5, 255, 3]], "uint8")
U13 = val([[100, 3, 10]], "uint8")
BL23 = val([[True, False, True], [False, False, True]], "bool")
BL13 = val([[True, False, False]], "bool")
for op in DIFF_BIN + CMP_BIN + LOG_BIN:
    fn = "nd.broadcast_%s" % op
    diff = op in DIFF_BIN
    g = ["x", "y"] if diff else []
    a, b13, b21 = (POS23, P13, val([[2.0], [0.5]])) if op == "power" else (A23, B13, B21)
    if op == "mod":
        b13, b21 = val([[2.0, 0.75, -1.5]]), val([[2.0], [-0.5]])
    CASES += [
        case("b_%s_13" % op, "%s(x, y)" % fn, grad=g, x=a, y=b13),
        case("b_%s_21_13" % op, "%s(x, y)" % fn, grad=g, x=b21, y=b13),
        case("b_%s_same" % op, "%s(x, y)" % fn, grad=g, x=a, y=arr((2, 3), seed=5,
                                                                   positive=op == "power")),
        case("b_%s_f64" % op, "%s(x, y)" % fn, grad=g, x=val(a["data"], "float64"),
             y=val(b13["data"], "float64")),
        case("b_%s_f16" % op, "%s(x, y)" % fn, grad=g, x=val(a["data"], "float16"),
             y=val(b13["data"], "float16")),
        case("b_%s_i32" % op, "%s(x, y)" % fn, x=I23 if op != "power" else
             val([[-2, 0, 7], [5, -1, 3]], "int32"),
             y=I13 if op not in ("div", "mod") else val([[2, -3, 4]], "int32")),
        case("b_%s_u8" % op, "%s(x, y)" % fn, x=U23, y=U13 if op != "power" else
             val([[2, 1, 0]], "uint8")),
        case("b_%s_bool" % op, "%s(x, y)" % fn, error=True, x=BL23, y=BL13),
        case("b_%s_dtype" % op, "%s(x, y)" % fn, error=True, x=A23, y=val(B13["data"],
                                                                         "float64")),
        case("b_%s_shape" % op, "%s(x, y)" % fn, error=True, x=A23, y=arr((1, 2))),
    ]
    if op in ("add", "sub", "mul", "div"):
        efn = "nd.elemwise_%s" % op
        CASES += [
            case("e_%s" % op, "%s(x, y)" % efn, grad=["x", "y"], x=A23,
                 y=arr((2, 3), seed=5)),
            case("e_%s_f64" % op, "%s(x, y)" % efn, grad=["x", "y"],
                 x=val(A23["data"], "float64"), y=arr((2, 3), "float64", seed=5)),
            case("e_%s_i32" % op, "%s(x, y)" % efn, x=I23,
                 y=val([[2, -3, 4], [3, 2, -2]], "int32")),
            case("e_%s_shape" % op, "%s(x, y)" % efn, error=True, x=A23, y=B13),
            case("e_%s_dtype" % op, "%s(x, y)" % efn, error=True, x=A23,
                 y=val(A23["data"], "float64")),
        ]
CASES += [
    case("b_broadcast_plus", "nd.broadcast_plus(x, y)", grad=["x", "y"], x=A23, y=B21),
    case("b_broadcast_minus", "nd.broadcast_minus(x, y)", grad=["x", "y"], x=A23, y=B21),
    case("b_3d", "nd.broadcast_mul(x, y)", grad=["x", "y"], x=arr((2, 1, 4)),
         y=arr((1, 3, 1), seed=1)),
    case("b_rank_lower", "nd.broadcast_add(x, y)", grad=["x", "y"], x=arr((2, 3)),
         y=arr((3,))),
    case("b_rank_lower_l", "nd.broadcast_mul(y, x)", grad=["x", "y"], x=arr((2, 2, 3)),
         y=arr((1, 3))),
    case("mod_float_signs", "nd.broadcast_mod(x, y)", grad=["x", "y"],
         x=val([5.5, -5.5, 5.5, -5.5, 0.0, 3.0, -3.0]),
         y=val([2.0, 2.0, -2.0, -2.0, 2.0, 1.5, 1.5])),
    case("mod_float_zero", "nd.broadcast_mod(x, y)", grad=["x", "y"],
         x=val([5.5, -5.5, 0.0]), y=val([0.0, 0.0, 0.0])),
    case("mod_int_signs", "nd.broadcast_mod(x, y)",
         x=val([7, -7, 7, -7, 0, 6], "int32"), y=val([3, 3, -3, -3, 3, -3], "int32")),
    case("mod_int64", "nd.broadcast_mod(x, y)",
         x=val([7, -7, 2 ** 40 + 1], "int64"), y=val([3, 3, -7], "int64")),
    case("div_int_trunc", "nd.broadcast_div(x, y)",
         x=val([7, -7, 7, -7, 1, -1], "int32"), y=val([2, 2, -2, -2, 3, 3], "int32")),
    case("div_u8", "nd.broadcast_div(x, y)", x=val([200, 7, 255], "uint8"),
         y=val([3, 2, 16], "uint8")),
    case("pow_edges", "nd.broadcast_power(x, y)", grad=["x", "y"],
         x=val([0.0, 0.0, 0.0, -2.0, -2.0, 2.0, 1.0]),
         y=val([0.0, 2.0, -1.0, 2.0, 0.5, 0.0, 3.0])),
    case("pow_int_neg", "nd.broadcast_power(x, y)", x=val([2, -2, 0, 3, 1], "int32"),
         y=val([-1, 3, 0, 2, -5], "int32")),
    case("pow_int_big", "nd.broadcast_power(x, y)", x=val([2, 10, 3], "int32"),
         y=val([31, 10, 20], "int32")),
    case("pow_int64_big", "nd.broadcast_power(x, y)", x=val([3, 7], "int64"),
         y=val([39, 20], "int64")),
    case("hypot_edges", "nd.broadcast_hypot(x, y)", grad=["x", "y"],
         x=val([0.0, 3.0, -3.0, 1e30]), y=val([0.0, 4.0, -4.0, 1e30])),
    case("max_nan", "nd.broadcast_maximum(x, y)", grad=["x", "y"],
         x=val([float("nan"), 1.0, 2.0]), y=val([1.0, float("nan"), 2.0])),
    case("min_tie", "nd.broadcast_minimum(x, y)", grad=["x", "y"], x=val([1., 2., 3.]),
         y=val([1., 1., 4.])),
    case("max_tie_bcast", "nd.broadcast_maximum(x, y)", grad=["x", "y"],
         x=val([[1., 2., 3.], [0., 2., 5.]]), y=val([[1., 2., 4.]])),
    case("eq_nan", "nd.broadcast_equal(x, y)", x=val([float("nan"), 1.0]),
         y=val([float("nan"), 1.0])),
    case("ne_nan", "x != y", x=val([float("nan"), 1.0]), y=val([float("nan"), 1.0])),
    case("cmp_grad", "nd.broadcast_greater(x, y) * x", grad=["x", "y"], x=A23, y=B13),
    case("logical_nan", "nd.broadcast_logical_and(x, y)",
         x=val([float("nan"), 0.0, 1.0]), y=val([1.0, float("nan"), 0.0])),
    case("e_add_u8_wrap", "nd.elemwise_add(x, y)", x=val([200, 250], "uint8"),
         y=val([100, 10], "uint8")),
    case("e_mul_i8_wrap", "nd.elemwise_mul(x, y)", x=val([100, -100], "int8"),
         y=val([3, 3], "int8")),
    case("internal_plus", "nd._internal._plus(x, y)", grad=["x", "y"], x=A23,
         y=arr((2, 3), seed=5)),
    case("internal_mul", "nd._internal._mul(x, y)", grad=["x", "y"], x=A23,
         y=arr((2, 3), seed=5)),
    case("internal_maximum", "nd._internal._maximum(x, y)", grad=["x", "y"],
         x=val([1., 2., 3.]), y=val([1., 1., 4.])),
    case("internal_power", "nd._internal._power(x, y)", grad=["x", "y"], x=POS23,
         y=arr((2, 3), seed=5)),
    case("internal_hypot", "nd._internal._hypot(x, y)", grad=["x", "y"], x=A23,
         y=arr((2, 3), seed=5)),
    case("internal_mod", "nd._internal._mod(x, y)", grad=["x", "y"], x=A23,
         y=val([[2.0, 0.75, -1.5], [1.0, 2.0, 3.0]])),
    case("internal_greater", "nd._internal._greater(x, y)", x=A23, y=arr((2, 3), seed=5)),
    case("internal_logical_or", "nd._internal._logical_or(x, y)", x=A23,
         y=arr((2, 3), seed=5)),
    case("internal_CamelPlus", "nd._internal._Plus(x, y)", x=A23, y=arr((2, 3), seed=5)),
    case("internal_grad_add", "nd._internal._grad_add(x, y)", x=A23,
         y=arr((2, 3), seed=5)),
]

# ------------------------------------------------------------------ scalar ops
XS = val([-2.5, -1.0, 0.0, 0.5, 2.0, 3.0])
XI = val([-7, -2, 0, 1, 2, 7], "int32")
XU = val([0, 1, 2, 3, 200, 255], "uint8")
SCALAR_EXPR = [
    ("add", "x + 2"), ("radd", "2 + x"), ("sub", "x - 2"), ("rsub", "2 - x"),
    ("mul", "x * 2"), ("rmul", "2 * x"), ("div", "x / 2"), ("rdiv", "2 / x"),
    ("mod", "x % 2"), ("rmod", "2 % x"), ("mod_neg", "x % -2"), ("rmod_neg", "-2 % x"),
    ("pow", "x ** 2"), ("rpow", "2 ** x"), ("pow_half", "x ** 0.5"), ("pow_neg", "x ** -1"),
    ("rpow_frac", "0.5 ** x"), ("gt", "x > 0.5"), ("rgt", "0.5 > x"), ("ge", "x >= 0.5"),
    ("rge", "0.5 >= x"), ("lt", "x < 0.5"), ("rlt", "0.5 < x"), ("le", "x <= 0.5"),
    ("rle", "0.5 <= x"), ("eq", "x == 0.5"), ("req", "0.5 == x"), ("ne", "x != 0.5"),
    ("rne", "0.5 != x"), ("add_f", "x + 2.5"), ("mul_f", "x * 2.5"), ("div_f", "x / 2.5"),
    ("rsub_f", "2.5 - x"), ("rdiv_f", "2.5 / x"), ("mod_f", "x % 1.5"),
    ("rmod_f", "2.5 % x"), ("pow_f", "x ** 1.5"), ("rpow_f", "1.5 ** x"),
    ("mod0", "x % 0"), ("rmod0", "0 % x"),
    ("maximum", "nd.maximum(x, 0.5)"), ("rmaximum", "nd.maximum(0.5, x)"),
    ("minimum", "nd.minimum(x, 0.5)"), ("rminimum", "nd.minimum(0.5, x)"),
    ("max_tie", "nd.maximum(x, 2)"), ("min_tie", "nd.minimum(x, 2)"),
    ("eq_fn", "nd.equal(x, 2)"), ("req_fn", "nd.equal(2, x)"),
    ("gt_fn", "nd.greater(x, 0.5)"), ("rgt_fn", "nd.greater(0.5, x)"),
    ("ge_fn", "nd.greater_equal(0.5, x)"), ("lt_fn", "nd.lesser(0.5, x)"),
    ("le_fn", "nd.lesser_equal(0.5, x)"), ("ne_fn", "nd.not_equal(0.5, x)"),
    ("logical_and_fn", "nd.logical_and(x, 0.5)"), ("logical_or_fn", "nd.logical_or(0, x)"),
    ("logical_xor_fn", "nd.logical_xor(x, 1)"),
    ("add_fn", "nd.add(x, 2)"), ("radd_fn", "nd.add(2, x)"),
    ("sub_fn", "nd.subtract(x, 2)"), ("rsub_fn", "nd.subtract(2, x)"),
    ("mul_fn", "nd.multiply(2, x)"), ("div_fn", "nd.divide(x, 2)"),
    ("rdiv_fn", "nd.divide(2, x)"), ("truediv_fn", "nd.true_divide(2, x)"),
    ("mod_fn", "nd.modulo(x, 2)"), ("rmod_fn", "nd.modulo(2, x)"),
    ("pow_fn", "nd.power(x, 2)"), ("rpow_fn", "nd.power(2, x)"),
    ("internal_plus_scalar", "nd._internal._plus_scalar(x, scalar=3)"),
    ("internal_rminus_scalar", "nd._internal._rminus_scalar(x, scalar=3)"),
    ("internal_rdiv_scalar", "nd._internal._rdiv_scalar(x, scalar=3)"),
    ("internal_rpower_scalar", "nd._internal._rpower_scalar(x, scalar=3)"),
    ("internal_hypot_scalar", "nd._internal._hypot_scalar(x, scalar=3)"),
    ("internal_maximum_scalar", "nd._internal._maximum_scalar(x, scalar=1)"),
    ("internal_logical_xor_scalar", "nd._internal._logical_xor_scalar(x, scalar=1)"),
]
# bool arrays with a scalar compute in int64: a sample of each kind of op.
BOOL_SCALAR = ("add", "rsub", "mul_f", "div", "rdiv", "mod", "rmod", "pow", "rpow_f",
               "gt", "rle", "eq", "ne_fn", "maximum", "minimum", "logical_and_fn",
               "logical_xor_fn", "mod0", "internal_hypot_scalar", "rdiv_fn")
for sid, expr in SCALAR_EXPR:
    CASES += [
        case("s_%s_f32" % sid, expr, grad=["x"], x=XS),
        case("s_%s_f64" % sid, expr, grad=["x"], x=val(XS["data"], "float64")),
        case("s_%s_f16" % sid, expr, grad=["x"], x=val(XS["data"], "float16")),
        case("s_%s_i32" % sid, expr, x=XI),
        case("s_%s_u8" % sid, expr, x=XU),
    ]
    if sid in BOOL_SCALAR:
        CASES.append(case("s_%s_bool" % sid, expr, x=val([True, False, True], "bool")))
CASES += [
    case("s_i64_mul", "x * 3", x=val([2 ** 40 + 1, -5], "int64")),
    case("s_i64_big_scalar", "x + 2 ** 40", x=val([1, -5], "int64")),
    case("s_i32_scalar_trunc", "x * 1.9", x=val([1, 2, -3], "int32")),
    case("s_i32_rdiv", "7 / x", x=val([2, -2, 3, 0], "int32")),
    case("s_u8_rsub", "3 - x", x=val([1, 5, 200], "uint8")),
    case("s_u8_neg_scalar", "x + (-1)", x=val([0, 5], "uint8")),
    case("s_u8_big_scalar", "x + 300", x=val([0, 5], "uint8")),
    case("s_f16_big", "x * 70000", x=val([1.0, 0.5], "float16")),
    case("s_np_scalar", "x * onp.float32(2.5)", grad=["x"], x=XS),
    case("s_np_int_scalar", "x + onp.int64(3)", x=XS),
    case("s_np_f64_scalar", "x * onp.float64(0.1)", x=XS),
    case("s_bool_scalar", "x + True", x=XS),
    case("s_fraction_scalar", "x * __import__('fractions').Fraction(1, 4)", error=True,
         x=XS),
    case("s_complex_scalar", "x * 1j", error=True, x=XS),
    case("s_decimal_scalar", "x + __import__('decimal').Decimal('1.5')", error=True, x=XS),
    case("two_scalars_add", "nd.add(2, 3)"),
    case("two_scalars_sub", "nd.subtract(2, 3.5)"),
    case("two_scalars_mul", "nd.multiply(2, 3)"),
    case("two_scalars_div", "nd.divide(3, 2)"),
    case("two_scalars_truediv", "nd.true_divide(7, 2)"),
    case("two_scalars_mod", "nd.modulo(7, -3)"),
    case("two_scalars_pow", "nd.power(2, 3)"),
    case("two_scalars_max", "nd.maximum(2, 3.5)"),
    case("two_scalars_min", "nd.minimum(2, 3.5)"),
    case("two_scalars_eq", "nd.equal(2, 2)"),
    case("two_scalars_ne", "nd.not_equal(2, 2)"),
    case("two_scalars_gt", "nd.greater(3, 2)"),
    case("two_scalars_ge", "nd.greater_equal(1, 2)"),
    case("two_scalars_lt", "nd.lesser(1, 2)"),
    case("two_scalars_le", "nd.lesser_equal(3, 2)"),
    case("two_scalars_land", "nd.logical_and(2, 0)"),
    case("two_scalars_lor", "nd.logical_or(2, 0)"),
    case("two_scalars_lxor", "nd.logical_xor(2, 0)"),
    case("fn_arrays_add", "nd.add(x, y)", grad=["x", "y"], x=A23, y=B21),
    case("fn_arrays_sub", "nd.subtract(x, y)", grad=["x", "y"], x=A23, y=B13),
    case("fn_arrays_mul", "nd.multiply(x, y)", grad=["x", "y"], x=A23, y=B13),
    case("fn_arrays_div", "nd.divide(x, y)", grad=["x", "y"], x=A23, y=val([[2.0, 4.0, -1.5]])),
    case("fn_arrays_mod", "nd.modulo(x, y)", grad=["x", "y"], x=A23, y=val([[2.0, 0.7, -1.5]])),
    case("fn_arrays_pow", "nd.power(x, y)", grad=["x", "y"], x=POS23, y=P13),
    case("fn_arrays_max", "nd.maximum(x, y)", grad=["x", "y"], x=A23, y=B13),
    case("fn_arrays_min", "nd.minimum(x, y)", grad=["x", "y"], x=A23, y=B21),
    case("fn_arrays_eq", "nd.equal(x, y)", x=A23, y=B13),
    case("fn_arrays_ne", "nd.not_equal(x, y)", x=A23, y=B13),
    case("fn_arrays_gt", "nd.greater(x, y)", x=A23, y=B13),
    case("fn_arrays_ge", "nd.greater_equal(x, y)", x=A23, y=B13),
    case("fn_arrays_lt", "nd.lesser(x, y)", x=A23, y=B13),
    case("fn_arrays_le", "nd.lesser_equal(x, y)", x=A23, y=B13),
    case("fn_arrays_land", "nd.logical_and(x, y)", x=A23, y=B13),
    case("fn_arrays_lor", "nd.logical_or(x, y)", x=A23, y=B13),
    case("fn_arrays_lxor", "nd.logical_xor(x, y)", x=A23, y=B13),
    case("fn_arrays_dtype", "nd.add(x, y)", error=True, x=A23, y=val(B13["data"], "float64")),
    case("fn_arrays_int_float", "nd.multiply(x, y)", error=True, x=I23, y=B13),
    case("op_arrays_dtype", "x * y", error=True, x=I23, y=B13),
    case("op_arrays_shape", "x + y", error=True, x=A23, y=arr((3, 2))),
    case("op_bcast", "x * y + x / (y + 5) - y", grad=["x", "y"], x=A23, y=B21),
    case("op_string", "x + 'a'", error=True, x=A23),
    case("op_none", "x + None", error=True, x=A23),
    case("op_list", "x + [1, 2, 3]", error=True, x=A23),
    case("op_numpy_rhs", "x + onp.ones((2, 3), dtype='float32')", error=True, x=A23),
    case("fn_out", "nd.add(x, y, out=z)", error=True, x=A23, y=B13, z=arr((2, 3))),
    case("fn_scalar_out", "nd.multiply(x, 3, out=z)", error=True, x=A23, z=arr((2, 3))),
    case("bcast_out", "nd.broadcast_add(x, y, out=z)", x=A23, y=B13, z=arr((2, 3))),
    case("chain_grad", "(x * y - x / 3) ** 2 + nd.exp(-x) * y", grad=["x", "y"],
         x=arr((2, 3)), y=arr((2, 3), seed=2)),
    case("reuse_grad", "x * x * x + x", grad=["x"], x=arr((2, 3))),
]

# ---------------------------------------------------------------- in-place ops
INPLACE = [("iadd", "y += 2"), ("isub", "y -= 2"), ("imul", "y *= 2.5"),
           ("idiv", "y /= 2"), ("imod", "y %= 2"), ("ipow", "y **= 2"),
           ("iadd_arr", "y += z"), ("isub_arr", "y -= z"), ("imul_arr", "y *= z"),
           ("idiv_arr", "y /= z")]
for iid, stmt in INPLACE:
    setup = "y = x\n" + stmt
    CASES += [
        case("inplace_%s" % iid, "(y is x, y, y.dtype == x.dtype)", setup=setup,
             x=val([[1.5, -2.0, 3.0], [4.0, 0.5, -1.0]]),
             z=val([[2.0, 3.0, -1.5]]) if iid.endswith("arr") else val([[2.0, 3.0, -1.5],
                                                                        [1.0, 2.0, 4.0]])),
        case("inplace_%s_int" % iid, "(y is x, y, y.dtype == x.dtype)", setup=setup,
             x=val([[7, -7, 3], [4, 1, -1]], "int32"),
             z=val([[2, 3, -2], [1, 2, 4]], "int32")),
    ]
CASES += [
    case("inplace_dtype_mismatch", "x", setup="x += z", error=True, x=val([1.0, 2.0]),
         z=val([1.0, 2.0], "float64")),
    case("inplace_bcast", "x", setup="x += z", x=arr((2, 3)), z=arr((1, 3))),
    case("inplace_bcast_grow", "x", setup="x += z", error=True, x=arr((1, 3)),
         z=arr((2, 3))),
    case("inplace_u8_wrap", "x", setup="x -= 5", x=val([1, 200], "uint8")),
    case("inplace_int_float_scalar", "x", setup="x *= 1.9", x=val([1, 3], "int32")),
    case("inplace_record", "x", error=True,
         setup="x.attach_grad()\nwith autograd.record():\n    x += 1", x=val([1.0])),
    case("inplace_alias", "(w, x)", setup="w = x\nx += 1", x=val([1.0, 2.0])),
]

# ------------------------------------------------------------- AMP casts, aliases
CASES += [
    case("amp_cast_f16", "nd.amp_cast(x, dtype='float16')", grad=["x"], x=arr((2, 3))),
    case("amp_cast_to_f32", "nd.amp_cast(x, dtype='float32')", grad=["x"],
         x=arr((2, 3), "float16")),
    # (float64 outputs of the AMP ops crash the oracle's MKLDNN build: dtypes only.)
    case("amp_cast_f64", "str(onp.dtype(nd.amp_cast(x, dtype='float16').dtype))",
         x=arr((2, 3), "float64")),
    case("amp_cast_i32", "nd.amp_cast(x, dtype='float16')", x=val([1, 2], "int32")),
    case("amp_multicast", "[str(onp.dtype(a.dtype)) for a in "
         "nd.amp_multicast(x, y, num_outputs=2)]", x=arr((2, 3)), y=arr((2,), "float64")),
    case("amp_multicast_values", "nd.amp_multicast(x, y, num_outputs=2)", grad=["x", "y"],
         x=arr((2, 3)), y=arr((2,))),
    case("amp_multicast_int", "nd.amp_multicast(x, y, num_outputs=2)",
         x=arr((2, 3)), y=val([1, 2], "int32")),
    case("amp_multicast_narrow", "[str(onp.dtype(a.dtype)) for a in "
         "nd.amp_multicast(x, y, num_outputs=2, cast_narrow=True)]", x=arr((2, 3)),
         y=arr((2,), "float64")),
    case("amp_multicast_f16", "[a.dtype == onp.float32 for a in "
         "nd.amp_multicast(x, y, num_outputs=2)]", x=arr((2, 3)), y=arr((2,), "float16")),
    case("amp_multicast_narrow_f16", "[a.dtype == onp.float16 for a in "
         "nd.amp_multicast(x, y, num_outputs=2, cast_narrow=True)]", x=arr((2, 3)),
         y=arr((2,), "float16")),
    case("amp_multicast_f64_f16", "[str(onp.dtype(a.dtype)) for a in "
         "nd.amp_multicast(y, x, num_outputs=2)]", x=arr((2, 3), "float16"),
         y=arr((2,), "float64")),
    case("amp_multicast_bad_n", "nd.amp_multicast(x, y, num_outputs=3)", error=True,
         x=arr((2, 3)), y=arr((2,))),
    case("identity_like_rhs", "nd._internal._identity_with_attr_like_rhs(x, y)",
         grad=["x", "y"], x=A23, y=arr((2, 3), seed=5)),
    case("scatter_elemwise_div", "nd._internal._scatter_elemwise_div(x, y)", grad=["x", "y"],
         x=A23, y=val([[2.0, 4.0, -1.5], [1.0, 2.0, 3.0]])),
    case("scatter_plus_scalar", "nd._internal._scatter_plus_scalar(x, scalar=2.5)",
         grad=["x"], x=A23),
    case("scatter_minus_scalar", "nd._internal._scatter_minus_scalar(x, scalar=2.5)",
         grad=["x"], x=A23),
]

# ------------------------------------------------------- element-wise ops of nd.contrib
SPECIAL = val([1.0, float("nan"), float("inf"), -float("inf"), 0.0, -2.5])
CASES += [
    case("contrib_isinf", "nd.contrib.isinf(x)", x=SPECIAL),
    case("contrib_isnan", "nd.contrib.isnan(x)", x=SPECIAL),
    case("contrib_isfinite", "nd.contrib.isfinite(x)", x=SPECIAL),
    case("contrib_isinf_f64", "nd.contrib.isinf(x)", x=val(SPECIAL["data"], "float64")),
    case("contrib_isfinite_i32", "nd.contrib.isfinite(x)", x=val([1, -3], "int32")),
    case("contrib_quadratic", "nd.contrib.quadratic(x, a=2.0, b=-1.5, c=0.5)", grad=["x"],
         x=A23),
    case("contrib_quadratic_default", "nd.contrib.quadratic(x)", grad=["x"], x=A23),
    case("contrib_quadratic_f64", "nd.contrib.quadratic(x, a=0.1, b=0.2, c=0.3)",
         grad=["x"], x=val(A23["data"], "float64")),
    case("contrib_quadratic_f16", "nd.contrib.quadratic(x, a=2.0, b=-1.5, c=0.5)",
         grad=["x"], x=val(A23["data"], "float16")),
    case("contrib_quadratic_i32", "nd.contrib.quadratic(x, a=2.5, b=1.0, c=0.5)",
         x=val([1, -2, 3], "int32")),
    case("contrib_div_sqrt_dim", "nd.contrib.div_sqrt_dim(x)", grad=["x"],
         x=arr((2, 3, 4))),
    case("contrib_div_sqrt_dim_f64", "nd.contrib.div_sqrt_dim(x)", grad=["x"],
         x=arr((2, 5), "float64")),
    case("contrib_gradientmultiplier", "nd.contrib.gradientmultiplier(x * x, scalar=-0.5)",
         grad=["x"], x=A23),
    case("contrib_gradientmultiplier_0", "nd.contrib.gradientmultiplier(x, scalar=0.0)",
         grad=["x"], x=A23),
    case("contrib_round_ste", "nd.contrib.round_ste(x * 3)", grad=["x"],
         x=val([-1.5, -0.5, 0.2, 0.5, 1.3])),
    case("contrib_sign_ste", "nd.contrib.sign_ste(x) * x", grad=["x"],
         x=val([-1.5, -0.5, 0.0, 0.5, 1.3])),
    case("contrib_allclose", "nd.contrib.allclose(x, y)", x=val([1.0, 2.0]),
         y=val([1.0, 2.00001])),
    case("contrib_allclose_no", "nd.contrib.allclose(x, y, rtol=1e-7, atol=1e-9)",
         x=val([1.0, 2.0]), y=val([1.0, 2.001])),
    case("contrib_allclose_nan", "nd.contrib.allclose(x, y)", x=val([1.0, float("nan")]),
         y=val([1.0, float("nan")])),
    case("contrib_allclose_nan_ne", "nd.contrib.allclose(x, y, equal_nan=False)",
         x=val([1.0, float("nan")]), y=val([1.0, float("nan")])),
    case("contrib_allclose_bcast", "nd.contrib.allclose(x, y)", error=True, x=A23,
         y=val([A23["data"][0]])),
]
