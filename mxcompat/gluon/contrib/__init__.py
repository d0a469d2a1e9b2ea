"""``gluon.contrib``: extra layers that the model zoo and user models build on (``nn``)
and the projected LSTM cell (``rnn``)."""
from . import nn, rnn  # noqa: F401
