"""Normalization ops with statistics over the batch or across channels: BatchNorm
(which keeps running statistics), GroupNorm and LRN.

BatchNorm, as MXNet 1.9.1 computes it:

* Training (``autograd.is_training()``, e.g. inside ``autograd.record()``) and not
  ``use_global_stats``: normalize with the batch mean and biased variance over every
  axis but ``axis``, and update the running statistics in place,
  ``moving = moving * momentum + batch * (1 - momentum)`` (momentum and eps are C
  floats). Otherwise normalize with ``moving_mean``/``moving_var``.
* ``fix_gamma=True`` (the op's default) uses 1 for gamma, writes 1 into the gamma
  array (as MXNet's kernels do), and gamma's gradient is 0.
* float16 data takes float32 gamma/beta/moving statistics; other dtypes take their own.
* With ``output_mean_var`` it also returns the mean and the *inverse* standard deviation
  ``1/sqrt(var + eps)``; no gradient flows back through those two outputs, and the
  moving statistics get no gradient.

The running statistics are written with ``_set_value`` on the arrays passed in, so a
hybridized block sees them as auxiliary outputs of its compiled program.
"""
import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core import state
from .._core.dispatch import assign_out
from .nn import call_op, check_float, f32, require
from .registry import defop, defun

_stop = lax.stop_gradient


def _bn_axis(data, axis):
    ax = axis + data.ndim if axis < 0 else axis
    if not 0 <= ax < data.ndim or data.ndim < 2:
        raise MXNetError(f"BatchNorm: channel axis {axis} is out of range for data of shape "
                         f"{data.shape}; the data needs a batch axis and a channel axis.")
    return ax


@defop("_batch_norm", nout=4)
def _batch_norm(data, gamma, beta, moving_mean, moving_var, *, eps=1e-3, fix_gamma=True,
                use_global_stats=False, axis=1, train=False):
    """(out, mean, inverse std, variance) of BatchNorm; see the module docstring."""
    op = "BatchNorm"
    check_float(op, data)
    ax = _bn_axis(data, axis)
    c = data.shape[ax]
    pdt = jnp.float32 if data.dtype == jnp.float16 else data.dtype
    for name, a in (("gamma", gamma), ("beta", beta), ("moving_mean", moving_mean),
                    ("moving_var", moving_var)):
        if a.dtype != pdt:
            raise MXNetError(f"BatchNorm: {name} must be {jnp.dtype(pdt).name} for "
                             f"{data.dtype.name} data but is {a.dtype.name}; convert it with "
                             ".astype(...).")
        if a.shape != (c,):
            raise MXNetError(f"BatchNorm: {name} has shape {a.shape} but data of shape "
                             f"{data.shape} needs ({c},) (the size of axis {axis}).")
    x = data.astype(pdt)
    red = tuple(i for i in range(data.ndim) if i != ax)
    bshape = [1] * data.ndim
    bshape[ax] = c
    if train and not use_global_stats:
        mean = jnp.mean(x, axis=red)
        var = jnp.mean(jnp.square(x - mean.reshape(bshape)), axis=red)
    else:
        mean = _stop(moving_mean)
        var = _stop(moving_var)
    invstd = 1.0 / jnp.sqrt(var + jnp.asarray(f32(eps), pdt))
    out = (x - mean.reshape(bshape)) * invstd.reshape(bshape)
    if not fix_gamma:
        out = out * gamma.reshape(bshape)
    out = out + beta.reshape(bshape)
    # NOTE: MXNet's mean/invstd outputs pass no gradient back (their head gradients are
    # ignored), so they are cut here.
    return out.astype(data.dtype), _stop(mean), _stop(invstd), _stop(var)


@jax.jit
def _running(moving_mean, moving_var, mean, var, momentum):
    m = jnp.asarray(momentum, moving_mean.dtype)
    rest = jnp.asarray(1, moving_mean.dtype) - m
    return moving_mean * m + mean * rest, moving_var * m + var * rest


_ones_like = jax.jit(jnp.ones_like)


