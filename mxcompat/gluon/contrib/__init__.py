"""``gluon.contrib``: extra layers that the model zoo and user models build on (``nn``),
recurrent cells (``rnn``) and ``data.IntervalSampler``."""
from . import data, nn, rnn  # noqa: F401
