"""``gluon.contrib.rnn``: ``LSTMPCell``, an LSTM cell with a projected hidden state, and
``VariationalDropoutCell``, dropout masks kept for a whole sequence."""
from .rnn_cell import LSTMPCell, VariationalDropoutCell  # noqa: F401

__all__ = ["LSTMPCell", "VariationalDropoutCell"]
