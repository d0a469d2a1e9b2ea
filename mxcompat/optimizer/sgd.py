"""The SGD family: SGD (ccSGD), NAG, Signum/signSGD, LARS, DCASGD, SGLD.

Each kernel is the formula of MXNet's update operator (``src/operator/
optimizer_op-inl.h``) or Python update, with the same order of operations: the same
float32 roundings happen in the same places, so the numbers are MXNet's.
"""
import os

import jax
import jax.numpy as jnp
import numpy as _np

from ..ndarray import zeros as _nd_zeros
from . import fused
from .fused import clip_range, clip_sym, sign_of
from .optimizer import Optimizer, register

__all__ = ["SGD", "ccSGD", "NAG", "Signum", "LARS", "LBSGD", "DCASGD", "SGLD", "Test"]


def _zeros_like(weight, dtype=None, stype=None):
    return _nd_zeros(weight.shape, weight.context,
                     dtype=weight.dtype if dtype is None else dtype, stype=stype)


def _aggregation_size(default):
    return int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", default))


def _multi_sgd(has_mom, clip_on, w, g, mom, lr, wd, momentum, rescale, clip):
    """MXNet's multi_sgd(_mom)_update: mom = momentum*mom - lr*wd*w - lr*rescale*g."""
    if clip_on:
        step = lr * clip_sym(rescale * g, clip)
    else:
        step = (lr * rescale) * g
    prev = momentum * mom if has_mom else jnp.zeros_like(w)
    mom = (prev - (lr * wd) * w) - step
    return w + mom, mom


def _plain_sgd(clip_on, w, g, lr, wd, rescale, clip):
    """MXNet's sgd_update: (1 - lr*wd)*w - lr*rescale*g."""
    if clip_on:
        return (1 - lr * wd) * w - lr * clip_sym(rescale * g, clip)
    return (1 - lr * wd) * w - (lr * rescale) * g


class _MasterLast:
    """SGD-like multi-precision state: (momentum, float32 master copy)."""

    _mp_layout = fused.MP_LAST
    _mp_name = "SGD"

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == _np.float16:
            master = weight.astype(_np.float32)
            return (self.create_state(index, master), master)
        if weight.dtype == _np.float16 and not self.multi_precision:
            import warnings
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy "
                          "or slow convergence. Consider using multi_precision=True option "
                          f"of the {self._mp_name} optimizer")
        return self.create_state(index, weight)


@register
class SGD(_MasterLast, Optimizer):
    """SGD with momentum and weight decay (MXNet's aggregated ``multi_sgd_mom_update``)::

        state = momentum * state - lr * wd * weight - lr * clip(rescale_grad * grad)
        weight = weight + state

    ``lazy_update`` only matters for row_sparse storage, which mxcompat keeps dense.
    """
    _group_bookkeeping = True
    _steady_attrs = ("lr", "wd", "momentum", "rescale_grad", "clip_gradient")

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        self.aggregate_num = _aggregation_size("4")

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            stype = weight.stype if self.lazy_update else "default"
            return _zeros_like(weight, stype=stype)
        return None

    def _cfg(self, index, state):
        return (self.momentum > 0, self._clip_on())

    def _scalars(self, index, lr, wd):
        return (lr, wd, self.momentum if self.momentum > 0 else 0.0, self.rescale_grad,
                self._clip())

    @staticmethod
    def _kernel(cfg, w, g, mom, s, key):
        has_mom, clip_on = cfg
        lr, wd, momentum, rescale, clip = s
        w, mom2 = _multi_sgd(has_mom, clip_on, w, g, mom, lr, wd, momentum, rescale, clip)
        return w, (mom2 if has_mom else mom), None


@register
class ccSGD(SGD):
    """Deprecated alias of :class:`SGD` kept by MXNet."""


