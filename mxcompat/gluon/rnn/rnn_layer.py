"""Fused recurrent layers: RNN (relu/tanh), LSTM and GRU, as in MXNet 1.9.1.

Each layer owns, per layer ``i`` and direction ``l`` (forward) / ``r`` (reverse), the
parameters ``{l,r}{i}_i2h_weight`` (``gates*hidden x input``), ``{l,r}{i}_h2h_weight``
(``gates*hidden x hidden``) and the two biases, named after the block's prefix
(``lstm0_l0_i2h_weight``). The forward concatenates them into the flat vector of the
``RNN`` op (``mxcompat/ops/rnn.py``), whose recurrence is a ``jax.lax.scan``.

``layer(x)`` returns the output only; ``layer(x, states)`` returns ``(output, states)``.
``save_parameters`` writes the keys MXNet writes (``_unfused.0.i2h_weight``, or
``_unfused.0.l_cell.i2h_weight`` when bidirectional), so files load both ways.
"""
import re

from ... import ndarray
from ...base import MXNetError
from ...ops.rnn import GATES
from ..block import HybridBlock
from . import rnn_cell
from .rnn_cell import _is_tensor

__all__ = ["RNN", "LSTM", "GRU"]

_SAVED_KEY = re.compile(r"(l|r)(\d+)_(i2h|h2h)_(weight|bias)\Z")


