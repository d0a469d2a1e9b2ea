"""Adaptive optimizers: Adam, AdaGrad, RMSProp, AdaDelta, Adamax, Nadam, FTML, Ftrl, LAMB.

Adam, RMSProp, FTML, Ftrl and LAMB are MXNet C++ update operators (float parameters,
``_via32``); AdaGrad, AdaDelta, Adamax and Nadam are written in Python in MXNet, one
NDArray operation after the other, each rounded to the array's dtype: their kernels
repeat those operations in the same order, with the scalars computed on the host in
double precision exactly where MXNet computes them in Python.
"""
import math

import jax.numpy as jnp
import numpy as _np

from ..ndarray import zeros as _nd_zeros
from .fused import clip_range, clip_sym, sign_of
from .optimizer import Optimizer, register

__all__ = ["Adam", "AdaGrad", "RMSProp", "AdaDelta", "Adamax", "Nadam", "FTML", "Ftrl",
           "LAMB"]


def _zeros(weight, dtype="weight", stype=None):
    """A zero state array shaped like ``weight``: its dtype, or float32 (MXNet's default
    where it calls ``zeros`` without a dtype)."""
    dt = weight.dtype if dtype == "weight" else _np.float32
    return _nd_zeros(weight.shape, weight.context, dtype=dt, stype=stype)


def _py_clip(opt):
    """(clip on?, -c, c) for Python-level updates, which clip whenever it is not None."""
    c = opt.clip_gradient
    return c is not None, (-c if c is not None else 0.0), (c if c is not None else 0.0)


def _maximum(a, b):
    return jnp.where(a > b, a, b)


