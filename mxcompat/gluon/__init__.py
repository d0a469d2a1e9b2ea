"""``mx.gluon``: Parameters, Blocks, layers, losses, Trainer, data."""
from .parameter import Parameter, Constant, ParameterDict, DeferredInitializationError  # noqa
from .block import Block, HybridBlock  # noqa: F401
from . import nn, loss  # noqa: F401
from .trainer import Trainer  # noqa: F401,E402
