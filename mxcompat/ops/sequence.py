"""Sequence and spatial ops: SequenceMask, SequenceLast, SequenceReverse, pad, UpSampling.

Sequence ops take data laid out (time, batch, ...) (``axis=0``) or (batch, time, ...)
(``axis=1``) and, with ``use_sequence_length=True``, a second input of per-batch
lengths (float lengths are truncated, as MXNet does).
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .gather import as_index
from .registry import defop
from .shape import as_tuple


def _lengths(data, sequence_length, use, axis, op, axes=(0, 1)):
    if axis not in axes:
        allowed = " or ".join(map(str, axes))
        raise MXNetError(f"{op}: axis must be {allowed} (the time axis), got {axis}.")
    if data.ndim < 2:
        raise MXNetError(f"{op}: data must have at least 2 dimensions (time and batch), got"
                         f" shape {data.shape}.")
    if use and sequence_length is None:
        raise MXNetError(f"{op}: use_sequence_length=True needs the sequence_length input; "
                         f"call {op}(data, sequence_length, use_sequence_length=True).")
    if not use and sequence_length is not None:
        raise MXNetError(f"{op}: a sequence_length input was given but "
                         "use_sequence_length is False; pass use_sequence_length=True.")
    batch = data.shape[1 - axis]
    if use and sequence_length.shape != (batch,):
        raise MXNetError(f"{op}: sequence_length must have shape ({batch},) for data of "
                         f"shape {data.shape}, got {sequence_length.shape}.")
    return as_index(sequence_length) if use else None


def _bcast(m, ndim):
    return m.reshape(m.shape + (1,) * (ndim - 2))


@defop("SequenceMask", nd=True, optional=("sequence_length",))
def _sequence_mask(data, sequence_length=None, *, use_sequence_length=False, value=0.0,
                   axis=0):
    """Set the steps past each sequence's length to ``value``."""
    lens = _lengths(data, sequence_length, use_sequence_length, axis, "SequenceMask")
    if lens is None:
        return data
    t = jnp.arange(data.shape[axis])
    keep = t[:, None] < lens[None, :] if axis == 0 else t[None, :] < lens[:, None]
    fill = jnp.asarray(value).astype(data.dtype)
    return jnp.where(_bcast(keep, data.ndim), data, fill)


@defop("SequenceLast", nd=True, optional=("sequence_length",))
def _sequence_last(data, sequence_length=None, *, use_sequence_length=False, axis=0):
    """The last valid step of each sequence (the time axis is removed)."""
    lens = _lengths(data, sequence_length, use_sequence_length, axis, "SequenceLast")
    steps = data.shape[axis]
    batch = data.shape[1 - axis]
    if lens is None:
        last = jnp.full((batch,), steps - 1)
    else:
        # A length outside [1, steps] reads out of bounds in MXNet; it is clipped here.
        last = jnp.clip(lens - 1, 0, steps - 1)
    b = jnp.arange(batch)
    return data[last, b] if axis == 0 else data[b, last]


@defop("SequenceReverse", nd=True, optional=("sequence_length",))
def _sequence_reverse(data, sequence_length=None, *, use_sequence_length=False, axis=0):
    """Reverse the first ``length`` steps of each sequence (time axis 0); the steps past
    the length stay in place."""
    lens = _lengths(data, sequence_length, use_sequence_length, axis, "SequenceReverse",
                    axes=(0,))
    steps, batch = data.shape[0], data.shape[1]
    if lens is None:
        return jnp.flip(data, 0)
    lens = jnp.clip(lens, 0, steps)
    t = jnp.arange(steps)[:, None]
    src = jnp.where(t < lens[None, :], lens[None, :] - 1 - t, t)
    return data[src, jnp.arange(batch)[None, :]]


# ------------------------------------------------------------------------ pad
_PAD_MODES = {"constant": "constant", "edge": "edge", "reflect": "reflect"}


