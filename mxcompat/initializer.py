"""``mx.init`` / ``mx.initializer``: weight initializers, their registry and dispatch.

An initializer is called as ``init(desc, arr)`` and fills ``arr`` in place. With an
``InitDesc`` (what gluon passes) the name decides: an ``__init__`` attribute names the
initializer to use for the whole array; otherwise names ending in ``weight`` get
``_init_weight`` (the initializer's own rule), ``bias``/``beta``/``min`` zeros,
``gamma``/``max`` ones. With a plain string (MXNet's legacy calling convention, which
warns) the older suffix table applies: ``moving_mean``/``moving_var``...,
``upsampling*`` bilinear, ``stn_loc*``. Random initializers draw from mxcompat's random
stream, so ``mx.random.seed`` makes them reproducible.
"""
import json
import logging
import re
import warnings
from math import sqrt

import jax
import jax.numpy as jnp
import numpy as np

from ._core import rng as _rng
from ._core.ndarray import NDArrayBase
from .base import not_implemented, string_types

__all__ = ["InitDesc", "Initializer", "register", "alias", "create", "Load", "Mixed",
           "Zero", "One", "Constant", "Uniform", "Normal", "Orthogonal", "Xavier",
           "MSRAPrelu", "Bilinear", "LSTMBias", "FusedRNN"]


# ---------------------------------------------------------------- array helpers
def _assign(arr, value):
    """``arr[:] = value`` (a scalar, numpy array, jax array or NDArray; broadcast)."""
    arr._check_writable()
    if isinstance(value, NDArrayBase):
        value = value._value()
    v = jnp.broadcast_to(jnp.asarray(value).astype(arr._jdtype), arr.shape)
    arr._set_value(jax.device_put(v, arr.context.jax_device))


def _sample_dtype(arr):
    return jnp.float64 if arr._jdtype == np.float64 else jnp.float32


def _draw(kind, n, dtype, key, counter, a, b):
    k = _rng.subkey(key, counter)
    if kind == "uniform":
        return jax.random.uniform(k, (n,), dtype, a, b)
    return jax.random.normal(k, (n,), dtype) * b + a


_draw = jax.jit(_draw, static_argnums=(0, 1, 2))


def _random(kind, a, b, shape, dtype):
    """Draw uniform [a, b) or normal(mean a, std b) values from the random stream.

    The draw is compiled for sizes rounded up to a power of two (then cut), so that
    initializing a network with many parameter shapes compiles a handful of programs."""
    shape = tuple(int(s) for s in shape)
    n = int(np.prod(shape))
    bucket = 1 << max(4, (n - 1).bit_length())
    key, counter = _rng.next_key()
    flat = _draw(kind, bucket, dtype, key, counter, float(a), float(b))
    return flat[:n].reshape(shape)


def _fill_random(arr, kind, a, b):
    _assign(arr, _random(kind, a, b, arr.shape, _sample_dtype(arr)))


# --------------------------------------------------------------------- registry
_REGISTRY = {}


def register(klass, name=None):
    """Register an initializer class (under its lower-cased name, or ``name``) so that
    ``mx.init.create(name)`` and gluon's ``init='name'`` find it."""
    if not (isinstance(klass, type) and issubclass(klass, Initializer)):
        raise AssertionError("Can only register subclass of Initializer")
    name = (klass.__name__ if name is None else name).lower()
    if name in _REGISTRY:
        old = _REGISTRY[name]
        warnings.warn(f"New initializer {klass.__module__}.{klass.__name__} registered with "
                      f"name {name} is overriding existing initializer "
                      f"{old.__module__}.{old.__name__}", UserWarning, stacklevel=2)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases):
    """Class decorator registering extra names for an initializer."""
    def reg(klass):
        for name in aliases:
            register(klass, name)
        return klass
    return reg


