"""Golden cases: gluon.contrib.nn's pixel-shuffle layers and SyncBatchNorm (one device),
imperative and hybridized: outputs, input gradients and the blocks' reprs."""
from _common import arr, case

SETUP = ("layer = mx.gluon.contrib.nn.%s\n"
         "layer.initialize()\n"
         "%s"
         "layer(x)\n"
         "for i, p in enumerate(sorted(layer.collect_params().values(), key=lambda p: p.name)):\n"
         "    rs = onp.random.RandomState(i + 7)\n"
         "    lo = 0.5 if p.name.endswith('var') else -1.0\n"
         "    p.set_data(nd.array(rs.uniform(lo, 1.5, p.shape).astype(p.dtype)))\n")


def both(id, ctor, x, **kw):
    return [case(id + sfx, "layer(x)", grad=["x"], x=x,
                 setup=SETUP % (ctor, "layer.hybridize()\n" if hyb else ""), **kw)
            for sfx, hyb in (("", False), ("_hybrid", True))]


def names(id, ctor, x):
    return case(id, "[repr(layer)] + sorted(layer.collect_params().keys())",
                setup=SETUP % (ctor, ""), x=x)


TOL = dict(rtol=1e-5, atol=2e-5)

CASES = (
    both("pixelshuffle1d", "PixelShuffle1D(3)", arr((2, 6, 4)))
    + both("pixelshuffle2d", "PixelShuffle2D(2)", arr((1, 8, 3, 2)))
    + both("pixelshuffle2d_pair", "PixelShuffle2D((2, 3))", arr((2, 12, 2, 3)))
    + both("pixelshuffle3d", "PixelShuffle3D((2, 1, 3))", arr((1, 12, 2, 3, 2)))
    + both("pixelshuffle3d_int", "PixelShuffle3D(2)", arr((1, 16, 2, 1, 2)))
    + both("syncbatchnorm", "SyncBatchNorm(num_devices=1)", arr((4, 3, 2, 2), lo=-3, hi=3),
           **TOL)
    + both("syncbatchnorm_opts", "SyncBatchNorm(in_channels=3, num_devices=1, "
           "momentum=0.5, epsilon=1e-3, center=False)", arr((3, 3, 4), lo=-3, hi=3), **TOL)
    + both("syncbatchnorm_global", "SyncBatchNorm(num_devices=1, use_global_stats=True)",
           arr((2, 2, 3), lo=-3, hi=3), **TOL)
    + [names("pixelshuffle2d_repr", "PixelShuffle2D((2, 3))", arr((1, 6, 1, 1))),
       names("pixelshuffle1d_repr", "PixelShuffle1D(2)", arr((1, 2, 1))),
       names("pixelshuffle3d_repr", "PixelShuffle3D(1)", arr((1, 1, 1, 1, 1))),
       # (an explicit prefix: the automatic one counts every SyncBatchNorm made before)
       names("syncbatchnorm_repr", "SyncBatchNorm(num_devices=1, prefix='sbn_')",
             arr((2, 3, 2))),
       case("pixelshuffle2d_bad_channels", "mx.gluon.contrib.nn.PixelShuffle2D(2)(x)",
            error=True, x=arr((1, 6, 2, 2)))]
)
