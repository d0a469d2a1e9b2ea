"""Normalization ops: L2Normalization, LayerNorm, InstanceNorm (BatchNorm lives with
the layers that keep running statistics).

MXNet's conventions kept here: L2Normalization divides by sqrt(sum(x^2) + eps) over all
axes but the first ('instance'), over axis 1 ('channel') or over axes 2.. ('spatial');
LayerNorm's optional extra outputs are the mean and sqrt(var + eps), keeping the
normalized axis with size 1; variances are biased (divide by n).
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .nn import check_float, f32
from .registry import defop


@defop("L2Normalization", nd=True)
def _l2_normalization(data, *, eps=1e-10, mode="instance"):
    """``x / sqrt(sum(x**2) + eps)`` over the axes ``mode`` names."""
    check_float("L2Normalization", data)
    if mode == "instance":
        axes = tuple(range(1, data.ndim))
    elif mode in ("channel", "spatial"):
        if data.ndim < 3:
            raise MXNetError(f"L2Normalization(mode={mode!r}) needs at least 3 dimensions "
                             f"but got shape {data.shape}.")
        axes = (1,) if mode == "channel" else tuple(range(2, data.ndim))
    else:
        raise MXNetError(f"L2Normalization: invalid mode {mode!r}; use 'instance', "
                         "'channel' or 'spatial'.")
    sq = jnp.sum(data * data, axis=axes, keepdims=True)
    return data * lax.rsqrt(sq + jnp.asarray(f32(eps), data.dtype))


def _moments(x, axes):
    mean = jnp.mean(x, axis=axes, keepdims=True)
    var = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    return mean, var


def _check_affine(op, data, gamma, beta, axis, n):
    for name, a in (("gamma", gamma), ("beta", beta)):
        if a.shape != (n,):
            raise MXNetError(f"{op}: {name} has shape {a.shape} but data of shape "
                             f"{data.shape} needs ({n},) (the size of axis {axis}).")


def _along(v, ndim, axis):
    shape = [1] * ndim
    shape[axis] = v.shape[0]
    return v.reshape(shape)


@defop("LayerNorm", nd=True, nout=lambda attrs: 3 if attrs.get("output_mean_var") else 1)
def _layer_norm(data, gamma, beta, *, axis=-1, eps=1e-5, output_mean_var=False):
    """Normalize along ``axis`` to zero mean and unit variance, then scale by gamma and
    shift by beta; with ``output_mean_var`` also return the mean and the std."""
    check_float("LayerNorm", data, gamma, beta)
    if not -data.ndim <= axis < data.ndim:
        raise MXNetError(f"LayerNorm: axis {axis} is out of range for data of shape "
                         f"{data.shape}.")
    ax = axis % data.ndim
    _check_affine("LayerNorm", data, gamma, beta, axis, data.shape[ax])
    mean, var = _moments(data, (ax,))
    std = jnp.sqrt(var + jnp.asarray(f32(eps), data.dtype))
    out = (data - mean) / std * _along(gamma, data.ndim, ax) + _along(beta, data.ndim, ax)
    if output_mean_var:
        # NOTE: MXNet gives no gradient through the mean and std outputs; here they are
        # differentiable like any other output.
        return out, mean, std
    return out


@defop("InstanceNorm", nd=True)
def _instance_norm(data, gamma, beta, *, eps=1e-3):
    """Normalize each example's channels over their spatial axes (2..), then scale by
    gamma and shift by beta per channel."""
    check_float("InstanceNorm", data, gamma, beta)
    if data.ndim < 3:
        raise MXNetError(f"InstanceNorm only supports input of rank >= 3 (batch, channel, "
                         f"spatial...) but got shape {data.shape}.")
    _check_affine("InstanceNorm", data, gamma, beta, 1, data.shape[1])
    mean, var = _moments(data, tuple(range(2, data.ndim)))
    out = (data - mean) * lax.rsqrt(var + jnp.asarray(f32(eps), data.dtype))
    return out * _along(gamma, data.ndim, 1) + _along(beta, data.ndim, 1)
