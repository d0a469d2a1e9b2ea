"""MXNet's optimizer update operators as ``mx.nd`` functions (``sgd_update``, ...).

Each op computes MXNet's update with the optimizer kernels of ``mxcompat.optimizer``
(the same formulas, roundings and compiled engine as ``mx.optimizer``), then, as MXNet's
operators do, writes the optimizer state arrays (momentum, mean/var, float32 master
weights...) **in place** and returns the new weight: in a new array, or in ``out=``
(``sgd_update(w, g, lr=0.1, out=w)`` is the usual in-place call).

As in MXNet's C++ code, a gradient clip is on when ``clip_gradient >= 0`` (0 clips every
gradient to 0); the scalars are C floats cast to the weight's dtype.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .._core import state as _state
from .._core.dispatch import assign_out
from .._core.ndarray import _INPLACE_MSG, wrap
from .registry import defop, defun

MP_NONE, MP_LAST = 0, 2     # fused's layouts: plain state, or (state, float32 master)


@functools.lru_cache(maxsize=None)
def _k():
    """The optimizer kernels (imported on first use: mxcompat.optimizer needs mx.nd)."""
    from ..optimizer import adaptive, fused, sgd
    return {"fused": fused, "sgd": sgd._sgd_step_kernel, "multi_sgd": sgd.SGD._kernel,
            "nag": sgd.NAG._kernel, "signum": sgd.Signum._kernel,
            "adam": adaptive.Adam._kernel, "rmsprop": adaptive.RMSProp._kernel,
            "ftml": adaptive.FTML._kernel, "ftrl": adaptive.Ftrl._kernel,
            "lamb1": adaptive.lamb_phase1, "lamb2": adaptive.lamb_phase2}


# ------------------------------------------------------------------- checks
def _check(opname, arrays, names, shape):
    for a, nm in zip(arrays, names):
        if not hasattr(a, "_value"):
            raise AssertionError(f"Argument {nm} must have NDArray type, but got {a!r}; "
                                 f"{opname} takes arrays: convert it with mx.nd.array.")
        if tuple(a.shape) != tuple(shape):
            raise MXNetError(f"{opname}: {nm} has shape {tuple(a.shape)} but the weight "
                             f"has shape {tuple(shape)}; every input of an update "
                             "operator has the weight's shape.")


def _required(opname, **params):
    for name, v in params.items():
        if v is None:
            raise MXNetError(f"Required parameter {name} of {opname} is not given; call it "
                             f"as {opname}(..., {name}=...).")


def _check_mutable(opname, arrays):
    if _state.is_recording():
        for a in arrays:
            if a._ag is not None:
                raise MXNetError(f"{opname}: " + _INPLACE_MSG)


def _leaves(st):
    if st is None:
        return []
    if isinstance(st, tuple):
        return [x for s in st for x in _leaves(s)]
    return [st]


def _values(st):
    if st is None:
        return None
    if isinstance(st, tuple):
        return tuple(_values(s) for s in st)
    return st._value()


def _finish(results, out, single):
    """Return the new weights as new arrays, or write them into ``out``."""
    if out is None:
        return results[0] if single else results
    assign_out(out, results)
    return out


# ------------------------------------------------------------------- engine
def _run(opname, kernel, items, out, mp=MP_NONE):
    """Run ``kernel`` for ``items`` = [(cfg, weight, grad, state, scalars)] in one
    compiled call; write the state arrays in place; return/assign the new weights."""
    fused = _k()["fused"]
    plan, vec, ws, gs, sts = [], [], [], [], []
    for cfg, w, g, st, sc in items:
        plan.append(fused.Entry(kernel, cfg, mp, len(vec), len(sc), True, False))
        vec.extend(float(x) for x in sc)
        ws.append(w._value())
        gs.append(g._value())
        sts.append(_values(st))
    mutated = [a for it in items for a in _leaves(it[3])]
    _check_mutable(opname, mutated)
    new_w, new_s, _ = fused.apply(tuple(plan), ws, gs, sts, _np.asarray(vec, _np.float64),
                                  ())
    for (cfg, w, g, st, sc), s2 in zip(items, new_s):
        for arr, v in zip(_leaves(st), jax.tree_util.tree_leaves(s2)):
            arr._set_value(v)
    results = [wrap(type(it[1]), v, it[1]._ctx) for it, v in zip(items, new_w)]
    return _finish(results, out, len(items) == 1)


def _clip_on(c):
    return c >= 0


# --------------------------------------------------------------- SGD family
@defun("sgd_update", nd=True)
def sgd_update(weight, grad, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
               lazy_update=True, out=None, name=None):
    """``(1 - lr * wd) * weight - lr * clip(rescale_grad * grad)``."""
    _required("sgd_update", lr=lr)
    _check("sgd_update", (weight, grad), ("weight", "grad"), weight.shape)
    return _run("sgd_update", _k()["sgd"], [(
        (False, _clip_on(clip_gradient)), weight, grad, None,
        (lr, wd, 0.0, rescale_grad, clip_gradient))], out)


@defun("sgd_mom_update", nd=True)
def sgd_mom_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    """``mom = momentum * mom - lr * wd * weight - lr * clip(rescale_grad * grad)``
    (in place); returns ``weight + mom``."""
    _required("sgd_mom_update", lr=lr)
    _check("sgd_mom_update", (weight, grad, mom), ("weight", "grad", "mom"), weight.shape)
    return _run("sgd_mom_update", _k()["sgd"], [(
        (True, _clip_on(clip_gradient)), weight, grad, mom,
        (lr, wd, momentum, rescale_grad, clip_gradient))], out)


@defun("mp_sgd_update", nd=True)
def mp_sgd_update(weight, grad, weight32, lr=None, wd=0.0, rescale_grad=1.0,
                  clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    """``sgd_update`` on the float32 master copy ``weight32`` (updated in place); returns
    it cast to the weight's dtype."""
    _required("mp_sgd_update", lr=lr)
    _check("mp_sgd_update", (weight, grad, weight32), ("weight", "grad", "weight32"),
           weight.shape)
    return _run("mp_sgd_update", _k()["sgd"], [(
        (False, _clip_on(clip_gradient)), weight, grad, (None, weight32),
        (lr, wd, 0.0, rescale_grad, clip_gradient))], out, MP_LAST)


