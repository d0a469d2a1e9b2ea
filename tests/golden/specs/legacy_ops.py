"""Golden cases: MXNet's older nd functions (choose/fill_element_0index, onehot_encode,
ravel/unravel, histogram, cast_storage, reset_arrays, slice_assign, _crop_assign) and
the NDArray behaviours MXNet's own test_ndarray.py checks (views of contiguous blocks,
inplace flatten/squeeze/expand_dims, NaN in max/min, out= of creation functions).
"""
from _common import arr, case, val

X = val([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])

CASES = [
    # ------------------------------------------------------ pick-like legacy ops
    case("choose_element_0index", "nd.choose_element_0index(x, i)", x=X,
         i=val([0, 2, 1, 5])),
    case("choose_element_0index_neg", "nd.choose_element_0index(x, i)", x=X,
         i=val([-1, 0, 2, -3])),
    case("choose_element_0index_grad", "nd.choose_element_0index(x, i)", grad=["x"],
         x=arr((4, 3)), i=val([0, 2, 1, 1])),
    case("fill_element_0index", "nd.fill_element_0index(x, v, i)", x=X,
         v=val([-1, -2, -3, -4]), i=val([0, 2, 1, 2])),
    case("fill_element_0index_out_of_range", "nd.fill_element_0index(x, v, i)", x=X,
         v=val([-1, -2, -3, -4]), i=val([3, -1, 1, 7])),
    case("onehot_encode", "[r is o, o]", setup="o = nd.zeros((4, 5))\n"
         "r = nd.onehot_encode(i, o)", i=val([1, 4, 0, 1])),
    case("onehot_encode_int_out", "nd.onehot_encode(i, nd.zeros((2, 3), dtype='int32'))",
         error=True, i=val([1, 0])),
    # ---------------------------------------------------------- ravel/unravel
    case("ravel_multi_index", "nd.ravel_multi_index(a, shape=(7, 6))",
         a=val([[3, 6, 6], [4, 5, 1]])),
    case("ravel_multi_index_placeholder", "nd.ravel_multi_index(a, shape=(-1, 6))",
         a=val([[3, 6, 9], [4, 5, 1]])),
    case("ravel_multi_index_3d_shape", "nd.ravel_multi_index(a, shape=(2, 3, 4))",
         a=val([[1, 0, 1], [2, 1, 0], [3, 0, 2]], "int32")),
    case("ravel_multi_index_bad_ndim", "nd.ravel_multi_index(a, shape=(7, 6))",
         error=True, a=arr((2, 2, 2), integer=True, lo=0, hi=3)),
    case("unravel_index", "nd.unravel_index(a, shape=(7, 6))", a=val([22, 41, 37])),
    case("unravel_index_placeholder", "nd.unravel_index(a, shape=(-1, 6))",
         a=val([22, 41, 37, 99])),
    case("unravel_index_int64", "nd.unravel_index(a, shape=(2, 3, 4))",
         a=val([0, 5, 23, 17], "int64")),
    # --------------------------------------------------------------- histogram
    case("histogram_range", "nd.histogram(a, bins=3, range=(0, 6))",
         a=val([1, 2, 2, 3, 5, 6, 9, -1])),
    case("histogram_bins_array", "nd.histogram(a, bins=b)",
         a=val([1, 2, 2, 3, 5, 9, -1, 8, 4, 0]), b=val([0, 2, 4, 8])),
    case("histogram_numpy", "list(nd.histogram(a, bins=4))", a=arr((20,), seed=3)),
    case("histogram_numpy_type", "type(nd.histogram(a, bins=4)).__name__",
         a=arr((5,), seed=3)),
    case("histogram_range_float64", "nd.histogram(a, bins=5, range=(-2.0, 2.0))",
         a=arr((30,), "float64", seed=4)),
    case("histogram_bad_bins", "nd.histogram(a, bins=2.5)", error=True, a=arr((5,))),
    case("histogram_dtype_mismatch", "nd.histogram(a, bins=b)", error=True,
         a=arr((5,), "float64"), b=val([0, 1, 2])),
    # ------------------------------------------------- storage, reset, assign
    case("cast_storage", "[c.stype, c.tostype('default')]",
         setup="c = nd.cast_storage(x, 'row_sparse')", x=val([[0, 1], [0, 0], [2, 3]])),
    case("reset_arrays", "[r, a, b]",
         setup="r = nd.reset_arrays(a, b, num_arrays=2)", a=arr((3,)),
         b=arr((2, 2), "float64", seed=2)),
    # MXNet refuses integer arrays; mxcompat zeroes them too.
    case("reset_arrays_int", "[a]", setup="nd.reset_arrays(a, num_arrays=1)",
         a=arr((2, 2), "int32", integer=True, lo=1, hi=5)),
    case("slice_assign", "[y is x, x]", setup="y = x.slice_assign(z, (0, 0, None), "
         "(1, 1, None), (None, None, None))", x=arr((2, 2, 2)), z=arr((1, 1, 2), seed=2)),
    case("slice_assign_step", "[y is x, x]", setup="y = x.slice_assign(z, (None, 0), "
         "(None, 3), (None, 2))", x=arr((2, 3)), z=arr((2, 2), seed=2)),
    case("slice_assign_scalar", "[y is x, x]", setup="y = x.slice_assign_scalar(5, (1,), "
         "(2,), (None,))", x=arr((2, 2, 2))),
    case("crop_assign", "[r, x]", setup="r = nd._internal._crop_assign(x, z, "
         "begin=(0, 1), end=(1, 3))", x=arr((2, 3)), z=arr((1, 2), seed=2)),
    case("crop_assign_out", "[r is x, x]", setup="r = nd._internal._crop_assign(x, z, "
         "begin=(0, 1), end=(1, 3), out=x)", x=arr((2, 3)), z=arr((1, 2), seed=2)),
    case("crop_assign_scalar", "nd._internal._crop_assign_scalar(x, scalar=4, "
         "begin=(None, 0), end=(None, 3), step=(None, 2))", x=arr((2, 3))),
    case("slice_assign_scalar_internal", "nd._internal._slice_assign_scalar(x, scalar=-1,"
         " begin=(1,), end=(2,))", x=arr((3, 2))),
    # ------------------------------------------- views of contiguous blocks
    case("view_one_element_rows", "x", setup="y = x[1:2, 2:4]\ny[:] = 0",
         x=arr((4, 6))),
    case("view_step_one_element", "x", setup="y = x[::20, :]\ny[:] = 0", x=arr((4, 6))),
    case("copy_column_block", "x", setup="y = x[0:2, 1:2]\ny[:] = 0", x=arr((4, 6))),
    case("view_empty", "[y, x]", setup="y = x[3:1]\ny[:] = 0", x=arr((4, 6))),
    case("assign_sized_value", "b", setup="b[0] = onp.array([47.844944], "
         "dtype='float32')", b=val([0.0])),
    # ---------------------------------------------------- inplace reshapes
    case("flatten_inplace", "[c, r]", setup="c = x.flatten()\nr = x.flatten(inplace=True)"
         "\nx[0] = -1", x=arr((2, 3, 2))),
    case("squeeze_inplace", "[c, r]", setup="c = x.squeeze(axis=(0, 2))\n"
         "r = x.squeeze(axis=(0, 2), inplace=True)\nx[0][0] = -1", x=arr((1, 3, 1, 2))),
    case("squeeze_inplace_all", "[r]", setup="r = x.squeeze(inplace=True)\nx[0] = 7",
         x=arr((1, 1, 1))),
    case("expand_dims_inplace", "[c, r]", setup="c = x.expand_dims(axis=-1)\n"
         "r = x.expand_dims(axis=-1, inplace=True)\nx[0] = -1", x=arr((2, 3))),
    case("reshape_method_size_error", "x.reshape((2, 3))", error=True, x=arr((2, 3, 5))),
    case("reshape_method_infer_error", "x.reshape((7, -1))", error=True, x=arr((2, 3, 5))),
    # ------------------------------------------------------- NaN in max/min
    case("max_nan_non_minor_axis", "[nd.max(x, axis=0), nd.max(x, axis=(1, 3)), "
         "nd.min(x, axis=2), nd.max(x)]", setup="x[1, 2, 3, 1] = float('nan')\n"
         "x[0, 0, 0, 0] = float('nan')", x=arr((7, 5, 8, 4), seed=5)),
    # ------------------------------------------------------ creation out=
    case("ones_out", "[r is o, o]", setup="o = nd.zeros((2, 2))\n"
         "r = nd.ones((2, 2), out=o)"),
    case("zeros_out", "[r is o, o]", setup="o = nd.ones((2, 3))\n"
         "r = nd.zeros((2, 3), out=o)"),
    case("ones_out_dtype_error", "nd.ones((2, 2), out=nd.zeros((2, 2), dtype='int32'))",
         error=True),
    case("full_out", "[r is o, o]", setup="o = nd.ones((2, 3))\n"
         "r = nd.full((2, 3), 2.5, out=o)"),
]
