"""Golden cases: BatchNorm (inference and training statistics, fix_gamma, axis,
use_global_stats, output_mean_var, dtypes, the running-statistics update after a
training step), GroupNorm and LRN: values, gradients and errors."""
from _common import arr, case

# In the harness the value pass runs outside autograd (inference: moving statistics)
# and the gradient pass inside autograd.record() (training: batch statistics).
TRAIN = ("def bn_train(*a, **k):\n"
         "    with autograd.train_mode():\n"
         "        return nd.BatchNorm(*a, **k)\n")
# One recorded training step, then the moving statistics are read back.
STEP = ("x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = nd.BatchNorm(x, g, b, mm, mv, %s)\n"
        "y.backward()\n")


def bn_inputs(shape, axis=1, dtype="float32", pdtype=None):
    c = shape[axis]
    pdtype = pdtype or dtype
    return dict(x=arr(shape, dtype, lo=-3, hi=3), g=arr((c,), pdtype, seed=1, lo=0.5, hi=2),
                b=arr((c,), pdtype, seed=2), mm=arr((c,), pdtype, seed=3),
                mv=arr((c,), pdtype, seed=4, lo=0.5, hi=2))


def bn(id, attrs, shape=(4, 3, 2, 2), axis=1, dtype="float32", pdtype=None, grad=True,
       setup=None, code=None, **kw):
    code = code or "nd.BatchNorm(x, g, b, mm, mv%s)" % (", " + attrs if attrs else "")
    names = ["x", "g", "b"] if grad else []
    if dtype == "float16":
        kw.setdefault("rtol", 2e-2)
        kw.setdefault("atol", 2e-2)
    return case(id, code, grad=names, setup=setup,
                **dict(kw, **bn_inputs(shape, axis, dtype, pdtype)))


G = arr((3,), seed=1, lo=0.5, hi=2)
X = arr((2, 6, 2, 2), lo=-3, hi=3)

