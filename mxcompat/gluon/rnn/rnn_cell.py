"""Recurrent cells: one time step per call, ``unroll`` for a whole sequence (MXNet 1.9.1).

A cell is called as ``output, new_states = cell(x_t, states)`` with ``x_t`` of shape
(batch, features) and ``states`` a list (``state_info()`` describes it; ``begin_state``
makes it). ``unroll(length, inputs, ...)`` steps the cell ``length`` times in Python,
as MXNet does, so every step is an ordinary (recorded, differentiable) call; a
hybridized cell runs each step as one compiled program.

Cells are named after their kind (``rnn0_``, ``lstm0_``, ``gru0_``) and own
``i2h_weight``, ``h2h_weight``, ``i2h_bias`` and ``h2h_bias``. Modifier cells
(``ZoneoutCell``, ``ResidualCell``) wrap a cell and share its parameters.
"""
import numpy as _np

from ... import ndarray
from ...base import numeric_types, string_types
from ..block import Block, HybridBlock
from ..nn import LeakyReLU
from ..utils import _indent

__all__ = ["RecurrentCell", "HybridRecurrentCell", "RNNCell", "LSTMCell", "GRUCell",
           "SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell"]


def _is_tensor(x):
    """An array (NDArray or mx.np.ndarray), not a list of per-step arrays."""
    return hasattr(x, "_value")


def _as_list(obj):
    return obj if isinstance(obj, list) else [obj]


def _cells_state_info(cells, batch_size):
    return [info for c in cells for info in c.state_info(batch_size)]


def _cells_begin_state(cells, **kwargs):
    return [s for c in cells for s in c.begin_state(**kwargs)]


def _get_begin_state(cell, begin_state, inputs, batch_size):
    """``begin_state`` or zeros made by the cell, on the context of the inputs."""
    if begin_state is not None:
        return begin_state
    ctx = inputs.context if _is_tensor(inputs) else inputs[0].context
    with ctx:
        return cell.begin_state(func=ndarray.zeros, batch_size=batch_size)


def _format_sequence(length, inputs, layout, merge, in_layout=None):
    """Bring ``inputs`` (one array, or a list of per-step arrays) to the form asked for:
    ``merge`` True: one array in ``layout``; False: a list of (batch, C) steps; None:
    as given. Returns ``(inputs, time axis, batch size)``."""
    if inputs is None:
        raise AssertionError("unroll(inputs=None) has been deprecated. Please create input "
                             "variables outside unroll.")
    axis = layout.find("T")
    in_axis = in_layout.find("T") if in_layout is not None else axis
    if _is_tensor(inputs):
        batch_size = inputs.shape[layout.find("N")]
        if merge is False:
            if length is not None and length != inputs.shape[in_axis]:
                raise AssertionError(f"unroll: length {length} does not match the "
                                     f"{inputs.shape[in_axis]} steps of the inputs.")
            inputs = _as_list(ndarray.split(inputs, axis=in_axis,
                                            num_outputs=inputs.shape[in_axis],
                                            squeeze_axis=1))
    else:
        if length is not None and len(inputs) != length:
            raise AssertionError(f"unroll: length {length} does not match the "
                                 f"{len(inputs)} steps of the inputs.")
        batch_size = inputs[0].shape[0]
        if merge is True:
            inputs = ndarray.stack(*inputs, axis=axis)
            in_axis = axis
    if _is_tensor(inputs) and axis != in_axis:
        inputs = ndarray.swapaxes(inputs, dim1=axis, dim2=in_axis)
    return inputs, axis, batch_size


def _mask_sequence_variable_length(data, length, valid_length, time_axis, merge):
    """Zero the steps of each sequence beyond its ``valid_length``."""
    if not _is_tensor(data):
        data = ndarray.stack(*data, axis=time_axis)
    outputs = ndarray.SequenceMask(data, sequence_length=valid_length,
                                   use_sequence_length=True, axis=time_axis)
    if not merge:
        outputs = _as_list(ndarray.split(outputs, num_outputs=length, axis=time_axis,
                                         squeeze_axis=True))
    return outputs