def create(*args, **kwargs):
    """An initializer from an instance (returned as is), a registered name (with
    constructor arguments), a JSON string such as ``'["normal", {"sigma": 0.5}]'`` (what
    ``dumps`` writes) or a dict."""
    if args:
        name, args = args[0], args[1:]
    else:
        name = kwargs.pop("initializer")
    if isinstance(name, Initializer):
        if args or kwargs:
            raise AssertionError("initializer is already an instance. Additional "
                                 "arguments are invalid")
        return name
    if isinstance(name, dict):
        return create(**name)
    if not isinstance(name, string_types):
        raise AssertionError("initializer must be of string type")
    if name.startswith("["):
        name, kw = json.loads(name)
        return create(name, **kw)
    if name.startswith("{"):
        return create(**json.loads(name))
    klass = _REGISTRY.get(name.lower())
    if klass is None:
        raise AssertionError(f"{name.lower()} is not registered. Please register with "
                             "initializer.register first")
    return klass(*args, **kwargs)


# ----------------------------------------------------------------- base classes
class InitDesc(str):
    """A parameter name (a ``str``) with ``attrs`` (e.g. ``{'__init__': ...}``) and
    the ``global_init`` to fall back to."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


class Initializer:
    """Base class of initializers; subclasses define ``_init_weight(name, arr)``."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose=False, print_func=None):
        """Log a statistic of every initialized array (by default its norm / sqrt(size))."""
        self._verbose = verbose
        if print_func is None:
            def print_func(x):
                v = np.asarray(x.asnumpy(), dtype=np.float64)
                return str(np.float32(np.sqrt(np.sum(v * v)) / sqrt(x.size)))
        self._print_func = print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr))

    def dumps(self):
        """The initializer as a JSON string, e.g. ``'["normal", {"sigma": 0.5}]'``."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        """Initialize ``arr`` in place according to ``desc`` (an InitDesc or a name)."""
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get("__init__", "")
        if init:
            create(init)._init_weight(desc, arr)
            self._verbose_print(desc, init, arr)
            return
        for suffix, method in (("weight", self._init_weight), ("bias", self._init_bias),
                               ("gamma", self._init_gamma), ("beta", self._init_beta),
                               ("min", self._init_zero), ("max", self._init_one),
                               ("weight_quantize", self._init_quantized_weight),
                               ("bias_quantize", self._init_quantized_bias)):
            if desc.endswith(suffix):
                method(desc, arr)
                self._verbose_print(desc, suffix, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        """MXNet's older name-suffix rules, for ``init('name', arr)`` calls."""
        warnings.warn("\033[91mCalling initializer with init(str, NDArray) has been "
                      "deprecated.please use init(mx.init.InitDesc(...), NDArray) instead."
                      "\033[0m", DeprecationWarning, stacklevel=3)
        if not isinstance(name, string_types):
            raise TypeError("name must be string")
        if not isinstance(arr, NDArrayBase):
            raise TypeError("arr must be NDArray")
        if name.startswith("upsampling"):
            self._init_bilinear(name, arr)
        elif name.startswith("stn_loc") and name.endswith("weight"):
            self._init_zero(name, arr)
        elif name.startswith("stn_loc") and name.endswith("bias"):
            self._init_loc_bias(name, arr)
        elif name.endswith("bias"):
            self._init_bias(name, arr)
        elif name.endswith("gamma"):
            self._init_gamma(name, arr)
        elif name.endswith("beta"):
            self._init_beta(name, arr)
        elif name.endswith("weight"):
            self._init_weight(name, arr)
        elif name.endswith("moving_mean"):
            self._init_zero(name, arr)
        elif name.endswith("moving_var"):
            self._init_one(name, arr)
        elif name.endswith("moving_inv_var"):
            self._init_zero(name, arr)
        elif name.endswith("moving_avg"):
            self._init_zero(name, arr)
        elif name.endswith("min"):
            self._init_zero(name, arr)
        elif name.endswith("max"):
            self._init_one(name, arr)
        else:
            self._init_default(name, arr)

    def _init_bilinear(self, _, arr):
        _assign(arr, _bilinear(arr.shape))

    def _init_loc_bias(self, _, arr):
        if arr.shape[0] != 6:
            raise AssertionError("stn_loc bias must have 6 elements (an affine transform).")
        _assign(arr, np.array([1.0, 0, 0, 0, 1.0, 0]))

    def _init_zero(self, _, arr):
        _assign(arr, 0.0)

    def _init_one(self, _, arr):
        _assign(arr, 1.0)

    def _init_bias(self, _, arr):
        _assign(arr, 0.0)

    def _init_quantized_bias(self, _, arr):
        _assign(arr, 0)

    def _init_gamma(self, _, arr):
        _assign(arr, 1.0)

    def _init_beta(self, _, arr):
        _assign(arr, 0.0)

    def _init_weight(self, name, arr):
        """Initialize a weight; every initializer defines its own rule."""
        raise NotImplementedError("Must override it")

    def _init_quantized_weight(self, _, arr):
        # MXNet draws ONE integer in [-127, 127) and fills the array with it.
        v = _random("uniform", -127, 127, (), jnp.float32)
        _assign(arr, np.int8(np.floor(np.asarray(v))))

    def _init_default(self, name, _):
        raise ValueError(
            f"Unknown initialization pattern for {name}. Default initialization is now "
            "limited to \"weight\", \"bias\", \"gamma\" (1.0), and \"beta\" (0.0). Please "
            "use mx.sym.Variable(init=mx.init.*) to set initialization pattern")

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs

    __hash__ = None


