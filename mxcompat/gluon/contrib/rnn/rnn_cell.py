"""LSTMPCell (Sak et al., 2014): an LSTM whose output and recurrent state is the hidden
state projected to ``projection_size`` by ``h2r_weight`` (no bias), which shrinks the
hidden-to-hidden weight from (4H, H) to (4H, P); and VariationalDropoutCell."""
from .... import ndarray
from ...rnn.rnn_cell import (ModifierCell, _GatedCell, _format_sequence, _get_begin_state,
                             _is_tensor, _mask_sequence_variable_length, _stepped_only)


class LSTMPCell(_GatedCell):
    """LSTM cell with a projection. Gates are stacked input, forget, cell candidate,
    output (as LSTMCell's); states ``[r, c]``: the projected output (batch,
    projection_size) and the cell (batch, hidden_size). Parameters ``i2h_weight`` (4H,
    input), ``h2h_weight`` (4H, P), ``h2r_weight`` (P, H), ``i2h_bias``, ``h2h_bias``."""

    def __init__(self, hidden_size, projection_size, i2h_weight_initializer=None,
                 h2h_weight_initializer=None, h2r_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros", input_size=0,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._make_params(hidden_size, 4, input_size, i2h_weight_initializer,
                          h2h_weight_initializer, i2h_bias_initializer,
                          h2h_bias_initializer, recurrent_size=projection_size)
        self._projection_size = projection_size
        self.h2r_weight = self.params.get("h2r_weight", shape=(projection_size, hidden_size),
                                          init=h2r_weight_initializer,
                                          allow_deferred_init=True)

    def _alias(self):
        return "lstmp"

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, self._projection_size), "__layout__": "NC"},
                {"shape": (batch_size, self._hidden_size), "__layout__": "NC"}]

    def __repr__(self):
        return f"{self.__class__.__name__}({self._mapping()} -> {self._projection_size})"

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, h2r_weight,
                       i2h_bias, h2h_bias):
        i2h, h2h = self._projections(F, inputs, states[0], i2h_weight, h2h_weight,
                                     i2h_bias, h2h_bias)
        in_gate, forget_gate, candidate, out_gate = F.SliceChannel(
            F.elemwise_add(i2h, h2h), num_outputs=4)
        next_c = F.elemwise_add(
            F.elemwise_mul(F.Activation(forget_gate, act_type="sigmoid"), states[1]),
            F.elemwise_mul(F.Activation(in_gate, act_type="sigmoid"),
                           F.Activation(candidate, act_type="tanh")))
        hidden = F.elemwise_mul(F.Activation(out_gate, act_type="sigmoid"),
                                F.Activation(next_c, act_type="tanh"))
        next_r = F.FullyConnected(data=hidden, weight=h2r_weight,
                                  num_hidden=self._projection_size, no_bias=True)
        return next_r, [next_r, next_c]


class VariationalDropoutCell(ModifierCell):
    """Variational dropout (Gal and Ghahramani, 2016) around ``base_cell``: in training,
    the inputs, the first state and the outputs are each multiplied by a dropout mask
    drawn once per sequence (at the first step after ``reset()``; ``unroll`` resets)
    and reused at every step. Rates of 0 leave that part alone; in prediction mode
    nothing is dropped. When stepping the cell by hand, call ``reset()`` between
    sequences."""

    def __init__(self, base_cell, drop_inputs=0., drop_states=0., drop_outputs=0.):
        _stepped_only(base_cell, drop_states, "BidirectionalCell cannot drop its states "
                      "variationally (it has no single step); wrap the cells inside it in "
                      "VariationalDropoutCell instead.")
        super().__init__(base_cell)
        self.drop_inputs = drop_inputs
        self.drop_states = drop_states
        self.drop_outputs = drop_outputs
        self._clear_masks()

    def _clear_masks(self):
        self.drop_inputs_mask = None
        self.drop_states_mask = None
        self.drop_outputs_mask = None

    def _alias(self):
        return "vardrop"

    def reset(self):
        super().reset()
        self._clear_masks()

    def __repr__(self):
        return (f"{self.__class__.__name__}(p_out = {self.drop_outputs}, "
                f"p_state = {self.drop_states})")

    @staticmethod
    def _new_mask(F, like, rate):
        return F.Dropout(F.ones_like(like), p=rate)

    def hybrid_forward(self, F, inputs, states):
        if self.drop_states:
            if self.drop_states_mask is None:
                self.drop_states_mask = self._new_mask(F, states[0], self.drop_states)
            states = [states[0] * self.drop_states_mask] + list(states[1:])
        if self.drop_inputs:
            if self.drop_inputs_mask is None:
                self.drop_inputs_mask = self._new_mask(F, inputs, self.drop_inputs)
            inputs = inputs * self.drop_inputs_mask
        output, next_states = self.base_cell(inputs, states)
        if self.drop_outputs:
            if self.drop_outputs_mask is None:
                self.drop_outputs_mask = self._new_mask(F, output, self.drop_outputs)
            output = output * self.drop_outputs_mask
        return output, next_states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        if self.drop_states:     # (the state mask needs the steps one by one)
            return super().unroll(length, inputs, begin_state, layout, merge_outputs,
                                  valid_length=valid_length)
        # Without state dropout, the masks are dropout shared along the time axis of the
        # whole sequence, around the base cell's own unroll.
        self.reset()
        inputs, axis, batch_size = _format_sequence(length, inputs, layout, True)
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        if self.drop_inputs:
            inputs = ndarray.Dropout(inputs, p=self.drop_inputs, axes=(axis,))
        outputs, states = self.base_cell.unroll(length, inputs, states, layout,
                                                merge_outputs=True,
                                                valid_length=valid_length)
        if self.drop_outputs:
            outputs = ndarray.Dropout(outputs, p=self.drop_outputs, axes=(axis,))
        if merge_outputs is None:
            merge_outputs = _is_tensor(outputs)
        outputs, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(outputs, length, valid_length, axis,
                                                     merge_outputs)
        return outputs, states
