"""``mx.test_utils``: the helpers MXNet's own tests and user test suites import.

Comparison helpers use MXNet's dtype-dependent default tolerances. MXNet's
``check_numeric_gradient`` takes a Symbol; mxcompat has no symbols, so here it takes a
Python function of NDArrays (what the Symbol computed) and compares autograd's
gradient with central finite differences. ``check_gradients_with_jax`` (also in
``mxcompat.gradcheck``) compares recorded gradients with ``jax.vjp`` of a pure-JAX
version of the same function.
"""
import contextlib
import numbers
import os
import random as _pyrandom
import sys

import numpy as np

import mxcompat as mx
from .base import MXNetError
from . import context as _context

_DEFAULT_CTX = [None]


def default_context():
    """The context tests run on (``mx.cpu()`` unless set)."""
    return _DEFAULT_CTX[0] or _context.current_context()


def set_default_context(ctx):
    """Set the context ``default_context()`` returns."""
    _DEFAULT_CTX[0] = ctx


def default_dtype():
    return np.float32


def default_rtols():
    return {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4,
            np.dtype(np.float64): 1e-5, np.dtype(np.bool_): 0, np.dtype(np.int8): 0,
            np.dtype(np.uint8): 0, np.dtype(np.int32): 0, np.dtype(np.uint32): 0,
            np.dtype(np.int64): 0, np.dtype(np.uint64): 0}


def default_atols():
    return {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3,
            np.dtype(np.float64): 1e-20, np.dtype(np.bool_): 0, np.dtype(np.int8): 0,
            np.dtype(np.uint8): 0, np.dtype(np.int32): 0, np.dtype(np.uint32): 0,
            np.dtype(np.int64): 0, np.dtype(np.uint64): 0}


def default_numeric_eps():
    return {np.dtype(np.float16): 1.0 / 2 ** 6, np.dtype(np.float32): 1.0 / 2 ** 9,
            np.dtype(np.float64): 1.0 / 2 ** 14}


def _dtype_of(x):
    if isinstance(x, numbers.Number):
        return np.asarray(x).dtype
    return np.dtype(x.dtype)


def get_tolerance(dat, tol, default_tol):
    if isinstance(tol, numbers.Number):
        return tol
    dt = _dtype_of(dat)
    tol = tol or {}
    return tol.get(dt, default_tol.get(dt, 0))


def get_tols(x, y, rtol, atol):
    """The (rtol, atol) to compare x with y: the looser of their dtype defaults."""
    return (max(get_tolerance(x, rtol, default_rtols()), get_tolerance(y, rtol,
                                                                       default_rtols())),
            max(get_tolerance(x, atol, default_atols()), get_tolerance(y, atol,
                                                                       default_atols())))


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    return default_atols()[np.dtype(dtype)] if atol is None else atol


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    return default_rtols()[np.dtype(dtype)] if rtol is None else rtol


def _as_np(a):
    if hasattr(a, "asnumpy"):
        return a.asnumpy()
    return np.asarray(a)