def _bilinear(shape):
    """The bilinear upsampling kernel of MXNet (computed in double, stored as float32)."""
    f = np.ceil(shape[3] / 2.)
    c = (2 * f - 1 - f % 2) / (2. * f)
    i = np.arange(int(np.prod(shape)))
    x = i % shape[3]
    y = (i // shape[3]) % shape[2]
    w = (1 - np.abs(x / f - c)) * (1 - np.abs(y / f - c))
    return w.astype(np.float32).reshape(shape)


# ------------------------------------------------------------ composite callers
class Load:
    """Initialize from a dict of arrays (or a file saved with ``mx.nd.save``); names
    lose an ``arg:``/``aux:`` prefix; names not found go to ``default_init``."""

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            from .ndarray import load
            param = load(param)
        if not isinstance(param, dict):
            raise AssertionError("Load expects a dict of name -> NDArray or a file name.")
        self.param = {}
        for name, arr in param.items():
            if name.startswith("arg:") or name.startswith("aux:"):
                self.param[name[4:]] = arr
            else:
                self.param[name] = arr
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        if name in self.param:
            src = self.param[name]
            if tuple(arr.shape) != tuple(src.shape):
                raise AssertionError(
                    f"Parameter {name} cannot be initialized from loading. Shape mismatch, "
                    f"target {arr.shape} vs loaded {src.shape}")
            _assign(arr, src if isinstance(src, NDArrayBase) else np.asarray(src))
            if self.verbose:
                logging.info("Initialized %s by loading", name)
        else:
            if self.default_init is None:
                raise AssertionError(f"Cannot Initialize {name}. Not found in loaded param "
                                     "and no default Initializer is provided.")
            self.default_init(name, arr)
            if self.verbose:
                logging.info("Initialized %s by default", name)


class Mixed:
    """Pick the initializer of the first regular expression (``re.match``) that matches
    the parameter name."""

    def __init__(self, patterns, initializers):
        if len(patterns) != len(initializers):
            raise AssertionError("Mixed needs one initializer per pattern.")
        self.map = list(zip([re.compile(p) for p in patterns], initializers))

    def __call__(self, name, arr):
        for prog, init in self.map:
            if prog.match(name):
                init(name, arr)
                return
        raise ValueError(f"Parameter name {name} did not match any pattern. Consider "
                         "adding a \".*\" pattern at the end with a default Initializer.")


# ----------------------------------------------------------------- initializers
@register
@alias("zeros")
class Zero(Initializer):
    """Weights are 0."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, 0)


@register
@alias("ones")
class One(Initializer):
    """Weights are 1."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, 1)


@register
class Constant(Initializer):
    """Weights are ``value`` (a scalar, or an array broadcast to the weight's shape)."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        v = self.value
        _assign(arr, v if isinstance(v, NDArrayBase) else np.asarray(v))

    def dumps(self):
        val = self._kwargs["value"]
        if not np.isscalar(val):
            self._kwargs["value"] = (val.tolist() if isinstance(val, np.ndarray)
                                     else val.asnumpy().tolist())
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])


@register
class Uniform(Initializer):
    """Weights uniform in [-scale, scale)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        _fill_random(arr, "uniform", -self.scale, self.scale)


@register
class Normal(Initializer):
    """Weights normal with mean 0 and standard deviation ``sigma``."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        _fill_random(arr, "normal", 0, self.sigma)


class _UnknownRandType(UnboundLocalError, ValueError):
    """MXNet fails with UnboundLocalError here; a ValueError is what callers expect."""


@register
class Orthogonal(Initializer):
    """An orthogonal matrix (from the SVD of a random one) times ``scale``;
    ``rand_type`` 'uniform' or 'normal'."""

    def __init__(self, scale=1.414, rand_type="uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        nout = arr.shape[0]
        nin = int(np.prod(arr.shape[1:]))
        if self.rand_type == "uniform":
            tmp = np.asarray(_random("uniform", -1.0, 1.0, (nout, nin), jnp.float32))
        elif self.rand_type == "normal":
            tmp = np.asarray(_random("normal", 0.0, 1.0, (nout, nin), jnp.float32))
        else:
            raise _UnknownRandType(f"Orthogonal: rand_type must be 'uniform' or 'normal', "
                                   f"got {self.rand_type!r}.")
        u, _, v = np.linalg.svd(tmp, full_matrices=False)
        res = u if u.shape == tmp.shape else v
        _assign(arr, self.scale * res.reshape(arr.shape))


@register
class Xavier(Initializer):
    """Xavier/Glorot: uniform in [-c, c] or normal with std c, c = sqrt(magnitude /
    factor); factor is fan_in, fan_out or their mean ('in', 'out', 'avg'), where for a
    weight of shape (out, in, *kernel) fan_in = in * prod(kernel) and fan_out =
    out * prod(kernel)."""

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _scale(self, name, shape):
        hw_scale = 1.
        if len(shape) < 2:
            raise ValueError(f"Xavier initializer cannot be applied to vector {name}. It "
                             "requires at least 2D.")
        if len(shape) > 2:
            hw_scale = np.prod(shape[2:])
        fan_in, fan_out = shape[1] * hw_scale, shape[0] * hw_scale
        if self.factor_type == "avg":
            factor = (fan_in + fan_out) / 2.0
        elif self.factor_type == "in":
            factor = fan_in
        elif self.factor_type == "out":
            factor = fan_out
        else:
            raise ValueError("Incorrect factor type")
        return np.sqrt(self.magnitude / factor)

    def _init_weight(self, name, arr):
        scale = self._scale(name, arr.shape)
        if self.rnd_type == "uniform":
            _fill_random(arr, "uniform", -scale, scale)
        elif self.rnd_type == "gaussian":
            _fill_random(arr, "normal", 0, scale)
        else:
            raise ValueError("Unknown random type")


@register
class MSRAPrelu(Xavier):
    """He/MSRA initialization: Xavier gaussian with magnitude 2 / (1 + slope**2)."""

    def __init__(self, factor_type="avg", slope=0.25):
        magnitude = 2. / (1 + slope ** 2)
        super().__init__("gaussian", factor_type, magnitude)
        self._kwargs = {"factor_type": factor_type, "slope": slope}


@register
class Bilinear(Initializer):
    """Bilinear-interpolation kernels, for upsampling (deconvolution) weights."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, _bilinear(arr.shape))


@register
class LSTMBias(Initializer):
    """LSTM biases: 0, except the forget gate (the second quarter) = ``forget_bias``."""

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        num_hidden = int(arr.shape[0] / 4)
        v = np.zeros(arr.shape, dtype=np.float64)
        v[num_hidden:2 * num_hidden] = self.forget_bias
        _assign(arr, v)


@register
class FusedRNN(Initializer):
    """Initializer of the packed parameters of MXNet's symbolic FusedRNNCell."""

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False,
                 forget_bias=1.0):
        if isinstance(init, string_types):
            klass, kwargs = json.loads(init)
            init = _REGISTRY[klass.lower()](**kwargs)
        super().__init__(init=init.dumps() if init is not None else None,
                         num_hidden=num_hidden, num_layers=num_layers, mode=mode,
                         bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init

    def _init_weight(self, desc, arr):
        raise not_implemented("mx.init.FusedRNN (the symbolic FusedRNNCell's packed "
                              "parameters)", "Initialize gluon.rnn layers with their own "
                              "i2h/h2h initializers instead.")