@defun("mp_sgd_mom_update", nd=True)
def mp_sgd_mom_update(weight, grad, mom, weight32, lr=None, momentum=0.0, wd=0.0,
                      rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None,
                      name=None):
    """``sgd_mom_update`` on the float32 master copy; ``mom`` and ``weight32`` are
    updated in place."""
    _required("mp_sgd_mom_update", lr=lr)
    _check("mp_sgd_mom_update", (weight, grad, mom, weight32),
           ("weight", "grad", "mom", "weight32"), weight.shape)
    return _run("mp_sgd_mom_update", _k()["sgd"], [(
        (True, _clip_on(clip_gradient)), weight, grad, (mom, weight32),
        (lr, wd, momentum, rescale_grad, clip_gradient))], out, MP_LAST)


def _same(a, b):
    if a is None or b is None:
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == 1 and _same(a[0], b)
    return a is b


@defun("nag_mom_update", nd=True)
def nag_mom_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, out=None, name=None):
    """Nesterov momentum: ``mom = momentum * mom``; the new weight is
    ``weight - mom + (momentum + 1) * (mom - lr * (g + wd * weight))``; then
    ``mom -= lr * (g + wd * weight)`` (``weight`` is the new one when ``out`` is the
    weight, as MXNet's kernel writes in place)."""
    _required("nag_mom_update", lr=lr)
    _check("nag_mom_update", (weight, grad, mom), ("weight", "grad", "mom"), weight.shape)
    return _run("nag_mom_update", _k()["nag"], [(
        (True, _clip_on(clip_gradient), _same(out, weight)), weight, grad, mom,
        (lr, wd, momentum, rescale_grad, clip_gradient))], out)


