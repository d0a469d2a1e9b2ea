"""Golden cases: reductions of ``mx.nd`` (sum, mean, prod, max, min, nansum, nanprod,
norm, argmax, argmin, argmax_channel, moments) with every form of
``axis``, ``keepdims`` and ``exclude``, their gradients (ties of max/min, zeros in prod,
NaN in nansum/nanprod) and integer/float16 result dtypes.
"""
from _common import arr, case, val

CASES = []
X234 = arr((2, 3, 4), seed=7)
NAN = float("nan")
INF = float("inf")

AXES = [("all", ""), ("ax0", ", axis=0"), ("ax1", ", axis=1"), ("axm1", ", axis=-1"),
        ("axt", ", axis=(0, 2)"), ("axtn", ", axis=(-1, 0)"), ("keep", ", keepdims=True"),
        ("ax1keep", ", axis=1, keepdims=True"), ("axtkeep", ", axis=(0, 2), keepdims=True"),
        ("excl", ", axis=1, exclude=True"), ("exclt", ", axis=(0, 2), exclude=True"),
        ("exclkeep", ", axis=0, exclude=True, keepdims=True"), ("empty", ", axis=()"),
        ("emptyexcl", ", axis=(), exclude=True"), ("axlist", ", axis=[0, 1]")]
REDUCERS = ["sum", "mean", "prod", "max", "min", "nansum", "nanprod"]
for r in REDUCERS:
    for aid, kw in AXES:
        CASES.append(case("%s_%s" % (r, aid), "nd.%s(x%s)" % (r, kw), grad=["x"], x=X234))
    CASES += [
        case("%s_f64" % r, "nd.%s(x, axis=1)" % r, grad=["x"], x=arr((2, 3, 4), "float64")),
        case("%s_f16" % r, "nd.%s(x, axis=1)" % r, grad=["x"], x=arr((2, 3, 4), "float16")),
        case("%s_i32" % r, "nd.%s(x, axis=1)" % r, x=arr((2, 3, 4), "int32", lo=-5, hi=5)),
        case("%s_i32_all" % r, "nd.%s(x)" % r, x=arr((2, 3, 4), "int32", lo=-5, hi=5)),
        case("%s_i64" % r, "nd.%s(x, axis=0)" % r, x=val([[2 ** 40, 3], [5, -7]], "int64")),
        case("%s_i8" % r, "nd.%s(x, axis=0)" % r,
             x=val([[100, -100, 3], [100, -100, 4]], "int8")),
        case("%s_u8" % r, "nd.%s(x, axis=0)" % r, x=val([[200, 3, 0], [100, 4, 7]], "uint8")),
        case("%s_bool" % r, "nd.%s(x)" % r, x=val([True, False, True], "bool")),
        case("%s_bool_ax" % r, "nd.%s(x, axis=0)" % r, x=val([[True, False], [True, True]],
                                                             "bool")),
        case("%s_1d" % r, "nd.%s(x)" % r, grad=["x"], x=arr((5,))),
        case("%s_method" % r, "x.%s(axis=1)" % r, grad=["x"], x=X234),
        case("%s_pos_axis" % r, "nd.%s(x, 1)" % r, grad=["x"], x=X234),
        case("%s_nan" % r, "nd.%s(x, axis=1)" % r, grad=["x"],
             x=val([[1.0, NAN, 2.0], [NAN, NAN, NAN], [0.5, 2.0, -1.0]])),
        case("%s_inf" % r, "nd.%s(x, axis=1)" % r, grad=["x"],
             x=val([[1.0, INF, 2.0], [-INF, INF, 1.0], [0.5, 2.0, -INF]])),
        case("%s_bad_axis" % r, "nd.%s(x, axis=3)" % r, error=True, x=X234),
        case("%s_dup_axis" % r, "nd.%s(x, axis=(1, 1))" % r, error=True, x=X234),
    ]
