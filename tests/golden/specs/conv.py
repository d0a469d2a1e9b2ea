"""Golden cases: Convolution and Deconvolution (1-D/2-D/3-D, stride, dilate, pad, groups,
bias, layouts, adj/target_shape), im2col and col2im: values, dtypes, gradients of data,
weight and bias, and the errors MXNet raises."""
from _common import arr, case

# float32 convolutions sum many products: MKLDNN and XLA add them in different orders.
T32 = dict(rtol=1e-5, atol=2e-5)
T64 = dict(rtol=1e-10, atol=1e-11)


def conv(id, data_shape, w_shape, attrs, dtype="float32", bias=True, grad=True, **kw):
    code = "nd.Convolution(x, w%s, %s)" % (", b" if bias else "", attrs)
    inputs = dict(x=arr(data_shape, dtype), w=arr(w_shape, dtype, seed=1, lo=-1, hi=1))
    if bias:
        inputs["b"] = arr((w_shape[0],), dtype, seed=2)
    tol = dict(T64 if dtype == "float64" else T32, **kw)
    names = ["x", "w", "b"] if bias else ["x", "w"]
    return case(id, code, grad=names if grad else [], **dict(tol, **inputs))


def deconv(id, data_shape, w_shape, attrs, dtype="float32", bias=False, num_filter=None):
    code = "nd.Deconvolution(x, w%s, %s)" % (", b" if bias else "", attrs)
    inputs = dict(x=arr(data_shape, dtype), w=arr(w_shape, dtype, seed=1, lo=-1, hi=1))
    if bias:
        inputs["b"] = arr((num_filter,), dtype, seed=2)
    tol = T64 if dtype == "float64" else T32
    names = ["x", "w", "b"] if bias else ["x", "w"]
    return case(id, code, grad=names, **dict(tol, **inputs))


X4 = arr((2, 3, 5, 5))
W4 = arr((4, 3, 3, 3), seed=1)

