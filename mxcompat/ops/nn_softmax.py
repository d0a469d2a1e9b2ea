"""Softmax ops: softmax (with ``temperature``, ``dtype`` and ``use_length``),
log_softmax, softmin, SoftmaxActivation and softmax_cross_entropy.

MXNet's conventions kept here: integer inputs are rejected; ``dtype`` is the output's
dtype (the softmax is computed in the input's dtype and then cast); with
``use_length`` the entries at and beyond ``length`` along ``axis`` are 0;
SoftmaxActivation's 'instance' mode works on the last axis, 'channel' on axis 1.
"""
import jax
import jax.numpy as jnp

from ..base import MXNetError
from .nn import check_float
from .registry import defop


def _axis(op, data, axis):
    if not -data.ndim <= axis < data.ndim:
        raise MXNetError(f"{op}: axis {axis} is out of range for data of shape "
                         f"{data.shape}.")
    return axis % data.ndim


def _scaled(data, temperature):
    if temperature is None or temperature == 1.0:
        return data
    return data / jnp.asarray(temperature, data.dtype)


def _length_mask(op, data, length, axis):
    """Boolean mask: True where the position along ``axis`` is below ``length``."""
    if not jnp.issubdtype(length.dtype, jnp.integer):
        raise MXNetError(f"{op}: length must be an integer array (e.g. int32) but got "
                         f"{length.dtype.name}; convert it with .astype('int32').")
    want = data.shape[:axis] + data.shape[axis + 1:]
    if length.shape != want:
        raise MXNetError(f"{op}: length has shape {length.shape} but data of shape "
                         f"{data.shape} with axis={axis} needs shape {want}.")
    pos = jax.lax.broadcasted_iota(jnp.int32, data.shape, axis)
    return pos < jnp.expand_dims(length, axis).astype(jnp.int32)


def _check_length_args(op, length, use_length):
    if use_length and length is None:
        raise MXNetError(f"{op}: use_length=True needs the length input: "
                         f"{op}(data, length, use_length=True).")
    if length is not None and not use_length:
        raise MXNetError(f"{op} got a length input but use_length is False; pass "
                         "use_length=True to use it.")


def _out_dtype(data, dtype):
    return data.dtype if dtype is None else jnp.dtype(dtype)


@defop("softmax", nd=True, method=True, optional=("length",))
def _softmax(data, length, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """exp(x / T) normalized along ``axis``."""
    check_float("softmax", data)
    _check_length_args("softmax", length, use_length)
    ax = _axis("softmax", data, axis)
    x = _scaled(data, temperature)
    if length is None:
        return jax.nn.softmax(x, axis=ax).astype(_out_dtype(data, dtype))
    mask = _length_mask("softmax", data, length, ax)
    x = jnp.where(mask, x, jnp.finfo(x.dtype).min)
    out = jnp.where(mask, jax.nn.softmax(x, axis=ax), 0)
    return out.astype(_out_dtype(data, dtype))


def _no_length(op, use_length):
    if use_length:
        raise MXNetError(f"{op} does not take a length input in MXNet 1.9.1; use "
                         "softmax(data, length, use_length=True) instead.")


@defop("log_softmax", nd=True, method=True)
def _log_softmax(data, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """log(softmax(x / T)) along ``axis``."""
    check_float("log_softmax", data)
    _no_length("log_softmax", use_length)
    ax = _axis("log_softmax", data, axis)
    return jax.nn.log_softmax(_scaled(data, temperature), axis=ax).astype(
        _out_dtype(data, dtype))


@defop("softmin", nd=True, method=True)
def _softmin(data, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """softmax(-x / T) along ``axis``."""
    check_float("softmin", data)
    _no_length("softmin", use_length)
    ax = _axis("softmin", data, axis)
    return jax.nn.softmax(-_scaled(data, temperature), axis=ax).astype(
        _out_dtype(data, dtype))


@defop("SoftmaxActivation", nd=True)
def _softmax_activation(data, *, mode="instance"):
    """Softmax over the last axis ('instance') or over axis 1 ('channel', 3-d and up)."""
    check_float("SoftmaxActivation", data)
    if mode == "instance":
        return jax.nn.softmax(data, axis=-1)
    if mode != "channel":
        raise MXNetError(f"SoftmaxActivation: invalid mode {mode!r}; use 'instance' or "
                         "'channel'.")
    if data.ndim < 3:
        raise MXNetError(f"SoftmaxActivation(mode='channel') needs input with at least 3 "
                         f"dimensions but got shape {data.shape}.")
    # NOTE: for 'instance' mode on 3-d+ input MXNet's gradient sums over axis 1 instead
    # of the softmax axis; this op uses the softmax's true gradient.
    return jax.nn.softmax(data, axis=1)


@defop("softmax_cross_entropy", nd=True)
def _softmax_cross_entropy(data, label):
    """Sum over the batch of -log(softmax(data)[i, label[i]]), clamped at 1e-8 inside
    the log; shape (1,). Its gradient is softmax(data) - one_hot(label)."""
    check_float("softmax_cross_entropy", data, label)
    if data.ndim != 2 or label.ndim != 1:
        raise MXNetError(f"softmax_cross_entropy takes 2-d data and 1-d label but got "
                         f"shapes {data.shape} and {label.shape}.")
    if data.shape[0] != label.shape[0]:
        raise MXNetError(f"softmax_cross_entropy: data has {data.shape[0]} rows but label "
                         f"has {label.shape[0]} entries.")
    onehot = jax.lax.stop_gradient(
        jax.nn.one_hot(label.astype(jnp.int32), data.shape[1], dtype=data.dtype))
    # NOTE: MXNet's gradient is softmax - one_hot everywhere (the 1e-8 clamp of the
    # forward and labels out of range do not change it): lse(x) - x[label] has exactly
    # that gradient; the value is then replaced by the clamped one.
    smooth = jax.nn.logsumexp(data, axis=1) - jnp.sum(onehot * data, axis=1)
    picked = jnp.sum(jax.nn.softmax(data, axis=1) * onehot, axis=1)
    clamped = -jnp.log(jnp.maximum(picked, jnp.asarray(1e-8, data.dtype)))
    per_row = smooth + jax.lax.stop_gradient(clamped - smooth)
    return jnp.sum(per_row).reshape((1,))