def same(a, b):
    """True if a and b have equal shapes and values (NaNs never equal)."""
    return np.array_equal(_as_np(a), _as_np(b))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    """True if ``|a - b| <= atol + rtol * |b|`` everywhere."""
    rtol, atol = get_tols(a, b, rtol, atol)
    a, b = _as_np(a), _as_np(b)
    if not use_broadcast and a.shape != b.shape:
        return False
    return np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def _worst(a, b, rtol, atol):
    diff = np.abs(a.astype(np.float64) - b.astype(np.float64))
    tol = atol + rtol * np.abs(b.astype(np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(tol > 0, diff / tol, np.where(diff > 0, np.inf, 0))
    ratio = np.nan_to_num(ratio, nan=np.inf)
    idx = np.unravel_index(np.argmax(ratio), ratio.shape) if ratio.size else ()
    return idx, (float(ratio[idx]) if ratio.size else 0.0)


def assert_almost_equal(a, b, rtol=None, atol=None, names=("a", "b"), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """Raise AssertionError, naming the worst element, unless a and b are close."""
    rtol, atol = get_tols(a, b, rtol, atol)
    an, bn = _as_np(a), _as_np(b)
    if not use_broadcast and an.shape != bn.shape:
        raise AssertionError(f"Shapes differ: {names[0]}{an.shape} vs {names[1]}{bn.shape}")
    if np.allclose(an, bn, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return
    an, bn = np.broadcast_arrays(an, bn)
    idx, ratio = _worst(an, bn, rtol, atol)
    bad = ~np.isclose(an, bn, rtol=rtol, atol=atol, equal_nan=equal_nan)
    raise AssertionError(
        f"\nItems are not equal:\nError {ratio:.6f} exceeds tolerance rtol={rtol:.6e}, "
        f"atol={atol:.6e} (mismatch {100.0 * bad.mean():.6f}%).\n"
        f"Location of maximum error: {tuple(int(i) for i in idx)}, "
        f"{names[0]}={an[idx]!r}, {names[1]}={bn[idx]!r}\n"
        f" {names[0]}: {an}\n {names[1]}: {bn}")


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    np.testing.assert_allclose(_as_np(a), _as_np(b), rtol=rtol, atol=atol,
                               equal_nan=equal_nan)


def assert_almost_equal_ignore_nan(a, b, rtol=None, atol=None, names=("a", "b")):
    an, bn = np.copy(_as_np(a)), np.copy(_as_np(b))
    nan = np.logical_or(np.isnan(an), np.isnan(bn))
    an[nan] = 0
    bn[nan] = 0
    assert_almost_equal(an, bn, rtol, atol, names)


def assert_exception(f, exception_type, *args, **kwargs):
    """Assert that ``f(*args, **kwargs)`` raises ``exception_type``."""
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError(f"{getattr(f, '__name__', f)} did not raise "
                         f"{exception_type.__name__}")


def random_arrays(*shapes):
    """Random float32 numpy arrays (a single array for a single shape)."""
    arrays = [np.array(np.random.randn(), dtype=np.float32) if len(s) == 0 else
              np.random.randn(*s).astype(np.float32) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def random_uniform_arrays(*shapes, **kwargs):
    low = kwargs.pop("low", 0.0)
    high = kwargs.pop("high", 1.0)
    dtype = kwargs.pop("dtype", np.float32)
    arrays = [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def random_sample(population, k):
    return _pyrandom.sample(list(population), k)


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return (np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1),
            np.random.randint(low, dim2 + 1))


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    """A random shape of ``num_dim`` dimensions, each in [1, dim] (or [0, dim])."""
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, dim + 1, size=num_dim).tolist())


def rand_ndarray(shape, stype="default", density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A random NDArray. Sparse storage types give a dense array whose ``stype`` reports
    the requested type, with ``density`` of its entries non-zero."""
    dtype = np.float32 if dtype is None else dtype
    ctx = ctx or default_context()
    if stype == "default":
        arr = mx.nd.array(random_arrays(shape), dtype=dtype, ctx=ctx)
        return arr if modifier_func is None else modifier_func(arr)
    density = np.random.rand() if density is None else density
    values = np.random.uniform(size=shape)
    if stype == "row_sparse":
        keep = np.random.rand(shape[0]) < density
        values = values * keep.reshape((-1,) + (1,) * (len(shape) - 1))
    else:
        values = values * (np.random.rand(*shape) < density)
    arr = mx.nd.array(values, dtype=dtype, ctx=ctx)
    return arr.tostype(stype)


def rand_sparse_ndarray(shape, stype, density=None, dtype=None, distribution=None,
                        **kwargs):
    arr = rand_ndarray(shape, stype, density, dtype)
    return arr, (arr.asnumpy(),)


def np_reduce(dat, axis, keepdims, numpy_reduce_func):
    if isinstance(axis, int):
        axis = [axis]
    else:
        axis = list(axis) if axis is not None else range(len(dat.shape))
    ret = dat
    for i in reversed(sorted(axis)):
        ret = numpy_reduce_func(ret, axis=i)
    if keepdims:
        keepdims_shape = list(dat.shape)
        for i in axis:
            keepdims_shape[i] = 1
        ret = ret.reshape(tuple(keepdims_shape))
    return ret


def _numeric_grad(f, arrays, eps, proj):
    grads = []
    for k, a in enumerate(arrays):
        base = a.astype(np.float64)
        g = np.zeros_like(base)
        it = np.nditer(base, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            plus = [x.copy() for x in arrays]
            minus = [x.copy() for x in arrays]
            plus[k][i] = base[i] + eps
            minus[k][i] = base[i] - eps
            fp = sum(float(np.sum(o * p)) for o, p in zip(f(plus), proj))
            fm = sum(float(np.sum(o * p)) for o, p in zip(f(minus), proj))
            g[i] = (fp - fm) / (2 * eps)
        grads.append(g)
    return grads


def check_numeric_gradient(f, location, aux_states=None, numeric_eps=None, rtol=None,
                           atol=None, grad_nodes=None, use_forward_train=True, ctx=None,
                           grad_stype_dict=None, dtype=np.float32):
    """Compare autograd's gradient of ``f`` with central finite differences.

    ``f``: a function of NDArrays returning an NDArray or a list of them (where MXNet
    takes a Symbol). ``location``: a list (or dict, by argument name) of numpy arrays.
    The scalar differentiated is ``sum(out * random projection)``.
    """
    if not callable(f):
        raise MXNetError("check_numeric_gradient takes a Python function of NDArrays in "
                         "mxcompat (there is no Symbol API): check_numeric_gradient(lambda "
                         "x: mx.nd.tanh(x), [x_numpy]).")
    names = None
    if isinstance(location, dict):
        names = list(location)
        location = [location[n] for n in names]
    location = [np.asarray(x, dtype=dtype) for x in location]
    eps = numeric_eps or default_numeric_eps()[np.dtype(dtype)]
    rtol = 1e-2 if rtol is None else rtol
    atol = 1e-4 if atol is None else atol
    ctx = ctx or default_context()

    def run(vals):
        with mx.autograd.train_mode() if use_forward_train else mx.autograd.predict_mode():
            out = f(*[mx.nd.array(v, ctx=ctx, dtype=dtype) for v in vals])
        outs = out if isinstance(out, (list, tuple)) else [out]
        return [o.asnumpy().astype(np.float64) for o in outs]

    outs = run(location)
    rs = np.random.RandomState(1234)
    proj = [rs.uniform(-1, 1, size=o.shape) for o in outs]
    xs = [mx.nd.array(v, ctx=ctx, dtype=dtype) for v in location]
    for x in xs:
        x.attach_grad()
    with mx.autograd.record(train_mode=use_forward_train):
        out = f(*xs)
    heads = out if isinstance(out, (list, tuple)) else [out]
    mx.autograd.backward(heads, [mx.nd.array(p, ctx=ctx, dtype=h.dtype)
                                 for p, h in zip(proj, heads)])
    numeric = _numeric_grad(lambda v: run(v), location, eps, proj)
    which = range(len(xs)) if grad_nodes is None else [
        (names.index(g) if names else g) for g in grad_nodes]
    for k in which:
        name = names[k] if names else f"arg{k}"
        assert_almost_equal(xs[k].grad.asnumpy(), numeric[k], rtol=rtol, atol=atol,
                            names=(f"AUTOGRAD_{name}", f"NUMERICAL_{name}"))


def check_gradients_with_jax(*args, **kwargs):
    """See ``mxcompat.gradcheck.check_gradients_with_jax``."""
    from .gradcheck import check_gradients_with_jax as check
    return check(*args, **kwargs)


@contextlib.contextmanager
def discard_stderr():
    """Silence stderr (Python-level and the file descriptor) inside the block."""
    try:
        stderr_fileno = sys.stderr.fileno()
        old = os.dup(stderr_fileno)
        with open(os.devnull, "w") as bit_bucket:
            os.dup2(bit_bucket.fileno(), stderr_fileno)
            try:
                yield
            finally:
                os.dup2(old, stderr_fileno)
                os.close(old)
    except (AttributeError, OSError, ValueError):
        yield


@contextlib.contextmanager
def environment(*args):
    """Set environment variables for the block: ``environment('NAME', 'value')`` or
    ``environment({'A': '1', 'B': None})`` (None unsets)."""
    if len(args) == 2:
        env = {args[0]: args[1]}
    elif len(args) == 1 and isinstance(args[0], dict):
        env = args[0]
    else:
        raise ValueError("environment() takes (name, value) or a dict of them")
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = str(v)
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def list_gpus():
    """Indices of the accelerators JAX sees."""
    return list(range(_context.num_gpus()))


def get_mnist(path=None):
    """MNIST as numpy arrays read from local files (see gluon.data.vision.MNIST)."""
    from .gluon.data.vision.datasets import get_mnist as _get
    return _get(path) if path else _get()


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Download ``url`` (see gluon.utils.download; offline machines get a clear error)."""
    from .gluon.utils import download as _download
    if dirname is not None:
        fname = os.path.join(dirname, fname or url.split("/")[-1])
    return _download(url, path=fname, overwrite=overwrite, retries=retries)


def collapse_sum_like(a, shape):
    """Sum ``a`` over the axes that broadcasting expanded to reach ``a.shape``."""
    assert len(a.shape) >= len(shape)
    if np.prod(shape) == 0 or a.size == 0:
        return np.zeros(shape, dtype=a.dtype)
    axes = []
    ndim_diff = len(a.shape) - len(shape)
    for i in range(len(a.shape)):
        if i < ndim_diff:
            axes.append(i)
        elif shape[i - ndim_diff] == 1 and a.shape[i] > 1:
            axes.append(i)
    return a.sum(axis=tuple(axes)).reshape(shape)

