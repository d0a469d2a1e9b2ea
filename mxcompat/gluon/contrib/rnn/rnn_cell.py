"""LSTMPCell (Sak et al., 2014): an LSTM whose output and recurrent state is the hidden
state projected to ``projection_size`` by ``h2r_weight`` (no bias), which shrinks the
hidden-to-hidden weight from (4H, H) to (4H, P)."""
from ...rnn.rnn_cell import _GatedCell


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
