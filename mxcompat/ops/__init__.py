"""Operators. Each family lives in its own module and registers into ``registry``;
importing this package loads them all (in a fixed order, listed once here)."""
from . import registry  # noqa: F401
from . import elemwise, arith, creation, reduce, shape, index, convert  # noqa: F401
from . import nn, linalg, random_ops, ordering  # noqa: F401
from . import conv, pool, batchnorm  # noqa: F401  (convolution, pooling, BatchNorm family)
from . import multibox  # noqa: F401  (the SSD ops of nd.contrib: MultiBoxPrior, ...)
from . import rnn  # noqa: F401  (the fused recurrent op RNN)
from . import interop, legacy, update_ops  # noqa: F401
# mx.np / mx.npx ops come last: they add np/npx names to the ops above.
from . import np_ops  # noqa: F401,E402

FAMILIES = ("elemwise", "arith", "creation", "reduce", "shape", "index", "convert",
            "nn", "linalg", "random_ops", "ordering")
REGISTRY_LOADED = True
REGISTRY = registry.REGISTRY
