"""Parallel containers, Identity, the pixel-shuffle upsampling layers and SyncBatchNorm.

``Concurrent``/``HybridConcurrent`` feed the same input to every child and join the
children's outputs along ``axis`` (the Inception, SqueezeNet and DenseNet building
block). They are Sequential containers for naming and parameter collection, so
``add`` and prefixes behave exactly like ``nn.Sequential``'s.
"""
import warnings

from .... import context as _context
from ....base import MXNetError
from ... import nn as _nn
from ...block import HybridBlock
from ...nn import norm_layers as _norm


class Concurrent(_nn.Sequential):
    """Runs each child on the input and concatenates their outputs along ``axis``
    (imperative only; use HybridConcurrent to hybridize)."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        from .... import ndarray as nd
        outs = [child(x) for child in self._children.values()]
        return nd.concat(*outs, dim=self.axis)


class HybridConcurrent(_nn.HybridSequential):
    """Runs each child HybridBlock on the input and concatenates their outputs along
    ``axis``; hybridizes as a whole."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        outs = [child(x) for child in self._children.values()]
        return F.concat(*outs, dim=self.axis)


class Identity(HybridBlock):
    """Returns its input unchanged (a no-op branch inside a Concurrent block)."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x


def _shuffle(F, x, factors, name):
    """Move groups of channels into the spatial axes: (N, C*f1*...*fk, S1, ..., Sk) to
    (N, C, S1*f1, ..., Sk*fk), the channel index of each group running fastest over the
    last factor."""
    k = len(factors)
    if x.ndim != k + 2:
        raise MXNetError(f"{name} takes arrays of {k + 2} dimensions (N, C, spatial...); "
                         f"got shape {tuple(x.shape)}.")
    n, cf = x.shape[0], x.shape[1]
    spatial = tuple(x.shape[2:])
    group = 1
    for f in factors:
        group *= f
    if cf % group:
        raise MXNetError(f"{name}: {cf} channels do not split into groups of {group} "
                         f"(the product of the factors {factors}); give the layer an input "
                         f"whose channel count is a multiple of {group}.")
    x = F.reshape(x, (n, cf // group) + tuple(factors) + spatial)
    # (N, C, f1..fk, S1..Sk) -> (N, C, S1, f1, ..., Sk, fk)
    perm = [0, 1]
    for i in range(k):
        perm += [2 + k + i, 2 + i]
    x = F.transpose(x, axes=tuple(perm))
    return F.reshape(x, (n, cf // group) + tuple(s * f for s, f in zip(spatial, factors)))


class _PixelShuffle(HybridBlock):
    _dims = 0

    def __init__(self, factor):
        super().__init__()
        if isinstance(factor, (tuple, list)):
            factors = tuple(int(f) for f in factor)
            if len(factors) != self._dims:
                raise MXNetError(f"{type(self).__name__} takes {self._dims} factor(s) (one "
                                 f"per spatial axis); got {len(factors)}.")
        else:
            factors = (int(factor),) * self._dims
        self._factors = factors

    def hybrid_forward(self, F, x):
        return _shuffle(F, x, self._factors, type(self).__name__)

    def __repr__(self):
        shown = self._factors[0] if self._dims == 1 else self._factors
        return f"{type(self).__name__}({shown})"


class PixelShuffle1D(_PixelShuffle):
    """Upsampling by ``factor`` along W: (N, f*C, W) -> (N, C, W*f)."""
    _dims = 1


class PixelShuffle2D(_PixelShuffle):
    """Upsampling by ``factor`` (an int, or one per axis) along H and W:
    (N, f1*f2*C, H, W) -> (N, C, H*f1, W*f2)."""
    _dims = 2


class PixelShuffle3D(_PixelShuffle):
    """Upsampling by ``factor`` (an int, or one per axis) along D, H and W:
    (N, f1*f2*f3*C, D, H, W) -> (N, C, D*f1, H*f2, W*f3)."""
    _dims = 3


class SyncBatchNorm(_norm.BatchNorm):
    """Batch normalization whose statistics MXNet gathers over ``num_devices`` GPUs.
    With one device (the default where there is at most one GPU) it is BatchNorm over
    axis 1; mxcompat does not gather statistics across devices, so ``num_devices``
    above 1 is an error (use one SyncBatchNorm per device with ``num_devices=1``, or
    ``nn.BatchNorm``)."""

    def __init__(self, in_channels=0, num_devices=None, momentum=0.9, epsilon=1e-5,
                 center=True, scale=True, use_global_stats=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", **kwargs):
        super().__init__(axis=1, momentum=momentum, epsilon=epsilon, center=center,
                         scale=scale, use_global_stats=use_global_stats,
                         beta_initializer=beta_initializer,
                         gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)
        if num_devices is None:
            warnings.warn("SyncBatchNorm: num_devices not given, so it is the number of "
                          "GPUs (at least 1); pass num_devices=... when the model does not "
                          "use every GPU.", UserWarning)
            num_devices = max(_context.num_gpus(), 1)
        if int(num_devices) > 1:
            raise MXNetError(
                f"SyncBatchNorm(num_devices={num_devices}): mxcompat does not synchronize "
                "batch statistics across devices; use num_devices=1 (each device "
                "normalizes its own part of the batch) or gluon.nn.BatchNorm.")
        # (MXNet's attributes of the op, shown by repr)
        self._kwargs = {"eps": epsilon, "momentum": momentum, "fix_gamma": not scale,
                        "use_global_stats": use_global_stats, "ndev": int(num_devices),
                        "key": self.prefix}

    def infer_shape(self, x, *args):
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p.shape = (x.shape[1],)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        k = self._kwargs
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, axis=1, eps=k["eps"],
                           momentum=k["momentum"], fix_gamma=k["fix_gamma"],
                           use_global_stats=k["use_global_stats"])