CASES = [
    # --------------------------------------------------------------- BatchNorm
    bn("bn", ""),
    bn("bn_no_fix_gamma", "fix_gamma=False"),
    bn("bn_eps", "fix_gamma=False, eps=1e-5"),
    bn("bn_f64", "fix_gamma=False", dtype="float64"),
    bn("bn_2d", "fix_gamma=False", shape=(5, 3)),
    bn("bn_3d", "fix_gamma=False", shape=(3, 2, 4)),
    bn("bn_axis_last", "fix_gamma=False, axis=-1", shape=(3, 4, 2), axis=2),
    bn("bn_axis2_f64", "fix_gamma=False, axis=2", shape=(2, 3, 4, 2), axis=2,
       dtype="float64"),
    bn("bn_axis0", "fix_gamma=False, axis=0", shape=(3, 5), axis=0),
    bn("bn_5d", "fix_gamma=False", shape=(2, 2, 2, 2, 3)),
    bn("bn_global_stats", "fix_gamma=False, use_global_stats=True"),
    bn("bn_global_stats_f64", "use_global_stats=True", dtype="float64"),
    bn("bn_f16", "fix_gamma=False", dtype="float16", pdtype="float32"),
    bn("bn_kw", "", code="nd.BatchNorm(data=x, gamma=g, beta=b, moving_mean=mm, "
       "moving_var=mv, fix_gamma=False, momentum=0.5, cudnn_off=True)"),
    bn("bn_output_mean_var", "fix_gamma=False, output_mean_var=True"),
    bn("bn_train_values", "", code="bn_train(x, g, b, mm, mv, fix_gamma=False)", setup=TRAIN),
    bn("bn_train_values_f64", "", code="bn_train(x, g, b, mm, mv)", setup=TRAIN,
       dtype="float64", shape=(3, 2, 5)),
    bn("bn_train_output_mean_var", "",
       code="bn_train(x, g, b, mm, mv, fix_gamma=False, output_mean_var=True)",
       setup=TRAIN),
    bn("bn_train_global", "",
       code="bn_train(x, g, b, mm, mv, fix_gamma=False, use_global_stats=True)",
       setup=TRAIN),
    bn("bn_fix_gamma_writes_gamma", "", code="[nd.BatchNorm(x, g, b, mm, mv), g]",
       grad=False),
    bn("bn_step_stats", "", code="[mm, mv]", setup=STEP % "fix_gamma=False", grad=False),
    bn("bn_step_stats_momentum", "", code="[mm, mv]",
       setup=STEP % "momentum=0.5, axis=-1", shape=(4, 2, 3), axis=2, grad=False),
    bn("bn_step_stats_f64", "", code="[mm, mv]", setup=STEP % "eps=1e-4", dtype="float64",
       grad=False),
    bn("bn_step_global_stats", "", code="[mm, mv]",
       setup=STEP % "use_global_stats=True", grad=False),
    bn("bn_axis_err", "axis=4", grad=False, error=True),
    bn("bn_dtype_err", "", dtype="float64", pdtype="float32", grad=False, error=True),
    bn("bn_f16_params_err", "", dtype="float16", grad=False, error=True),
    bn("bn_int_err", "", dtype="int32", pdtype="float32", grad=False, error=True),
    bn("bn_1d_err", "", shape=(3,), axis=0, grad=False, error=True),
    case("bn_missing_err", "nd.BatchNorm(x, g, b, mm)", error=True,
         **dict((k, v) for k, v in bn_inputs((2, 3)).items() if k != "mv")),
    # --------------------------------------------------------------- GroupNorm
    case("gn", "nd.GroupNorm(x, g, b, num_groups=3)", grad=["x", "g", "b"], x=X, g=G,
         b=arr((3,), seed=2)),
    case("gn_one_group", "nd.GroupNorm(x, g, b)", grad=["x", "g", "b"], x=arr((2, 4, 3)),
         g=arr((1,), seed=1), b=arr((1,), seed=2)),
    case("gn_f64_eps", "nd.GroupNorm(x, g, b, num_groups=2, eps=1e-3)",
         grad=["x", "g", "b"], x=arr((3, 4, 2, 3), "float64"),
         g=arr((2,), "float64", seed=1), b=arr((2,), "float64", seed=2)),
    case("gn_5d", "nd.GroupNorm(x, g, b, num_groups=2)", grad=["x", "g", "b"],
         x=arr((1, 4, 2, 2, 2)), g=arr((2,), seed=1), b=arr((2,), seed=2)),
    case("gn_output_mean_var", "nd.GroupNorm(x, g, b, num_groups=3, output_mean_var=True)",
         grad=["x", "g", "b"], x=X, g=G, b=arr((3,), seed=2)),
    case("gn_groups_err", "nd.GroupNorm(x, g, b, num_groups=4)", error=True, x=X, g=G,
         b=arr((3,), seed=2)),
    case("gn_gamma_err", "nd.GroupNorm(x, g, b, num_groups=3)", error=True, x=X,
         g=arr((6,)), b=arr((6,))),
    case("gn_2d_err", "nd.GroupNorm(x, g, b, num_groups=3)", error=True, x=arr((2, 6)),
         g=G, b=arr((3,), seed=2)),
    # --------------------------------------------------------------------- LRN
    case("lrn", "nd.LRN(x, nsize=3)", grad=["x"], x=arr((2, 5, 3, 3), lo=-3, hi=3)),
    case("lrn_params", "nd.LRN(x, nsize=5, alpha=0.1, beta=0.5, knorm=1.5)", grad=["x"],
         x=arr((1, 6, 2, 3), lo=-3, hi=3)),
    case("lrn_nsize1", "nd.LRN(x, nsize=1, alpha=0.3)", grad=["x"],
         x=arr((1, 3, 2, 2), lo=-3, hi=3)),
    case("lrn_even", "nd.LRN(x, nsize=2, alpha=0.2)", grad=["x"],
         x=arr((1, 4, 2, 2), lo=-3, hi=3)),
    case("lrn_no_nsize_err", "nd.LRN(x)", error=True, x=arr((1, 3, 2, 2))),
    case("lrn_3d_err", "nd.LRN(x, nsize=3)", error=True, x=arr((1, 3, 4))),
    case("lrn_f64_err", "nd.LRN(x, nsize=3)", error=True, x=arr((1, 3, 2, 2), "float64")),
]