@defun("mp_nag_mom_update", nd=True)
def mp_nag_mom_update(weight, grad, mom, weight32, lr=None, momentum=0.0, wd=0.0,
                      rescale_grad=1.0, clip_gradient=-1.0, out=None, name=None):
    """``nag_mom_update`` on the float32 master copy; ``mom`` and ``weight32`` are
    updated in place."""
    _required("mp_nag_mom_update", lr=lr)
    _check("mp_nag_mom_update", (weight, grad, mom, weight32),
           ("weight", "grad", "mom", "weight32"), weight.shape)
    return _run("mp_nag_mom_update", _k()["nag"], [(
        (True, _clip_on(clip_gradient)), weight, grad, (mom, weight32),
        (lr, wd, momentum, rescale_grad, clip_gradient))], out, MP_LAST)


@defun("signsgd_update", nd=True)
def signsgd_update(weight, grad, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   out=None, name=None):
    """``(1 - lr * wd) * weight - lr * sign(grad)`` (rescale and clip have no effect)."""
    _required("signsgd_update", lr=lr)
    _check("signsgd_update", (weight, grad), ("weight", "grad"), weight.shape)
    return _run("signsgd_update", _k()["signum"], [(
        (False, _clip_on(clip_gradient)), weight, grad, None,
        (lr, wd, 0.0, rescale_grad, clip_gradient, 0.0))], out)


@defun("signum_update", nd=True)
def signum_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0,
                  clip_gradient=-1.0, wd_lh=0.0, out=None, name=None):
    """``mom = momentum * mom - (1 - momentum) * (wd * weight + clip(rescale * grad))``
    (in place); returns ``(1 - lr * wd_lh) * weight + lr * sign(mom)``."""
    _required("signum_update", lr=lr)
    _check("signum_update", (weight, grad, mom), ("weight", "grad", "mom"), weight.shape)
    return _run("signum_update", _k()["signum"], [(
        (True, _clip_on(clip_gradient)), weight, grad, mom,
        (lr, wd, momentum, rescale_grad, clip_gradient, wd_lh))], out)


# --------------------------------------------------------- adaptive methods
@defun("adam_update", nd=True)
def adam_update(weight, grad, mean, var, lr=None, beta1=0.9, beta2=0.999, epsilon=1e-8,
                wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None,
                name=None):
    """Adam without bias correction (the caller folds it into ``lr``); ``mean`` and
    ``var`` are updated in place."""
    _required("adam_update", lr=lr)
    _check("adam_update", (weight, grad, mean, var), ("weight", "grad", "mean", "var"),
           weight.shape)
    return _run("adam_update", _k()["adam"], [(
        (_clip_on(clip_gradient),), weight, grad, (mean, var),
        (lr, wd, beta1, beta2, epsilon, rescale_grad, clip_gradient))], out)


@defun("rmsprop_update", nd=True)
def rmsprop_update(weight, grad, n, lr=None, gamma1=0.95, epsilon=1e-8, wd=0.0,
                   rescale_grad=1.0, clip_gradient=-1.0, clip_weights=-1.0, out=None,
                   name=None):
    """RMSProp (Tieleman & Hinton); ``n`` is updated in place."""
    _required("rmsprop_update", lr=lr)
    _check("rmsprop_update", (weight, grad, n), ("weight", "grad", "n"), weight.shape)
    return _run("rmsprop_update", _k()["rmsprop"], [(
        (False, _clip_on(clip_gradient), _clip_on(clip_weights)), weight, grad, (n,),
        (lr, wd, gamma1, 0.0, epsilon, rescale_grad, clip_gradient, clip_weights))], out)


