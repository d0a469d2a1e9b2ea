"""Golden cases: Pooling (max/avg/sum/lp, global, valid/full/same conventions,
count_include_pad, layouts, dtypes), contrib.AdaptiveAvgPooling2D,
contrib.BilinearResize2D and Crop: values, gradients and errors."""
from _common import arr, case

X4 = arr((2, 3, 5, 5))
# Small integers: many ties inside the max-pooling windows.
TIES = arr((1, 2, 4, 5), lo=0, hi=2, integer=True)
TIES = dict(TIES, dtype="float32")


def pool(id, attrs, x, grad=True, **kw):
    return case(id, "nd.Pooling(x, %s)" % attrs, grad=["x"] if grad else [], x=x, **kw)


CASES = [
    # ------------------------------------------------------------------- max
    pool("max2d", "kernel=(2, 2)", X4),
    pool("max2d_stride", "kernel=(2, 2), stride=(2, 2), pool_type='max'", X4),
    pool("max2d_overlap_pad", "kernel=(3, 3), stride=(2, 1), pad=(1, 1)", X4),
    pool("max2d_full", "kernel=(2, 2), stride=(2, 2), pooling_convention='full'", X4),
    pool("max2d_full_pad_f64", "kernel=(3, 2), stride=(2, 2), pad=(1, 1), "
         "pooling_convention='full'", arr((2, 2, 6, 5), "float64")),
    pool("max2d_ties", "kernel=(2, 2), stride=(1, 1)", TIES),
    pool("max2d_ties_stride", "kernel=(2, 3), stride=(2, 2), pad=(0, 1)", TIES),
    pool("max1d", "kernel=(3,), stride=(2,)", arr((2, 3, 9))),
    pool("max1d_same", "kernel=(3,), stride=(2,), pooling_convention='same'", arr((2, 3, 9))),
    pool("max1d_same_f64", "kernel=(2,), stride=(3,), pooling_convention='same'",
         arr((1, 2, 8), "float64")),
    pool("max3d", "kernel=(2, 2, 2), stride=(1, 2, 2)", arr((1, 2, 4, 4, 5))),
    pool("max3d_pad_f64", "kernel=(3, 3, 2), stride=(2, 2, 1), pad=(1, 1, 0)",
         arr((1, 2, 5, 4, 3), "float64")),
    pool("max2d_nhwc", "kernel=(2, 2), layout='NHWC'", arr((2, 4, 5, 3))),
    pool("max1d_nwc", "kernel=(2,), stride=(2,), layout='NWC'", arr((2, 6, 3))),
    pool("max3d_ndhwc", "kernel=(2, 2, 2), layout='NDHWC'", arr((1, 3, 4, 4, 2))),
    pool("max2d_f16", "kernel=(2, 2)", arr((1, 2, 4, 4), "float16")),
    case("max2d_int32_err", "nd.Pooling(x, kernel=(2, 2))", error=True,
         x=arr((1, 2, 4, 4), "int32", lo=-9, hi=9)),
    pool("max_global", "global_pool=True", X4),
    pool("max_global_kernel_ignored", "kernel=(2, 2), global_pool=True, pool_type='max'", X4),
    pool("max_global_1d", "kernel=(2,), global_pool=True", arr((2, 3, 6))),
    pool("max_global_nhwc", "global_pool=True, layout='NHWC'", arr((2, 4, 3, 3))),
    # ------------------------------------------------------------------- avg
    pool("avg2d", "kernel=(2, 2), pool_type='avg'", X4),
    pool("avg2d_pad", "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg'", X4),
    pool("avg2d_pad_exclude", "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg', "
         "count_include_pad=False", X4),
    pool("avg2d_full", "kernel=(2, 2), stride=(2, 2), pool_type='avg', "
         "pooling_convention='full'", X4),
    pool("avg2d_full_pad", "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg', "
         "pooling_convention='full'", arr((1, 2, 6, 6))),
    pool("avg2d_full_pad_exclude_f64", "kernel=(3, 3), stride=(2, 2), pad=(1, 1), "
         "pool_type='avg', pooling_convention='full', count_include_pad=False",
         arr((1, 2, 6, 6), "float64")),
    pool("avg1d_same", "kernel=(3,), stride=(2,), pool_type='avg', "
         "pooling_convention='same'", arr((1, 2, 8))),
    pool("avg1d_pad_f64", "kernel=(3,), stride=(2,), pad=(1,), pool_type='avg'",
         arr((2, 2, 7), "float64")),
    pool("avg3d", "kernel=(2, 2, 2), pool_type='avg', pad=(1, 0, 1)", arr((1, 2, 3, 4, 3))),
    pool("avg3d_exclude_f64", "kernel=(2, 3, 2), stride=(2, 2, 2), pad=(1, 1, 1), "
         "pool_type='avg', count_include_pad=False", arr((1, 2, 4, 4, 3), "float64")),
    pool("avg2d_nhwc", "kernel=(3, 3), pad=(1, 1), pool_type='avg', layout='NHWC'",
         arr((1, 4, 4, 2))),
    pool("avg_global", "global_pool=True, pool_type='avg'", X4),
    pool("avg_global_f64", "global_pool=True, pool_type='avg'", arr((2, 3, 3, 4), "float64")),
    pool("avg_global_3d", "global_pool=True, pool_type='avg'", arr((1, 2, 2, 3, 4))),
    pool("avg2d_f16", "kernel=(2, 2), pool_type='avg'", arr((1, 2, 4, 4), "float16")),
    case("avg2d_int32_err", "nd.Pooling(x, kernel=(3, 3), pad=(1, 1), pool_type='avg')",
         error=True, x=arr((1, 1, 4, 4), "int32", lo=-20, hi=20)),
    # ------------------------------------------------------------- sum / lp
    pool("sum2d", "kernel=(2, 2), pool_type='sum'", X4),
    pool("sum2d_pad_full", "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='sum', "
         "pooling_convention='full'", arr((1, 2, 6, 6))),
    pool("sum_global_f64", "global_pool=True, pool_type='sum'", arr((2, 2, 3, 3), "float64")),
    pool("lp1", "kernel=(2, 2), pool_type='lp', p_value=1", X4),
    pool("lp2", "kernel=(2, 2), pool_type='lp', p_value=2", X4),
    pool("lp2_f64", "kernel=(2, 2), stride=(2, 2), pool_type='lp', p_value=2",
         arr((1, 2, 4, 4), "float64")),
    pool("lp3", "kernel=(2, 2), pool_type='lp', p_value=3", arr((1, 2, 4, 4), positive=True)),
    pool("lp3_f64", "kernel=(3,), pool_type='lp', p_value=3", arr((1, 2, 6), "float64")),
    pool("lp2_zero_window", "kernel=(2, 2), stride=(2, 2), pool_type='lp', p_value=2",
         dict(arr((1, 1, 4, 4), lo=0, hi=0, integer=True), dtype="float32")),
    pool("lp_global", "global_pool=True, pool_type='lp', p_value=2", X4),
    # ---------------------------------------------------------------- errors
    case("pool_no_kernel_err", "nd.Pooling(x)", error=True, x=X4),
    case("pool_kernel_dims_err", "nd.Pooling(x, kernel=(2,))", error=True, x=X4),
    case("pool_kernel_big_err", "nd.Pooling(x, kernel=(6, 6))", error=True, x=X4),
    case("pool_type_err", "nd.Pooling(x, kernel=(2, 2), pool_type='min')", error=True, x=X4),
    case("pool_convention_err", "nd.Pooling(x, kernel=(2, 2), pooling_convention='ceil')",
         error=True, x=X4),
    case("pool_lp_no_p_err", "nd.Pooling(x, kernel=(2, 2), pool_type='lp')", error=True,
         x=X4),
    case("pool_same_2d_err", "nd.Pooling(x, kernel=(2, 2), pooling_convention='same')",
         error=True, x=X4),
    case("pool_same_pad_err",
         "nd.Pooling(x, kernel=(2,), pad=(1,), pooling_convention='same')", error=True,
         x=arr((1, 2, 6))),
    case("pool_2d_data_err", "nd.Pooling(x, kernel=(2,))", error=True, x=arr((3, 4))),
    case("pool_int_stride_err", "nd.Pooling(x, kernel=(2, 2), stride=2)", error=True, x=X4),
    case("pool_layout_err", "nd.Pooling(x, kernel=(2, 2), layout='NCW')", error=True, x=X4),
    # --------------------------------------------------- AdaptiveAvgPooling2D
    case("adaptive_avg", "nd.contrib.AdaptiveAvgPooling2D(x, output_size=3)", grad=["x"],
         x=arr((2, 2, 5, 7))),
    case("adaptive_avg_pair_f64", "nd.contrib.AdaptiveAvgPooling2D(x, output_size=(2, 4))",
         grad=["x"], x=arr((1, 3, 5, 6), "float64")),
    case("adaptive_avg_default", "nd.contrib.AdaptiveAvgPooling2D(x)", grad=["x"],
         x=arr((2, 3, 4, 4))),
    case("adaptive_avg_up", "nd.contrib.AdaptiveAvgPooling2D(x, output_size=(5, 3))",
         grad=["x"], x=arr((1, 1, 3, 2))),
    # ------------------------------------------------------- BilinearResize2D
    case("bilinear_size", "nd.contrib.BilinearResize2D(x, height=7, width=5)", grad=["x"],
         x=arr((2, 2, 4, 3))),
    case("bilinear_down_f64", "nd.contrib.BilinearResize2D(x, height=3, width=2)",
         grad=["x"], x=arr((1, 2, 6, 5), "float64")),
    case("bilinear_no_align", "nd.contrib.BilinearResize2D(x, height=7, width=5, "
         "align_corners=False)", grad=["x"], x=arr((1, 2, 4, 3))),
    case("bilinear_no_align_down_f64", "nd.contrib.BilinearResize2D(x, height=3, width=4, "
         "align_corners=False)", grad=["x"], x=arr((1, 1, 7, 6), "float64")),
    case("bilinear_scale", "nd.contrib.BilinearResize2D(x, scale_height=2.0, "
         "scale_width=1.5)", grad=["x"], x=arr((1, 2, 3, 4))),
    case("bilinear_odd_scale", "nd.contrib.BilinearResize2D(x, scale_height=2.0, "
         "scale_width=2.0, mode='odd_scale')", grad=["x"], x=arr((1, 1, 3, 4))),
    case("bilinear_like", "nd.contrib.BilinearResize2D(x, y, mode='like')", grad=["x", "y"],
         x=arr((1, 2, 3, 3)), y=arr((1, 1, 5, 6), seed=3)),
    case("bilinear_to_even_up", "nd.contrib.BilinearResize2D(x, mode='to_even_up')",
         grad=["x"], x=arr((1, 1, 3, 4))),
    case("bilinear_to_odd_down", "nd.contrib.BilinearResize2D(x, mode='to_odd_down')",
         grad=["x"], x=arr((1, 1, 4, 6))),
    case("bilinear_same", "nd.contrib.BilinearResize2D(x, height=3, width=4)", grad=["x"],
         x=arr((1, 2, 3, 4))),
    case("bilinear_mode_err", "nd.contrib.BilinearResize2D(x, mode='nearest')", error=True,
         x=arr((1, 1, 3, 4))),
    # ------------------------------------------------------------------ Crop
    case("crop_hw", "nd.Crop(x, num_args=1, h_w=(2, 3), offset=(1, 1))", grad=["x"],
         x=arr((2, 2, 4, 5))),
    case("crop_center", "nd.Crop(x, num_args=1, h_w=(2, 2), center_crop=True)", grad=["x"],
         x=arr((1, 2, 5, 5))),
    case("crop_like", "nd.Crop(x, y, num_args=2)", grad=["x", "y"], x=arr((1, 2, 5, 5)),
         y=arr((1, 1, 3, 2), seed=3)),
    case("crop_like_center", "nd.Crop(x, y, num_args=2, center_crop=True)", grad=["x"],
         x=arr((1, 2, 6, 5)), y=arr((1, 1, 3, 2), seed=3)),
    case("crop_offset_err", "nd.Crop(x, num_args=1, h_w=(2, 2), offset=(4, 0))", error=True,
         x=arr((1, 2, 5, 5))),
    case("crop_big_err", "nd.Crop(x, num_args=1, h_w=(6, 2))", error=True,
         x=arr((1, 2, 5, 5))),
]