CASES += [
    case("sum_axis_alias", "nd.sum_axis(x, axis=1)", grad=["x"], x=X234),
    case("max_axis_alias", "nd.max_axis(x, axis=1, keepdims=True)", grad=["x"], x=X234),
    case("min_axis_alias", "nd.min_axis(x, axis=0)", grad=["x"], x=X234),
    case("max_ties", "nd.max(x, axis=1)", grad=["x"],
         x=val([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 0.0, -1.0]])),
    case("min_ties", "nd.min(x, axis=1)", grad=["x"],
         x=val([[1.0, 1.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 0.0, -1.0]])),
    case("max_ties_all", "nd.max(x)", grad=["x"], x=val([[1.0, 3.0], [3.0, 0.0]])),
    case("max_ties_method", "x.max()", grad=["x"], x=val([[3.0, 3.0], [3.0, 0.0]])),
    case("prod_zero", "nd.prod(x, axis=1)", grad=["x"],
         x=val([[1.0, 0.0, 3.0], [0.0, 0.0, 2.0], [2.0, 3.0, 4.0]])),
    case("nanprod_zero", "nd.nanprod(x, axis=1)", grad=["x"],
         x=val([[1.0, 0.0, NAN], [0.0, 0.0, 2.0], [2.0, NAN, 4.0]])),
    case("sum_big_i8", "nd.sum(x)", x=val([100, 100, 100], "int8")),
    case("mean_i32_trunc", "nd.mean(x)", x=val([1, 2], "int32")),
    case("mean_i32_neg", "nd.mean(x)", x=val([-1, -2], "int32")),
    case("sum_f16_acc", "nd.sum(x)", x=val([2048.0] + [1.0] * 8, "float16")),
    case("mean_f16_acc", "nd.mean(x)", x=val([2048.0] + [1.0] * 8, "float16")),
    case("sum_f32_acc", "nd.sum(x)", x=val([1e8] + [1.0] * 16, "float32")),
    case("sum_keep_all_exclude", "nd.sum(x, exclude=True)", grad=["x"], x=X234),
    case("chain_reduce", "nd.sum(nd.max(x, axis=2) * nd.mean(x, axis=2))", grad=["x"],
         x=X234),
    case("sum_out", "nd.sum(x, axis=1, out=y)", x=X234, y=arr((2, 4))),
    case("sum_out_is", "nd.sum(x, axis=1, out=y) is y", x=X234, y=arr((2, 4))),
    case("sum_scalar_input", "nd.sum(3)", error=True),
    case("sum_4d", "nd.sum(x, axis=(1, 3), keepdims=True)", grad=["x"],
         x=arr((2, 3, 2, 2), seed=3)),
]

# ------------------------------------------------------------------ norm
NORMS = [("default", ""), ("ord1", ", ord=1"), ("ord2", ", ord=2"),
         ("ax1", ", axis=1"), ("axm1_ord1", ", ord=1, axis=-1"),
         ("ax1keep", ", axis=1, keepdims=True"), ("keep", ", keepdims=True"),
         ("axt", ", axis=(1, 2)"), ("axt_ord1", ", ord=1, axis=(0, 2)")]
for nid, kw in NORMS:
    CASES.append(case("norm_%s" % nid, "nd.norm(x%s)" % kw, grad=["x"], x=X234))