@defun("rmspropalex_update", nd=True)
def rmspropalex_update(weight, grad, n, g, delta, lr=None, gamma1=0.95, gamma2=0.9,
                       epsilon=1e-8, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                       clip_weights=-1.0, out=None, name=None):
    """Centered RMSProp (Graves 2013); ``n``, ``g`` and ``delta`` are updated in place."""
    _required("rmspropalex_update", lr=lr)
    _check("rmspropalex_update", (weight, grad, n, g, delta),
           ("weight", "grad", "n", "g", "delta"), weight.shape)
    return _run("rmspropalex_update", _k()["rmsprop"], [(
        (True, _clip_on(clip_gradient), _clip_on(clip_weights)), weight, grad,
        (n, g, delta),
        (lr, wd, gamma1, gamma2, epsilon, rescale_grad, clip_gradient, clip_weights))],
        out)


@defun("ftml_update", nd=True)
def ftml_update(weight, grad, d, v, z, lr=None, t=None, beta1=0.6, beta2=0.999,
                epsilon=1e-8, wd=0.0, rescale_grad=1.0, clip_grad=-1.0, out=None,
                name=None):
    """FTML (Follow the Moving Leader) step ``t``; ``d``, ``v``, ``z`` are updated in
    place."""
    _required("ftml_update", lr=lr, t=t)
    _check("ftml_update", (weight, grad, d, v, z), ("weight", "grad", "d", "v", "z"),
           weight.shape)
    return _run("ftml_update", _k()["ftml"], [(
        (_clip_on(clip_grad),), weight, grad, (d, v, z),
        (lr, beta1, beta2, epsilon, int(t), wd, rescale_grad, clip_grad))], out)


@defun("ftrl_update", nd=True)
def ftrl_update(weight, grad, z, n, lr=None, lamda1=0.01, beta=1.0, wd=0.0,
                rescale_grad=1.0, clip_gradient=-1.0, out=None, name=None):
    """FTRL-proximal; ``z`` and ``n`` are updated in place."""
    _required("ftrl_update", lr=lr)
    _check("ftrl_update", (weight, grad, z, n), ("weight", "grad", "z", "n"), weight.shape)
    return _run("ftrl_update", _k()["ftrl"], [(
        (_clip_on(clip_gradient),), weight, grad, (z, n),
        (lr, wd, lamda1, beta, rescale_grad, clip_gradient))], out)


# --------------------------------------------------------------------- LAMB
@functools.partial(jax.jit, static_argnums=(0, 1, 2))
def _lamb1(bias_correction, clip_on, mp, w, g, mean, var, s):
    f32 = jnp.float32
    cdt = f32 if mp else w.dtype
    s = tuple(s.astype(f32).astype(cdt)[i] for i in range(s.shape[0]))
    d, mean2, var2 = _k()["lamb1"](bias_correction, clip_on, w.astype(cdt),
                                   g.astype(cdt), (mean.astype(cdt), var.astype(cdt)), s)
    return (d.astype(f32 if mp else w.dtype), mean2.astype(mean.dtype),
            var2.astype(var.dtype))


@functools.partial(jax.jit, static_argnums=(0, 1))
def _lamb2(lower_on, upper_on, w, d, r1, r2, s):
    cdt = d.dtype
    s = tuple(s.astype(jnp.float32).astype(cdt)[i] for i in range(s.shape[0]))
    new = _k()["lamb2"](lower_on, upper_on, w.astype(cdt), d,
                        r1.reshape(-1)[0].astype(cdt), r2.reshape(-1)[0].astype(cdt), s)
    return new


