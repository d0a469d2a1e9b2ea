"""``gluon.nn``: containers, dense layers and activations (conv/pool/norm slot in here)."""
from .basic_layers import (Sequential, HybridSequential, Dense, Dropout, Embedding,  # noqa
                           Flatten, Lambda, HybridLambda)
from .activations import Activation, LeakyReLU, PReLU, ELU, SELU, Swish, GELU  # noqa
from ..block import Block, HybridBlock  # noqa: F401
