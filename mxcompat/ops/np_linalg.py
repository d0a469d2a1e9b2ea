"""``mx.np`` products and ``mx.np.linalg``: dot, matmul (``@``), tensordot, einsum,
inner, outer, vdot, kron and norm, inv, det, slogdet, svd, cholesky, qr, eigh,
eigvalsh, eig, eigvals, pinv, solve, lstsq, tensorinv, tensorsolve, matrix_rank,
matrix_power, multi_dot, cond.

All are jax.numpy / jax.numpy.linalg, so gradients (also of higher order) are jax's.
MXNet's conventions kept: ``svd`` returns ``(ut, s, v)`` with ``a == ut @ diag(s) @ v``
(numpy's reduced SVD), ``slogdet`` returns a list ``[sign, logabsdet]``, integer
inputs of ``norm`` are computed in the default float.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .np_common import as_np, call, default_float, is_array, npfun, npop
from .np_ufunc import promote

__all__ = ["dot", "matmul", "norm"]


def _same(a, b):
    dt = promote(a.dtype, b.dtype)
    return a.astype(dt), b.astype(dt)


# ----------------------------------------------------------- products
@npop("_np_dot")
def _np_dot(a, b):
    """numpy's ``dot``: a sum product over the last axis of a and the second-to-last of
    b (a plain product with a 0-d operand)."""
    a, b = _same(a, b)
    return jnp.dot(a, b, precision="highest")


@npfun("dot", np=True, np_method="dot")
def dot(a, b, out=None):
    """numpy's ``dot``."""
    return call(_np_dot, [a, b], out=out)


@npop("_np_matmul")
def _np_matmul(a, b):
    """numpy's ``matmul``: matrix product of the last two axes, broadcast batches."""
    a, b = _same(a, b)
    return jnp.matmul(a, b, precision="highest")


@npfun("matmul", np=True)
def matmul(a, b, out=None, **kwargs):
    """numpy's ``matmul`` (the ``@`` operator); 0-d operands are refused."""
    a, b = as_np(a), as_np(b)
    if a.ndim == 0 or b.ndim == 0:
        raise MXNetError("matmul: Input operand does not have enough dimensions; use "
                         "np.multiply (or *) for a product with a scalar.")
    if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
        raise MXNetError(f"matmul: Input operand 1 has a mismatch in its core dimension "
                         f"0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size "
                         f"{b.shape[-2 if b.ndim > 1 else 0]} is different from "
                         f"{a.shape[-1]}).")
    return call(_np_matmul, [a, b], out=out)


for _n, _f in (("__matmul__", lambda self, other: matmul(self, other)),
               ("__rmatmul__", lambda self, other: matmul(other, self))):
    npfun(f"__np{_n}", np_method=_n)(_f)


@npfun("__np_imatmul__", np_method="__imatmul__")
def _imatmul(self, other):
    res = matmul(self, other)
    self._check_writable()
    if tuple(res.shape) != tuple(self.shape):
        raise ValueError("matmul: in-place result shape differs from the left operand.")
    self._set_value(res.astype(self.dtype)._value())
    return self


@npop("_np_tensordot")
def _np_tensordot(a, b, *, axes=2):
    """numpy's ``tensordot``."""
    a, b = _same(a, b)
    return jnp.tensordot(a, b, axes, precision="highest")


@npfun("tensordot", np=True)
def tensordot(a, b, axes=2):
    """Sum products over the given axes (an int, or two sequences of axes)."""
    if not isinstance(axes, (int, _np.integer)):
        axes = tuple(tuple(x) if isinstance(x, (list, tuple)) else (x,) for x in axes)
    return call(_np_tensordot, [a, b], axes=axes)


@npop("_np_einsum")
def _np_einsum(*operands, subscripts="", optimize=False):
    """numpy's ``einsum`` on already-promoted operands."""
    dt = operands[0].dtype
    for o in operands[1:]:
        dt = promote(dt, o.dtype)
    return jnp.einsum(subscripts, *[o.astype(dt) for o in operands],
                      precision="highest", optimize="optimal" if optimize else False)


