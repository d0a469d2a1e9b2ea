"""Dense products: ``dot``, ``batch_dot``, ``khatri_rao`` and the BLAS-like part of
``mx.nd.linalg`` (gemm, gemm2, syrk, trmm, trsm) plus the diagonal/triangle helpers.

MXNet's conventions kept here:
* ``dot`` contracts the last axis of ``lhs`` with the first of ``rhs`` for N-d arrays;
  ``transpose_a`` contracts the *first* axis of ``lhs`` instead and ``transpose_b`` the
  *last* axis of ``rhs``; two vectors give shape (1,).
* the ``linalg`` ops work on the trailing two axes (a batch of matrices); ``gemm`` and
  ``gemm2`` take the row axis from ``axis``; they accept float32 and float64 only.
* the triangular ops read only the triangle named by ``lower`` (and their gradient with
  respect to ``A`` lies in that triangle).
The factorizations (potrf, inverse, det, ...) are in ``linalg_factor``.
"""
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .registry import defop

_FLOATS = ("float32", "float64")
# NOTE: float32 products are computed in full float32 (as MXNet's BLAS does), not in
# the reduced precision some accelerators use by default.
HP = lax.Precision.HIGHEST


def check_linalg_dtype(op, *arrays):
    """MXNet's linalg ops take float32/float64 arrays, all of one dtype."""
    dt = arrays[0].dtype
    if dt.name not in _FLOATS:
        raise MXNetError(f"{op}: this operation only supports 32-bit and 64-bit floating "
                         f"point arrays but got {dt.name}; convert with .astype('float32').")
    for a in arrays[1:]:
        if a.dtype != dt:
            raise MXNetError(f"{op}: all inputs must have the same dtype but got {dt.name} "
                             f"and {a.dtype.name}; convert them with .astype(...).")


def check_matrix(op, a, name="A", square=False):
    """``a`` has at least two axes (and is square if asked)."""
    if a.ndim < 2:
        raise MXNetError(f"{op}: input {name} must have at least 2 dimensions (a batch of "
                         f"matrices) but has shape {a.shape}.")
    if square and a.shape[-1] != a.shape[-2]:
        raise MXNetError(f"{op}: input {name} must be a (batch of) square matrices but has "
                         f"shape {a.shape}.")


def _check_batch(op, *arrays):
    lead = arrays[0].shape[:-2]
    for a in arrays[1:]:
        if a.ndim != arrays[0].ndim or a.shape[:-2] != lead:
            raise MXNetError(f"{op}: the inputs must have the same number of dimensions and "
                             f"the same leading (batch) dimensions but got shapes "
                             f"{tuple(x.shape for x in arrays)}.")


def _t(a):
    return jnp.swapaxes(a, -1, -2)


# --------------------------------------------------------------------------- dot
def _check_dot_dtypes(op, lhs, rhs):
    if lhs.dtype != rhs.dtype:
        raise MXNetError(f"{op}: lhs and rhs must have the same dtype but got "
                         f"{lhs.dtype.name} and {rhs.dtype.name}; convert one with .astype().")
    if not jnp.issubdtype(lhs.dtype, jnp.floating):
        raise MXNetError(f"{op} only supports floating point arrays (float32/float64) but "
                         f"got {lhs.dtype.name}; convert with .astype('float32').")


