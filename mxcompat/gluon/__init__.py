"""``mx.gluon``: Parameters, Blocks, layers, losses, Trainer, data and utilities."""
from . import utils  # noqa: F401
from .parameter import Parameter, Constant, ParameterDict, DeferredInitializationError  # noqa
from .block import Block, HybridBlock  # noqa: F401
from . import nn, loss, data  # noqa: F401
from .trainer import Trainer  # noqa: F401
