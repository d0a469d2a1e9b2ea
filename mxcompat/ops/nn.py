"""Neural-network layers as ops: FullyConnected, Activation, LeakyReLU (leaky, prelu,
elu, selu, gelu, rrelu), Embedding and Dropout.

The other neural-network families live next door and are registered from here:
``nn_softmax`` (softmax, log_softmax, softmin, SoftmaxActivation, softmax_cross_entropy),
``nn_output`` (SoftmaxOutput and the regression outputs, whose gradients ignore the head
gradient as MXNet's do) and ``nn_norm`` (L2Normalization, LayerNorm, InstanceNorm).

Random ops (Dropout, rrelu in training) take ``(key, counter)`` from the random stream in
the frontend and pass them as dynamic attributes, so a replay in backward draws the same
mask; whether they are in training mode is a static attribute the frontend sets.
"""
import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core import rng, state
from .._core.dispatch import invoke
from .frontend import bind
from .registry import defop, defun

# NOTE: float32 products are computed in full float32 (as MXNet's BLAS does), not in
# the reduced precision some accelerators default to.
PRECISION = lax.Precision.HIGHEST
# The key passed to random ops that do not draw (not training): never used.
_NO_KEY = _np.zeros((2,), _np.uint32)


def check_float(op, *arrays):
    """MXNet's nn ops take floating point arrays, all of one dtype."""
    dt = arrays[0].dtype
    if not jnp.issubdtype(dt, jnp.floating):
        raise MXNetError(f"{op}: this operation only supports floating point types, not "
                         f"{dt.name}; convert the input with .astype('float32').")
    for a in arrays[1:]:
        if a is not None and a.dtype != dt:
            raise MXNetError(f"{op}: all inputs must have the same dtype but got {dt.name} "
                             f"and {a.dtype.name}; convert them with .astype(...).")


def f32(value):
    """A float attribute as MXNet stores it (most nn parameters are C floats)."""
    return float(_np.float32(value))


def require(op, name, value):
    if value is None:
        raise MXNetError(f"{op}: the parameter {name} is required; call it as "
                         f"{op}(..., {name}=...).")
    return value


def call_op(opdef, name, args, kwargs):
    """Run ``opdef`` like its generated nd function would (argument binding included)."""
    arrays, scalars, static, present, ctx, out = bind(opdef, args, dict(kwargs), name)
    return invoke(opdef.kernel(static, present), arrays, scalars, None, ctx, out)


# ------------------------------------------------------------- FullyConnected
@defop("FullyConnected", nd=True, optional=("bias",))
def _fully_connected(data, weight, bias, *, num_hidden=None, no_bias=False, flatten=True):
    """``data @ weight.T + bias``; ``flatten`` first flattens data to (batch, features),
    otherwise the product acts on the last axis."""
    op = "FullyConnected"
    num_hidden = int(require(op, "num_hidden", num_hidden))
    if no_bias and bias is not None:
        raise MXNetError("FullyConnected expects 2 inputs (data, weight) with no_bias=True "
                         "but got a bias; drop it or pass no_bias=False.")
    if not no_bias and bias is None:
        raise MXNetError("FullyConnected expects 3 inputs (data, weight, bias) but got 2; "
                         "pass a bias or no_bias=True.")
    check_float(op, data, weight, bias)
    if flatten:
        x = data.reshape((data.shape[0], -1)) if data.ndim else data.reshape((1, 1))
    else:
        x = data
    in_units = x.shape[-1]
    if weight.shape != (num_hidden, in_units):
        raise MXNetError(f"FullyConnected: weight has shape {weight.shape} but data of shape "
                         f"{data.shape} with num_hidden={num_hidden} needs "
                         f"{(num_hidden, in_units)}.")
    out = jnp.matmul(x, weight.T, precision=PRECISION)
    if bias is not None:
        if bias.shape != (num_hidden,):
            raise MXNetError(f"FullyConnected: bias has shape {bias.shape} but must be "
                             f"({num_hidden},).")
        out = out + bias
    return out


# ------------------------------------------------------------------ Activation
def _softrelu(x):
    # NOTE: MXNet returns x itself above 20 (where log1p(exp(x)) == x in float32). The
    # guard is a where, not a minimum, whose gradient would split at x == 20.
    safe = jnp.where(x > 20.0, jnp.zeros_like(x), x)
    return jnp.where(x > 20.0, x, jnp.log1p(jnp.exp(safe)))


_ACTIVATIONS = {
    "relu": lambda x: jnp.where(x > 0, x, jnp.zeros_like(x)),
    "sigmoid": jax.nn.sigmoid,
    "tanh": jnp.tanh,
    "softrelu": _softrelu,
    "softsign": lambda x: x / (1 + jnp.abs(x)),
}