def _lamb_phase1(opname, weight, grad, mean, var, weight32, beta1, beta2, epsilon, t,
                 bias_correction, wd, rescale_grad, clip_gradient, out):
    arrays = (weight, grad, mean, var) + ((weight32,) if weight32 is not None else ())
    _check(opname, arrays, ("weight", "grad", "mean", "var", "weight32"), weight.shape)
    _check_mutable(opname, (mean, var))
    # MXNet: beta ** t computed by std::pow in double, then cast to the dtype.
    b1 = float(_np.float32(beta1))
    b2 = float(_np.float32(beta2))
    s = _np.asarray([beta1, beta2, epsilon, b1 ** int(t), b2 ** int(t), wd, rescale_grad,
                     clip_gradient], _np.float64)
    mp = weight32 is not None
    w = weight32._value() if mp else weight._value()
    d, m2, v2 = _lamb1(bool(bias_correction), _clip_on(clip_gradient), mp, w,
                       grad._value(), mean._value(), var._value(), s)
    mean._set_value(m2)
    var._set_value(v2)
    return _finish([wrap(type(weight), d, weight._ctx)], out, True)


@defun("lamb_update_phase1", nd=True)
def lamb_update_phase1(weight, grad, mean, var, t=None, wd=None, beta1=0.9, beta2=0.999,
                       epsilon=1e-6, bias_correction=True, rescale_grad=1.0,
                       clip_gradient=-1.0, out=None, name=None):
    """LAMB's first phase: updates ``mean``/``var`` in place and returns the direction
    ``g = m_hat / (sqrt(v_hat) + epsilon) + wd * weight``."""
    _required("lamb_update_phase1", t=t, wd=wd)
    return _lamb_phase1("lamb_update_phase1", weight, grad, mean, var, None, beta1, beta2,
                        epsilon, t, bias_correction, wd, rescale_grad, clip_gradient, out)


@defun("mp_lamb_update_phase1", nd=True)
def mp_lamb_update_phase1(weight, grad, mean, var, weight32, t=None, wd=None, beta1=0.9,
                          beta2=0.999, epsilon=1e-6, bias_correction=True,
                          rescale_grad=1.0, clip_gradient=-1.0, out=None, name=None):
    """``lamb_update_phase1`` in float32 on the master copy ``weight32``."""
    _required("mp_lamb_update_phase1", t=t, wd=wd)
    return _lamb_phase1("mp_lamb_update_phase1", weight, grad, mean, var, weight32, beta1,
                        beta2, epsilon, t, bias_correction, wd, rescale_grad,
                        clip_gradient, out)


def _lamb_phase2(opname, weight, g, r1, r2, weight32, lr, lower_bound, upper_bound, out):
    _check(opname, (weight, g) + ((weight32,) if weight32 is not None else ()),
           ("weight", "g", "weight32"), weight.shape)
    for a, nm in ((r1, "r1"), (r2, "r2")):
        if not hasattr(a, "_value") or tuple(a.shape)[:1] != (1,):
            raise MXNetError(f"{opname}: {nm} must be an NDArray of shape (1,) (the norm "
                             f"of the weight or of g), but got {getattr(a, 'shape', a)}.")
    s = _np.asarray([lr, lower_bound, upper_bound], _np.float64)
    src = weight32 if weight32 is not None else weight
    new = _lamb2(_clip_on(lower_bound), _clip_on(upper_bound), src._value(), g._value(),
                 r1._value(), r2._value(), s)
    new = new.astype(weight._jdtype)
    return _finish([wrap(type(weight), new, weight._ctx)], out, True)


@defun("lamb_update_phase2", nd=True)
def lamb_update_phase2(weight, g, r1, r2, lr=None, lower_bound=-1.0, upper_bound=-1.0,
                       out=None, name=None):
    """LAMB's second phase: ``weight - lr * r1 / r2 * g`` (``r1`` clipped to the bounds;
    plain ``lr`` where ``r1`` or ``r2`` is 0)."""
    _required("lamb_update_phase2", lr=lr)
    return _lamb_phase2("lamb_update_phase2", weight, g, r1, r2, None, lr, lower_bound,
                        upper_bound, out)


@defun("mp_lamb_update_phase2", nd=True)
def mp_lamb_update_phase2(weight, g, r1, r2, weight32, lr=None, lower_bound=-1.0,
                          upper_bound=-1.0, out=None, name=None):
    """``lamb_update_phase2`` from the float32 master copy (which, as in MXNet, is not
    written: the result goes to the weight / ``out`` only)."""
    _required("mp_lamb_update_phase2", lr=lr)
    return _lamb_phase2("mp_lamb_update_phase2", weight, g, r1, r2, weight32, lr,
                        lower_bound, upper_bound, out)