def _reverse_sequences(sequences, unroll_step, valid_length=None):
    """The steps in reverse order (each sequence within its valid length)."""
    if valid_length is None:
        return list(reversed(sequences))
    rev = ndarray.SequenceReverse(ndarray.stack(*sequences, axis=0),
                                  sequence_length=valid_length, use_sequence_length=True)
    if unroll_step > 1:
        return _as_list(ndarray.split(rev, axis=0, num_outputs=unroll_step,
                                      squeeze_axis=True))
    return [rev[0]]


def _check_unmodified(cell):
    if cell._modified:
        raise AssertionError("After applying modifier cells (e.g. ZoneoutCell) the base "
                             "cell cannot be called directly. Call the modifier cell "
                             "instead.")


class RecurrentCell(Block):
    """Base class of the recurrent cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self):
        """Reset the step counters before a new sequence (``unroll`` does this)."""
        self._init_counter = -1
        self._counter = -1
        for cell in self._children.values():
            cell.reset()

    def state_info(self, batch_size=0):
        """A list with a dict (``shape``, ``__layout__``) per state of the cell."""
        raise NotImplementedError()

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """The initial states: ``func(name=..., shape=..., **kwargs)`` for each entry
        of ``state_info(batch_size)``."""
        _check_unmodified(self)
        states = []
        for info in self.state_info(batch_size):
            self._init_counter += 1
            info = dict(info or {}, **kwargs)
            states.append(func(name=f"{self._prefix}begin_state_{self._init_counter}",
                               **info))
        return states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        """Step the cell over ``length`` steps of ``inputs`` (an array in ``layout`` or a
        list of per-step arrays). Returns ``(outputs, states)``: outputs merged into one
        array if ``merge_outputs`` (a list if False, as given if None). ``valid_length``
        (batch,) masks the padded steps and picks each sequence's last valid state."""
        self.reset()
        inputs, axis, batch_size = _format_sequence(length, inputs, layout, False)
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        outputs, all_states = [], []
        for i in range(length):
            output, states = self(inputs[i], states)
            outputs.append(output)
            if valid_length is not None:
                all_states.append(states)
        if valid_length is not None:
            states = [ndarray.SequenceLast(ndarray.stack(*steps, axis=0),
                                           sequence_length=valid_length,
                                           use_sequence_length=True, axis=0)
                      for steps in zip(*all_states)]
            outputs = _mask_sequence_variable_length(outputs, length, valid_length, axis,
                                                     True)
        outputs, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, F, inputs, activation, **kwargs):
        """Apply ``activation``: a name, a LeakyReLU block or any callable."""
        func = {"tanh": F.tanh, "relu": F.relu, "sigmoid": F.sigmoid,
                "softsign": F.softsign}.get(activation)
        if func:
            return func(inputs, **kwargs)
        if isinstance(activation, string_types):
            return F.Activation(inputs, act_type=activation, **kwargs)
        if isinstance(activation, LeakyReLU):
            return F.LeakyReLU(inputs, act_type="leaky", slope=activation._alpha, **kwargs)
        return activation(inputs, **kwargs)

    def forward(self, inputs, states):
        """One step: ``(output, new_states)``."""
        self._counter += 1
        return super().forward(inputs, states)


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """A recurrent cell whose step is a ``hybrid_forward`` (can be hybridized)."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError


class _GatedCell(HybridRecurrentCell):
    """RNNCell, LSTMCell and GRUCell: ``gates`` blocks of ``hidden_size`` rows in the
    input-to-hidden and hidden-to-hidden weights and biases, and one or two states."""

    _n_states = 1

    def _make_params(self, hidden_size, gates, input_size, i2h_weight_initializer,
                     h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                     recurrent_size=None):
        """``recurrent_size``: the width of the state fed back (the hidden size, or an
        LSTMPCell's projection size)."""
        self._hidden_size = hidden_size
        self._input_size = input_size
        rows = gates * hidden_size
        get = self.params.get
        self.i2h_weight = get("i2h_weight", shape=(rows, input_size),
                              init=i2h_weight_initializer, allow_deferred_init=True)
        self.h2h_weight = get("h2h_weight", shape=(rows, recurrent_size or hidden_size),
                              init=h2h_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                            allow_deferred_init=True)
        self.h2h_bias = get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                            allow_deferred_init=True)

    def infer_shape(self, x, *args):
        self.i2h_weight.shape = (self.i2h_weight.shape[0], int(_np.prod(x.shape[1:])))

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._hidden_size), "__layout__": "NC"}
                for _ in range(self._n_states)]

    def _mapping(self):
        shape = self.i2h_weight.shape
        return f"{shape[1] if shape[1] else None} -> {shape[0]}"

    def __repr__(self):
        return f"{self.__class__.__name__}({self._mapping()})"

    def _projections(self, F, inputs, h, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        rows = self.i2h_weight.shape[0]
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias,
                               num_hidden=rows)
        h2h = F.FullyConnected(data=h, weight=h2h_weight, bias=h2h_bias, num_hidden=rows)
        return i2h, h2h


