"""``gluon.contrib.rnn``: ``LSTMPCell``, an LSTM cell with a projected hidden state."""
from .rnn_cell import LSTMPCell  # noqa: F401

__all__ = ["LSTMPCell"]