@defop("pad", nd=("pad", "Pad"), method=True)
def _pad(data, *, mode=None, pad_width=(), constant_value=0.0):
    """Pad the spatial axes of a 4-D or 5-D float array; ``pad_width`` is
    (before_0, after_0, before_1, after_1, ...) with zeros for the first two axes."""
    if mode not in _PAD_MODES:
        raise MXNetError(f"pad: mode must be 'constant', 'edge' or 'reflect', got {mode!r}.")
    pw = as_tuple(pad_width)
    if data.ndim not in (4, 5):
        raise MXNetError(f"pad supports only 4-D or 5-D input, got shape {data.shape}.")
    if len(pw) != 2 * data.ndim:
        raise MXNetError(f"pad: pad_width must have 2 * ndim = {2 * data.ndim} entries, got"
                         f" {len(pw)}.")
    if any(pw[:4]):
        raise MXNetError("pad: padding of the first two axes (batch and channel) must be "
                         f"zero, got pad_width={pw}.")
    if not jnp.issubdtype(data.dtype, jnp.floating):
        raise MXNetError(f"pad supports only floating point types, not {data.dtype}; cast "
                         "the input with astype('float32').")
    pairs = [(pw[2 * i], pw[2 * i + 1]) for i in range(data.ndim)]
    if mode == "reflect" and any(max(p) >= s for p, s in zip(pairs[2:], data.shape[2:])):
        raise MXNetError("pad: reflection padding needs padding sizes smaller than the "
                         f"input size, got pad_width={pw} for shape {data.shape}.")
    if mode == "constant":
        return jnp.pad(data, pairs, mode="constant",
                       constant_values=jnp.asarray(constant_value).astype(data.dtype))
    return jnp.pad(data, pairs, mode=_PAD_MODES[mode])


# ---------------------------------------------------------------- UpSampling
@defop("UpSampling", nd=True)
def _upsampling(*data, scale=None, num_filter=0, sample_type=None,
                multi_input_mode="concat", num_args=None, workspace=512):
    """Upsample (N, C, H, W) inputs by ``scale``: 'nearest' repeats pixels (several
    inputs are brought to the first one's output size and concatenated or summed);
    'bilinear' is a grouped transposed convolution with the given weight."""
    if scale is None or scale < 1:
        raise MXNetError(f"UpSampling: scale must be a positive integer, got {scale}.")
    if sample_type not in ("nearest", "bilinear"):
        raise MXNetError("UpSampling: sample_type is required and must be 'nearest' or "
                         f"'bilinear', got {sample_type!r}.")
    if num_args is not None and num_args != len(data):
        raise MXNetError(f"UpSampling was given num_args={num_args} but {len(data)} inputs.")
    for i, d in enumerate(data):
        if d.ndim != 4:
            raise MXNetError(f"UpSampling: input {i} must be 4-D (batch, channel, y, x), "
                             f"got shape {d.shape}.")
        if d.dtype != data[0].dtype:
            raise MXNetError("UpSampling: all inputs must have the same dtype.")
    if sample_type == "bilinear":
        return _bilinear(data, scale, num_filter)
    oh, ow = data[0].shape[2] * scale, data[0].shape[3] * scale
    outs = []
    for d in data:
        if oh % d.shape[2] or ow % d.shape[3]:
            raise MXNetError(f"UpSampling: an input of size {d.shape[2:]} does not divide "
                             f"the output size {(oh, ow)}.")
        up = jnp.repeat(jnp.repeat(d, oh // d.shape[2], axis=2), ow // d.shape[3], axis=3)
        outs.append(up)
    if multi_input_mode == "sum":
        if any(o.shape[1] != outs[0].shape[1] for o in outs):
            raise MXNetError("UpSampling: multi_input_mode='sum' needs the same number of "
                             "channels in every input.")
        total = outs[0]
        for o in outs[1:]:
            total = total + o
        return total
    return outs[0] if len(outs) == 1 else jnp.concatenate(outs, axis=1)


def _bilinear(data, scale, num_filter):
    if len(data) != 2:
        raise MXNetError("UpSampling with sample_type='bilinear' takes two inputs: data "
                         "and weight.")
    x, w = data
    c = x.shape[1]
    k = 2 * scale - scale % 2
    p = -(-(scale - 1) // 2)
    if num_filter != c or w.shape != (c, 1, k, k):
        raise MXNetError(f"UpSampling bilinear: num_filter must equal the channels ({c}) "
                         f"and the weight must have shape ({c}, 1, {k}, {k}); got "
                         f"num_filter={num_filter}, weight {w.shape}.")
    # A transposed convolution (stride scale, pad p, one group per channel) written as
    # a convolution of the dilated input with the flipped kernel.
    return lax.conv_general_dilated(
        x, w[:, :, ::-1, ::-1], window_strides=(1, 1),
        padding=[(k - 1 - p, k - 1 - p)] * 2, lhs_dilation=(scale, scale),
        dimension_numbers=("NCHW", "OIHW", "NCHW"), feature_group_count=c)