@register
class NAG(_MasterLast, Optimizer):
    """Nesterov accelerated gradient (MXNet's ``nag_mom_update``; plain
    ``sgd_update`` when momentum is 0)."""
    _mp_name = "NAG"
    _steady_attrs = ("lr", "wd", "momentum", "rescale_grad", "clip_gradient")

    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _cfg(self, index, state):
        return (state is not None, self._clip_on())

    def _scalars(self, index, lr, wd):
        return (lr, wd, self.momentum if self.momentum > 0 else 0.0, self.rescale_grad,
                self._clip())

    @staticmethod
    def _kernel(cfg, w, g, mom, s, key):
        has_mom, clip_on = cfg[:2]
        # cfg[2] False: nag_mom_update writing to an array other than the weight.
        in_place = cfg[2] if len(cfg) > 2 else True
        lr, wd, momentum, rescale, clip = s
        if not has_mom:
            return _plain_sgd(clip_on, w, g, lr, wd, rescale, clip), mom, None
        rg = clip_sym(rescale * g, clip) if clip_on else rescale * g
        mom = momentum * mom
        new_w = (w - mom) + (momentum + 1) * (mom - lr * (rg + wd * w))
        # NOTE: MXNet's kernel runs in place (out is the weight), so the momentum's
        # weight-decay term reads the weight it has just written; the same happens in
        # the float32 master-copy kernel. Kept to give MXNet's numbers.
        mom = mom - lr * (rg + wd * (new_w if in_place else w))
        return new_w, mom, None


@register
class Signum(Optimizer):
    """Signum (sign of the momentum; signSGD when momentum is 0), with MXNet's
    decoupled weight decay ``wd_lh``."""

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return _zeros_like(weight, stype=weight.stype)
        return None

    def _cfg(self, index, state):
        return (state is not None, self._clip_on())

    def _scalars(self, index, lr, wd):
        return (lr, wd, self.momentum if self.momentum > 0 else 0.0, self.rescale_grad,
                self._clip(), self.wd_lh if self.wd_lh else 0.0)

    @staticmethod
    def _kernel(cfg, w, g, mom, s, key):
        has_mom, clip_on = cfg
        lr, wd, momentum, rescale, clip, wd_lh = s
        if not has_mom:
            # signsgd_update: rescale_grad and clip_gradient have no effect.
            return (1 - lr * wd) * w - lr * sign_of(g), mom, None
        one_m = 1 - momentum
        if clip_on:
            mom = momentum * mom - (one_m * wd) * w - one_m * clip_sym(rescale * g, clip)
        else:
            mom = momentum * mom - (one_m * wd) * w - (one_m * rescale) * g
        return (1 - lr * wd_lh) * w + lr * sign_of(mom), mom, None


def _lars_exempt(name):
    return name.endswith("gamma") or name.endswith("beta") or name.endswith("bias")


@register
class LARS(_MasterLast, Optimizer):
    """LARS: SGD whose per-layer learning rate is scaled by
    ``eta * |w| / (|g| * rescale_grad + wd * |w| + eps)`` (not for biases, gammas,
    betas), with MXNet's momentum correction when the learning rate changes."""
    _group_bookkeeping = True

    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0,
                 momentum_correction=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.momentum_correction = momentum_correction
        self.lazy_update = lazy_update
        self.aggregate_num = _aggregation_size("4")
        self.eta = eta
        self.eps = eps
        self.skip = 0
        self.last_lr = None
        self.cur_lr = None

    def _get_lrs(self, indices):
        if self.cur_lr is not None:
            self.last_lr = self.cur_lr
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        if self.cur_lr is None:
            self.last_lr = lr
        self.cur_lr = lr
        return self._scaled_lrs(lr, indices)

    def set_wd_mult(self, args_wd_mult):
        """As Optimizer.set_wd_mult, but only names ending in ``_weight`` keep wd."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not n.endswith("_weight"):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__wd_mult__" in attr[name]:
                    self.wd_mult[name] = float(attr[name]["__wd_mult__"])
        self.wd_mult.update(args_wd_mult)

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            stype = weight.stype if self.lazy_update else "default"
            return _zeros_like(weight, stype=stype)
        return None

    def _prepare_group(self, indices):
        self._update_count(indices)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        momentum = 0.0
        if self.momentum > 0:
            momentum = (self.momentum * (self.cur_lr / self.last_lr)
                        if (self.momentum_correction and self.last_lr != 0) else self.momentum)
        return [(lr, wd, momentum, self.rescale_grad, self._clip(), self.eta, self.eps)
                for lr, wd in zip(lrs, wds)]

    def _cfg(self, index, state):
        name = self.idx2name[index] if index in self.idx2name else str(index)
        return (self.momentum > 0, self._clip_on(), not _lars_exempt(name))

    @staticmethod
    def _kernel(cfg, w, g, mom, s, key):
        has_mom, clip_on, use_lars = cfg
        lr, wd, momentum, rescale, clip, eta, eps = s
        if use_lars:
            f32 = jnp.float32
            w_norm = jnp.sqrt(jnp.sum(jnp.square(w.astype(f32))))
            g_sq = jnp.sum(jnp.square(g.astype(f32)))
            lr32, wd32 = lr.astype(f32), wd.astype(f32)
            scaled = lr32 * eta.astype(f32) * w_norm / (
                jnp.sqrt(g_sq) * rescale.astype(f32) + wd32 * w_norm + eps.astype(f32))
            lr = jnp.where((w_norm > 0) & (g_sq > 0), scaled, lr32).astype(w.dtype)
        w, mom2 = _multi_sgd(has_mom, clip_on, w, g, mom, lr, wd, momentum, rescale, clip)
        return w, (mom2 if has_mom else mom), None


def _sgd_step_kernel(cfg, w, g, mom, s, key):
    """MXNet's sgd_mom_update / sgd_update (the non-aggregated SGD operators)."""
    has_mom, clip_on = cfg
    lr, wd, momentum, rescale, clip = s
    if has_mom:
        return (*_multi_sgd(True, clip_on, w, g, mom, lr, wd, momentum, rescale, clip),
                None)
    return _plain_sgd(clip_on, w, g, lr, wd, rescale, clip), mom, None