class _RNNLayer(HybridBlock):
    """The shared implementation of the fused layers."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, mode, projection_size=None, state_clip=None,
                 dtype="float32", **kwargs):
        super().__init__(**kwargs)
        if layout not in ("TNC", "NTC"):
            raise AssertionError(f"Invalid layout {layout}; must be one of ['TNC' or 'NTC']")
        if projection_size:
            raise MXNetError("LSTM with projection_size (LSTMP) is not supported by "
                             "mxcompat; leave projection_size=None.")
        self._hidden_size = hidden_size
        self._projection_size = None
        self._num_layers = num_layers
        self._mode = mode
        self._layout = layout
        self._dropout = dropout
        self._dir = 2 if bidirectional else 1
        self._input_size = input_size
        self._initializers = {"i2h_weight": i2h_weight_initializer,
                              "h2h_weight": h2h_weight_initializer,
                              "i2h_bias": i2h_bias_initializer,
                              "h2h_bias": h2h_bias_initializer}
        self._state_clip = state_clip or (None, None, False)
        self._dtype = dtype
        self.skip_states = None
        self._gates = GATES[mode]
        rows, ni = self._gates * hidden_size, input_size
        for i in range(num_layers):
            for d in "lr"[:self._dir]:
                for kind, cols in (("i2h", ni), ("h2h", hidden_size)):
                    self._register_param(f"{d}{i}_{kind}_weight", (rows, cols),
                                         self._initializers[kind + "_weight"], dtype)
                for kind in ("i2h", "h2h"):
                    self._register_param(f"{d}{i}_{kind}_bias", (rows,),
                                         self._initializers[kind + "_bias"], dtype)
            ni = hidden_size * self._dir

    def _register_param(self, name, shape, init, dtype):
        p = self.params.get(name, shape=shape, init=init, allow_deferred_init=True,
                            dtype=dtype)
        setattr(self, name, p)
        return p

    def __repr__(self):
        s = f"{self.__class__.__name__}({{mapping}}, {self._layout}"
        if self._num_layers != 1:
            s += f", num_layers={self._num_layers}"
        if self._dropout != 0:
            s += f", dropout={self._dropout}"
        if self._dir == 2:
            s += ", bidirectional"
        shape = self.l0_i2h_weight.shape
        mapping = f"{shape[1] if shape[1] else None} -> {shape[0] // self._gates}"
        return s.format(mapping=mapping) + ")"

    def _collect_params_with_prefix(self, prefix=""):
        # MXNet saves fused layers under the names of their unfused cell stack.
        if prefix:
            prefix += "."
        bidirectional = self._dir == 2
        ret = {}
        for key, val in self._reg_params.items():
            d, layer, kind, typ = _SAVED_KEY.match(key).groups()
            cell = f"{d}_cell." if bidirectional else ""
            ret[f"{prefix}_unfused.{layer}.{cell}{kind}_{typ}"] = val
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    def infer_shape(self, x, *args):
        ni = x.shape[2]
        for d in "lr"[:self._dir]:
            p = getattr(self, f"{d}0_i2h_weight")
            p.shape = (p.shape[0], ni)

    def state_info(self, batch_size=0):
        """The shapes (``(layers*directions, batch, hidden)``) and dtypes of the states."""
        shape = (self._num_layers * self._dir, batch_size, self._hidden_size)
        n = 2 if self._mode == "lstm" else 1
        return [{"shape": shape, "__layout__": "LNC", "dtype": self._dtype}
                for _ in range(n)]

    def _unfuse(self):
        """The same network as a HybridSequentialRNNCell of cells sharing the weights."""
        act = {"rnn_relu": "relu", "rnn_tanh": "tanh"}.get(self._mode)
        cls = {"lstm": rnn_cell.LSTMCell, "gru": rnn_cell.GRUCell}.get(
            self._mode, rnn_cell.RNNCell)

        def make(**kwargs):
            if act is not None:
                kwargs["activation"] = act
            return cls(self._hidden_size, **kwargs)
        stack = rnn_cell.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            ni = self._input_size
            for i in range(self._num_layers):
                kwargs = {"input_size": ni}
                kwargs.update((k + "_initializer", v) for k, v in self._initializers.items())
                if self._dir == 2:
                    stack.add(rnn_cell.BidirectionalCell(make(prefix=f"l{i}_", **kwargs),
                                                         make(prefix=f"r{i}_", **kwargs)))
                else:
                    stack.add(make(prefix=f"l{i}_", **kwargs))
                if self._dropout > 0 and i != self._num_layers - 1:
                    stack.add(rnn_cell.DropoutCell(self._dropout))
                ni = self._hidden_size * self._dir
        return stack

    def cast(self, dtype):
        super().cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """Initial states, made by ``func(name=..., shape=..., dtype=..., **kwargs)``
        (``nd.zeros`` by default)."""
        states = []
        for i, info in enumerate(self.state_info(batch_size)):
            info.update(kwargs)
            states.append(func(name=f"{self.prefix}h0_{i}", **info))
        return states

    def __call__(self, inputs, states=None, sequence_length=None):
        if sequence_length is not None:
            raise MXNetError("RNN layers take no sequence_length in MXNet 1.9.1 "
                             "(use_sequence_length is cuDNN-only).")
        self.skip_states = states is None
        if states is None:
            batch_size = inputs.shape[self._layout.find("N")]
            states = self.begin_state(batch_size, ctx=inputs.context, dtype=inputs.dtype)
        if _is_tensor(states):
            states = [states]
        # The compiled program always returns the states; they are dropped here.
        out = super().__call__(inputs, states)
        return out[0] if self.skip_states else out

    def hybrid_forward(self, F, inputs, states, **kwargs):
        batch_size = inputs.shape[self._layout.find("N")]
        for s, info in zip(states, self.state_info(batch_size)):
            if s.shape != info["shape"]:
                raise ValueError(f"Invalid recurrent state shape. Expecting "
                                 f"{info['shape']}, got {s.shape}.")
        if self._layout == "NTC":
            inputs = F.swapaxes(inputs, 0, 1)
        params = F.concat(*(kwargs[f"{d}{i}_{g}_{t}"].reshape(-1)
                            for t in ("weight", "bias")
                            for i in range(self._num_layers)
                            for d in "lr"[:self._dir]
                            for g in ("i2h", "h2h")), dim=0)
        lo, hi, _ = self._state_clip
        rnn = F.RNN(inputs, params, *states, state_size=self._hidden_size,
                    num_layers=self._num_layers, bidirectional=self._dir == 2,
                    p=self._dropout, state_outputs=True, mode=self._mode,
                    lstm_state_clip_min=lo, lstm_state_clip_max=hi)
        outputs, states = rnn[0], list(rnn[1:])
        if self._layout == "NTC":
            outputs = F.swapaxes(outputs, 0, 1)
        return outputs, states


class RNN(_RNNLayer):
    r"""Multi-layer Elman RNN: ``h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)`` with
    ``activation`` 'relu' (default) or 'tanh'.

    ``layout`` 'TNC' (default) or 'NTC' places the time, batch and feature axes of the
    input and output; ``dropout`` drops the outputs of every layer but the last in
    training; ``bidirectional`` adds a reverse pass whose outputs are concatenated to
    the forward ones. ``input_size=0`` infers the input width from the first input.
    States are one array ``(num_layers*directions, batch, hidden_size)``.
    """

    def __init__(self, hidden_size, num_layers=1, activation="relu", layout="TNC",
                 dropout=0, bidirectional=False, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional,
                         input_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, "rnn_" + activation,
                         dtype=dtype, **kwargs)


class LSTM(_RNNLayer):
    r"""Multi-layer long short-term memory RNN. With gates stacked input, forget, cell,
    output (MXNet's order)::

        i, f, o = sigmoid(W_i. x_t + b_i. + W_h. h_{t-1} + b_h.)
        g = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
        c_t = f * c_{t-1} + i * g;   h_t = o * tanh(c_t)

    States are ``[h, c]``, each ``(num_layers*directions, batch, hidden_size)``.
    ``state_clip_min``/``state_clip_max`` clip the cell state (cuDNN's option).
    ``projection_size`` (LSTMP) is not supported. Other arguments as in ``RNN``.
    """

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0,
                 bidirectional=False, input_size=0, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", projection_size=None,
                 h2r_weight_initializer=None, state_clip_min=None, state_clip_max=None,
                 state_clip_nan=False, dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional,
                         input_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, "lstm",
                         projection_size, (state_clip_min, state_clip_max, state_clip_nan),
                         dtype, **kwargs)


class GRU(_RNNLayer):
    r"""Multi-layer gated recurrent unit RNN, cuDNN's variant (the reset gate scales
    the recurrent product after the matrix multiplication). Gates reset, update, new::

        r, z = sigmoid(W_i. x_t + b_i. + W_h. h_{t-1} + b_h.)
        n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))
        h_t = (1 - z) * n + z * h_{t-1}

    States are one array ``(num_layers*directions, batch, hidden_size)``. Other
    arguments as in ``RNN``.
    """

    def __init__(self, hidden_size, num_layers=1, layout="TNC", dropout=0,
                 bidirectional=False, input_size=0, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", dtype="float32", **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional,
                         input_size, i2h_weight_initializer, h2h_weight_initializer,
                         i2h_bias_initializer, h2h_bias_initializer, "gru", dtype=dtype,
                         **kwargs)