@register
class Adam(Optimizer):
    """Adam; the bias correction goes into the learning rate, as in MXNet::

        lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)
        g = clip(grad * rescale_grad + wd * weight)
        m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g * g
        weight -= lr_t * m / (sqrt(v) + epsilon)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        stype = weight.stype if self.lazy_update else "default"
        return (_zeros(weight, stype=stype), _zeros(weight, stype=stype))

    def _cfg(self, index, state):
        return (self._clip_on(),)

    def _scalars(self, index, lr, wd):
        t = self._index_update_count[index]
        coef1 = 1. - self.beta1 ** t
        coef2 = 1. - self.beta2 ** t
        lr *= math.sqrt(coef2) / coef1
        return (lr, wd, self.beta1, self.beta2, self.epsilon, self.rescale_grad,
                self._clip())

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        lr, wd, b1, b2, eps, rescale, clip = s
        mean, var = state
        gr = g * rescale + w * wd
        if clip_on:
            gr = clip_sym(gr, clip)
        mean = b1 * mean + (1 - b1) * gr
        var = b2 * var + (1 - b2) * gr * gr
        return w - lr * mean / (jnp.sqrt(var) + eps), (mean, var), None


@register
class AdaGrad(Optimizer):
    """AdaGrad (MXNet's Python update)::

        g = clip(grad * rescale_grad);  history += g * g
        weight += (g / sqrt(history + eps) + weight * wd) * -lr
    """
    _via32 = False

    def __init__(self, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return _zeros(weight, "float32", stype=weight.stype)

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        _, lo, hi = _py_clip(self)
        return (self.rescale_grad, lo, hi, self.float_stable_eps, wd, -lr)

    @staticmethod
    def _kernel(cfg, w, g, history, s, key):
        (clip_on,) = cfg
        rescale, lo, hi, eps, wd, neg_lr = s
        g = g * rescale
        if clip_on:
            g = clip_range(g, lo, hi)
        history = history + g * g
        div = g / jnp.sqrt(history + eps)
        return w + (div + w * wd) * neg_lr, history, None


@register
class RMSProp(Optimizer):
    """RMSProp: Tieleman & Hinton (``centered=False``) or Graves (``centered=True``),
    with optional weight clipping ``clip_weights``."""

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8,
                 centered=False, clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1 = gamma1
        self.gamma2 = gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        if self.centered:
            return tuple(_zeros(weight, "float32", stype=weight.stype) for _ in range(3))
        return (_zeros(weight, "float32", stype=weight.stype),)

    def _cfg(self, index, state):
        cw = self.clip_weights
        return (bool(self.centered), self._clip_on(), bool(cw) and cw >= 0)

    def _scalars(self, index, lr, wd):
        cw = float(self.clip_weights) if self.clip_weights else -1.0
        return (lr, wd, self.gamma1, self.gamma2, self.epsilon, self.rescale_grad,
                self._clip(), cw)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        centered, clip_on, clipw_on = cfg
        lr, wd, g1, g2, eps, rescale, clip, clip_w = s
        gr = rescale * g + wd * w
        if clip_on:
            gr = clip_sym(gr, clip)
        if not centered:
            (n,) = state
            n = (1 - g1) * (gr * gr) + g1 * n
            new_w = w - lr * (gr / jnp.sqrt(n + eps))
            new_state = (n,)
        else:
            n, gs, delta = state
            n = (1 - g1) * gr * gr + g1 * n
            gs = (1 - g1) * gr + g1 * gs
            delta = g2 * delta - (lr * gr / jnp.sqrt(n - gs * gs + eps))
            new_w = w + delta
            new_state = (n, gs, delta)
        if clipw_on:
            new_w = clip_sym(new_w, clip_w)
        return new_w, new_state, None


@register
class AdaDelta(Optimizer):
    """AdaDelta (MXNet's Python update; no learning rate). As in MXNet, the gradient
    array is multiplied by ``rescale_grad`` in place."""
    _via32 = False

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros(weight, "float32"), _zeros(weight, "float32"))

    def _prepare(self, index):
        wd = self._get_wd(index)
        self._update_count(index)
        return self._scalars(index, None, wd)

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        _, lo, hi = _py_clip(self)
        return (self.rescale_grad, lo, hi, self.rho, 1. - self.rho, self.epsilon, wd)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        rescale, lo, hi, rho, one_rho, eps, wd = s
        acc_g, acc_delta = state
        # NOTE: MXNet does ``grad *= rescale_grad`` on the caller's gradient array; the
        # rescaled (unclipped) gradient is returned so that the engine writes it back.
        g_scaled = g * rescale
        g = clip_range(g_scaled, lo, hi) if clip_on else g_scaled
        acc_g = acc_g * rho + g * one_rho * g
        delta = jnp.sqrt(acc_delta + eps) / jnp.sqrt(acc_g + eps) * g
        acc_delta = acc_delta * rho + delta * one_rho * delta
        return w - (delta + w * wd), (acc_g, acc_delta), g_scaled


@register
class Adamax(Optimizer):
    """AdaMax, the infinity-norm variant of Adam (MXNet's Python update)."""
    _via32 = False

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2

    def create_state(self, index, weight):
        return (_zeros(weight), _zeros(weight))

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        t = self._index_update_count[index]
        lr /= (1. - self.beta1 ** t)
        _, lo, hi = _py_clip(self)
        return (self.rescale_grad, wd, lo, hi, self.beta1, 1. - self.beta1, self.beta2, lr)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        rescale, wd, lo, hi, b1, one_b1, b2, lr = s
        m, u = state
        g = g * rescale + w * wd
        if clip_on:
            g = clip_range(g, lo, hi)
        m = m * b1 + g * one_b1
        u = _maximum(u * b2, jnp.abs(g))
        return w - m * lr / u, (m, u), None


@register
class Nadam(Optimizer):
    """Nesterov Adam (MXNet's Python update). As in MXNet, the momentum schedule
    ``m_schedule`` is one value shared by all parameters and advanced by every update."""
    _via32 = False

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 schedule_decay=0.004, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        return (_zeros(weight), _zeros(weight))

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        t = self._index_update_count[index]
        # NOTE: one m_schedule for the optimizer, advanced by every parameter's update
        # (MXNet's behaviour); so parameters must be processed in MXNet's order.
        momentum_t = self.beta1 * (1. - 0.5 * (pow(0.96, t * self.schedule_decay)))
        momentum_t_1 = self.beta1 * (1. - 0.5 * (pow(0.96, (t + 1) * self.schedule_decay)))
        self.m_schedule = self.m_schedule * momentum_t
        m_schedule_next = self.m_schedule * momentum_t_1
        _, lo, hi = _py_clip(self)
        return (self.rescale_grad, wd, lo, hi, self.beta1, 1. - self.beta1, self.beta2,
                1. - self.beta2, 1. - self.m_schedule, 1. - m_schedule_next,
                1. - pow(self.beta2, t), 1. - momentum_t, momentum_t_1, lr, self.epsilon)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        (rescale, wd, lo, hi, b1, one_b1, b2, one_b2, one_ms, one_ms_next, one_b2t,
         one_mt, mt1, lr, eps) = s
        m, v = state
        g = g * rescale + w * wd
        if clip_on:
            g = clip_range(g, lo, hi)
        m = m * b1 + g * one_b1
        v = v * b2 + g * one_b2 * g
        g_prime = g / one_ms
        m_prime = m / one_ms_next
        v_prime = v / one_b2t
        m_bar = g_prime * one_mt + m_prime * mt1
        return w - m_bar * lr / (jnp.sqrt(v_prime) + eps), (m, v), None


@register
class FTML(Optimizer):
    """FTML, Follow the Moving Leader (MXNet's ``ftml_update``)."""

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros(weight), _zeros(weight), _zeros(weight))

    def _cfg(self, index, state):
        return (self._clip_on(),)

    def _scalars(self, index, lr, wd):
        t = self._index_update_count[index]
        return (lr, self.beta1, self.beta2, self.epsilon, float(t), wd, self.rescale_grad,
                self._clip())

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        lr, b1, b2, eps, t, wd, rescale, clip = s
        d, v, z = state
        gi = rescale * g + wd * w
        if clip_on:
            gi = clip_sym(gi, clip)
        v = b2 * v + (1 - b2) * (gi * gi)
        d_t = (1 - jnp.power(b1, t)) / lr * (jnp.sqrt(v / (1 - jnp.power(b2, t))) + eps)
        z = b1 * z + (1 - b1) * gi - (d_t - b1 * d) * w
        return -z / d_t, (d_t, v, z), None


@register
class Ftrl(Optimizer):
    """FTRL-proximal (MXNet's ``ftrl_update``); learning rate 0.1 by default."""

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super().__init__(**kwargs)
        self.lamda1 = lamda1
        self.beta = beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return (_zeros(weight, "float32", stype=weight.stype),
                _zeros(weight, "float32", stype=weight.stype))

    def _prepare(self, index):
        self._update_count(index)
        wd = self._get_wd(index)
        lr = self._get_lr(index)
        return self._scalars(index, lr, wd)

    def _cfg(self, index, state):
        return (self._clip_on(),)

    def _scalars(self, index, lr, wd):
        return (lr, wd, self.lamda1, self.beta, self.rescale_grad, self._clip())

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        lr, wd, lamda1, beta, rescale, clip = s
        z, n = state
        gr = g * rescale
        if clip_on:
            gr = clip_sym(gr, clip)
        z = z + (gr - (jnp.sqrt(n + gr * gr) - jnp.sqrt(n)) * w / lr)
        n = n + gr * gr
        gate = (jnp.abs(z) > lamda1).astype(w.dtype)
        new_w = (sign_of(z) * lamda1 - z) / ((beta + jnp.sqrt(n)) / lr + wd) * gate
        return new_w, (z, n), None


@register
class LAMB(Optimizer):
    """LAMB: Adam-style direction scaled by the trust ratio |w| / |direction|
    (MXNet's ``lamb_update_phase1``/``phase2``)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6,
                 lower_bound=None, upper_bound=None, bias_correction=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        self.bias_correction = bias_correction
        import os
        self.aggregate_num = max(1, min(45, int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE",
                                                          "45"))))

    def create_state(self, index, weight):
        return (_zeros(weight, stype=weight.stype), _zeros(weight, stype=weight.stype))

    def _cfg(self, index, state):
        lo, hi = self.lower_bound, self.upper_bound
        return (bool(self.bias_correction), self._clip_on(), bool(lo) and lo >= 0,
                bool(hi) and hi >= 0)

    def _scalars(self, index, lr, wd):
        t = self._index_update_count[index]
        b1 = float(_np.float32(self.beta1))
        b2 = float(_np.float32(self.beta2))
        return (lr, wd, self.beta1, self.beta2, self.epsilon, b1 ** t, b2 ** t,
                self.rescale_grad, self._clip(), float(self.lower_bound or -1.0),
                float(self.upper_bound or -1.0))

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        bias_correction, clip_on, lower_on, upper_on = cfg
        lr, wd, b1, b2, eps, b1t, b2t, rescale, clip, lower, upper = s
        d, mean, var = lamb_phase1(bias_correction, clip_on, w, g, state,
                                   (b1, b2, eps, b1t, b2t, wd, rescale, clip))
        r1 = jnp.sqrt(jnp.sum(jnp.square(w)))
        r2 = jnp.sqrt(jnp.sum(jnp.square(d)))
        return lamb_phase2(lower_on, upper_on, w, d, r1, r2, (lr, lower, upper)), \
            (mean, var), None


def lamb_phase1(bias_correction, clip_on, w, g, state, s):
    """MXNet's ``lamb_update_phase1``: the new (mean, var) and the update direction
    ``d`` (Adam's step, bias-corrected or not, plus ``wd * w``); ``w`` is the weight
    (its float32 master copy for ``mp_lamb_update_phase1``)."""
    b1, b2, eps, b1t, b2t, wd, rescale, clip = s
    mean, var = state
    gr = g * rescale
    if clip_on:
        gr = clip_sym(gr, clip)
    mean = b1 * mean + (1 - b1) * gr
    var = b2 * var + (1 - b2) * gr * gr
    if bias_correction:
        # NOTE: MXNet divides the mean by (1. - beta1_t) in double precision.
        mean_hat = (mean.astype(jnp.float64) / (1. - b1t.astype(jnp.float64))
                    ).astype(w.dtype)
        var_hat = var / (1 - b2t)
        d = mean_hat / (jnp.sqrt(var_hat) + eps) + wd * w
    else:
        d = mean / (jnp.sqrt(var) + eps) + wd * w
    return d, mean, var


def lamb_phase2(lower_on, upper_on, w, d, r1, r2, s):
    """MXNet's ``lamb_update_phase2``: ``w - lr * r1 / r2 * d`` with ``r1`` (the weight's
    norm) clipped to [lower, upper] and the plain ``lr`` where r1 or r2 is 0."""
    lr, lower, upper = s
    if lower_on:
        r1 = jnp.maximum(r1, lower)
    if upper_on:
        r1 = jnp.minimum(r1, upper)
    ratio_lr = jnp.where((r1 == 0) | (r2 == 0), lr, lr * r1 / r2)
    return w - ratio_lr * d