@defun("BatchNorm", nd="BatchNorm")
def batch_norm(data=None, gamma=None, beta=None, moving_mean=None, moving_var=None, eps=1e-3,
               momentum=0.9, fix_gamma=True, use_global_stats=False, output_mean_var=False,
               axis=1, cudnn_off=False, min_calib_range=None, max_calib_range=None, out=None,
               name=None):
    """Batch normalization (see the module docstring). Returns the normalized data, or
    [data, mean, inverse std] with ``output_mean_var``. In training mode it also
    updates ``moving_mean`` and ``moving_var`` in place."""
    arrays = (data, gamma, beta, moving_mean, moving_var)
    for nm, a in zip(("data", "gamma", "beta", "moving_mean", "moving_var"), arrays):
        if a is None:
            raise MXNetError(f"BatchNorm: missing input array {nm!r}; call it as BatchNorm("
                             "data, gamma, beta, moving_mean, moving_var, ...).")
    train = state.is_training()
    res = call_op(_batch_norm, "BatchNorm", arrays, dict(
        eps=eps, fix_gamma=bool(fix_gamma), use_global_stats=bool(use_global_stats),
        axis=int(axis), train=train))
    y, mean, invstd, var = res
    if fix_gamma:
        # NOTE: MXNet's kernels write 1 into gamma when fix_gamma is set.
        gamma._set_value(_ones_like(gamma._value()))
    if train and not use_global_stats:
        new_mean, new_var = _running(moving_mean._value(), moving_var._value(),
                                     mean._value(), var._value(), f32(momentum))
        moving_mean._set_value(new_mean)
        moving_var._set_value(new_var)
    outs = [y, mean, invstd] if output_mean_var else [y]
    if out is not None:
        return assign_out(out, outs)
    return outs if output_mean_var else y


# ----------------------------------------------------------------- GroupNorm
@defop("GroupNorm", nd=True, nout=lambda attrs: 3 if attrs.get("output_mean_var") else 1)
def _group_norm(data, gamma, beta, *, num_groups=1, eps=1e-5, output_mean_var=False):
    """Normalize each example's channel groups (channels split into ``num_groups``) over
    the group's channels and spatial axes, then scale and shift per *group* by gamma and
    beta of shape (num_groups,), as MXNet 1.9.1 does. With ``output_mean_var`` also
    return the mean and std, shaped (N, num_groups), which pass no gradient back."""
    op = "GroupNorm"
    check_float(op, data, gamma, beta)
    g = int(num_groups)
    if data.ndim < 3:
        raise MXNetError(f"GroupNorm: data must have at least 3 dimensions (batch, channel, "
                         f"spatial...) but got shape {data.shape}.")
    n, c = data.shape[:2]
    if g < 1 or c % g:
        raise MXNetError(f"GroupNorm: the number of channels ({c}) must be divisible by "
                         f"num_groups ({g}).")
    for nm, a in (("gamma", gamma), ("beta", beta)):
        if a.shape != (g,):
            raise MXNetError(f"GroupNorm: {nm} has shape {a.shape} but must be ({g},) (one "
                             "value per group).")
    x = data.reshape((n, g, c // g) + data.shape[2:])
    axes = tuple(range(2, x.ndim))
    mean = jnp.mean(x, axis=axes, keepdims=True)
    std = jnp.sqrt(jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
                   + jnp.asarray(f32(eps), data.dtype))
    pshape = (1, g) + (1,) * (x.ndim - 2)
    out = (x - mean) / std * gamma.reshape(pshape) + beta.reshape(pshape)
    out = out.reshape(data.shape)
    if output_mean_var:
        return out, _stop(mean.reshape((n, g))), _stop(std.reshape((n, g)))
    return out


# ----------------------------------------------------------------------- LRN
@defop("LRN", nd=True)
def _lrn(data, *, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None):
    """Local response normalization across channels:
    ``x / (knorm + alpha/nsize * sum of x**2 over nsize neighbouring channels)**beta``."""
    op = "LRN"
    nsize = int(require(op, "nsize", nsize))
    if data.dtype != jnp.float32:
        raise MXNetError(f"LRN supports float32 data only but got {data.dtype.name}; convert "
                         "it with .astype('float32').")
    if data.ndim != 4:
        raise MXNetError(f"LRN: data must be 4-D (N, C, H, W) but got shape {data.shape}.")
    if nsize < 1:
        raise MXNetError("LRN: nsize must be at least 1.")
    # NOTE: the window covers channels c - (nsize-1)//2 .. c + (nsize-1)//2, so an even
    # nsize sums one channel fewer than it divides by (as MXNet's MKLDNN kernel does).
    lo = hi = (nsize - 1) // 2
    sq = lax.reduce_window(data * data, _np.float32(0), lax.add, (1, 2 * lo + 1, 1, 1),
                           (1, 1, 1, 1), ((0, 0), (lo, hi), (0, 0), (0, 0)))
    salpha = _np.float32(alpha) / _np.float32(nsize)
    norm = sq * salpha + jnp.float32(f32(knorm))
    return data * norm ** jnp.float32(-f32(beta))