# ---------------------------------------------------------- multi-tensor SGD
def _groups(opname, data, num_weights, stride, names):
    data = list(data)
    if len(data) != num_weights * stride:
        raise MXNetError(f"{opname} takes {stride} arrays per weight ({', '.join(names)}) "
                         f"for num_weights={num_weights}, i.e. {num_weights * stride} "
                         f"arrays, but got {len(data)}; pass num_weights=len(weights).")
    groups = [data[i * stride:(i + 1) * stride] for i in range(num_weights)]
    for grp in groups:
        _check(opname, grp, names, grp[0].shape if hasattr(grp[0], "shape") else ())
    return groups


def _per_weight(opname, values, num_weights, what):
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) != num_weights:
        raise MXNetError(f"{opname}: {what} has {len(values)} values for {num_weights} "
                         f"weights; pass one {what[:-1]} per weight.")
    return [float(v) for v in values]


def _multi(opname, data, lrs, wds, momentum, rescale_grad, clip_gradient, num_weights,
           has_mom, mp, out, preloaded=False):
    stride = 2 + int(has_mom) + int(mp)
    names = (("weight", "grad") + (("mom",) if has_mom else ())
             + (("weight32",) if mp else ()))
    data = list(data)
    if preloaded:
        if len(data) < 2:
            raise MXNetError(f"{opname} takes the weights' arrays followed by the lrs and "
                             "wds arrays.")
        lrs_arr, wds_arr = data[-2], data[-1]
        data = data[:-2]
        lrs = _np.asarray(lrs_arr.asnumpy(), _np.float32).reshape(-1).tolist()
        wds = _np.asarray(wds_arr.asnumpy(), _np.float32).reshape(-1).tolist()
    groups = _groups(opname, data, int(num_weights), stride, names)
    lrs = _per_weight(opname, lrs, len(groups), "lrs")
    wds = _per_weight(opname, wds, len(groups), "wds")
    items = []
    for grp, lr, wd in zip(groups, lrs, wds):
        w, g = grp[0], grp[1]
        mom = grp[2] if has_mom else None
        st = (mom, grp[-1]) if mp else mom
        items.append(((has_mom, _clip_on(clip_gradient)), w, g, st,
                      (lr, wd, momentum if has_mom else 0.0, rescale_grad, clip_gradient)))
    return _run(opname, _k()["multi_sgd"], items, out, MP_LAST if mp else MP_NONE)


@defun("multi_sgd_update", nd=True)
def multi_sgd_update(*data, lrs=None, wds=None, rescale_grad=1.0, clip_gradient=-1.0,
                     num_weights=1, out=None, name=None):
    """SGD on several weights at once; ``data`` is ``w0, g0, w1, g1, ...``."""
    _required("multi_sgd_update", lrs=lrs, wds=wds)
    return _multi("multi_sgd_update", data, lrs, wds, 0.0, rescale_grad, clip_gradient,
                  num_weights, False, False, out)


@defun("multi_sgd_mom_update", nd=True)
def multi_sgd_mom_update(*data, lrs=None, wds=None, momentum=0.0, rescale_grad=1.0,
                         clip_gradient=-1.0, num_weights=1, out=None, name=None):
    """SGD with momentum on several weights; ``data`` is ``w0, g0, mom0, w1, ...``
    (momenta updated in place)."""
    _required("multi_sgd_mom_update", lrs=lrs, wds=wds)
    return _multi("multi_sgd_mom_update", data, lrs, wds, momentum, rescale_grad,
                  clip_gradient, num_weights, True, False, out)


