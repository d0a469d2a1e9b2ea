"""Normalization layers: BatchNorm (and BatchNormReLU), InstanceNorm, LayerNorm and
GroupNorm, with MXNet 1.9.1's parameters, defaults and reprs.

BatchNorm keeps ``running_mean``/``running_var`` parameters (``grad_req='null'``). In
training mode the op updates them in place; when the block is hybridized the compiled
program returns their new values and the block stores them after the call.
"""
import numpy as _np

from ..block import HybridBlock

__all__ = ["BatchNorm", "BatchNormReLU", "InstanceNorm", "LayerNorm", "GroupNorm"]


def _content(kwargs):
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def _gamma_beta(block, size, center, scale, beta_initializer, gamma_initializer, **extra):
    """The scale (gamma) and shift (beta) parameters of a normalization layer, learned
    only when ``scale``/``center`` ask for them."""
    block.gamma = block.params.get("gamma", grad_req="write" if scale else "null",
                                   shape=(size,), init=gamma_initializer,
                                   allow_deferred_init=True, **extra)
    block.beta = block.params.get("beta", grad_req="write" if center else "null",
                                  shape=(size,), init=beta_initializer,
                                  allow_deferred_init=True, **extra)


class _ChannelNorm(HybridBlock):
    """InstanceNorm and LayerNorm: gamma and beta of the size of axis ``axis``."""

    def _setup(self, axis, epsilon, center, scale, beta_initializer, gamma_initializer,
               in_channels):
        self._kwargs = {"eps": epsilon, "axis": axis, "center": center, "scale": scale}
        self._axis = axis
        self._epsilon = epsilon
        _gamma_beta(self, in_channels, center, scale, beta_initializer, gamma_initializer)

    def infer_shape(self, x, *args):
        c = x.shape[self._axis]
        self.gamma.shape = (c,)
        self.beta.shape = (c,)

    def __repr__(self):
        return (f"{self.__class__.__name__}({_content(self._kwargs)}, "
                f"in_channels={self.gamma.shape[0]})")


class _BatchNorm(HybridBlock):
    """Batch normalization over axis ``axis``; ``scale=False`` fixes gamma at 1."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, fuse_relu=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"axis": axis, "eps": epsilon, "momentum": momentum,
                        "fix_gamma": not scale, "use_global_stats": use_global_stats}
        self.fuse_relu = fuse_relu
        if in_channels != 0:
            self.in_channels = in_channels
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(in_channels,), init=gamma_initializer,
                                     allow_deferred_init=True, differentiable=scale)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(in_channels,), init=beta_initializer,
                                    allow_deferred_init=True, differentiable=center)
        self.running_mean = self.params.get("running_mean", grad_req="null",
                                            shape=(in_channels,),
                                            init=running_mean_initializer,
                                            allow_deferred_init=True, differentiable=False)
        self.running_var = self.params.get("running_var", grad_req="null",
                                           shape=(in_channels,),
                                           init=running_variance_initializer,
                                           allow_deferred_init=True, differentiable=False)

    def infer_shape(self, x, *args):
        c = x.shape[self._kwargs["axis"]]
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p.shape = (c,)

    def cast(self, dtype):
        # Statistics of float16 data are kept in float32, as MXNet's op requires.
        if _np.dtype(dtype).name == "float16":
            dtype = "float32"
        super().cast(dtype)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        out = F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._kwargs)
        if self.fuse_relu:
            out = F.relu(out)
        return out

    def __repr__(self):
        c = self.gamma.shape[0]
        return (f"{self.__class__.__name__}({_content(self._kwargs)}, "
                f"in_channels={c if c else None})")


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe and Szegedy, 2014): normalize each channel with the
    batch's mean and variance in training (updating the running statistics with
    ``momentum``) and with the running statistics in prediction."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis, momentum, epsilon, center, scale, use_global_stats, False,
                         beta_initializer, gamma_initializer, running_mean_initializer,
                         running_variance_initializer, in_channels, **kwargs)


class BatchNormReLU(_BatchNorm):
    """BatchNorm followed by ReLU (MXNet fuses them into one op; here they are two)."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis, momentum, epsilon, center, scale, use_global_stats, True,
                         beta_initializer, gamma_initializer, running_mean_initializer,
                         running_variance_initializer, in_channels, **kwargs)


class InstanceNorm(_ChannelNorm):
    """Instance normalization: each example's channels normalized over their spatial
    positions, then scaled by gamma (``scale``) and shifted by beta (``center``)."""

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0,
                 **kwargs):
        super().__init__(**kwargs)
        self._setup(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                    in_channels)

    def hybrid_forward(self, F, x, gamma, beta):
        if self._axis == 1:
            return F.InstanceNorm(x, gamma, beta, eps=self._epsilon)
        x = x.swapaxes(1, self._axis)
        return F.InstanceNorm(x, gamma, beta, eps=self._epsilon).swapaxes(1, self._axis)


class LayerNorm(_ChannelNorm):
    """Layer normalization along ``axis`` (the last by default), then scale by gamma and
    shift by beta."""

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0,
                 prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._setup(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                    in_channels)
        self._center = center
        self._scale = scale

    def hybrid_forward(self, F, data, gamma, beta):
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)


class GroupNorm(HybridBlock):
    """Group normalization: the channels split into ``num_groups`` groups, each
    normalized over its channels and positions, then scaled and shifted per group."""

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", prefix=None,
                 params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "num_groups": num_groups, "center": center,
                        "scale": scale}
        self._num_groups = num_groups
        self._epsilon = epsilon
        self._center = center
        self._scale = scale
        _gamma_beta(self, num_groups, center, scale, beta_initializer, gamma_initializer)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups,
                           eps=self._epsilon)

    def __repr__(self):
        return f"{self.__class__.__name__}({_content(self._kwargs)})"