@defop("dot", nd=True)
def _dot(lhs, rhs, *, transpose_a=False, transpose_b=False, forward_stype=None):
    """Dot product: the last axis of lhs against the first axis of rhs (N-d arrays)."""
    _check_dot_dtypes("dot", lhs, rhs)
    if lhs.ndim == 0 or rhs.ndim == 0:
        raise MXNetError("dot: scalar (0-d) arrays are not supported; reshape them to (1,).")
    if lhs.ndim == 1 and rhs.ndim == 1:
        if transpose_a or transpose_b:
            raise MXNetError("dot: cannot transpose vectors; call dot(lhs, rhs) without "
                             "transpose_a/transpose_b for two 1-d arrays.")
        if lhs.shape[0] != rhs.shape[0]:
            raise MXNetError(f"dot shape error: {lhs.shape} X {rhs.shape}.")
        return jnp.dot(lhs, rhs, precision=HP).reshape((1,))
    a_axis = 0 if transpose_a else lhs.ndim - 1
    b_axis = rhs.ndim - 1 if transpose_b else 0
    if lhs.shape[a_axis] != rhs.shape[b_axis]:
        raise MXNetError(f"dot shape error: {lhs.shape} X {rhs.shape} (transpose_a="
                         f"{transpose_a}, transpose_b={transpose_b}): the contracted "
                         f"dimensions {lhs.shape[a_axis]} and {rhs.shape[b_axis]} differ.")
    return jnp.tensordot(lhs, rhs, axes=([a_axis], [b_axis]), precision=HP)


@defop("batch_dot", nd=True)
def _batch_dot(lhs, rhs, *, transpose_a=False, transpose_b=False, forward_stype=None):
    """Matrix products of two batches of matrices (same leading dimensions)."""
    _check_dot_dtypes("batch_dot", lhs, rhs)
    if lhs.ndim < 3 or lhs.ndim != rhs.ndim:
        raise MXNetError(f"batch_dot only supports N-d x N-d arrays with N >= 3 but got "
                         f"shapes {lhs.shape} and {rhs.shape}.")
    if lhs.shape[:-2] != rhs.shape[:-2]:
        raise MXNetError(f"batch_dot shape error: the leading batch dimensions must be "
                         f"equal but got {lhs.shape} X {rhs.shape}.")
    a = _t(lhs) if transpose_a else lhs
    b = _t(rhs) if transpose_b else rhs
    if a.shape[-1] != b.shape[-2]:
        raise MXNetError(f"batch_dot shape error: {lhs.shape} X {rhs.shape} (transpose_a="
                         f"{transpose_a}, transpose_b={transpose_b}).")
    return jnp.matmul(a, b, precision=HP)


@defop("khatri_rao", nd=True)
def _khatri_rao(*args):
    """Column-wise Kronecker product of matrices with the same number of columns."""
    for a in args:
        if a.ndim != 2:
            raise MXNetError(f"khatri_rao: every input must be a 2-d matrix but got shape "
                             f"{a.shape}.")
        if a.shape[1] != args[0].shape[1]:
            raise MXNetError(f"khatri_rao: every input must have {args[0].shape[1]} columns "
                             f"(like the first) but got shape {a.shape}.")
        if not jnp.issubdtype(a.dtype, jnp.floating) or a.dtype != args[0].dtype:
            raise MXNetError("khatri_rao: the inputs must be floating point arrays of one "
                             "dtype.")
    out = args[0]
    for a in args[1:]:
        out = (out[:, None, :] * a[None, :, :]).reshape((-1, out.shape[1]))
    return out


# ------------------------------------------------------------------------- gemm
def _to_rows(a, axis):
    """Swap the row axis ``axis`` to position -2 (MXNet's ``axis`` parameter)."""
    ax = axis % a.ndim
    if ax == a.ndim - 1:
        raise MXNetError("linalg gemm: axis must not be the last axis (it holds the "
                         "columns); use the default axis=-2 or another axis.")
    return jnp.swapaxes(a, ax, a.ndim - 2)


def _gemm_core(op, A, B, transpose_a, transpose_b, axis):
    check_matrix(op, A, "A")
    check_matrix(op, B, "B")
    if A.ndim != B.ndim:
        raise MXNetError(f"{op}: A and B must have the same number of dimensions but got "
                         f"shapes {A.shape} and {B.shape}.")
    a = _to_rows(A, axis)
    b = _to_rows(B, axis)
    if a.shape[:-2] != b.shape[:-2]:
        raise MXNetError(f"{op}: A and B must agree on the batch dimensions but got shapes "
                         f"{A.shape} and {B.shape}.")
    if transpose_a:
        a = _t(a)
    if transpose_b:
        b = _t(b)
    if a.shape[-1] != b.shape[-2]:
        raise MXNetError(f"{op}: incompatible matrix dimensions for multiplication: "
                         f"{A.shape} x {B.shape} (transpose_a={transpose_a}, "
                         f"transpose_b={transpose_b}, axis={axis}).")
    return jnp.matmul(a, b, precision=HP)