CASES = [
    # ------------------------------------------------------------ Convolution
    conv("conv2d", (2, 3, 5, 5), (4, 3, 3, 3), "kernel=(3, 3), num_filter=4"),
    conv("conv2d_f64", (2, 3, 5, 5), (4, 3, 3, 3), "kernel=(3, 3), num_filter=4", "float64"),
    conv("conv2d_no_bias", (2, 3, 5, 5), (4, 3, 3, 3),
         "kernel=(3, 3), num_filter=4, no_bias=True", bias=False),
    conv("conv2d_stride_pad", (2, 3, 7, 6), (4, 3, 3, 2),
         "kernel=(3, 2), stride=(2, 2), pad=(1, 1), num_filter=4"),
    conv("conv2d_stride_pad_f64", (2, 3, 7, 6), (4, 3, 3, 2),
         "kernel=(3, 2), stride=(2, 1), pad=(1, 0), num_filter=4", "float64"),
    conv("conv2d_dilate", (1, 2, 7, 7), (3, 2, 3, 3),
         "kernel=(3, 3), dilate=(2, 2), pad=(1, 2), num_filter=3"),
    conv("conv2d_groups", (2, 4, 5, 5), (6, 2, 3, 3),
         "kernel=(3, 3), num_filter=6, num_group=2"),
    conv("conv2d_depthwise_f64", (2, 4, 5, 5), (4, 1, 3, 3),
         "kernel=(3, 3), num_filter=4, num_group=4, pad=(1, 1)", "float64"),
    conv("conv2d_1x1", (2, 3, 4, 4), (5, 3, 1, 1), "kernel=(1, 1), num_filter=5"),
    conv("conv2d_kw", (1, 2, 4, 4), (3, 2, 2, 2),
         "kernel=(2, 2), num_filter=3, cudnn_tune='fastest', cudnn_off=True, "
         "workspace=64, layout='NCHW'"),
    conv("conv2d_nhwc", (2, 5, 5, 3), (4, 3, 3, 3),
         "kernel=(3, 3), num_filter=4, layout='NHWC', pad=(1, 1)"),
    conv("conv1d", (2, 3, 9), (4, 3, 3), "kernel=(3,), num_filter=4"),
    conv("conv1d_stride_dilate_f64", (2, 2, 11), (4, 2, 3),
         "kernel=(3,), stride=(2,), dilate=(2,), pad=(2,), num_filter=4", "float64"),
    conv("conv1d_groups", (1, 4, 8), (4, 2, 2), "kernel=(2,), num_filter=4, num_group=2"),
    conv("conv3d", (1, 2, 4, 5, 4), (3, 2, 2, 3, 2), "kernel=(2, 3, 2), num_filter=3"),
    conv("conv3d_stride_pad_f64", (2, 2, 5, 4, 4), (2, 2, 3, 3, 3),
         "kernel=(3, 3, 3), stride=(2, 1, 2), pad=(1, 1, 0), num_filter=2", "float64"),
    conv("conv3d_ndhwc", (1, 4, 4, 4, 2), (3, 2, 2, 2, 2),
         "kernel=(2, 2, 2), num_filter=3, layout='NDHWC'"),
    case("conv2d_f16", "nd.Convolution(x, w, b, kernel=(2, 2), num_filter=2)",
         x=arr((1, 2, 3, 3), "float16"), w=arr((2, 2, 2, 2), "float16", seed=1),
         b=arr((2,), "float16", seed=2)),
    case("conv2d_int32_err", "nd.Convolution(x, w, kernel=(2, 2), num_filter=2, no_bias=True)",
         error=True, x=arr((1, 2, 4, 4), "int32", lo=-5, hi=5),
         w=arr((2, 2, 2, 2), "int32", seed=1, lo=-3, hi=3)),
    case("conv2d_keywords",
         "nd.Convolution(data=x, weight=w, bias=b, kernel=(3, 3), num_filter=4)",
         rtol=1e-5, atol=2e-5, x=X4, w=W4, b=arr((4,), seed=2)),
    case("conv_no_num_filter_err", "nd.Convolution(x, w, kernel=(3, 3), no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_no_kernel_err", "nd.Convolution(x, w, num_filter=4, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_missing_bias_err", "nd.Convolution(x, w, kernel=(3, 3), num_filter=4)",
         error=True, x=X4, w=W4),
    case("conv_int_kernel_err", "nd.Convolution(x, w, kernel=3, num_filter=4, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_int_stride_err",
         "nd.Convolution(x, w, kernel=(3, 3), stride=2, num_filter=4, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_weight_shape_err",
         "nd.Convolution(x, w, kernel=(3, 3), num_filter=5, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_group_err",
         "nd.Convolution(x, w, kernel=(3, 3), num_filter=4, num_group=2, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_kernel_too_big_err",
         "nd.Convolution(x, w, kernel=(7, 7), num_filter=4, no_bias=True)",
         error=True, x=X4, w=arr((4, 3, 7, 7))),
    case("conv_layout_err",
         "nd.Convolution(x, w, kernel=(3, 3), num_filter=4, no_bias=True, layout='NCW')",
         error=True, x=X4, w=W4),
    case("conv_ndim_err", "nd.Convolution(x, w, kernel=(3, 3, 3), num_filter=4, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_stride0_err",
         "nd.Convolution(x, w, kernel=(3, 3), stride=(0, 1), num_filter=4, no_bias=True)",
         error=True, x=X4, w=W4),
    case("conv_dtype_mix_err",
         "nd.Convolution(x, w, kernel=(3, 3), num_filter=4, no_bias=True)",
         error=True, x=X4, w=arr((4, 3, 3, 3), "float64")),
    # ---------------------------------------------------------- Deconvolution
    deconv("deconv2d", (2, 3, 4, 4), (3, 2, 3, 3), "kernel=(3, 3), num_filter=2"),
    deconv("deconv2d_f64", (2, 3, 4, 4), (3, 2, 3, 3), "kernel=(3, 3), num_filter=2",
           "float64"),
    deconv("deconv2d_bias", (2, 3, 4, 4), (3, 2, 3, 3),
           "kernel=(3, 3), num_filter=2, no_bias=False", bias=True, num_filter=2),
    deconv("deconv2d_stride_pad_adj", (1, 2, 4, 3), (2, 3, 3, 3),
           "kernel=(3, 3), stride=(2, 2), pad=(1, 1), adj=(1, 0), num_filter=3"),
    deconv("deconv2d_stride_pad_adj_f64", (1, 2, 4, 3), (2, 3, 4, 3),
           "kernel=(4, 3), stride=(3, 2), pad=(1, 2), adj=(2, 1), num_filter=3", "float64"),
    deconv("deconv2d_dilate", (1, 2, 4, 4), (2, 2, 2, 3),
           "kernel=(2, 3), dilate=(2, 2), stride=(1, 2), num_filter=2"),
    deconv("deconv2d_groups", (2, 4, 3, 3), (4, 3, 2, 2),
           "kernel=(2, 2), stride=(2, 2), num_filter=6, num_group=2"),
    deconv("deconv2d_target", (1, 2, 4, 4), (2, 2, 3, 3),
           "kernel=(3, 3), stride=(2, 2), target_shape=(8, 8), num_filter=2"),
    deconv("deconv2d_target_odd_f64", (1, 2, 4, 4), (2, 2, 3, 3),
           "kernel=(3, 3), stride=(2, 2), target_shape=(7, 8), num_filter=2", "float64"),
    deconv("deconv1d", (2, 3, 5), (3, 2, 3), "kernel=(3,), stride=(2,), num_filter=2"),
    deconv("deconv1d_pad_f64", (2, 3, 5), (3, 2, 4),
           "kernel=(4,), stride=(3,), pad=(1,), adj=(1,), num_filter=2", "float64"),
    deconv("deconv3d", (1, 2, 3, 3, 2), (2, 2, 2, 2, 2),
           "kernel=(2, 2, 2), stride=(2, 1, 2), num_filter=2"),
    case("deconv_adj_err",
         "nd.Deconvolution(x, w, kernel=(3, 3), stride=(2, 2), adj=(2, 0), num_filter=2)",
         error=True, x=arr((1, 3, 4, 4)), w=arr((3, 2, 3, 3))),
    case("deconv_weight_err", "nd.Deconvolution(x, w, kernel=(3, 3), num_filter=3)",
         error=True, x=arr((1, 3, 4, 4)), w=arr((3, 2, 3, 3))),
    case("deconv_target_big_err",
         "nd.Deconvolution(x, w, kernel=(3, 3), target_shape=(9, 9), num_filter=2)",
         error=True, x=arr((1, 3, 4, 4)), w=arr((3, 2, 3, 3))),
    case("deconv_bias_err", "nd.Deconvolution(x, w, b, kernel=(3, 3), num_filter=2)",
         error=True, x=arr((1, 3, 4, 4)), w=arr((3, 2, 3, 3)), b=arr((2,))),
    # -------------------------------------------------------- im2col / col2im
    case("im2col", "nd.im2col(x, kernel=(2, 2))", grad=["x"], x=arr((2, 2, 4, 4))),
    case("im2col_stride_pad_dilate",
         "nd.im2col(x, kernel=(2, 3), stride=(2, 1), pad=(1, 1), dilate=(1, 2))",
         grad=["x"], x=arr((1, 3, 5, 6), "float64")),
    case("im2col_1d", "nd.im2col(x, kernel=(3,), stride=(2,))", grad=["x"],
         x=arr((2, 2, 7))),
    case("col2im", "nd.col2im(c, output_size=(4, 4), kernel=(2, 2))", grad=["c"],
         c=arr((2, 8, 9))),
    case("col2im_stride_pad",
         "nd.col2im(c, output_size=(5, 4), kernel=(3, 2), stride=(2, 2), pad=(1, 0))",
         grad=["c"], c=arr((1, 12, 6), "float64")),
    case("col2im_of_im2col",
         "nd.col2im(nd.im2col(x, kernel=(3, 3), pad=(1, 1)), output_size=(4, 5), "
         "kernel=(3, 3), pad=(1, 1))", grad=["x"], x=arr((1, 2, 4, 5))),
]
