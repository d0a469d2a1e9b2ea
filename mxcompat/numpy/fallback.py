"""numpy functions that MXNet 1.9.1 runs with official numpy on host copies.

Each takes mx.np arrays (or anything numpy takes), calls numpy on host copies and
returns mx.np arrays for array results (numbers stay numbers). They are not
differentiable and refuse to run while autograd is recording, as MXNet's.
"""
import functools

import numpy as _np

__all__ = ["host_fallback", "FALLBACK_NAMES", "FALLBACK_LINALG_NAMES"]

FALLBACK_NAMES = (
    "allclose", "apply_along_axis", "apply_over_axes", "argpartition", "array_equal",
    "array_equiv", "choose", "compress", "corrcoef", "correlate", "cov", "digitize",
    "divmod", "extract", "frexp", "heaviside", "histogram", "histogram2d",
    "histogram_bin_edges", "histogramdd", "i0", "interp", "intersect1d", "isclose", "isin",
    "ix_", "lexsort", "min_scalar_type", "modf", "nanargmax", "nanargmin", "nancumprod",
    "nancumsum", "nanmax", "nanmean", "nanmedian", "nanmin", "nanpercentile", "nanprod",
    "nanquantile", "nanstd", "nansum", "nanvar", "partition", "piecewise", "packbits",
    "poly", "polyadd", "polydiv", "polyfit", "polyint", "polymul", "polysub", "polyval",
    "promote_types", "ptp", "real", "result_type", "roots", "select", "setdiff1d",
    "setxor1d", "spacing", "take_along_axis", "tril_indices_from", "trim_zeros",
    "triu_indices_from", "union1d", "unpackbits", "unravel_index", "diag_indices_from",
    "unwrap", "vander", "median", "percentile", "quantile", "hanning", "hamming",
    "blackman", "genfromtxt", "trapezoid", "in1d", "trapz", "msort")
FALLBACK_LINALG_NAMES = ()
# Real ops in MXNet (not fallbacks): their number results are 0-d arrays.
_ARRAY_RESULTS = {"percentile", "quantile", "polyval", "interp"}


def _to_host(x):
    if hasattr(x, "_value"):
        return x.asnumpy(), x.ctx
    if isinstance(x, (list, tuple)):
        ctx, items = None, []
        for v in x:
            v, c = _to_host(v)
            items.append(v)
            ctx = ctx or c
        return type(x)(items), ctx
    return x, None


def _to_mx(x, ctx):
    from .multiarray import ndarray
    from ..ops.np_creation import array
    if isinstance(x, _np.ndarray):
        if x.dtype.kind in "USOVc":
            return x
        return array(ndarray, x, dtype=x.dtype, ctx=ctx)
    if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
        return type(x)(_to_mx(v, ctx) for v in x)
    if isinstance(x, tuple):
        return type(x)(*[_to_mx(v, ctx) for v in x])
    return x


def host_fallback(func, name=None):
    """``func`` (a numpy function) made to take and return mx.np arrays."""
    name = name or func.__name__
    as_array = name in _ARRAY_RESULTS

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .._core import state
        if state.is_recording():
            raise ValueError(f"Falling back to NumPy operator {name} with autograd active "
                             "is not supported. Please consider moving the operator to the "
                             "outside of the autograd scope.")
        hargs, ctx = _to_host(args)
        hkw = {k: _to_host(v)[0] for k, v in kwargs.items()}
        res = func(*hargs, **hkw)
        if as_array and isinstance(res, (_np.generic, float)):
            res = _np.asarray(res)
        return _to_mx(res, ctx)
    wrapper._mx_host_fallback = True
    return wrapper


def _numpy_function(name):
    if name == "trapz":
        return getattr(_np, "trapezoid", None) or getattr(_np, "trapz", None)
    if name == "in1d":
        return getattr(_np, "isin", None) if not hasattr(_np, "in1d") else _np.in1d
    if name == "msort":
        return lambda a: _np.sort(a, axis=0)
    return getattr(_np, name, None)


def build():
    """{name: host fallback} for every fallback name this numpy provides."""
    out = {}
    for name in FALLBACK_NAMES:
        f = _numpy_function(name)
        if f is not None:
            out[name] = host_fallback(f, name)
    return out
