"""Convolutional recurrent cells (Shi et al., 2015): RNN, LSTM and GRU cells whose
input-to-hidden and hidden-to-hidden maps are convolutions, for 1-, 2- and 3-D inputs.

The state keeps the spatial size of the input-to-hidden convolution's output (stride 1);
the hidden-to-hidden kernel must be odd and is padded to keep that size. Weights follow
the convolution layout: ``(gates*hidden, C, *kernel)`` for channel-first layouts,
``(gates*hidden, *kernel, C)`` for channel-last ones. Gates are stacked along the
channel axis in the order of the dense cells (LSTM: input, forget, candidate, output;
GRU: reset, update, new)."""
from ....base import numeric_types
from ...rnn.rnn_cell import HybridRecurrentCell


def _per_axis(value, dims):
    return (value,) * dims if isinstance(value, numeric_types) else tuple(value)


class _ConvCell(HybridRecurrentCell):
    _gates = 1
    _n_states = 1
    _kind = "conv_rnn"
    _dims = 0

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad,
                 i2h_dilate, h2h_dilate, i2h_weight_initializer, h2h_weight_initializer,
                 i2h_bias_initializer, h2h_bias_initializer, conv_layout, activation,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        dims = self._dims
        specs = (i2h_kernel, i2h_pad, i2h_dilate, h2h_kernel, h2h_dilate)
        if not all(isinstance(s, numeric_types) or len(s) == dims for s in specs):
            raise AssertionError(f"{type(self).__name__}: each convolution setting (kernels, "
                                 f"pad, dilations) is an int or has {dims} entries.")
        self._hidden_channels = hidden_channels
        self._input_shape = tuple(input_shape)
        self._conv_layout = conv_layout
        self._activation = activation
        self._i2h_kernel = _per_axis(i2h_kernel, dims)
        self._i2h_pad = _per_axis(i2h_pad, dims)
        self._i2h_dilate = _per_axis(i2h_dilate, dims)
        self._h2h_kernel = _per_axis(h2h_kernel, dims)
        self._h2h_dilate = _per_axis(h2h_dilate, dims)
        if any(k % 2 == 0 for k in self._h2h_kernel):
            raise AssertionError(f"{type(self).__name__}: h2h_kernel must be odd (the state "
                                 f"keeps its size); got {h2h_kernel}.")
        self._h2h_pad = tuple(d * (k - 1) // 2
                              for d, k in zip(self._h2h_dilate, self._h2h_kernel))
        first = conv_layout.find("C") == 1
        self._channel_axis = conv_layout.find("C")
        shape = self._input_shape
        in_channels = shape[0] if first else shape[-1]
        spatial = shape[1:] if first else shape[:-1]
        out = tuple(s + 2 * p - d * (k - 1) if s else 0 for s, k, p, d in
                    zip(spatial, self._i2h_kernel, self._i2h_pad, self._i2h_dilate))
        rows = hidden_channels * self._gates
        if first:
            i2h_shape = (rows, in_channels) + self._i2h_kernel
            h2h_shape = (rows, hidden_channels) + self._h2h_kernel
            self._state_shape = (hidden_channels,) + out
        else:
            i2h_shape = (rows,) + self._i2h_kernel + (in_channels,)
            h2h_shape = (rows,) + self._h2h_kernel + (hidden_channels,)
            self._state_shape = out + (hidden_channels,)
        get = self.params.get
        self.i2h_weight = get("i2h_weight", shape=i2h_shape, init=i2h_weight_initializer,
                              allow_deferred_init=True)
        self.h2h_weight = get("h2h_weight", shape=h2h_shape, init=h2h_weight_initializer,
                              allow_deferred_init=True)
        self.i2h_bias = get("i2h_bias", shape=(rows,), init=i2h_bias_initializer,
                            allow_deferred_init=True)
        self.h2h_bias = get("h2h_bias", shape=(rows,), init=h2h_bias_initializer,
                            allow_deferred_init=True)

    def _alias(self):
        return self._kind

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size,) + self._state_shape, "__layout__": self._conv_layout}
                for _ in range(self._n_states)]

    def __repr__(self):
        shape = self.i2h_weight.shape
        c = shape[1] if self._channel_axis == 1 else shape[-1]
        return (f"{type(self).__name__}({c if c else None} -> {shape[0]}, "
                f"{self._activation}, {self._conv_layout})")

    def _convs(self, F, inputs, h, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        rows = self._hidden_channels * self._gates
        ones = (1,) * self._dims
        i2h = F.Convolution(data=inputs, weight=i2h_weight, bias=i2h_bias, num_filter=rows,
                            kernel=self._i2h_kernel, stride=ones, pad=self._i2h_pad,
                            dilate=self._i2h_dilate, layout=self._conv_layout)
        h2h = F.Convolution(data=h, weight=h2h_weight, bias=h2h_bias, num_filter=rows,
                            kernel=self._h2h_kernel, stride=ones, pad=self._h2h_pad,
                            dilate=self._h2h_dilate, layout=self._conv_layout)
        return i2h, h2h

    def _split(self, F, x):
        return F.SliceChannel(x, num_outputs=self._gates, axis=self._channel_axis)


class _ConvRNN(_ConvCell):
    def hybrid_forward(self, F, inputs, states, **params):
        i2h, h2h = self._convs(F, inputs, states[0], **params)
        out = self._get_activation(F, i2h + h2h, self._activation)
        return out, [out]


class _ConvLSTM(_ConvCell):
    _gates = 4
    _n_states = 2
    _kind = "conv_lstm"

    def hybrid_forward(self, F, inputs, states, **params):
        i2h, h2h = self._convs(F, inputs, states[0], **params)
        i, f, g, o = self._split(F, i2h + h2h)
        next_c = (F.Activation(f, act_type="sigmoid") * states[1]
                  + F.Activation(i, act_type="sigmoid")
                  * self._get_activation(F, g, self._activation))
        next_h = (F.Activation(o, act_type="sigmoid")
                  * self._get_activation(F, next_c, self._activation))
        return next_h, [next_h, next_c]


class _ConvGRU(_ConvCell):
    _gates = 3
    _kind = "conv_gru"

    def hybrid_forward(self, F, inputs, states, **params):
        i2h, h2h = self._convs(F, inputs, states[0], **params)
        i_r, i_z, i_n = self._split(F, i2h)
        h_r, h_z, h_n = self._split(F, h2h)
        reset = F.Activation(i_r + h_r, act_type="sigmoid")
        update = F.Activation(i_z + h_z, act_type="sigmoid")
        new = self._get_activation(F, i_n + reset * h_n, self._activation)
        next_h = (1. - update) * new + update * states[0]
        return next_h, [next_h]


def _cell_class(base, dims, layout, name):
    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel,
                 i2h_pad=(0,) * dims, i2h_dilate=(1,) * dims, h2h_dilate=(1,) * dims,
                 i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer="zeros", h2h_bias_initializer="zeros",
                 conv_layout=layout, activation="tanh", prefix=None, params=None):
        base.__init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad,
                      i2h_dilate, h2h_dilate, i2h_weight_initializer,
                      h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                      conv_layout, activation, prefix, params)
    kind = {_ConvRNN: "RNN", _ConvLSTM: "LSTM", _ConvGRU: "GRU"}[base]
    doc = (f"{dims}-D convolutional {kind} cell; ``input_shape`` is one step's input "
           f"without the batch axis, in ``conv_layout`` (default {layout}).")
    return type(name, (base,), {"__init__": __init__, "_dims": dims, "__doc__": doc,
                                "__module__": __name__})


Conv1DRNNCell = _cell_class(_ConvRNN, 1, "NCW", "Conv1DRNNCell")
Conv2DRNNCell = _cell_class(_ConvRNN, 2, "NCHW", "Conv2DRNNCell")
Conv3DRNNCell = _cell_class(_ConvRNN, 3, "NCDHW", "Conv3DRNNCell")
Conv1DLSTMCell = _cell_class(_ConvLSTM, 1, "NCW", "Conv1DLSTMCell")
Conv2DLSTMCell = _cell_class(_ConvLSTM, 2, "NCHW", "Conv2DLSTMCell")
Conv3DLSTMCell = _cell_class(_ConvLSTM, 3, "NCDHW", "Conv3DLSTMCell")
Conv1DGRUCell = _cell_class(_ConvGRU, 1, "NCW", "Conv1DGRUCell")
Conv2DGRUCell = _cell_class(_ConvGRU, 2, "NCHW", "Conv2DGRUCell")
Conv3DGRUCell = _cell_class(_ConvGRU, 3, "NCDHW", "Conv3DGRUCell")