# MXNet's norm backward fails when out_dtype differs from the input's: values only.
CASES += [
    case("norm_f64out", "nd.norm(x, out_dtype='float64')", x=X234),
    case("norm_f16out", "nd.norm(x, axis=1, out_dtype='float16')", x=X234),
    case("norm_f32out_f16", "nd.norm(x, axis=1, out_dtype='float32')", x=arr((2, 3),
                                                                               "float16")),
    case("norm_same_out_dtype", "nd.norm(x, out_dtype='float32')", grad=["x"], x=X234),
]
CASES += [
    case("norm_zero", "nd.norm(x)", grad=["x"], x=val([0.0, 0.0, 0.0])),
    case("norm_zero_ord1", "nd.norm(x, ord=1)", grad=["x"], x=val([0.0, -1.0, 2.0])),
    case("norm_zero_row", "nd.norm(x, axis=1)", grad=["x"], x=val([[0.0, 0.0], [3.0, 4.0]])),
    case("norm_big", "nd.norm(x)", grad=["x"], x=val([3e20, 4e20])),
    case("norm_tiny", "nd.norm(x)", grad=["x"], x=val([3e-25, 4e-25])),
    case("norm_f64", "nd.norm(x, axis=0)", grad=["x"], x=arr((3, 2), "float64")),
    case("norm_f16", "nd.norm(x, axis=0)", grad=["x"], x=arr((3, 2), "float16")),
    case("norm_i32", "nd.norm(x)", x=val([3, 4], "int32")),
    case("norm_i32_ord1", "nd.norm(x, ord=1, axis=0)", x=val([[3, -4], [1, 2]], "int32")),
    case("norm_ord3", "nd.norm(x, ord=3)", error=True, x=X234),
    case("norm_nan", "nd.norm(x)", grad=["x"], x=val([NAN, 1.0])),
    case("norm_method", "x.norm(axis=1)", grad=["x"], x=X234),
    case("norm_3axes", "nd.norm(x, axis=(0, 1, 2))", grad=["x"], x=X234),
    case("norm_1d_keep", "nd.norm(x, keepdims=True)", grad=["x"], x=arr((4,))),
    case("norm_out_dtype_i32", "nd.norm(x, out_dtype='int32')", error=True, x=arr((4,))),
]

# ------------------------------------------------------------------ arg reductions
AX = val([[1.0, 3.0, 3.0, -1.0], [2.0, 2.0, 0.0, 5.0], [-1.0, -4.0, -4.0, 0.0]])
for fn in ("argmax", "argmin"):
    CASES += [
        case("%s_ax0" % fn, "nd.%s(x, axis=0)" % fn, x=AX),
        case("%s_ax1" % fn, "nd.%s(x, axis=1)" % fn, x=AX),
        case("%s_axm1" % fn, "nd.%s(x, axis=-1)" % fn, x=AX),
        case("%s_none" % fn, "nd.%s(x)" % fn, x=AX),
        case("%s_keep" % fn, "nd.%s(x, axis=1, keepdims=True)" % fn, x=AX),
        case("%s_none_keep" % fn, "nd.%s(x, keepdims=True)" % fn, x=AX),
        case("%s_3d" % fn, "nd.%s(x, axis=1)" % fn, x=X234),
        case("%s_f64" % fn, "nd.%s(x, axis=1)" % fn, x=val(AX["data"], "float64")),
        case("%s_f16" % fn, "nd.%s(x, axis=1)" % fn, x=val(AX["data"], "float16")),
        case("%s_i32" % fn, "nd.%s(x, axis=1)" % fn, x=val([[1, 5, 5], [-3, -2, -9]], "int32")),
        case("%s_u8" % fn, "nd.%s(x, axis=1)" % fn, x=val([[1, 5, 5], [3, 2, 9]], "uint8")),
        case("%s_nan" % fn, "nd.%s(x, axis=1)" % fn,
             x=val([[1.0, NAN, 3.0], [NAN, 0.0, NAN], [2.0, 1.0, 0.0]])),
        case("%s_method" % fn, "x.%s(axis=0)" % fn, x=AX),
        case("%s_grad" % fn, "nd.%s(x, axis=1) * 1 + nd.sum(x, axis=1)" % fn, grad=["x"],
             x=AX),
        case("%s_bad_axis" % fn, "nd.%s(x, axis=2)" % fn, error=True, x=AX),
        case("%s_1d" % fn, "nd.%s(x, axis=0)" % fn, x=val([3.0, 9.0, 1.0])),
    ]
