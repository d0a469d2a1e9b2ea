"""The factorizations of ``mx.nd.linalg``: potrf, potri, sumlogdiag, inverse, det,
slogdet, gelqf, syevd. All act on the trailing two axes (a batch of matrices) and take
float32/float64 only.

MXNet's conventions kept here:
* potrf and syevd read only one triangle of their (symmetric) input, but their gradient
  is the symmetric matrix MXNet returns, as for a symmetric input (``_as_if_sym``);
* syevd returns eigenvectors as the *rows* of U, each signed so that its entry of
  largest magnitude is positive; eigenvalues ascend;
* gelqf returns (Q, L) with A = L @ Q, the signs LAPACK's Householder reflections give;
* results of 2-d inputs that MXNet reduces to a scalar (det, slogdet, sumlogdiag) have
  shape (1,).
Where MXNet raises for a data-dependent failure (a matrix that is singular or not
positive definite), these ops return NaN/inf instead of checking the values on the host.
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .linalg import HP, _t, check_linalg_dtype, check_matrix
from .registry import defop


def _square(op, A):
    check_linalg_dtype(op, A)
    check_matrix(op, A, square=True)


def _scalar_shape(x):
    # NOTE: legacy nd has no 0-d arrays: one matrix gives shape (1,).
    return x.reshape((1,)) if x.ndim == 0 else x


def _sym_from(A, lower):
    """The symmetric matrix that the ``lower`` (or upper) triangle of A describes."""
    if lower:
        return jnp.tril(A) + _t(jnp.tril(A, -1))
    return jnp.triu(A) + _t(jnp.triu(A, 1))


def _as_if_sym(A, lower):
    """The symmetric matrix read from one triangle of A, differentiated as (A + A.T)/2.

    MXNet's potrf/syevd gradients are symmetric matrices, the gradient of a function of
    a symmetric input; ``D = A - stop_gradient(A)`` is zero with identity derivative."""
    D = A - lax.stop_gradient(A)
    return lax.stop_gradient(_sym_from(A, lower)) + 0.5 * (D + _t(D))


@defop("_linalg_potrf", nd=("linalg.potrf", "linalg_potrf"))
def _potrf(A, *, lower=True):
    """Cholesky factor: L with A = L @ L.T (or U with A = U.T @ U if not ``lower``)."""
    _square("linalg.potrf", A)
    L = lax.linalg.cholesky(_as_if_sym(A, lower), symmetrize_input=False)
    return L if lower else _t(L)


@defop("_linalg_potri", nd=("linalg.potri", "linalg_potri"))
def _potri(A, *, lower=True):
    """The inverse of B from its Cholesky factor A (B = A @ A.T, or A.T @ A)."""
    _square("linalg.potri", A)
    T = jnp.tril(A) if lower else jnp.triu(A)
    eye = jnp.broadcast_to(jnp.eye(A.shape[-1], dtype=A.dtype), A.shape)
    Tinv = lax.linalg.triangular_solve(T, eye, left_side=True, lower=lower)
    if lower:
        return jnp.matmul(_t(Tinv), Tinv, precision=HP)
    return jnp.matmul(Tinv, _t(Tinv), precision=HP)


@defop("_linalg_sumlogdiag", nd=("linalg.sumlogdiag", "linalg_sumlogdiag"))
def _sumlogdiag(A):
    """Sum of the logarithms of the diagonal of each square matrix."""
    _square("linalg.sumlogdiag", A)
    d = jnp.diagonal(A, axis1=-2, axis2=-1)
    return _scalar_shape(jnp.sum(jnp.log(d), axis=-1))


@defop("_linalg_inverse", nd=("linalg.inverse", "linalg_inverse"))
def _inverse(A):
    """The inverse of each square matrix."""
    _square("linalg.inverse", A)
    return jnp.linalg.inv(A)


@defop("_linalg_det", nd=("linalg.det", "linalg_det"))
def _det(A):
    """The determinant of each square matrix."""
    _square("linalg.det", A)
    # NOTE: at a singular matrix MXNet's gradient is 0; this is the adjugate, the
    # true derivative (jax's det rule).
    return _scalar_shape(jnp.linalg.det(A))


@defop("_linalg_slogdet", nd=("linalg.slogdet", "linalg_slogdet"), nout=2)
def _slogdet(A):
    """(sign, log|det|) of each square matrix; the sign has no gradient."""
    _square("linalg.slogdet", A)
    sign, logabs = jnp.linalg.slogdet(A)
    return _scalar_shape(lax.stop_gradient(sign)), _scalar_shape(logabs)


@defop("_linalg_gelqf", nd=("linalg.gelqf", "linalg_gelqf"), nout=2)
def _gelqf(A):
    """LQ factorization A = L @ Q of (x, y) matrices, x <= y: returns (Q, L)."""
    check_linalg_dtype("linalg.gelqf", A)
    check_matrix("linalg.gelqf", A)
    if A.shape[-2] > A.shape[-1]:
        raise MXNetError(f"linalg.gelqf: input A of shape {A.shape} has more rows than "
                         "columns; the last dimension must be >= the second to last.")
    # The LQ factors of A are the transposed QR factors of A.T (same Householder signs).
    Q, R = jnp.linalg.qr(_t(A), mode="reduced")
    return _t(Q), _t(R)


@defop("_linalg_syevd", nd=("linalg.syevd",), nout=2)
def _syevd(A):
    """Symmetric eigendecomposition from the lower triangle: (U, L) with U @ A =
    diag(L) @ U, eigenvectors in the rows of U, eigenvalues ascending."""
    _square("linalg.syevd", A)
    V, w = lax.linalg.eigh(_as_if_sym(A, True), lower=True, symmetrize_input=False)
    U = _t(V)
    # NOTE: MXNet signs each eigenvector (row) so that its largest-magnitude entry (the
    # first one on ties) is positive.
    Uv = lax.stop_gradient(U)
    k = jnp.argmax(jnp.abs(Uv), axis=-1)
    pivot = jnp.take_along_axis(Uv, k[..., None], axis=-1)
    sign = jnp.where(pivot < 0, -1, 1).astype(U.dtype)
    return U * sign, w