@defop("Activation", nd=True)
def _activation(data, *, act_type=None):
    """Element-wise activation: relu, sigmoid, tanh, softrelu (softplus) or softsign."""
    act_type = require("Activation", "act_type", act_type)
    f = _ACTIVATIONS.get(act_type)
    if f is None:
        raise MXNetError(f"Activation: invalid act_type {act_type!r}; valid values are "
                         f"{sorted(_ACTIVATIONS)}.")
    check_float("Activation", data)
    return f(data)


# ------------------------------------------------------------------- LeakyReLU
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_LAMBDA = 1.0507009873554804934193349852946
_LEAKY_TYPES = ("leaky", "prelu", "elu", "selu", "gelu", "rrelu")


def _gamma_shape(gamma_shape, data_shape):
    """MXNet's placement of prelu's gamma: trailing gamma axes fill data axes 0 and 1."""
    out = [1] * len(data_shape)
    s = len(gamma_shape) - 1
    for i in range(len(data_shape) - 1, -1, -1):
        if s >= 0 and i <= 1 and gamma_shape[s] in (data_shape[i], 1):
            out[i] = gamma_shape[s]
            s -= 1
    if s != -1:
        raise MXNetError(f"LeakyReLU(act_type='prelu'): cannot broadcast gamma of shape "
                         f"{tuple(gamma_shape)} to data of shape {tuple(data_shape)}; gamma "
                         "must have one value per channel (axis 1) or a single value.")
    return tuple(out)


def _expm1_neg(x):
    """expm1(x) for x <= 0 (positive x replaced by 0 so the unused branch stays finite)."""
    return jnp.expm1(jnp.where(x > 0, jnp.zeros_like(x), x))


def _times_slope(x, slope):
    """x * slope computed in float32, as MXNet's leaky/prelu kernels do for every dtype,
    with the exact gradient (slope for x, x for slope)."""
    exact = x * slope
    if x.dtype == jnp.float32:
        return exact
    rounded = (x.astype(jnp.float32) * jnp.asarray(slope).astype(jnp.float32)).astype(x.dtype)
    return exact + lax.stop_gradient(rounded - exact)


@defop("LeakyReLU", optional=("gamma",))
def _leaky_relu(data, gamma, *, act_type="leaky", slope=0.25, lower_bound=0.125,
                upper_bound=0.334):
    """LeakyReLU for every act_type but rrelu (see ``_rrelu``)."""
    op = "LeakyReLU"
    if act_type not in _LEAKY_TYPES:
        raise MXNetError(f"LeakyReLU: invalid act_type {act_type!r}; valid values are "
                         f"{sorted(_LEAKY_TYPES)}.")
    if (act_type == "prelu") != (gamma is not None):
        raise MXNetError("LeakyReLU expects the inputs (data, gamma) for act_type='prelu' "
                         "and (data) otherwise.")
    check_float(op, data, gamma)
    x = data
    if act_type == "leaky":
        return jnp.where(x > 0, x, _times_slope(x, jnp.asarray(f32(slope), x.dtype)))
    if act_type == "prelu":
        if data.ndim < 2:
            raise MXNetError("LeakyReLU(act_type='prelu') needs data with a channel axis "
                             "(at least 2 dimensions).")
        g = gamma.reshape(_gamma_shape(gamma.shape, data.shape))
        return jnp.where(x > 0, x, _times_slope(x, g))
    if act_type == "elu":
        return jnp.where(x > 0, x, jnp.asarray(f32(slope), x.dtype) * _expm1_neg(x))
    if act_type == "selu":
        # NOTE: MXNet 1.9.1's selu gradient for x < 0 is lambda * (alpha + out), which is
        # not the derivative; this op uses the true one, lambda * alpha * exp(x).
        return SELU_LAMBDA * jnp.where(x > 0, x, SELU_ALPHA * _expm1_neg(x))
    # gelu (erf form)
    return (0.5 * x * (1 + jax.scipy.special.erf(x / jnp.sqrt(2.0).astype(x.dtype)))
            ).astype(x.dtype)


@defop("_rrelu", nout=2, dynamic=("key", "counter"))
def _rrelu(data, *, key=None, counter=0, lower_bound=0.125, upper_bound=0.334,
           train=False):
    """Randomized leaky ReLU: (output, slopes). Training draws one slope per element
    from U(lower_bound, upper_bound); otherwise the slope is their mean and the
    returned slopes are zeros (MXNet leaves them uninitialized)."""
    check_float("LeakyReLU", data)
    x = data
    if train:
        u = jax.random.uniform(rng.subkey(key, counter), x.shape, x.dtype)
        slopes = u * f32(f32(upper_bound) - f32(lower_bound)) + f32(lower_bound)
        return jnp.where(x > 0, x, x * slopes), slopes
    slope = jnp.asarray(f32((f32(lower_bound) + f32(upper_bound)) / 2.0), x.dtype)
    return jnp.where(x > 0, x, x * slope), jnp.zeros_like(x)


