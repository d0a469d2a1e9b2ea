"""The fused recurrent op ``RNN`` (vanilla relu/tanh RNN, LSTM, GRU), as MXNet 1.9.1's.

One flat ``parameters`` vector holds every weight, then every bias: for each layer, for
each direction (forward, then backward), the input-to-hidden matrix (``gates*H x I``)
and the hidden-to-hidden matrix (``gates*H x H``); the biases follow in the same order.
Gates are stacked in MXNet's (and cuDNN's) order: LSTM input, forget, cell candidate,
output; GRU reset, update, new, with the reset gate scaling ``W_hn h + b_hn``.

The recurrence over time is a ``jax.lax.scan`` (run backwards for the reverse
direction), so the op is one pure JAX function that ``jax.vjp`` and ``jax.jit``
handle like any other. States are ``(layers*directions, batch, hidden)``, ordered
layer 0 forward, layer 0 backward, layer 1 forward... Dropout ``p`` applies to the
outputs of every layer but the last, in training mode only.
"""
import jax
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .._core import rng
from .._core import state as _state
from .nn import _ACTIVATIONS, PRECISION, _NO_KEY, call_op, check_float, f32, require
from .registry import defop, defun

__all__ = ["GATES", "param_size"]

# Gates per mode: how many blocks of ``state_size`` rows each weight matrix stacks.
GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


def param_size(mode, state_size, num_layers, input_size, bidirectional):
    """The length of the flat parameter vector of an ``RNN`` op."""
    g, h, d = GATES[mode], state_size, 2 if bidirectional else 1
    size, ni = 0, input_size
    for _ in range(num_layers):
        size += d * g * h * (ni + h + 2)
        ni = h * d
    return size


def _unpack(params, g, h, num_layers, d, input_size):
    """Split the flat vector into ``[(wi, wh, bi, bh)]`` per layer and direction."""
    weights, pos, ni = [], 0, input_size
    for _ in range(num_layers):
        for _ in range(d):
            wi = params[pos:pos + g * h * ni].reshape(g * h, ni)
            pos += g * h * ni
            wh = params[pos:pos + g * h * h].reshape(g * h, h)
            pos += g * h * h
            weights.append([wi, wh])
        ni = h * d
    for w in weights:
        w.append(params[pos:pos + g * h])
        w.append(params[pos + g * h:pos + 2 * g * h])
        pos += 2 * g * h
    return weights


def _matmul(a, w):
    return jnp.matmul(a, w.T, precision=PRECISION)


