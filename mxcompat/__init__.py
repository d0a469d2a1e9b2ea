"""mxcompat: the Apache MXNet 1.9 API running on JAX.

``import mxcompat as mx`` gives ``mx.nd``, ``mx.autograd``, ``mx.np``/``mx.npx``,
``mx.gluon``...; ``mxcompat run program.py`` runs legacy ``import mxnet`` code as is.
"""
import jax as _jax

# MXNet has real float64 and int64 arrays; every default stays float32 as in MXNet.
_jax.config.update("jax_enable_x64", True)

__version__ = "0.1.0"
__mxnet_version__ = "1.9.1"

from . import base  # noqa: E402
from .base import MXNetError  # noqa: E402
from . import context  # noqa: E402
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus  # noqa: E402
from . import ndarray  # noqa: E402
from . import ndarray as nd  # noqa: E402
from . import autograd  # noqa: E402
from . import random  # noqa: E402
from . import test_utils  # noqa: E402

__all__ = ["base", "MXNetError", "context", "Context", "cpu", "gpu", "cpu_pinned",
           "current_context", "num_gpus", "ndarray", "nd", "autograd", "random",
           "test_utils"]