@npfun("einsum", np=True)
def einsum(*operands, **kwargs):
    """Einstein summation: ``einsum('ij,jk->ik', a, b)``."""
    out = kwargs.pop("out", None)
    optimize = bool(kwargs.pop("optimize", False))
    if kwargs:
        raise TypeError(f"einsum() got unexpected arguments {sorted(kwargs)}.")
    subscripts, arrays = operands[0], operands[1:]
    if not isinstance(subscripts, str):
        raise TypeError("einsum: the first argument must be the subscripts string, e.g. "
                        "np.einsum('ij,jk->ik', a, b).")
    return call(_np_einsum, list(arrays), out=out, subscripts=subscripts.replace(" ", ""),
                optimize=optimize)


@npop("_np_inner")
def _np_inner(a, b):
    """numpy's ``inner``: sum product over the last axes."""
    a, b = _same(a, b)
    return jnp.inner(a, b, precision="highest")


@npfun("inner", np=True)
def inner(a, b):
    """Inner product over the last axes."""
    return call(_np_inner, [a, b])


@npop("_np_outer")
def _np_outer(a, b):
    """numpy's ``outer`` of the flattened inputs."""
    a, b = _same(a, b)
    return jnp.outer(a, b)


@npfun("outer", np=True)
def outer(a, b):
    """Outer product of the flattened inputs."""
    return call(_np_outer, [a, b])


@npop("_np_vdot")
def _np_vdot(a, b):
    """Dot product of the flattened inputs (a 0-d array)."""
    a, b = _same(a, b)
    return jnp.vdot(a, b, precision="highest")


@npfun("vdot", np=True)
def vdot(a, b):
    """Dot product of the flattened inputs."""
    return call(_np_vdot, [a, b])


@npop("_np_kron")
def _np_kron(a, b):
    """Kronecker product."""
    a, b = _same(a, b)
    return jnp.kron(a, b)


@npfun("kron", np=True)
def kron(a, b):
    """Kronecker product."""
    return call(_np_kron, [a, b])


# ------------------------------------------------------------- linalg
def _float(a, ftype):
    return a if jnp.issubdtype(a.dtype, jnp.inexact) else a.astype(ftype)


@npop("_npi_norm")
def _np_norm(x, *, ord=None, axis=None, keepdims=False, ftype="float32"):
    """numpy's ``linalg.norm`` (vector and matrix orders)."""
    x = _float(x, ftype)
    if axis is None and ord is None:
        out = jnp.sqrt(jnp.sum(x * x))
        if keepdims:
            out = out.reshape((1,) * x.ndim)
        return out
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