def _cell_step(mode, clip):
    """``step((h, c), (x_proj_t, wh, bh)) -> new carry`` for one time step of ``mode``."""
    if mode == "lstm":
        def step(carry, xw, wh, bh):
            h, c = carry
            i, f, g, o = jnp.split(xw + _matmul(h, wh) + bh, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            if clip is not None:
                c = jnp.clip(c, clip[0], clip[1])
            return jax.nn.sigmoid(o) * jnp.tanh(c), c
    elif mode == "gru":
        def step(carry, xw, wh, bh):
            h = carry[0]
            xr, xz, xn = jnp.split(xw, 3, axis=-1)
            hr, hz, hn = jnp.split(_matmul(h, wh) + bh, 3, axis=-1)
            r = jax.nn.sigmoid(xr + hr)
            z = jax.nn.sigmoid(xz + hz)
            n = jnp.tanh(xn + r * hn)
            return ((1 - z) * n + z * h,)
    else:
        act = _ACTIVATIONS["tanh" if mode == "rnn_tanh" else "relu"]

        def step(carry, xw, wh, bh):
            return (act(xw + _matmul(carry[0], wh) + bh),)
    return step


def _direction(step, x, carry, wi, wh, bi, bh, reverse):
    """Run one layer in one direction over the whole sequence ``x`` (T, N, I)."""
    xw = jnp.matmul(x, wi.T, precision=PRECISION) + bi

    def body(c, xw_t):
        c = step(c, xw_t, wh, bh)
        return c, c[0]
    carry, ys = lax.scan(body, carry, xw, reverse=reverse)
    return ys, carry


def rnn_forward(data, params, h0, c0, mode, state_size, num_layers, bidirectional,
                clip=None, dropout=None):
    """The pure recurrence: ``(output, h_n, c_n or None)``. ``dropout(x, layer)`` is
    applied between layers when given."""
    d = 2 if bidirectional else 1
    step = _cell_step(mode, clip)
    weights = _unpack(params, GATES[mode], state_size, num_layers, d, data.shape[2])
    x, hs, cs = data, [], []
    for layer in range(num_layers):
        outs = []
        for j in range(d):
            k = layer * d + j
            carry = (h0[k], c0[k]) if mode == "lstm" else (h0[k],)
            ys, carry = _direction(step, x, carry, *weights[k], reverse=j == 1)
            outs.append(ys)
            hs.append(carry[0])
            if mode == "lstm":
                cs.append(carry[1])
        x = outs[0] if d == 1 else jnp.concatenate(outs, axis=-1)
        if dropout is not None and layer < num_layers - 1:
            x = dropout(x, layer)
    return x, jnp.stack(hs), (jnp.stack(cs) if mode == "lstm" else None)


def _check(data, params, h0, c0, mode, state_size, num_layers, bidirectional):
    """MXNet's shape checks of the RNN op (its shape inference), as MXNetErrors."""
    if data.ndim != 3:
        raise MXNetError("RNN: input data should be a rank-3 tensor of dim [sequence "
                         f"length, batch size, input size], got shape {data.shape}.")
    _, n, i = data.shape
    want_state = ((2 if bidirectional else 1) * num_layers, n, state_size)
    for name, s in (("state", h0), ("state_cell", c0)):
        if s is not None and tuple(s.shape) != want_state:
            raise MXNetError(f"RNN: Shape inconsistent, {name} has shape {tuple(s.shape)} "
                             f"but expected {want_state}.")
    size = param_size(mode, state_size, num_layers, i, bidirectional)
    if params.shape != (size,):
        raise MXNetError(f"RNN: Shape inconsistent, parameters has shape "
                         f"{tuple(params.shape)} but expected ({size},) for mode={mode}, "
                         f"state_size={state_size}, num_layers={num_layers}, "
                         f"input size {i}, bidirectional={bidirectional}.")


@defop("_rnn_fused", dynamic=("p", "key", "counter"), optional=("state_cell",),
       nout=lambda a: (3 if a["mode"] == "lstm" else 2) if a["state_outputs"] else 1)
def _rnn(data, parameters, state, state_cell, *, state_size=None, num_layers=None,
         bidirectional=False, mode=None, p=0.0, key=None, counter=0, state_outputs=False,
         clip=None, train=False):
    """Fused multi-layer recurrence (see the module docstring)."""
    check_float("RNN", data, parameters, state, state_cell)
    if mode == "lstm" and state_cell is None:
        raise MXNetError("RNN: mode='lstm' takes 4 inputs (data, parameters, state, "
                         "state_cell) but state_cell was not given.")
    _check(data, parameters, state, state_cell, mode, state_size, num_layers,
           bidirectional)
    dropout = None
    if train:
        def dropout(x, layer):
            keep = jax.random.uniform(rng.subkey(key, counter + layer), x.shape) >= p
            return jnp.where(keep, x / (1 - p), jnp.zeros_like(x)).astype(x.dtype)
    out, hy, cy = rnn_forward(data, parameters, state, state_cell, mode, state_size,
                              num_layers, bidirectional, clip, dropout)
    if not state_outputs:
        return out
    return (out, hy, cy) if mode == "lstm" else (out, hy)


@defun("RNN", nd="RNN")
def rnn(data=None, parameters=None, state=None, state_cell=None, sequence_length=None,
        state_size=None, num_layers=None, bidirectional=False, mode=None, p=0.0,
        state_outputs=False, projection_size=None, lstm_state_clip_min=None,
        lstm_state_clip_max=None, lstm_state_clip_nan=False, use_sequence_length=False,
        out=None, name=None):
    """Fused recurrent layers (``mode``: rnn_relu, rnn_tanh, lstm or gru) over ``data``
    of shape (T, N, C) with the flat ``parameters`` vector and initial ``state``
    (and ``state_cell`` for LSTM), each (layers*directions, N, state_size). Returns the
    output (T, N, directions*state_size), plus the final states if ``state_outputs``."""
    op = "RNN"
    state_size = int(require(op, "state_size", state_size))
    num_layers = int(require(op, "num_layers", num_layers))
    mode = require(op, "mode", mode)
    if mode not in GATES:
        raise MXNetError(f"RNN: invalid mode {mode!r}; valid values are {sorted(GATES)}.")
    p = f32(p)
    if not 0.0 <= p < 1.0:
        raise MXNetError(f"RNN: unsupported dropout value {p}, should be 0 <= dropout < 1.")
    if projection_size is not None:
        raise MXNetError("RNN: projection_size (LSTMP) is not supported by mxcompat; "
                         "leave it unset.")
    if use_sequence_length or sequence_length is not None:
        raise MXNetError("RNN: use_sequence_length option is only available for cuDNN at "
                         "the moment. Not supported on CPU")
    clip = None
    if lstm_state_clip_min is not None or lstm_state_clip_max is not None:
        if mode != "lstm":
            raise MXNetError("RNN: State clipping is only supported for LSTM.")
        if lstm_state_clip_min is None or lstm_state_clip_max is None:
            raise MXNetError("RNN: lstm_state_clip_min and lstm_state_clip_max must be "
                             "specified together.")
        if lstm_state_clip_max < lstm_state_clip_min:
            raise MXNetError("RNN: lstm_state_clip_max must be greater or equal to "
                             "lstm_state_clip_min")
        clip = (f32(lstm_state_clip_min), f32(lstm_state_clip_max))
    train = p > 0 and num_layers > 1 and _state.is_training()
    key, counter = rng.next_key() if train else (_NO_KEY, 0)
    arrays = (data, parameters, state) if state_cell is None else \
        (data, parameters, state, state_cell)
    return call_op(_rnn, op, arrays, dict(
        state_size=state_size, num_layers=num_layers, bidirectional=bool(bidirectional),
        mode=mode, p=p, key=key, counter=counter, state_outputs=bool(state_outputs),
        clip=clip, train=train, out=out))
