"""``gluon.nn``: containers, dense layers and activations (conv/pool/norm slot in here)."""
from .basic_layers import (Sequential, HybridSequential, Dense, Dropout, Embedding,  # noqa
                           Flatten, Lambda, HybridLambda)
from .activations import Activation, LeakyReLU, PReLU, ELU, SELU, Swish, GELU  # noqa
from ..block import Block, HybridBlock  # noqa: F401
from .conv_layers import *  # noqa: F401,F403  (convolution and pooling layers)
from .norm_layers import *  # noqa: F401,F403  (BatchNorm and the other normalizations)
