"""``mx.npx``: MXNet's numpy extension ops.

Most npx ops are MXNet's legacy operators under new names (``npx.relu`` is the
``relu`` kernel, ``npx.fully_connected`` is ``FullyConnected``...), so they are the
``mx.nd`` ops published under their npx names. Defined here: ``arange_like``,
``nonzero`` (host), and the nd <-> np conversions ``as_np_ndarray``.
"""
import jax.numpy as jnp
import numpy as _np

from .np_common import call, np_class, npfun, npop
from .registry import FUNCTIONS, REGISTRY, add_names

__all__ = ["NPX_NAMES"]

# npx name -> name of the mx.nd API (an op or a Python-level nd function)
NPX_NAMES = {
    "softmax": "softmax", "log_softmax": "log_softmax", "activation": "Activation",
    "leaky_relu": "LeakyReLU", "fully_connected": "FullyConnected", "dropout": "Dropout",
    "embedding": "Embedding", "layer_norm": "LayerNorm", "batch_norm": "BatchNorm",
    "convolution": "Convolution", "deconvolution": "Deconvolution", "pooling": "Pooling",
    "rnn": "RNN", "roi_pooling": "ROIPooling", "one_hot": "one_hot", "pick": "pick",
    "topk": "topk", "batch_dot": "batch_dot", "batch_flatten": "Flatten",
    "gather_nd": "gather_nd", "sequence_mask": "SequenceMask",
    "reshape_like": "reshape_like", "shape_array": "shape_array", "slice": "slice",
    "smooth_l1": "smooth_l1", "cast": "cast", "relu": "relu", "sigmoid": "sigmoid",
    "erf": "erf", "erfinv": "erfinv", "gamma": "gamma", "gammaln": "gammaln",
}


def nd_target(nd_name):
    """The registered op or function that ``mx.nd.<nd_name>`` is (None if absent)."""
    for fd in FUNCTIONS.values():
        if nd_name in fd.names.get("nd", ()):
            return fd.fn
    for op in REGISTRY.values():
        if nd_name in op.names.get("nd", ()):
            return op
    return None


MISSING = []
for _npx, _nd in NPX_NAMES.items():
    _t = nd_target(_nd)
    if _t is None:
        MISSING.append(_npx)
    else:
        add_names(_t, npx=_npx)


@npop("_npx_arange_like", differentiable=False)
def _arange_like(data, *, start=0.0, step=1.0, repeat=1, axis=None):
    """``start + step * i`` shaped like ``data`` (or along ``axis``)."""
    n = data.size if axis is None else data.shape[axis]
    vals = jnp.asarray(start, data.dtype) + jnp.arange(-(-n // repeat), dtype=data.dtype) \
        * jnp.asarray(step, data.dtype)
    vals = jnp.repeat(vals, repeat)[:n]
    return vals.reshape(data.shape) if axis is None else vals


@npfun("arange_like", npx=True)
def arange_like(data, start=0.0, step=1.0, repeat=1, ctx=None, axis=None):
    """An arange with the shape of ``data`` (or the length of its ``axis``)."""
    return call(_arange_like, [data], start=float(start), step=float(step),
                repeat=int(repeat), axis=axis)


@npfun("nonzero", npx=True)
def npx_nonzero(x):
    """Indices of the non-zero elements, one row per element (int64, (N, ndim))."""
    from .np_creation import array
    idx = _np.argwhere(x.asnumpy()).astype(_np.int64)
    return array(type(x), idx, dtype="int64", ctx=x.ctx)


@npfun("as_np_ndarray", method="as_np_ndarray")
def as_np_ndarray(self):
    """This NDArray as an ``mx.np.ndarray`` (same values and autograd state)."""
    from .._core.ndarray import wrap
    cls = np_class()
    if isinstance(self, cls):
        return self
    out = wrap(cls, self._value(), self._ctx)
    out._ag = self._ag
    out._grad = self._grad
    out._grad_req = self._grad_req
    return out


@npfun("as_nd_ndarray", method="as_nd_ndarray")
def as_nd_ndarray(self):
    """Itself: it already is an ``mx.nd.NDArray``."""
    return self