class RNNCell(_GatedCell):
    """Elman RNN cell: ``h_t = activation(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``;
    ``activation`` is a name ('tanh' by default, 'relu', ...), a LeakyReLU block or a
    callable. One state, (batch, hidden_size)."""

    def __init__(self, hidden_size, activation="tanh", i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._activation = activation
        self._make_params(hidden_size, 1, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer,
                          h2h_bias_initializer)

    def _alias(self):
        return "rnn"

    def __repr__(self):
        return f"{self.__class__.__name__}({self._mapping()}, {self._activation})"

    def hybrid_forward(self, F, inputs, states, **params):
        i2h, h2h = self._projections(F, inputs, states[0], **params)
        output = self._get_activation(F, F.elemwise_add(i2h, h2h), self._activation)
        return output, [output]


class LSTMCell(_GatedCell):
    """Long short-term memory cell, gates stacked input, forget, cell candidate,
    output. ``recurrent_activation`` (sigmoid) drives the gates and ``activation``
    (tanh) the candidate and the output. States ``[h, c]``, each (batch, hidden)."""

    _n_states = 2

    def __init__(self, hidden_size, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, prefix=None, params=None,
                 activation="tanh", recurrent_activation="sigmoid"):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, 4, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer,
                          h2h_bias_initializer)
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def _alias(self):
        return "lstm"

    def hybrid_forward(self, F, inputs, states, **params):
        i2h, h2h = self._projections(F, inputs, states[0], **params)
        gates = F.SliceChannel(F.elemwise_add(i2h, h2h), num_outputs=4)
        rec, act = self._recurrent_activation, self._activation
        in_gate = self._get_activation(F, gates[0], rec)
        forget_gate = self._get_activation(F, gates[1], rec)
        candidate = self._get_activation(F, gates[2], act)
        out_gate = self._get_activation(F, gates[3], rec)
        next_c = F.elemwise_add(F.elemwise_mul(forget_gate, states[1]),
                                F.elemwise_mul(in_gate, candidate))
        next_h = F.elemwise_mul(out_gate, F.Activation(next_c, act_type=act))
        return next_h, [next_h, next_c]


class GRUCell(_GatedCell):
    """Gated recurrent unit cell (cuDNN's variant), gates reset, update, new::

        n = tanh(W_in x + b_in + r * (W_hn h + b_hn));  h' = (1 - z) * n + z * h

    One state, (batch, hidden_size)."""

    def __init__(self, hidden_size, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer="zeros",
                 h2h_bias_initializer="zeros", input_size=0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, 3, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer,
                          h2h_bias_initializer)

    def _alias(self):
        return "gru"

    def hybrid_forward(self, F, inputs, states, **params):
        prev_h = states[0]
        i2h, h2h = self._projections(F, inputs, prev_h, **params)
        i2h_r, i2h_z, i2h_n = F.SliceChannel(i2h, num_outputs=3)
        h2h_r, h2h_z, h2h_n = F.SliceChannel(h2h, num_outputs=3)
        reset = F.Activation(F.elemwise_add(i2h_r, h2h_r), act_type="sigmoid")
        update = F.Activation(F.elemwise_add(i2h_z, h2h_z), act_type="sigmoid")
        new = F.Activation(F.elemwise_add(i2h_n, F.elemwise_mul(reset, h2h_n)),
                           act_type="tanh")
        keep_new = F.elemwise_sub(F.ones_like(update), update)
        next_h = F.elemwise_add(F.elemwise_mul(keep_new, new),
                                F.elemwise_mul(update, prev_h))
        return next_h, [next_h]


