"""Numeric conventions of MXNet's C++ kernels, shared by the element-wise and
reduction ops.

* ``c_cast``: a float converted to an integer type the way a C++ cast does on x86
  (truncation; NaN and out-of-range values become the "integer indefinite" INT_MIN;
  narrow types keep the low bits of the 32-bit result).
* ``compute_dtype``: the precision a kernel computes in. MXNet's math wrappers compute
  integer inputs in double and float16 in float, and its ``id``/``sqr`` helpers give
  float for every non-double type.
* ``with_jvp``: a function whose derivative is given explicitly, for the places where
  MXNet's gradient formula differs from the natural one (abs at 0, hypot at the origin,
  ``pow`` at a zero base...). The rule is written in JAX, so it differentiates again.
* ``mx_digamma``: digamma with MXNet's value at the poles (the largest float, not NaN).
"""
import jax
import jax.numpy as jnp
import numpy as _np

__all__ = ["c_cast", "compute_dtype", "with_jvp", "mx_digamma", "F32_PI", "is_int_dtype",
           "is_float_dtype"]

# MXNet keeps pi as a float constant, so ``180 / pi`` and ``sqrt(pi)`` carry float error
# even in double kernels.
F32_PI = float(_np.float32(_np.pi))
_TWO31 = 2.0 ** 31
_TWO63 = 2.0 ** 63


def is_int_dtype(dtype):
    return jnp.issubdtype(dtype, jnp.integer)


def is_float_dtype(dtype):
    return jnp.issubdtype(dtype, jnp.floating)


def compute_dtype(dtype, ints="float64"):
    """The dtype a kernel computes in for inputs of ``dtype``: float16 in float32,
    float32/float64 as they are, integers in ``ints`` (``"float64"`` for the libm
    wrappers, ``"float32"`` for ``id``/``sqr``/binary libm calls)."""
    dtype = jnp.dtype(dtype)
    if dtype == jnp.float16 or dtype == jnp.bfloat16:
        return jnp.dtype(jnp.float32)
    if is_float_dtype(dtype):
        return dtype
    return jnp.dtype(ints)


def c_cast(y, dtype):
    """``y`` converted to ``dtype`` with C++/x86 semantics (see the module docstring)."""
    dtype = jnp.dtype(dtype)
    if y.dtype == dtype:
        return y
    if dtype == jnp.bool_:
        return y != 0
    if not is_int_dtype(dtype) or not is_float_dtype(y.dtype):
        return y.astype(dtype)   # float targets round; int -> int wraps, like C
    if y.dtype.itemsize < 4:
        y = y.astype(jnp.float32)
    if dtype.itemsize == 8:
        wide, lo, hi = jnp.int64, -_TWO63, _TWO63
    else:
        wide, lo, hi = jnp.int32, -_TWO31, _TWO31
    t = jnp.trunc(y)
    ok = (t >= lo) & (t < hi)          # False for NaN
    r = jnp.where(ok, t, jnp.zeros_like(t)).astype(wide)
    r = jnp.where(ok, r, jnp.asarray(jnp.iinfo(wide).min, wide))
    return r.astype(dtype)


def with_jvp(f, *derivs):
    """``f`` whose partial derivative in input ``i`` is ``derivs[i](*args, out)``
    (``None``: no dependence). The derivatives are JAX code, so higher orders work."""
    g = jax.custom_jvp(f)

    def rule(primals, tangents):
        out = g(*primals)
        tan = jnp.zeros_like(out)
        for d, t in zip(derivs, tangents):
            if d is not None:
                tan = tan + (d(*primals, out) * t).astype(out.dtype)
        return out, tan
    g.defjvp(rule)
    return g


def mx_digamma(x):
    """digamma, but the largest finite double (an overflow to inf in float32) at the
    poles 0, -1, -2, ..., as MXNet's cephes ``psi`` returns there."""
    pole = (x <= 0) & (x == jnp.floor(x))
    if x.dtype == jnp.float64:
        big = jnp.asarray(_np.finfo(_np.float64).max, x.dtype)
    else:
        big = jnp.asarray(jnp.inf, x.dtype)
    safe = jnp.where(pole, jnp.ones_like(x), x)
    return jnp.where(pole, big, jax.scipy.special.digamma(safe))
