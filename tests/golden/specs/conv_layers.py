"""Golden cases: the gluon convolution, pooling and normalization layers (imperative and
hybridized) with weights set from fixed numpy streams: outputs and input gradients.

The value pass runs outside autograd (prediction mode: BatchNorm uses its running
statistics); the gradient pass runs inside autograd.record() (training mode)."""
from _common import arr, case

SETUP = ("nn = mx.gluon.nn\n"
         "layer = %s\n"
         "layer.initialize()\n"
         "%s"
         "layer(x)\n"
         "for i, p in enumerate(sorted(layer.collect_params().values(), key=lambda p: p.name)):\n"
         "    rs = onp.random.RandomState(i + 5)\n"
         "    lo = 0.5 if p.name.endswith('var') else -1.0\n"
         "    p.set_data(nd.array(rs.uniform(lo, 1.5, p.shape).astype(p.dtype)))\n")


def layer(id, ctor, x, hybridize=False, grad=True, **kw):
    setup = SETUP % (ctor, "layer.hybridize()\n" if hybridize else "")
    return case(id, "layer(x)", grad=["x"] if grad else [], setup=setup, x=x, **kw)


def both(id, ctor, x, **kw):
    return [layer(id, ctor, x, **kw), layer(id + "_hybrid", ctor, x, hybridize=True, **kw)]


X2 = arr((2, 3, 6, 6))
TOL = dict(rtol=1e-5, atol=2e-5)

CASES = (
    both("conv1d", "nn.Conv1D(4, 3)", arr((2, 3, 8)), **TOL)
    + both("conv2d", "nn.Conv2D(4, 3, strides=2, padding=1, activation='relu')", X2, **TOL)
    + both("conv2d_groups_nobias", "nn.Conv2D(6, (3, 2), groups=3, use_bias=False, "
           "dilation=(1, 2))", X2, **TOL)
    + both("conv2d_nhwc_in", "nn.Conv2D(4, 3, layout='NCHW', in_channels=3)", X2, **TOL)
    + both("conv3d", "nn.Conv3D(2, (2, 3, 2), padding=(1, 0, 1))", arr((1, 2, 3, 4, 4)),
           **TOL)
    + both("conv1d_transpose", "nn.Conv1DTranspose(3, 3, strides=2, output_padding=1)",
           arr((2, 2, 5)), **TOL)
    + both("conv2d_transpose", "nn.Conv2DTranspose(4, (3, 3), strides=(2, 2), padding=1, "
           "output_padding=1, activation='tanh')", arr((2, 3, 4, 4)), **TOL)
    # (MXNet cannot infer in_channels of a grouped transposed convolution: give it.)
    + both("conv2d_transpose_groups", "nn.Conv2DTranspose(4, 2, groups=2, use_bias=False, "
           "in_channels=4)", arr((1, 4, 3, 3)), **TOL)
    + both("conv3d_transpose", "nn.Conv3DTranspose(2, 2, strides=2)", arr((1, 2, 2, 3, 2)),
           **TOL)
    + both("maxpool1d", "nn.MaxPool1D(3, 2)", arr((2, 3, 9)))
    + both("maxpool2d", "nn.MaxPool2D()", X2)
    + both("maxpool2d_ceil", "nn.MaxPool2D(3, 2, 1, ceil_mode=True)", arr((1, 2, 6, 6)))
    + both("maxpool3d", "nn.MaxPool3D(2, 1)", arr((1, 2, 3, 3, 3)))
    + both("avgpool1d", "nn.AvgPool1D(2, padding=1, count_include_pad=False)",
           arr((2, 3, 7)))
    + both("avgpool2d", "nn.AvgPool2D(3, 2, 1)", X2)
    + both("avgpool2d_nhwc", "nn.AvgPool2D(2, layout='NHWC')", arr((2, 4, 4, 3)))
    + both("avgpool3d", "nn.AvgPool3D(2, count_include_pad=False, padding=1)",
           arr((1, 2, 3, 4, 3)))
    + both("globalmax1d", "nn.GlobalMaxPool1D()", arr((2, 3, 5)))
    + both("globalmax2d", "nn.GlobalMaxPool2D()", X2)
    + both("globalmax3d", "nn.GlobalMaxPool3D()", arr((1, 2, 2, 3, 2)))
    + both("globalavg1d", "nn.GlobalAvgPool1D()", arr((2, 3, 5)))
    + both("globalavg2d", "nn.GlobalAvgPool2D()", X2)
    + both("globalavg2d_nhwc", "nn.GlobalAvgPool2D(layout='NHWC')", arr((2, 3, 3, 4)))
    + both("globalavg3d", "nn.GlobalAvgPool3D()", arr((1, 2, 2, 3, 2)))
    + both("reflectionpad2d", "nn.ReflectionPad2D(2)", arr((1, 2, 4, 5)))
    + both("batchnorm", "nn.BatchNorm()", arr((4, 3, 2, 2), lo=-3, hi=3))
    + both("batchnorm_noscale", "nn.BatchNorm(scale=False, center=False, momentum=0.5)",
           arr((4, 3, 2, 2), lo=-3, hi=3))
    + both("batchnorm_axis_last", "nn.BatchNorm(axis=-1, epsilon=1e-3)",
           arr((3, 2, 4), lo=-3, hi=3))
    + both("batchnorm_global", "nn.BatchNorm(use_global_stats=True, in_channels=3)",
           arr((4, 3, 2), lo=-3, hi=3))
    + both("batchnorm_relu", "nn.BatchNormReLU()", arr((4, 3, 2, 2), lo=-3, hi=3))
    + both("instancenorm", "nn.InstanceNorm()", arr((2, 3, 4), lo=-3, hi=3))
    + both("instancenorm_scale_axis", "nn.InstanceNorm(axis=2, scale=True, epsilon=1e-3)",
           arr((2, 3, 4, 2), lo=-3, hi=3))
    + both("layernorm", "nn.LayerNorm()", arr((2, 3, 5), lo=-3, hi=3))
    + both("layernorm_axis1", "nn.LayerNorm(axis=1, center=False)", arr((2, 4, 3), lo=-3,
                                                                         hi=3))
    + both("groupnorm", "nn.GroupNorm(2)", arr((2, 4, 3, 2), lo=-3, hi=3))
    + both("groupnorm_one", "nn.GroupNorm(epsilon=1e-3, scale=False)",
           arr((2, 3, 4), lo=-3, hi=3))
)