@defun("LeakyReLU", nd="LeakyReLU")
def leaky_relu(data=None, gamma=None, act_type="leaky", slope=0.25, lower_bound=0.125,
               upper_bound=0.334, out=None, name=None):
    """Leaky ReLU family: leaky, prelu (slopes ``gamma`` per channel), elu, selu, gelu
    and rrelu (random slopes in training mode; returns [output, slopes])."""
    if act_type == "rrelu":
        if gamma is not None:
            raise MXNetError("LeakyReLU(act_type='rrelu') takes one input (data), not gamma.")
        train = state.is_training()
        key, counter = rng.next_key() if train else (_NO_KEY, 0)
        return call_op(_rrelu, "LeakyReLU", (data,), dict(
            key=key, counter=counter, lower_bound=lower_bound, upper_bound=upper_bound,
            train=train, out=out))
    return call_op(_leaky_relu, "LeakyReLU", (data, gamma), dict(
        act_type=act_type, slope=slope, lower_bound=lower_bound, upper_bound=upper_bound,
        out=out))


# ------------------------------------------------------------------- Embedding
@defop("Embedding", nd=True)
def _embedding(data, weight, *, input_dim=None, output_dim=None, dtype="float32",
               sparse_grad=False):
    """Rows of ``weight`` picked by the indices in ``data`` (clipped to the table); the
    gradient of ``weight`` adds up the rows' head gradients."""
    input_dim = int(require("Embedding", "input_dim", input_dim))
    output_dim = int(require("Embedding", "output_dim", output_dim))
    if weight.shape != (input_dim, output_dim):
        raise MXNetError(f"Embedding: weight has shape {weight.shape} but input_dim="
                         f"{input_dim}, output_dim={output_dim} need "
                         f"{(input_dim, output_dim)}.")
    # NOTE: indices are truncated to integers and clipped into [0, input_dim - 1], as
    # MXNet's take in clip mode does; the output has the weight's dtype.
    idx = jnp.clip(data.astype(jnp.int32), 0, input_dim - 1)
    return jnp.take(weight, idx, axis=0)


# --------------------------------------------------------------------- Dropout
@defop("Dropout", dynamic=("p", "key", "counter"))
def _dropout(data, *, p=0.5, key=None, counter=0, axes=(), train=False):
    """``data * mask / (1 - p)`` with mask ~ Bernoulli(1 - p) (shared along ``axes``)
    when ``train``; the identity otherwise."""
    check_float("Dropout", data)
    if not train:
        return data
    shape = list(data.shape)
    for a in axes:
        if not -data.ndim <= a < data.ndim:
            raise MXNetError(f"Dropout: axis {a} is out of range for data of shape "
                             f"{data.shape}.")
        shape[a] = 1
    pkeep = 1.0 - jnp.asarray(p, jnp.float32)
    keep = jax.random.uniform(rng.subkey(key, counter), tuple(shape), jnp.float32) < pkeep
    # NOTE: the scale 1/(1-p) is computed in float32 as MXNet does. With p=1 MXNet
    # returns NaN (0 * inf); here every element is dropped: zeros.
    scale = jnp.where(pkeep > 0, 1.0 / jnp.where(pkeep > 0, pkeep, 1.0), 0.0)
    mask = jnp.where(keep, scale, 0.0)
    return data * mask.astype(data.dtype)


@defun("Dropout", nd="Dropout")
def dropout(data=None, p=0.5, mode="training", axes=(), cudnn_off=False, out=None,
            name=None):
    """Dropout: in training mode (``autograd.record()``/``train_mode()``) or with
    ``mode='always'`` zero each element with probability ``p`` and scale the rest by
    1/(1-p); otherwise the identity. ``axes`` shares one mask along those axes."""
    if mode not in ("training", "always"):
        raise MXNetError(f"Dropout: invalid mode {mode!r}; use 'training' or 'always'.")
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise MXNetError(f"Dropout: p={p} is out of range; the fraction dropped must be in "
                         "[0, 1].")
    if isinstance(axes, int):
        axes = (axes,)
    train = p > 0 and (mode == "always" or state.is_training())
    key, counter = rng.next_key() if train else (_NO_KEY, 0)
    return call_op(_dropout, "Dropout", (data,), dict(
        p=p, key=key, counter=counter, axes=tuple(int(a) for a in axes), train=train,
        out=out))


from . import nn_softmax, nn_output, nn_norm  # noqa: E402,F401  (register the rest)
