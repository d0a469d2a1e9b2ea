"""Golden cases: sort, argsort and topk against MXNet 1.9.1 (ties, directions, axes,
index dtypes, gradients, errors)."""
from _common import arr, case, val

TIES = val([[3, 1, 3, 2, 1, 3], [0, 0, 5, 5, -1, 0]])
R34 = arr((3, 4), seed=21)
R234 = arr((2, 3, 4), seed=22)
D34 = arr((3, 4), "float64", seed=23)
I34 = arr((3, 4), "int32", lo=-3, hi=3, seed=24)

CASES = [
    # ------------------------------------------------------------------- sort
    case("sort", "nd.sort(x)", x=R34, repr=True),
    case("sort_desc_ties", "nd.sort(x, is_ascend=False)", x=TIES),
    case("sort_axis0_grad", "nd.sort(x, axis=0, is_ascend=False)", grad=["x"], x=R34),
    case("sort_axis_neg_grad", "nd.sort(x, axis=-1)", grad=["x"], x=R234),
    case("sort_axis1_3d_grad", "nd.sort(x, axis=1)", grad=["x"], x=R234),
    case("sort_ties_grad", "nd.sort(x, axis=1)", grad=["x"], x=TIES),
    case("sort_flat_grad", "nd.sort(x, axis=None)", grad=["x"], x=R234),
    # MXNet 1.9.1's sort backward fails when axis is left at its default.
    case("sort_default_axis_grad", "nd.sort(x)", grad=["x"], x=R34),
    case("sort_int", "nd.sort(x)", x=I34),
    # MXNet 1.9.1's CPU sort rejects float16; mxcompat sorts it (test_ops_shape.py).
    case("sort_f16", "nd.sort(x, axis=0)", grad=["x"], x=arr((3, 4), "float16", seed=25)),
    case("sort_f64_method", "x.sort(axis=0)", grad=["x"], x=D34),
    case("sort_bad_axis", "nd.sort(x, axis=2)", error=True, x=R34),
    case("sort_0d", "nd.sort(x)", error=True, x=val(5.)),
    # ---------------------------------------------------------------- argsort
    case("argsort", "nd.argsort(x)", x=TIES, repr=True),
    case("argsort_desc", "nd.argsort(x, is_ascend=False)", x=TIES),
    case("argsort_flat", "nd.argsort(x, axis=None)", x=TIES),
    case("argsort_axis0_int32", "nd.argsort(x, axis=0, dtype='int32')", x=TIES),
    case("argsort_int_data", "nd.argsort(x)", x=I34),
    case("argsort_f64_int64", "nd.argsort(x, axis=1, is_ascend=False, dtype='int64')",
         x=D34),
    case("argsort_method", "x.argsort(axis=0)", x=R234),
    case("argsort_zeros", "nd.argsort(x)", x=val([[0., -0., 0., -0.]])),
    case("argsort_grad", "nd.argsort(x) + x", grad=["x"], x=R34),
    case("argsort_bad_axis", "nd.argsort(x, axis=-3)", error=True, x=R34),
    # ------------------------------------------------------------------- topk
    case("topk_default", "nd.topk(x, k=3)", x=TIES),
    case("topk_ascend", "nd.topk(x, k=3, is_ascend=True)", x=TIES),
    case("topk_both", "nd.topk(x, k=3, ret_typ='both')", grad=["x"], x=TIES, repr=True),
    case("topk_value", "nd.topk(x, k=2, ret_typ='value')", grad=["x"], x=R234),
    case("topk_value_ascend", "nd.topk(x, k=2, ret_typ='value', is_ascend=True)",
         grad=["x"], x=TIES),
    case("topk_mask", "nd.topk(x, k=3, ret_typ='mask')", grad=["x"], x=TIES),
    case("topk_indices_grad", "nd.topk(x, k=3, ret_typ='indices')", grad=["x"], x=R34),
    case("topk_axis0_int64", "nd.topk(x, k=2, axis=0, ret_typ='both', dtype='int64')",
         grad=["x"], x=TIES),
    case("topk_flat", "nd.topk(x, k=2, axis=None, ret_typ='both')", grad=["x"], x=TIES),
    case("topk_flat_mask", "nd.topk(x, axis=None, ret_typ='mask', k=2)", x=val([[3, 1, 2]])),
    case("topk_k0", "nd.topk(x, k=0, ret_typ='value')", x=TIES),
    case("topk_kneg_mask", "nd.topk(x, k=-1, ret_typ='mask')", x=val([[3, 1, 2]])),
    case("topk_int_both", "nd.topk(x, ret_typ='both')", x=val([3, 1, 2], "int32")),
    case("topk_int_mask", "nd.topk(x, ret_typ='mask', k=2)", x=I34),
    case("topk_f64_both", "nd.topk(x, k=2, ret_typ='both', axis=1, dtype='int32')",
         grad=["x"], x=D34),
    case("topk_f16", "nd.topk(x, k=2, ret_typ='both')", grad=["x"],
         x=arr((3, 4), "float16", seed=26)),
    case("topk_int64_data", "nd.topk(x, k=2, ret_typ='both', is_ascend=True)",
         x=arr((2, 5), "int64", lo=-9, hi=9, seed=27)),
    case("topk_uint8", "nd.topk(x, k=2, axis=0, dtype='uint8')", x=R34),
    case("topk_method", "x.topk(axis=1, k=2, ret_typ='value')", grad=["x"], x=R234),
    case("topk_3d_mid", "nd.topk(x, axis=1, k=2, ret_typ='both', is_ascend=True)",
         grad=["x"], x=R234),
    case("topk_k_big", "nd.topk(x, k=3, axis=0, ret_typ='value')", error=True, x=TIES),
    case("topk_bad_ret", "nd.topk(x, ret_typ='foo')", error=True, x=TIES),
    case("topk_bad_axis", "nd.topk(x, axis=2)", error=True, x=TIES),
    case("topk_0d", "nd.topk(x)", error=True, x=val(5.)),
]