@defop("_linalg_gemm", nd=("linalg.gemm", "linalg_gemm"), dynamic=("alpha", "beta"))
def _gemm(A, B, C, *, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2):
    """``alpha * op(A) @ op(B) + beta * C`` on the trailing matrices (rows on ``axis``)."""
    check_linalg_dtype("linalg.gemm", A, B, C)
    prod = _gemm_core("linalg.gemm", A, B, transpose_a, transpose_b, axis)
    out = jnp.swapaxes(alpha * prod, axis % A.ndim, A.ndim - 2)
    if C.shape != out.shape:
        raise MXNetError(f"linalg.gemm: C has shape {C.shape} but op(A) @ op(B) has shape "
                         f"{out.shape}; pass C of that shape.")
    return out + beta * C


@defop("_linalg_gemm2", nd=("linalg.gemm2", "linalg_gemm2"), dynamic=("alpha",))
def _gemm2(A, B, *, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """``alpha * op(A) @ op(B)`` on the trailing matrices (rows on ``axis``)."""
    check_linalg_dtype("linalg.gemm2", A, B)
    prod = _gemm_core("linalg.gemm2", A, B, transpose_a, transpose_b, axis)
    return jnp.swapaxes(alpha * prod, axis % A.ndim, A.ndim - 2)


@defop("_linalg_syrk", nd=("linalg.syrk", "linalg_syrk"), dynamic=("alpha",))
def _syrk(A, *, transpose=False, alpha=1.0):
    """``alpha * A @ A.T`` (or ``alpha * A.T @ A`` with ``transpose``) per matrix."""
    check_linalg_dtype("linalg.syrk", A)
    check_matrix("linalg.syrk", A)
    if transpose:
        return alpha * jnp.matmul(_t(A), A, precision=HP)
    return alpha * jnp.matmul(A, _t(A), precision=HP)


# ------------------------------------------------------------------- triangular
def _tri(A, lower):
    return jnp.tril(A) if lower else jnp.triu(A)


def _check_tri(op, A, B, rightside):
    check_linalg_dtype(op, A, B)
    check_matrix(op, A, "A", square=True)
    check_matrix(op, B, "B")
    _check_batch(op, A, B)
    n = A.shape[-1]
    k = B.shape[-1] if rightside else B.shape[-2]
    if k != n:
        raise MXNetError(f"{op}: incompatible matrix dimensions: A has shape {A.shape} and "
                         f"B has shape {B.shape} (rightside={rightside}).")


def _apply(T, X, transpose, rightside):
    """op(T) @ X, or X @ op(T) with ``rightside``."""
    opT = _t(T) if transpose else T
    return jnp.matmul(X, opT, precision=HP) if rightside else jnp.matmul(opT, X, precision=HP)


@defop("_linalg_trmm", nd=("linalg.trmm", "linalg_trmm"), dynamic=("alpha",))
def _trmm(A, B, *, transpose=False, rightside=False, lower=True, alpha=1.0):
    """``alpha * op(T) @ B`` (or ``B @ op(T)``), T the triangle of A named by ``lower``."""
    _check_tri("linalg.trmm", A, B, rightside)
    return alpha * _apply(_tri(A, lower), B, transpose, rightside)


@defop("_linalg_trsm", nd=("linalg.trsm", "linalg_trsm"), dynamic=("alpha",))
def _trsm(A, B, *, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Solve ``op(T) @ X = alpha * B`` (or ``X @ op(T) = alpha * B``) for X, T the
    triangle of A named by ``lower``."""
    _check_tri("linalg.trsm", A, B, rightside)
    return lax.linalg.triangular_solve(_tri(A, lower), alpha * B, left_side=not rightside,
                                       lower=lower, transpose_a=transpose)


# ------------------------------------------------------------ diagonal/triangle
def _diag_len(op, n, offset):
    m = n - abs(offset)
    if m <= 0:
        raise MXNetError(f"{op}: illegal offset {offset} for a matrix of dimension {n}; "
                         f"|offset| must be smaller than {n}.")
    return m


@defop("_linalg_extractdiag", nd=("linalg.extractdiag", "linalg_extractdiag"))
def _extractdiag(A, *, offset=0):
    """The ``offset``-th diagonal of each square matrix."""
    check_linalg_dtype("linalg.extractdiag", A)
    check_matrix("linalg.extractdiag", A, square=True)
    _diag_len("linalg.extractdiag", A.shape[-1], offset)
    return jnp.diagonal(A, offset=offset, axis1=-2, axis2=-1)


@defop("_linalg_makediag", nd=("linalg.makediag", "linalg_makediag"))
def _makediag(A, *, offset=0):
    """Square matrices with the last axis of ``A`` on their ``offset``-th diagonal."""
    check_linalg_dtype("linalg.makediag", A)
    if A.ndim < 1:
        raise MXNetError("linalg.makediag: the input must have at least one dimension.")
    k = A.shape[-1]
    n = k + abs(offset)
    rows = jnp.arange(k) + max(-offset, 0)
    cols = jnp.arange(k) + max(offset, 0)
    out = jnp.zeros(A.shape[:-1] + (n, n), A.dtype)
    return out.at[..., rows, cols].set(A)


def _trian_index(n, offset, lower):
    """(rows, cols) of the triangle MXNet stores, in the order of the stored vector.

    offset > 0: on and above the offset-th upper diagonal, column by column; offset < 0:
    on and below the |offset|-th lower diagonal, row by row; offset 0: the lower (row by
    row) or upper (column by column) triangle as ``lower`` says.
    """
    rows, cols = _np.indices((n, n))
    upper = offset > 0 or (offset == 0 and not lower)
    r, c = (cols, rows) if upper else (rows, cols)
    r = r - abs(offset)
    keep = r >= c
    index = (r * (r + 1)) // 2 + c
    order = _np.argsort(index[keep], kind="stable")
    return rows[keep][order], cols[keep][order]


@defop("_linalg_extracttrian", nd=("linalg.extracttrian", "linalg_extracttrian"))
def _extracttrian(A, *, offset=0, lower=True):
    """A triangle of each square matrix, as a vector (see ``_trian_index``)."""
    check_linalg_dtype("linalg.extracttrian", A)
    check_matrix("linalg.extracttrian", A, square=True)
    n = A.shape[-1]
    _diag_len("linalg.extracttrian", n, offset)
    r, c = _trian_index(n, offset, lower)
    return A[..., r, c]


@defop("_linalg_maketrian", nd=("linalg.maketrian", "linalg_maketrian"))
def _maketrian(A, *, offset=0, lower=True):
    """Square matrices holding the vectors of ``A`` as a triangle (extracttrian's inverse)."""
    check_linalg_dtype("linalg.maketrian", A)
    if A.ndim < 1:
        raise MXNetError("linalg.maketrian: the input must have at least one dimension.")
    size = A.shape[-1]
    m = int((_np.sqrt(8 * size + 1) - 1) // 2)
    if m * (m + 1) // 2 != size:
        raise MXNetError(f"linalg.maketrian: the last axis has length {size}, which is not "
                         f"a triangular number m*(m+1)/2.")
    n = m + abs(offset)
    r, c = _trian_index(n, offset, lower)
    out = jnp.zeros(A.shape[:-1] + (n, n), A.dtype)
    return out.at[..., r, c].set(A)


from . import linalg_factor  # noqa: E402,F401  (registers potrf, inverse, det, ...)