@npfun("linalg.norm", np=True)
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm (numpy's ``ord``, ``axis``, ``keepdims``)."""
    x = as_np(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    if axis is None and ord is not None and x.ndim not in (1, 2):
        raise ValueError("Improper number of dimensions to norm.")
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise ValueError(f"Invalid norm order {ord!r} for matrices.")
    if ord is not None and not isinstance(ord, str):
        ord = float(ord)
        if _np.isfinite(ord) and ord == int(ord):
            ord = int(ord)
    return call(_np_norm, [x], ord=ord, axis=axis, keepdims=bool(keepdims),
                ftype=default_float())


def _linalg_op(name, f, nout=1, doc="", as_list=False):
    def fn(a, *, ftype="float32"):
        res = f(_float(a, ftype))
        return tuple(res) if nout > 1 else res
    fn.__doc__ = doc
    op = npop(f"_npi_linalg_{name}", nout=nout)(fn)

    def front(a):
        a = as_np(a)
        if a.ndim < 2:
            raise MXNetError(f"linalg.{name}: the input must have at least 2 dimensions "
                             f"(a matrix or a stack of matrices), got shape {a.shape}.")
        res = call(op, [a], ftype=default_float())
        return res if nout == 1 else (list(res) if as_list else tuple(res))
    front.__name__ = name
    front.__doc__ = doc
    npfun(f"linalg.{name}", np=f"linalg.{name}")(front)
    return op


def _svd(a):
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    return u, s, vh


def _slogdet(a):
    sign, logdet = jnp.linalg.slogdet(a)
    return sign, logdet


def _qr(a):
    q, r = jnp.linalg.qr(a, mode="reduced")
    return q, r


def _eigh(a):
    w, v = jnp.linalg.eigh(a, UPLO="L")
    return w, v


_linalg_op("inv", jnp.linalg.inv, doc="The inverse of each square matrix.")
_linalg_op("det", jnp.linalg.det, doc="The determinant of each square matrix.")
_linalg_op("slogdet", _slogdet, 2, as_list=True,
           doc="Sign and log of |det| of each square matrix (a list, as MXNet's).")
_linalg_op("svd", _svd, 3, doc="Reduced SVD: (ut, s, v) with a == ut @ diag(s) @ v.")
_linalg_op("cholesky", jnp.linalg.cholesky,
           doc="The lower Cholesky factor of each symmetric positive-definite matrix.")
_linalg_op("qr", _qr, 2, doc="Reduced QR factorisation (q, r).")
_linalg_op("eigh", _eigh, 2,
           doc="Eigenvalues (ascending) and eigenvectors of symmetric matrices.")
_linalg_op("eigvalsh", lambda a: jnp.linalg.eigvalsh(a, UPLO="L"),
           doc="Eigenvalues (ascending) of symmetric matrices.")
_linalg_op("pinv", jnp.linalg.pinv, doc="The Moore-Penrose pseudo-inverse.")


@npop("_npi_linalg_solve")
def _np_solve(a, b, *, ftype="float32"):
    """Solve ``a @ x == b``."""
    a, b = _same(_float(a, ftype), _float(b, ftype))
    return jnp.linalg.solve(a, b)


@npfun("linalg.solve", np=True)
def solve(a, b):
    """The solution ``x`` of ``a @ x == b``."""
    return call(_np_solve, [a, b], ftype=default_float())


@npop("_npi_linalg_tensorinv")
def _np_tensorinv(a, *, ind=2):
    """numpy's ``tensorinv``."""
    return jnp.linalg.tensorinv(a, ind)


@npfun("linalg.tensorinv", np=True)
def tensorinv(a, ind=2):
    """The inverse of ``a`` with respect to ``tensordot(., ., ind)``."""
    return call(_np_tensorinv, [a], ind=int(ind))


@npop("_npi_linalg_tensorsolve")
def _np_tensorsolve(a, b, *, axes=None):
    """numpy's ``tensorsolve``."""
    a, b = _same(a, b)
    return jnp.linalg.tensorsolve(a, b, axes)


@npfun("linalg.tensorsolve", np=True)
def tensorsolve(a, b, axes=None):
    """Solve ``tensordot(a, x, x.ndim) == b`` for ``x``."""
    return call(_np_tensorsolve, [a, b], axes=None if axes is None else tuple(axes))


@npop("_npi_linalg_matrix_power")
def _np_matrix_power(a, *, n=1):
    """``a`` raised to the integer power ``n``."""
    return jnp.linalg.matrix_power(a, n)


@npfun("linalg.matrix_power", np=True)
def matrix_power(a, n):
    """A square matrix raised to the integer power ``n`` (inverse for n < 0)."""
    return call(_np_matrix_power, [a], n=int(n))


@npfun("linalg.multi_dot", np=True)
def multi_dot(arrays, out=None):
    """The chained dot product of a list of arrays."""
    arrays = list(arrays)
    if len(arrays) < 2:
        raise ValueError("Expecting at least two arrays.")
    res = arrays[0]
    for a in arrays[1:]:
        res = dot(res, a)
    if out is not None:
        out[...] = res
        return out
    return res


def _host(name):
    """np.linalg functions MXNet runs with official numpy on the host."""
    f = getattr(_np.linalg, name)

    def g(*args, **kwargs):
        from .np_creation import array
        from .np_common import np_class
        ctx = next((a.ctx for a in args if is_array(a)), None)
        conv = [a.asnumpy() if is_array(a) else a for a in args]
        res = f(*conv, **kwargs)

        def back(r):
            if isinstance(r, _np.ndarray):
                return array(np_class(), r, dtype=r.dtype, ctx=ctx)
            return r
        if isinstance(res, tuple):
            return tuple(back(r) for r in res)
        return back(res)
    g.__name__ = name
    g.__doc__ = f"numpy.linalg.{name}, computed on the host (not differentiable)."
    npfun(f"linalg.{name}", np=f"linalg.{name}")(g)
    return g


for _n in ("eig", "eigvals", "lstsq", "matrix_rank", "cond"):
    _host(_n)
