"""``gluon.contrib.rnn``: ``LSTMPCell`` (an LSTM cell with a projected hidden state),
``VariationalDropoutCell`` (dropout masks kept for a whole sequence) and the
convolutional RNN, LSTM and GRU cells for 1-, 2- and 3-D inputs."""
from .conv_rnn_cell import (Conv1DGRUCell, Conv1DLSTMCell, Conv1DRNNCell,  # noqa: F401
                            Conv2DGRUCell, Conv2DLSTMCell, Conv2DRNNCell, Conv3DGRUCell,
                            Conv3DLSTMCell, Conv3DRNNCell)
from .rnn_cell import LSTMPCell, VariationalDropoutCell  # noqa: F401

__all__ = ["LSTMPCell", "VariationalDropoutCell", "Conv1DRNNCell", "Conv2DRNNCell",
           "Conv3DRNNCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell",
           "Conv1DGRUCell", "Conv2DGRUCell", "Conv3DGRUCell"]
