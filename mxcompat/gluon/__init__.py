"""``mx.gluon``: Parameters, Blocks, layers (nn, rnn, contrib), losses, Trainer, data,
the model zoo and utilities."""
from . import utils  # noqa: F401
from .parameter import Parameter, Constant, ParameterDict, DeferredInitializationError  # noqa
from .block import Block, HybridBlock  # noqa: F401
from . import nn, loss, data, rnn  # noqa: F401
from .trainer import Trainer  # noqa: F401
from . import contrib, model_zoo  # noqa: F401
