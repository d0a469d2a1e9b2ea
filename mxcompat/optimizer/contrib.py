"""``mx.optimizer.contrib``: GroupAdaGrad, AdaGrad with one learning rate per row."""
import jax.numpy as jnp

from ..ndarray import zeros as _nd_zeros
from .fused import clip_range
from .optimizer import Optimizer, register

__all__ = ["GroupAdaGrad"]


@register
class GroupAdaGrad(Optimizer):
    """AdaGrad whose history is the mean squared gradient of each row (2-D weights,
    no weight decay)::

        g = clip(grad * rescale_grad);  history += mean(g * g, axis=1, keepdims=True)
        weight -= lr * g / sqrt(history + eps)
    """
    _via32 = False

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        if len(weight.shape) != 2:
            raise AssertionError("GroupAdaGrad needs 2-D weights (one history per row); "
                                 f"got shape {weight.shape}.")
        return _nd_zeros((weight.shape[0], 1), weight.context, stype=weight.stype)

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        if wd != 0:
            raise AssertionError("Weight decay is not supported for GroupAdaGrad")
        c = self.clip_gradient if self.clip_gradient is not None else 0.0
        return (self.rescale_grad, -c, c, self.float_stable_eps, lr)

    @staticmethod
    def _kernel(cfg, w, g, history, s, key):
        (clip_on,) = cfg
        rescale, lo, hi, eps, lr = s
        g = g * rescale
        if clip_on:
            g = clip_range(g, lo, hi)
        history = history + jnp.mean(g * g, axis=1, keepdims=True)
        return w - g * lr / jnp.sqrt(history + eps), history, None