@defun("multi_mp_sgd_update", nd=True)
def multi_mp_sgd_update(*data, lrs=None, wds=None, rescale_grad=1.0, clip_gradient=-1.0,
                        num_weights=1, out=None, name=None):
    """Multi-precision SGD; ``data`` is ``w0, g0, w32_0, w1, ...`` (master copies updated
    in place)."""
    _required("multi_mp_sgd_update", lrs=lrs, wds=wds)
    return _multi("multi_mp_sgd_update", data, lrs, wds, 0.0, rescale_grad, clip_gradient,
                  num_weights, False, True, out)


@defun("multi_mp_sgd_mom_update", nd=True)
def multi_mp_sgd_mom_update(*data, lrs=None, wds=None, momentum=0.0, rescale_grad=1.0,
                            clip_gradient=-1.0, num_weights=1, out=None, name=None):
    """Multi-precision SGD with momentum; ``data`` is ``w0, g0, mom0, w32_0, w1, ...``."""
    _required("multi_mp_sgd_mom_update", lrs=lrs, wds=wds)
    return _multi("multi_mp_sgd_mom_update", data, lrs, wds, momentum, rescale_grad,
                  clip_gradient, num_weights, True, True, out)


@defun("preloaded_multi_sgd_update", nd=True)
def preloaded_multi_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                               out=None, name=None):
    """``multi_sgd_update`` with the learning rates and weight decays given as the last
    two arrays of ``data``."""
    return _multi("preloaded_multi_sgd_update", data, None, None, 0.0, rescale_grad,
                  clip_gradient, num_weights, False, False, out, preloaded=True)


@defun("preloaded_multi_sgd_mom_update", nd=True)
def preloaded_multi_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0,
                                   clip_gradient=-1.0, num_weights=1, out=None, name=None):
    """``multi_sgd_mom_update`` with lrs and wds as the last two arrays of ``data``."""
    return _multi("preloaded_multi_sgd_mom_update", data, None, None, momentum,
                  rescale_grad, clip_gradient, num_weights, True, False, out,
                  preloaded=True)


@defun("preloaded_multi_mp_sgd_update", nd=True)
def preloaded_multi_mp_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0,
                                  num_weights=1, out=None, name=None):
    """``multi_mp_sgd_update`` with lrs and wds as the last two arrays of ``data``."""
    return _multi("preloaded_multi_mp_sgd_update", data, None, None, 0.0, rescale_grad,
                  clip_gradient, num_weights, False, True, out, preloaded=True)


@defun("preloaded_multi_mp_sgd_mom_update", nd=True)
def preloaded_multi_mp_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0,
                                      clip_gradient=-1.0, num_weights=1, out=None,
                                      name=None):
    """``multi_mp_sgd_mom_update`` with lrs and wds as the last two arrays of ``data``."""
    return _multi("preloaded_multi_mp_sgd_mom_update", data, None, None, momentum,
                  rescale_grad, clip_gradient, num_weights, True, True, out,
                  preloaded=True)


# --------------------------------------------------------------------- LARS
@defop("multi_lars", nd=True, differentiable=False, dynamic=("eta", "eps", "rescale_grad"))
def _multi_lars(lrs, weights_sum_sq, grads_sum_sq, wds, *, eta=None, eps=None,
                rescale_grad=1.0):
    """LARS learning rates from the squared norms of the weights and gradients:
    ``lr * eta * |w| / (|g| * rescale_grad + wd * |w| + eps)`` where both norms are
    positive, else ``lr`` (float32)."""
    f32 = jnp.float32
    lrs, wsq, gsq, wds = (a.astype(f32) for a in (lrs, weights_sum_sq, grads_sum_sq, wds))
    eta, eps, rescale = (jnp.asarray(v, f32) for v in (eta, eps, rescale_grad))
    w_norm = jnp.sqrt(wsq)
    valid = (w_norm > 0) & (gsq > 0)
    return jnp.where(valid, lrs * eta * w_norm / (jnp.sqrt(gsq) * rescale + wds * w_norm
                                                  + eps), lrs)