class _StackMixin:
    """The behaviour shared by SequentialRNNCell and HybridSequentialRNNCell: the
    cells run one after the other, each taking its slice of the states."""

    def __repr__(self):
        mods = "\n".join(f"({i}): {_indent(repr(m), 2)}" for i, m in self._children.items())
        return f"{self.__class__.__name__}(\n{mods}\n)"

    def add(self, cell):
        """Append a cell to the stack."""
        self.register_child(cell)

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        _check_unmodified(self)
        return _cells_begin_state(self._children.values(), **kwargs)

    def __call__(self, inputs, states):
        self._counter += 1
        next_states, p = [], 0
        if any(isinstance(c, BidirectionalCell) for c in self._children.values()):
            raise AssertionError("A stack with a BidirectionalCell cannot be stepped; "
                                 "use unroll.")
        for cell in self._children.values():
            n = len(cell.state_info())
            inputs, state = cell(inputs, states[p:p + n])
            p += n
            next_states.extend(state)
        return inputs, next_states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        inputs, _, batch_size = _format_sequence(length, inputs, layout, None)
        begin_state = _get_begin_state(self, begin_state, inputs, batch_size)
        cells = list(self._children.values())
        next_states, p = [], 0
        for i, cell in enumerate(cells):
            n = len(cell.state_info())
            inputs, states = cell.unroll(
                length, inputs=inputs, begin_state=begin_state[p:p + n], layout=layout,
                merge_outputs=None if i < len(cells) - 1 else merge_outputs,
                valid_length=valid_length)
            p += n
            next_states.extend(states)
        return inputs, next_states

    def __getitem__(self, i):
        return self._children[str(i)]

    def __len__(self):
        return len(self._children)