CASES += [
    case("argmax_channel", "nd.argmax_channel(x)", x=AX),
    case("argmax_channel_3d", "nd.argmax_channel(x)", x=X234),
    case("argmax_channel_method", "x.argmax_channel()", x=AX),
    case("argmax_channel_i32", "nd.argmax_channel(x)", x=val([[1, 5, 5], [-3, -2, -9]],
                                                             "int32")),
]

# ------------------------------------------------------------------ moments etc.
CASES += [
    case("moments_ax1", "nd.moments(x, axes=(1,))", grad=["x"], x=X234),
    case("moments_axt_keep", "nd.moments(x, axes=(0, 2), keepdims=True)", grad=["x"],
         x=X234),
    case("moments_f64", "nd.moments(x, axes=(0,))", grad=["x"], x=arr((3, 2), "float64")),
    case("moments_f16", "nd.moments(x, axes=(0,))", grad=["x"], x=arr((3, 2), "float16")),
    case("moments_all", "nd.moments(x, axes=(0, 1, 2))", grad=["x"], x=X234),
    case("moments_no_axes", "nd.moments(x)", error=True, x=X234),
]

# ------------------------------------------------------- cumsum and finiteness checks
C23 = val([[1.0, 2.0, 3.0], [4.0, -5.0, 6.5]])
CASES += [
    case("cumsum_flat", "nd.cumsum(x)", grad=["x"], x=C23),
    case("cumsum_ax0", "nd.cumsum(x, axis=0)", grad=["x"], x=C23),
    case("cumsum_axm1", "nd.cumsum(x, axis=-1)", grad=["x"], x=X234),
    case("cumsum_f64", "nd.cumsum(x, axis=1)", grad=["x"], x=arr((2, 3), "float64")),
    case("cumsum_i32", "nd.cumsum(x, axis=1)", x=val([[1, 2, 3], [4, 5, 6]], "int32")),
    case("cumsum_i32_f64", "nd.cumsum(x, dtype='float64')", x=val([[1, 2, 3], [4, 5, 6]],
                                                                    "int32")),
    case("cumsum_f32_i32", "nd.cumsum(x, axis=1, dtype='int32')", x=C23),
    case("cumsum_u8_wrap", "nd.cumsum(x)", x=val([200, 100, 3], "uint8")),
    case("cumsum_bad_axis", "nd.cumsum(x, axis=2)", error=True, x=C23),
    case("all_finite_yes", "nd.all_finite(x)", x=C23),
    case("all_finite_inf", "nd.all_finite(x)", x=val([1.0, float("inf")])),
    case("all_finite_nan", "nd.all_finite(x)", x=val([1.0, float("nan")])),
    case("all_finite_f64", "nd.all_finite(x)", x=val([1.0, -float("inf")], "float64")),
    case("all_finite_f16", "nd.all_finite(x)", x=val([1.0, 70000.0], "float16")),
    case("multi_all_finite", "nd.multi_all_finite(x, y, num_arrays=2)", x=C23,
         y=val([1.0, float("inf")])),
    case("multi_all_finite_yes", "nd.multi_all_finite(x, y, num_arrays=2)", x=C23,
         y=val([1.0, 2.0])),
    case("multi_all_finite_accumulate", "o",
         setup="o = nd.multi_all_finite(x, num_arrays=1)\n"
               "nd.multi_all_finite(y, num_arrays=1, init_output=False, out=o)",
         x=C23, y=val([1.0, float("nan")])),
    case("multi_all_finite_keep", "o",
         setup="o = nd.multi_all_finite(x, num_arrays=1)\n"
               "nd.multi_all_finite(y, num_arrays=1, init_output=False, out=o)",
         x=C23, y=val([1.0, 2.0])),
    case("multi_sum_sq", "nd.multi_sum_sq(x, y, num_arrays=2)", x=C23, y=val([3.0, 4.0])),
    case("multi_sum_sq_f64", "nd.multi_sum_sq(x, num_arrays=1)", x=arr((2, 3), "float64")),
    case("multi_sum_sq_f16", "nd.multi_sum_sq(x, num_arrays=1)", x=arr((2, 3), "float16")),
]
