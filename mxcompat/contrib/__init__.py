"""``mx.contrib``: MXNet's experimental contributions.

Provided: ``mx.contrib.ndarray`` (also ``mx.contrib.nd``), which *is* the
``mx.nd.contrib`` namespace (MultiBoxPrior, MultiBoxTarget, MultiBoxDetection,
BilinearResize2D...), and ``mx.contrib.autograd``, MXNet's older autograd API.
Not provided: ``symbol``/``sym``, ``onnx``, ``quantization``/``quant``,
``tensorboard``, ``text`` and ``io``; touching them raises AttributeError (and
``import mxnet.contrib.onnx`` ModuleNotFoundError) saying so.
"""
import sys as _sys

from ..ndarray import contrib as ndarray
from . import autograd

nd = ndarray
# ``import mxcompat.contrib.ndarray`` / ``import mxnet.contrib.nd`` find the same module.
_sys.modules[__name__ + ".ndarray"] = ndarray
_sys.modules[__name__ + ".nd"] = ndarray

_NOT_PROVIDED = {
    "symbol": "mxcompat has no symbolic graph API; use mx.contrib.ndarray (mx.nd.contrib)",
    "onnx": "export or import ONNX models with MXNet itself",
    "quantization": "mxcompat runs models in floating point only",
    "tensorboard": "log scalars with another TensorBoard writer (e.g. tensorboardX)",
    "text": "build vocabularies and embeddings with gluonnlp-style code of your own",
    "io": "use mx.io or gluon.data instead of mx.contrib.io.DataLoaderIter",
}
_NOT_PROVIDED["sym"] = _NOT_PROVIDED["symbol"]
_NOT_PROVIDED["quant"] = _NOT_PROVIDED["quantization"]

__all__ = ["ndarray", "nd", "autograd"]


def __getattr__(name):
    hint = _NOT_PROVIDED.get(name)
    if hint is None:
        raise AttributeError(f"module 'mxnet.contrib' has no attribute {name!r}")
    raise AttributeError(
        f"module 'mxnet.contrib' has no attribute {name!r}: mxnet.contrib.{name} is not "
        f"implemented in mxcompat ({hint}). mx.contrib provides ndarray (nd) and "
        "autograd.")
