"""Golden cases: mx.np products and mx.np.linalg (values, gradients) against MXNet
1.9.1. Decompositions whose signs are implementation-defined are checked through
sign-free quantities (reconstructions, absolute values)."""
from _common import arr, case, val


def c(id, code, **kw):
    return case(id, code, np_mode=True, **kw)


A = arr((3, 4), seed=51)
B = arr((4, 2), seed=52)
V = arr((4,), seed=53)
W = arr((4,), seed=54)
S = val([[4., 1., 0.5], [1., 3., 0.2], [0.5, 0.2, 2.]])
SQ = val([[2., 1., 0.], [0.5, 3., 1.], [0., 1., 4.]])
BT = arr((2, 3, 4), seed=55)
BT2 = arr((2, 4, 2), seed=56)

CASES = [
    c("dot_mat", "np.dot(x, y)", grad=["x", "y"], x=A, y=B),
    c("dot_vec", "np.dot(x, y)", grad=["x", "y"], x=V, y=W, repr=True),
    c("dot_mat_vec", "np.dot(x, y)", grad=["x", "y"], x=A, y=V),
    c("dot_nd", "np.dot(x, y)", grad=["x", "y"], x=BT, y=B),
    c("dot_method", "x.dot(y)", x=A, y=B),
    c("matmul", "np.matmul(x, y)", grad=["x", "y"], x=A, y=B),
    c("matmul_op", "x @ y", grad=["x", "y"], x=A, y=B),
    c("matmul_batch", "np.matmul(x, y)", grad=["x", "y"], x=BT, y=BT2),
    c("matmul_bcast", "np.matmul(x, y)", grad=["x", "y"], x=BT, y=B),
    c("matmul_vec", "np.matmul(x, y)", x=A, y=V),
    c("matmul_bad", "np.matmul(x, y)", error=True, x=A, y=A),
    c("tensordot", "np.tensordot(x, y, 1)", grad=["x", "y"], x=A, y=B),
    c("tensordot_axes", "np.tensordot(x, y, ([1, 2], [1, 0]))", grad=["x", "y"], x=BT,
      y=arr((4, 3), seed=57)),
    c("tensordot_0", "np.tensordot(x, y, 0)", x=V, y=W),
    c("einsum_matmul", "np.einsum('ij,jk->ik', x, y)", grad=["x", "y"], x=A, y=B),
    c("einsum_trace", "np.einsum('ii', x)", grad=["x"], x=SQ),
    c("einsum_outer", "np.einsum('i,j->ij', x, y)", x=V, y=W),
    c("einsum_batch", "np.einsum('bij,bjk->bik', x, y)", grad=["x", "y"], x=BT, y=BT2),
    c("einsum_sum", "np.einsum('ij->j', x)", x=A),
    c("inner", "np.inner(x, y)", grad=["x", "y"], x=V, y=W),
    c("inner_mat", "np.inner(x, y)", grad=["x", "y"], x=A, y=arr((2, 4), seed=58)),
    c("outer", "np.outer(x, y)", grad=["x", "y"], x=V, y=W),
    c("vdot", "np.vdot(x, y)", grad=["x", "y"], x=A, y=arr((3, 4), seed=59)),
    # ------------------------------------------------------------- norm
    c("norm", "np.linalg.norm(x)", grad=["x"], x=A),
    c("norm_vec", "np.linalg.norm(x)", grad=["x"], x=V),
    c("norm_axis", "np.linalg.norm(x, axis=1)", grad=["x"], x=A),
    c("norm_axis0_keep", "np.linalg.norm(x, axis=0, keepdims=True)", grad=["x"], x=A),
    c("norm_ord1", "np.linalg.norm(x, ord=1)", x=A),
    c("norm_ord_neg1", "np.linalg.norm(x, ord=-1)", x=A),
    c("norm_fro", "np.linalg.norm(x, 'fro')", grad=["x"], x=A),
    c("norm_nuc", "np.linalg.norm(x, 'nuc')", x=A),
    c("norm_ord2_mat", "np.linalg.norm(x, 2)", x=A),
    c("norm_inf_mat", "np.linalg.norm(x, np.inf)", x=A),
    c("norm_vec_ord1", "np.linalg.norm(x, ord=1)", grad=["x"], x=V),
    c("norm_vec_ord3", "np.linalg.norm(x, 3)", grad=["x"], x=V),
    c("norm_axes", "np.linalg.norm(x, axis=(1, 2))", x=BT),
    c("norm_batch_axis", "np.linalg.norm(x, axis=-1)", grad=["x"], x=BT),
    # ------------------------------------------------------ decompositions
    c("inv", "np.linalg.inv(x)", grad=["x"], x=SQ),
    c("inv_batch", "np.linalg.inv(x)", x=val([[[2., 1.], [1., 3.]], [[1., 2.], [3., 4.]]])),
    c("det", "np.linalg.det(x)", grad=["x"], x=SQ),
    c("det_batch", "np.linalg.det(x)", x=val([[[2., 1.], [1., 3.]], [[1., 2.], [3., 4.]]])),
    c("slogdet", "np.linalg.slogdet(x)", grad=["x"], x=SQ),
    c("slogdet_neg", "np.linalg.slogdet(x)", x=val([[1., 2.], [3., 4.]])),
    c("solve", "np.linalg.solve(x, y)", grad=["x", "y"], x=SQ, y=arr((3, 2), seed=60)),
    c("solve_vec", "np.linalg.solve(x, y)", x=SQ, y=val([1., 2., 3.])),
    c("cholesky", "np.linalg.cholesky(x)", grad=["x"], x=S),
    c("pinv", "np.linalg.pinv(x)", x=A),
    c("eigvalsh", "np.linalg.eigvalsh(x)", x=S),
    c("eigh_values", "np.linalg.eigh(x)[0]", x=S),
    c("eigh_vectors_abs", "np.abs(np.linalg.eigh(x)[1])", x=S),
    c("svd_s", "np.linalg.svd(x)[1]", x=arr((2, 3), seed=61)),
    c("svd_recon", "np.dot(np.linalg.svd(x)[0] * np.linalg.svd(x)[1], np.linalg.svd(x)[2])",
      x=arr((2, 3), seed=61)),
    c("qr_recon", "np.dot(np.linalg.qr(x)[0], np.linalg.qr(x)[1])", x=SQ),
    c("qr_r_abs", "np.abs(np.linalg.qr(x)[1])", x=SQ),
    c("tensorinv", "np.linalg.tensorinv(x, 1)", x=val([[[1., 0.], [0., 2.]],
                                                       [[0., 1.], [0., 0.]],
                                                       [[1., 1.], [1., 0.]],
                                                       [[0., 0.], [3., 1.]]])),
    c("matrix_power", "np.linalg.matrix_power(x, 3)", x=SQ),
    c("multi_dot", "np.linalg.multi_dot([x, y, z])", x=A, y=B, z=arr((2, 3), seed=62)),
]