@register
class LBSGD(Optimizer):
    """Large-batch SGD: gradients are accumulated over ``batch_scale`` calls, then one
    SGD step is taken with the learning rate scaled by a warm-up schedule ('linear',
    'power2', 'sqrt') or by LARS ('lars'); in between the weight is left unchanged.
    """

    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy="linear",
                 warmup_epochs=5, batch_scale=1, updates_per_epoch=32, begin_epoch=0,
                 num_epochs=60, **kwargs):
        super().__init__(**kwargs)
        import logging
        logging.info("Running Large-Batch SGD Algorithm")
        logging.info("(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, "
                     "updates_per_epoch=%d)", batch_scale, warmup_epochs, warmup_strategy,
                     updates_per_epoch)
        self.momentum = momentum
        self.multi_precision = multi_precision
        self.warmup_strategy = warmup_strategy
        self.warmup_epochs = warmup_epochs
        self.batch_scale = batch_scale
        self.updates_per_epoch = updates_per_epoch
        self.init_updates = begin_epoch * updates_per_epoch
        self.num_epochs = num_epochs
        self.lbmult = 1
        self.cumgrads = {}
        self.adaptive = False
        self.admult = 1

    def create_state(self, index, weight):
        momentum = None
        if self.multi_precision and weight.dtype == _np.float16:
            master = weight.astype(_np.float32)
            if self.momentum != 0.0:
                momentum = _zeros_like(weight, _np.float32, weight.stype)
            return (momentum, master)
        if weight.dtype == _np.float16 and not self.multi_precision:
            import warnings
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy "
                          "or slow convergence. Consider using multi_precision=True option "
                          "of the SGD optimizer")
        if self.momentum != 0.0:
            momentum = _zeros_like(weight, stype=weight.stype)
        return momentum

    def _get_lbmult(self, nup):
        """The learning-rate multiplier of the warm-up schedule after ``nup`` updates."""
        import math
        nwup = self.warmup_epochs * self.updates_per_epoch
        maxmult = float(self.batch_scale)
        if nup >= nwup:
            return maxmult
        if nwup <= 1:
            return 1.0
        if self.warmup_strategy == "linear":
            return 1.0 + (maxmult - 1) * nup / nwup
        if self.warmup_strategy == "power2":
            return 1.0 + (maxmult - 1) * (nup * nup) / (nwup * nwup)
        if self.warmup_strategy == "sqrt":
            return 1.0 + (maxmult - 1) * math.sqrt(float(nup) / nwup)
        return 1.0

    @staticmethod
    def _l2norm(v):
        a = v.asnumpy()
        return (a * a).sum()

    def _get_lars(self, weight, g, wd):
        """The LARS multiplier sqrt(|w|^2 / (|g|^2 + wd |w|^2)), clipped to [0.01, 100]."""
        import math
        weight2 = float(self._l2norm(weight))
        grad2 = float(self._l2norm(g))
        lars = math.sqrt(weight2 / (grad2 + wd * weight2 + 1e-18))
        return min(max(lars, 0.01), 100)

    def _cumulate_gradient(self, grad, index):
        cgrad = self.cumgrads.get(index, {})
        if cgrad and cgrad["num_cums"] > 0:
            cum_grad = cgrad["cum_grad"] + grad
            num_cums = cgrad["num_cums"] + 1
        else:
            cum_grad = grad
            num_cums = self.init_updates + 1
        cgrad = {"cum_grad": cum_grad, "num_cums": num_cums}
        self.cumgrads[index] = cgrad
        return cgrad

    def update(self, index, weight, grad, state):
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        self._update_count(index)
        cgrad = self._cumulate_gradient(grad, index)
        if cgrad["num_cums"] % self.batch_scale != 0:
            self._step(weight, grad, None, (0.0, wd, 0.0, 1.0, -1.0), False)
            return
        grad = cgrad["cum_grad"] / self.batch_scale
        if self.warmup_strategy == "lars":
            lbmult = self._get_lars(weight, grad, wd)
        else:
            lbmult = self._get_lbmult(cgrad["num_cums"])
        scalars = (lr * lbmult, wd, self.momentum if self.momentum > 0 else 0.0,
                   self.rescale_grad, self._clip())
        self._step(weight, grad, state, scalars, self._clip_on())
        self.cumgrads[index]["cum_grad"] = 0

    def _step(self, weight, grad, state, scalars, clip_on):
        mp = isinstance(state, (list, tuple))
        mom = state[0] if mp else state
        entry = fused.Entry(_sgd_step_kernel, (mom is not None, clip_on),
                            fused.MP_LAST if mp else fused.MP_NONE, 0, 5, True, False)
        fused.run([(entry, weight, grad, state, None)], list(scalars))


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD (MXNet's Python update)::

        step = -lr * (grad + wd * weight + lamda * grad * grad * (weight - previous))
        weight += step  (with momentum: mom = momentum * mom + step; weight += mom)

    MXNet's own momentum branch tests the truth value of an array and fails; mxcompat
    applies the momentum as documented.
    """
    _via32 = False

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        if self.momentum == 0.0:
            return (None, weight.copy())
        return (_zeros_like(weight), weight.copy())

    def _cfg(self, index, state):
        return (state[0] is not None, self.clip_gradient is not None)

    def _scalars(self, index, lr, wd):
        c = self.clip_gradient if self.clip_gradient is not None else 0.0
        return (-lr, wd, self.momentum, self.lamda, self.rescale_grad, -c, c)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        has_mom, clip_on = cfg
        neg_lr, wd, momentum, lamda, rescale, lo, hi = s
        mom, prev = state
        g = g * rescale
        if clip_on:
            g = clip_range(g, lo, hi)
        step = ((g + w * wd) + ((g * lamda) * g) * (w - prev)) * neg_lr
        if has_mom:
            mom = mom * momentum + step
            step = mom
        return w + step, (mom, w), None


@register
class SGLD(Optimizer):
    """Stochastic gradient Langevin dynamics: a half SGD step plus Gaussian noise of
    variance lr (drawn from mxcompat's random stream, seeded by ``mx.random.seed``)."""
    _via32 = False
    _keyed = True

    def _cfg(self, index, state):
        return (self.clip_gradient is not None,)

    def _scalars(self, index, lr, wd):
        import math
        c = self.clip_gradient if self.clip_gradient is not None else 0.0
        return (-lr / 2, wd, self.rescale_grad, -c, c, math.sqrt(lr))

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (clip_on,) = cfg
        neg_half_lr, wd, rescale, lo, hi, sigma = s
        g = g * rescale
        if clip_on:
            g = clip_range(g, lo, hi)
        w = w + (g + w * wd) * neg_half_lr
        noise = jax.random.normal(key, w.shape, jnp.float32).astype(w.dtype) * sigma
        return w + noise, state, None


@register
class Test(Optimizer):
    """MXNet's test optimizer: ``weight += grad * rescale_grad``; the state copies the
    new weight."""
    _via32 = False

    def create_state(self, index, weight):
        return _nd_zeros(weight.shape, weight.context)

    def _prepare(self, index):
        return (self.rescale_grad,)

    @staticmethod
    def _kernel(cfg, w, g, state, s, key):
        (rescale,) = s
        w = w + g * rescale
        return w, w, None
