"""Golden cases: MXNet's optimizer update operators called as nd functions.

Each case runs the op once (in ``setup``) and returns the result, whether it is the
``out`` array, and every input array afterwards, so that the in-place writes of the
states (and of ``out``) are compared too.
"""
from _common import arr, case

S = (3, 4)


def _w(seed=1, dtype="float32"):
    return arr(S, dtype, seed=seed)


def upd(cid, call, names, rtol=2e-6, atol=1e-7, multi=False, **inputs):
    """``r = nd.<call>``; returns [r, *the named inputs after the call] (``multi``: r is a
    list of arrays, returned as its type name and its items)."""
    setup = "r = nd." + call
    if multi:
        code = "[type(r).__name__, len(r)] + list(r) + [%s]" % ", ".join(names)
    else:
        code = "[r, %s]" % ", ".join(names)
    return case(cid, code, setup=setup, rtol=rtol, atol=atol, **inputs)


W = dict(w=_w(1), g=_w(2))
WM = dict(w=_w(1), g=_w(2), m=_w(3))
F16 = dict(w=_w(1, "float16"), g=_w(2, "float16"), w32=_w(1))
F16M = dict(w=_w(1, "float16"), g=_w(2, "float16"), m=_w(3), w32=_w(1))

CASES = [
    # ---------------------------------------------------------------- SGD
    upd("sgd_update", "sgd_update(w, g, lr=0.1, wd=0.01)", ["w", "g"], **W),
    upd("sgd_update_out_w", "sgd_update(w, g, lr=0.1, wd=0.01, rescale_grad=0.5, out=w)",
        ["w", "g"], **W),
    upd("sgd_update_clip", "sgd_update(w, g, lr=0.1, clip_gradient=0.5, out=w)",
        ["w"], **W),
    upd("sgd_update_clip0", "sgd_update(w, g, lr=0.1, wd=0.1, clip_gradient=0.0)",
        ["w"], **W),
    upd("sgd_update_positional", "sgd_update(w, g, 0.1, 0.01)", ["w"], **W),
    upd("sgd_update_f64", "sgd_update(w, g, lr=0.1, wd=0.01, out=w)", ["w"],
        w=_w(1, "float64"), g=_w(2, "float64")),
    upd("sgd_mom_update", "sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01)",
        ["w", "g", "m"], **WM),
    upd("sgd_mom_update_out_w", "sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01, "
        "rescale_grad=2.0, clip_gradient=1.0, out=w)", ["w", "m"], **WM),
    upd("mp_sgd_update", "mp_sgd_update(w, g, w32, lr=0.1, wd=0.01, out=w)",
        ["w", "w32"], **F16),
    upd("mp_sgd_update_clip", "mp_sgd_update(w, g, w32, lr=0.1, clip_gradient=0.3)",
        ["w", "w32"], **F16),
    upd("mp_sgd_mom_update", "mp_sgd_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, "
        "wd=0.01, out=w)", ["w", "m", "w32"], **F16M),
    upd("nag_mom_update_out_w", "nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.5, "
        "out=w)", ["w", "m"], **WM),
    upd("nag_mom_update_new", "nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.5)",
        ["w", "m"], **WM),
    upd("nag_mom_update_clip", "nag_mom_update(w, g, m, lr=0.1, momentum=0.5, wd=0.1, "
        "clip_gradient=0.4, out=w)", ["w", "m"], **WM),
    upd("mp_nag_mom_update", "mp_nag_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, "
        "wd=0.5, out=w)", ["w", "m", "w32"], **F16M),
    upd("signsgd_update", "signsgd_update(w, g, lr=0.1, wd=0.1, rescale_grad=3.0, "
        "clip_gradient=0.01, out=w)", ["w"], **W),
    upd("signum_update", "signum_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, "
        "wd_lh=0.01, out=w)", ["w", "m"], **WM),
    upd("signum_update_clip", "signum_update(w, g, m, lr=0.1, momentum=0.5, "
        "clip_gradient=0.3, rescale_grad=2.0)", ["w", "m"], **WM),
    # ----------------------------------------------------------- adaptive
    upd("adam_update", "adam_update(w, g, mean, var, lr=0.01, wd=0.1, out=w)",
        ["w", "mean", "var"], w=_w(1), g=_w(2), mean=_w(3),
        var=arr(S, seed=4, positive=True)),
    upd("adam_update_clip", "adam_update(w, g, mean, var, lr=0.01, beta1=0.8, beta2=0.99, "
        "epsilon=1e-4, rescale_grad=0.5, clip_gradient=0.2)", ["w", "mean", "var"],
        w=_w(1), g=_w(2), mean=_w(3), var=arr(S, seed=4, positive=True)),
    upd("rmsprop_update", "rmsprop_update(w, g, n, lr=0.01, wd=0.1, out=w)", ["w", "n"],
        w=_w(1), g=_w(2), n=arr(S, seed=4, positive=True)),
    upd("rmsprop_update_clipw", "rmsprop_update(w, g, n, lr=0.5, gamma1=0.8, "
        "clip_gradient=0.5, clip_weights=0.7)", ["w", "n"],
        w=_w(1), g=_w(2), n=arr(S, seed=4, positive=True)),
    upd("rmspropalex_update", "rmspropalex_update(w, g, n, gs, delta, lr=0.01, wd=0.1, "
        "out=w)", ["w", "n", "gs", "delta"], w=_w(1), g=_w(2),
        n=arr(S, seed=4, lo=2.0, hi=3.0), gs=arr(S, seed=5, lo=-0.5, hi=0.5), delta=_w(6)),
    upd("rmspropalex_update_clip", "rmspropalex_update(w, g, n, gs, delta, lr=0.3, "
        "gamma1=0.7, gamma2=0.6, clip_gradient=0.4, clip_weights=1.0)",
        ["w", "n", "gs", "delta"], w=_w(1), g=_w(2), n=arr(S, seed=4, lo=2.0, hi=3.0),
        gs=arr(S, seed=5, lo=-0.5, hi=0.5), delta=_w(6)),
    upd("ftml_update", "ftml_update(w, g, d, v, z, lr=0.01, t=3, wd=0.1, out=w)",
        ["w", "d", "v", "z"], w=_w(1), g=_w(2), d=arr(S, seed=3, positive=True),
        v=arr(S, seed=4, positive=True), z=_w(5)),
    upd("ftml_update_clip", "ftml_update(w, g, d, v, z, lr=0.02, t=1, beta1=0.5, "
        "beta2=0.9, epsilon=1e-3, rescale_grad=0.5, clip_grad=0.3)", ["w", "d", "v", "z"],
        w=_w(1), g=_w(2), d=arr(S, seed=3, positive=True), v=arr(S, seed=4, positive=True),
        z=_w(5)),
    upd("ftrl_update", "ftrl_update(w, g, z, n, lr=0.1, wd=0.1, out=w)", ["w", "z", "n"],
        w=_w(1), g=_w(2), z=_w(3), n=arr(S, seed=4, positive=True)),
    upd("ftrl_update_clip", "ftrl_update(w, g, z, n, lr=0.1, lamda1=0.5, beta=2.0, "
        "clip_gradient=0.3, rescale_grad=2.0)", ["w", "z", "n"],
        w=_w(1), g=_w(2), z=_w(3), n=arr(S, seed=4, positive=True)),
    # --------------------------------------------------------------- LAMB
    upd("lamb_update_phase1", "lamb_update_phase1(w, g, mean, var, t=3, wd=0.1)",
        ["w", "mean", "var"], w=_w(1), g=_w(2), mean=_w(3),
        var=arr(S, seed=4, positive=True)),
    upd("lamb_update_phase1_nobias", "lamb_update_phase1(w, g, mean, var, t=2, wd=0.0, "
        "bias_correction=False, clip_gradient=0.5, rescale_grad=2.0)", ["mean", "var"],
        w=_w(1), g=_w(2), mean=_w(3), var=arr(S, seed=4, positive=True)),
    upd("lamb_update_phase2", "lamb_update_phase2(w, d, r1, r2, lr=0.1, out=w)", ["w"],
        w=_w(1), d=_w(2), r1=arr((1,), seed=3, positive=True),
        r2=arr((1,), seed=4, positive=True)),
    upd("lamb_update_phase2_bounds", "lamb_update_phase2(w, d, r1, r2, lr=0.1, "
        "lower_bound=0.5, upper_bound=0.9)", ["w"], w=_w(1), d=_w(2),
        r1=arr((1,), seed=3, lo=1.0, hi=2.0), r2=arr((1,), seed=4, positive=True)),
    upd("lamb_update_phase2_zero", "lamb_update_phase2(w, d, r1, r2, lr=0.1)", ["w"],
        w=_w(1), d=_w(2), r1=arr((1,), lo=0, hi=0), r2=arr((1,), seed=4, positive=True)),
    upd("mp_lamb_update_phase1", "mp_lamb_update_phase1(w, g, mean, var, w32, t=4, wd=0.1)",
        ["w", "mean", "var", "w32"], w=_w(1, "float16"), g=_w(2, "float16"), mean=_w(3),
        var=arr(S, seed=4, positive=True), w32=_w(1)),
    upd("mp_lamb_update_phase2", "mp_lamb_update_phase2(w, d, r1, r2, w32, lr=0.1, out=w)",
        ["w", "w32"], w=_w(1, "float16"), d=_w(2), r1=arr((1,), seed=3, positive=True),
        r2=arr((1,), seed=4, positive=True), w32=_w(1)),
    # -------------------------------------------------------- multi-tensor
    upd("multi_sgd_update", "multi_sgd_update(w, g, v, h, lrs=(0.1, 0.2), wds=(0.0, 0.1), "
        "num_weights=2, out=[w, v])", ["w", "v"], multi=True, w=_w(1), g=_w(2),
        v=arr((5,), seed=3), h=arr((5,), seed=4)),
    upd("multi_sgd_update_clip", "multi_sgd_update(w, g, v, h, lrs=(0.1, 0.2), "
        "wds=(0.01, 0.1), rescale_grad=0.5, clip_gradient=0.3, num_weights=2, "
        "out=[w, v])", ["w", "v"], multi=True, w=_w(1), g=_w(2), v=arr((5,), seed=3),
        h=arr((5,), seed=4)),
    upd("multi_sgd_update_one", "multi_sgd_update(w, g, lrs=(0.1,), wds=(0.01,))", ["w"],
        w=_w(1), g=_w(2)),
    upd("multi_sgd_mom_update", "multi_sgd_mom_update(w, g, m, v, h, n, lrs=(0.1, 0.2), "
        "wds=(0.0, 0.1), momentum=0.9, num_weights=2, out=[w, v])", ["w", "m", "v", "n"],
        multi=True,
        w=_w(1), g=_w(2), m=_w(3), v=arr((5,), seed=4), h=arr((5,), seed=5),
        n=arr((5,), seed=6)),
    upd("multi_mp_sgd_update", "multi_mp_sgd_update(w, g, w32, v, h, v32, lrs=(0.1, 0.2), "
        "wds=(0.0, 0.1), num_weights=2, out=[w, v])", ["w", "w32", "v", "v32"], multi=True,
        w=_w(1, "float16"), g=_w(2, "float16"), w32=_w(1), v=arr((5,), "float16", seed=4),
        h=arr((5,), "float16", seed=5), v32=arr((5,), seed=4)),
    upd("multi_mp_sgd_mom_update", "multi_mp_sgd_mom_update(w, g, m, w32, lrs=(0.1,), "
        "wds=(0.01,), momentum=0.9, num_weights=1, out=w)", ["w", "m", "w32"],
        w=_w(1, "float16"), g=_w(2, "float16"), m=_w(3), w32=_w(1)),
    upd("preloaded_multi_sgd_update", "preloaded_multi_sgd_update(w, g, v, h, lrs, wds, "
        "num_weights=2, out=[w, v])", ["w", "v"], multi=True, w=_w(1), g=_w(2),
        v=arr((5,), seed=3),
        h=arr((5,), seed=4), lrs=arr((2,), seed=5, positive=True, hi=0.5),
        wds=arr((2,), seed=6, positive=True, hi=0.2)),
    upd("preloaded_multi_sgd_mom_update", "preloaded_multi_sgd_mom_update(w, g, m, lrs, "
        "wds, momentum=0.5, clip_gradient=0.4, num_weights=1, out=w)", ["w", "m"],
        w=_w(1), g=_w(2), m=_w(3), lrs=arr((1,), seed=5, positive=True, hi=0.5),
        wds=arr((1,), seed=6, positive=True, hi=0.2)),
    upd("preloaded_multi_mp_sgd_update", "preloaded_multi_mp_sgd_update(w, g, w32, lrs, "
        "wds, num_weights=1, out=w)", ["w", "w32"], w=_w(1, "float16"),
        g=_w(2, "float16"), w32=_w(1), lrs=arr((1,), seed=5, positive=True, hi=0.5),
        wds=arr((1,), seed=6, positive=True, hi=0.2)),
    upd("preloaded_multi_mp_sgd_mom_update", "preloaded_multi_mp_sgd_mom_update(w, g, m, "
        "w32, lrs, wds, momentum=0.9, num_weights=1, out=w)", ["w", "m", "w32"],
        w=_w(1, "float16"), g=_w(2, "float16"), m=_w(3), w32=_w(1),
        lrs=arr((1,), seed=5, positive=True, hi=0.5),
        wds=arr((1,), seed=6, positive=True, hi=0.2)),
    case("multi_lars", "nd.multi_lars(lrs, wsq, gsq, wds, eta=0.5, eps=1e-3, "
         "rescale_grad=0.7)", rtol=2e-6, lrs=arr((4,), seed=1, positive=True),
         wsq=arr((4,), seed=2, lo=0.0, hi=3.0),
         gsq=arr((4,), seed=3, lo=0.0, hi=3.0), wds=arr((4,), seed=4, positive=True)),
    case("multi_lars_zero_norms", "nd.multi_lars(lrs, wsq, gsq, wds, eta=0.5, eps=0.0)",
         lrs=arr((3,), seed=1, positive=True), wsq=arr((3,), lo=0, hi=0),
         gsq=arr((3,), seed=3, positive=True), wds=arr((3,), seed=4, positive=True)),
    # ------------------------------------------------------------- errors
    case("sgd_update_shape_error", "nd.sgd_update(w, g, lr=0.1)", error=True,
         w=arr((3,)), g=arr((4,))),
    case("sgd_mom_update_no_lr", "nd.sgd_mom_update(w, g, m)", error=True,
         w=arr((3,)), g=arr((3,)), m=arr((3,))),
]
