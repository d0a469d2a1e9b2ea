"""Golden cases: mx.np reductions (0-d results, numpy signatures, MXNet's dtype rules,
gradients) against MXNet 1.9.1."""
from _common import arr, case, val


def c(id, code, **kw):
    return case(id, code, np_mode=True, **kw)


F = arr((2, 3), seed=21)
F3 = arr((2, 3, 4), seed=22)
TIE = val([[1., 3., 3.], [2., 0., 2.]])
I = val([[1, 2, 3], [4, 5, 6]], "int32")
NEG = val([-7, 2], "int32")
L = val([[1, 2, 3], [4, 5, 6]], "int64")
H = val([[1, 2, 3], [4, 5, 6]], "float16")
D = arr((2, 3), "float64", seed=23)
B = val([[True, False, True], [True, True, False]], "bool")
U = val([[1, 2, 3], [4, 5, 6]], "uint8")
I8 = val([[1, 2, 3], [4, 5, 6]], "int8")

CASES = [
    c("sum", "x.sum()", grad=["x"], x=F, repr=True),
    c("sum_fn", "np.sum(x)", grad=["x"], x=F),
    c("sum_axis", "np.sum(x, axis=1)", grad=["x"], x=F3),
    c("sum_axis_pos", "np.sum(x, 0)", x=F3),
    c("sum_axes", "x.sum(axis=(0, 2))", grad=["x"], x=F3),
    c("sum_axes_list", "x.sum(axis=[0, 1])", x=F3),
    c("sum_keepdims", "x.sum(axis=1, keepdims=True)", grad=["x"], x=F3),
    c("sum_all_keepdims", "np.sum(x, axis=(0, 1), keepdims=True)", x=F),
    c("sum_neg_axis", "x.sum(axis=-1)", x=F3),
    c("sum_int", "x.sum()", x=I, repr=True),
    c("sum_int64", "x.sum(axis=0)", x=L),
    c("sum_bool", "x.sum()", x=B),
    c("sum_uint8", "x.sum()", x=U),
    c("sum_half", "x.sum()", x=H),
    c("sum_dtype", "x.sum(dtype='float32')", x=I),
    c("sum_dtype_int64", "x.sum(dtype='int64')", x=I),
    c("sum_empty", "np.zeros((0, 3)).sum(axis=0)"),
    c("sum_out", "np.sum(x, axis=0, out=np.zeros(3))", x=F),
    c("sum_bad_axis", "x.sum(axis=2)", error=True, x=F),
    c("mean", "x.mean()", grad=["x"], x=F),
    c("mean_fn_axis", "np.mean(x, axis=(1, 2))", grad=["x"], x=F3),
    c("mean_keepdims", "np.mean(x, axis=None, keepdims=True)", x=F),
    c("mean_int", "x.mean()", x=I, repr=True),
    c("mean_int_neg", "x.mean()", x=NEG),
    c("mean_int_axis", "x.mean(axis=0)", x=I),
    c("mean_bool", "x.mean()", x=B),
    c("mean_half", "x.mean()", x=H),
    c("mean_double", "x.mean(axis=1)", grad=["x"], x=D),
    c("mean_dtype", "x.mean(dtype='float64')", x=I),
    c("mean_empty", "np.zeros((0, 3)).mean()"),
    c("prod", "x.prod()", grad=["x"], x=arr((2, 3), seed=24, positive=True)),
    c("prod_axis", "np.prod(x, axis=0)", grad=["x"], x=F),
    c("prod_int", "x.prod()", x=I),
    c("prod_bool", "x.prod()", x=B),
    c("prod_int8", "x.prod()", x=I8),
    c("max", "x.max()", grad=["x"], x=F),
    c("max_ties", "x.max()", grad=["x"], x=TIE),
    c("max_axis_ties", "x.max(axis=1)", grad=["x"], x=TIE),
    c("min_axis_ties", "np.min(x, axis=0)", grad=["x"], x=TIE),
    c("amax", "np.amax(x, axis=1)", x=F),
    c("amin", "np.amin(x)", x=F),
    c("max_pos_axis", "np.max(x, 0)", x=F),
    c("max_keepdims", "x.max(axis=0, keepdims=True)", x=F3),
    c("max_int", "x.max()", x=I),
    c("max_bool", "x.max()", x=B),
    c("min_bool", "x.min()", x=B),
    c("max_empty", "np.zeros((0, 3)).max()", error=True),
    c("max_nan", "x.max()", x=val([1., float("nan")])),
    c("std", "x.std()", x=F),
    c("std_axis", "np.std(x, axis=0)", x=F),
    c("std_ddof", "x.std(ddof=1)", x=F),
    c("var", "x.var()", x=F),
    c("var_axis_keep", "np.var(x, axis=1, keepdims=True)", x=F3),
    c("var_ddof", "np.var(x, ddof=1)", x=F),
    c("std_int", "x.std()", x=I),
    c("var_int", "x.var()", x=I),
    c("var_int_neg", "x.var()", x=NEG),
    c("std_int_neg", "x.std()", x=NEG),
    c("std_half", "x.std()", x=H),
    c("var_double", "x.var()", x=D),
    c("std_uint8", "x.std()", x=U),
    c("argmax", "x.argmax()", x=F, repr=True),
    c("argmax_axis", "np.argmax(x, axis=1)", x=F),
    c("argmax_pos", "np.argmax(x, 0)", x=F),
    c("argmin", "np.argmin(x)", x=F),
    c("argmin_axis", "x.argmin(axis=0)", x=F3),
    c("argmax_int", "x.argmax()", x=I),
    c("argmax_ties", "np.argmax(x, axis=1)", x=TIE),
    c("cumsum", "np.cumsum(x)", grad=["x"], x=F),
    c("cumsum_axis", "x.cumsum(axis=1)", grad=["x"], x=F),
    c("cumsum_axis0", "np.cumsum(x, axis=0)", x=F3),
    c("cumsum_int", "x.cumsum()", x=I),
    c("cumsum_bool", "x.cumsum()", x=B),
    c("cumsum_dtype", "x.cumsum(dtype='float32')", x=I),
    c("all", "np.all(x)", x=B),
    c("all_float", "x.all()", x=F),
    c("any_axis", "np.any(x, axis=0)", x=B),
    c("any_keepdims", "x.any(axis=1, keepdims=True)", x=B),
    c("average", "np.average(x)", grad=["x"], x=F),
    c("average_axis", "np.average(x, axis=1)", x=F),
    c("average_weights", "np.average(x, axis=1, weights=w)", grad=["x", "w"], x=F,
      w=val([1., 2., 3.])),
    c("average_weights_full", "np.average(x, weights=w)", grad=["x", "w"], x=F,
      w=arr((2, 3), seed=25, positive=True)),
    c("average_returned", "np.average(x, axis=0, returned=True)", x=F),
    # Python control flow on 0-d results
    c("sum_gt_python", "x.sum() > 0", x=F),
    c("float_of_sum", "float(x.sum())", x=F),
    c("bool_of_sum", "bool(x.sum() > 100)", x=F),
    c("item_of_mean", "x.mean().item()", x=I),
    c("int_of_max", "int(x.max())", x=I),
]