class SequentialRNNCell(_StackMixin, RecurrentCell):
    """A stack of cells: the output of each is the input of the next."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError


class HybridSequentialRNNCell(_StackMixin, HybridRecurrentCell):
    """A stack of hybrid cells: the output of each is the input of the next."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, inputs, states):
        return self.__call__(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Dropout on the step's input (rate ``rate``, masks shared along ``axes``) in
    training mode; no states."""

    def __init__(self, rate, axes=(), prefix=None, params=None):
        super().__init__(prefix, params)
        if not isinstance(rate, numeric_types):
            raise AssertionError("rate must be a number")
        self._rate = rate
        self._axes = axes

    def __repr__(self):
        return f"{self.__class__.__name__}(rate={self._rate}, axes={self._axes})"

    def state_info(self, batch_size=0):
        return []

    def _alias(self):
        return "dropout"

    def hybrid_forward(self, F, inputs, states):
        if self._rate > 0:
            inputs = F.Dropout(data=inputs, p=self._rate, axes=self._axes)
        return inputs, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        inputs, _, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if _is_tensor(inputs):
            return self.hybrid_forward(ndarray, inputs, begin_state if begin_state else [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs, valid_length=None)


def _stepped_only(base_cell, needed, message):
    """A modifier that needs ``base_cell`` stepped one step at a time (``needed``)
    cannot wrap a BidirectionalCell, which only unrolls."""
    if needed and isinstance(base_cell, BidirectionalCell):
        raise AssertionError(message)


class ModifierCell(HybridRecurrentCell):
    """A cell wrapping a base cell (sharing its parameters) to change what it does."""

    def __init__(self, base_cell):
        if base_cell._modified:
            raise AssertionError(f"Cell {base_cell.name} is already modified. One cell "
                                 "cannot be modified twice")
        base_cell._modified = True
        super().__init__(prefix=base_cell.prefix + self._alias(), params=None)
        self.base_cell = base_cell

    @property
    def params(self):
        return self.base_cell.params

    def state_info(self, batch_size=0):
        return self.base_cell.state_info(batch_size)

    def begin_state(self, func=ndarray.zeros, **kwargs):
        _check_unmodified(self)
        self.base_cell._modified = False
        try:
            return self.base_cell.begin_state(func=func, **kwargs)
        finally:
            self.base_cell._modified = True

    def hybrid_forward(self, F, inputs, states):
        raise NotImplementedError

    def __repr__(self):
        return f"{self.__class__.__name__}({self.base_cell})"


class ZoneoutCell(ModifierCell):
    """Zoneout (Krueger et al., 2016): in training, each output/state element keeps its
    previous value with probability ``zoneout_outputs``/``zoneout_states``."""

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        _stepped_only(base_cell, True, "BidirectionalCell doesn't support zoneout since "
                      "it doesn't support step. Please add ZoneoutCell to the cells "
                      "underneath instead.")
        super().__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self._prev_output = None

    def __repr__(self):
        return (f"{self.__class__.__name__}(p_out={self.zoneout_outputs}, "
                f"p_state={self.zoneout_states}, {self.base_cell})")

    def _alias(self):
        return "zoneout"

    def reset(self):
        super().reset()
        self._prev_output = None

    def hybrid_forward(self, F, inputs, states):
        p_out, p_state = self.zoneout_outputs, self.zoneout_states
        next_output, next_states = self.base_cell(inputs, states)

        def mask(p, like):
            return F.Dropout(F.ones_like(like), p=p)
        prev = self._prev_output
        if prev is None:
            prev = F.zeros_like(next_output)
        output = F.where(mask(p_out, next_output), next_output, prev) \
            if p_out != 0. else next_output
        if p_state != 0.:
            next_states = [F.where(mask(p_state, new), new, old)
                           for new, old in zip(next_states, states)]
        self._prev_output = output
        return output, next_states


class ResidualCell(ModifierCell):
    """Adds the step's input to the base cell's output (He et al., 2015); input and
    output widths must match."""

    def __init__(self, base_cell):
        super().__init__(base_cell)

    def hybrid_forward(self, F, inputs, states):
        output, states = self.base_cell(inputs, states)
        return F.elemwise_add(output, inputs), states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        self.base_cell._modified = False
        try:
            outputs, states = self.base_cell.unroll(
                length, inputs=inputs, begin_state=begin_state, layout=layout,
                merge_outputs=merge_outputs, valid_length=valid_length)
        finally:
            self.base_cell._modified = True
        if merge_outputs is None:
            merge_outputs = _is_tensor(outputs)
        inputs, axis, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if valid_length is not None:
            inputs = _mask_sequence_variable_length(inputs, length, valid_length, axis,
                                                    merge_outputs)
        if merge_outputs:
            return ndarray.elemwise_add(outputs, inputs), states
        return [ndarray.elemwise_add(o, i) for o, i in zip(outputs, inputs)], states


class BidirectionalCell(HybridRecurrentCell):
    """Runs ``l_cell`` forward and ``r_cell`` backward over the sequence and
    concatenates their outputs (features axis). Only ``unroll`` works (no stepping)."""

    def __init__(self, l_cell, r_cell, output_prefix="bi_"):
        super().__init__(prefix="", params=None)
        self.register_child(l_cell, "l_cell")
        self.register_child(r_cell, "r_cell")
        self._output_prefix = output_prefix

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    def __repr__(self):
        return (f"{self.__class__.__name__}(forward={self._children['l_cell']}, "
                f"backward={self._children['r_cell']})")

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        _check_unmodified(self)
        return _cells_begin_state(self._children.values(), **kwargs)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        inputs, axis, batch_size = _format_sequence(length, inputs, layout, False)
        reversed_inputs = _reverse_sequences(inputs, length, valid_length)
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        l_cell, r_cell = self._children.values()
        n_l = len(l_cell.state_info(batch_size))
        l_outputs, l_states = l_cell.unroll(length, inputs=inputs, begin_state=states[:n_l],
                                            layout=layout, merge_outputs=merge_outputs,
                                            valid_length=valid_length)
        r_outputs, r_states = r_cell.unroll(length, inputs=reversed_inputs,
                                            begin_state=states[n_l:], layout=layout,
                                            merge_outputs=False, valid_length=valid_length)
        r_outputs = _reverse_sequences(r_outputs, length, valid_length)
        if merge_outputs is None:
            merge_outputs = _is_tensor(l_outputs)
            l_outputs, _, _ = _format_sequence(None, l_outputs, layout, merge_outputs)
            r_outputs, _, _ = _format_sequence(None, r_outputs, layout, merge_outputs)
        if merge_outputs:
            r_outputs = ndarray.stack(*r_outputs, axis=axis)
            outputs = ndarray.concat(l_outputs, r_outputs, dim=2)
        else:
            outputs = [ndarray.concat(lo, ro, dim=1) for lo, ro in zip(l_outputs, r_outputs)]
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(outputs, length, valid_length, axis,
                                                     merge_outputs)
        return outputs, l_states + r_states
