"""dot, batch_dot, khatri_rao and mx.nd.linalg beyond the goldens: gradients MXNet does
not have (khatri_rao, higher orders) and the places where mxcompat deliberately differs
(det's gradient at a singular matrix), checked against analytic values or jax.grad of
independent pure-JAX formulas."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from mxcompat import autograd, nd
from mxcompat.base import MXNetError


def _x(shape, seed=0, lo=-1.0, hi=1.0):
    return np.random.RandomState(seed).uniform(lo, hi, size=shape)


def _spd(n, batch=(), seed=0):
    m = _x(tuple(batch) + (n, n), seed)
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


def _lower(n, batch=(), seed=0):
    return np.tril(_x(tuple(batch) + (n, n), seed)) + 2 * np.eye(n)


def _sym(a):
    return 0.5 * (a + jnp.swapaxes(a, -1, -2))


def _first_and_second(mx_fn, jax_fn, arrays, wrt=0, nout=None):
    """Compare first and second derivatives of mx_fn with jax_fn (float64).

    First: the vjp of every output with fixed head gradients. Second: the gradient of
    sum(w * first-derivative w.r.t. input ``wrt``) w.r.t. every input."""
    arrays = [np.asarray(a, dtype="float64") for a in arrays]
    outs = jax_fn(*[jnp.asarray(a) for a in arrays])
    single = not isinstance(outs, tuple)
    outs = (outs,) if single else outs
    heads = [_x(np.shape(o), seed=20 + k) for k, o in enumerate(outs)]
    w = _x(arrays[wrt].shape, seed=30)

    def first(*a):
        _, pull = jax.vjp(jax_fn, *a)
        h = tuple(jnp.asarray(v) for v in heads)
        return pull(h[0] if single else h)

    want1 = first(*[jnp.asarray(a) for a in arrays])
    want2 = jax.grad(lambda *a: jnp.sum(first(*a)[wrt] * w),
                     argnums=tuple(range(len(arrays))))(*[jnp.asarray(a) for a in arrays])

    xs = [nd.array(a, dtype="float64") for a in arrays]
    for x in xs:
        x.attach_grad()
    with autograd.record():
        ys = mx_fn(*xs)
        ys = [ys] if single else list(ys)
        hs = [nd.array(np.reshape(h, y.shape), dtype="float64") for h, y in zip(heads, ys)]
        grads = autograd.grad(ys, xs, head_grads=hs, create_graph=True)
        s = (grads[wrt] * nd.array(w, dtype="float64")).sum()
    for g, v in zip(grads, want1):
        np.testing.assert_allclose(g.asnumpy(), np.asarray(v), rtol=1e-8, atol=1e-10)
    s.backward()
    for x, v in zip(xs, want2):
        np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(v), rtol=1e-7, atol=1e-9)


# ------------------------------------------------------------- dense products
def test_dot_and_batch_dot_orders():
    a, b = _x((3, 4)), _x((4, 2), 1)
    for wrt in (0, 1):
        _first_and_second(lambda p, q: nd.dot(p, q) ** 2, lambda p, q: (p @ q) ** 2,
                          [a, b], wrt)
    _first_and_second(lambda p, q: nd.dot(p, q, transpose_a=True) ** 2,
                      lambda p, q: jnp.tensordot(p, q, ([0], [0])) ** 2,
                      [_x((2, 3, 4)), _x((2, 5), 1)], 1)
    _first_and_second(lambda p, q: nd.batch_dot(p, q, transpose_b=True) ** 2,
                      lambda p, q: (p @ jnp.swapaxes(q, -1, -2)) ** 2,
                      [_x((2, 3, 4)), _x((2, 5, 4), 1)], 0)


def test_khatri_rao_gradient():
    # MXNet has no gradient for khatri_rao.
    def f(a, b, c):
        return jnp.einsum("ik,jk,lk->ijlk", a, b, c).reshape(-1, a.shape[1])
    arrays = [_x((2, 3)), _x((4, 3), 1), _x((2, 3), 2)]
    for wrt in range(3):
        _first_and_second(lambda a, b, c: nd.khatri_rao(a, b, c), f, arrays, wrt)


def test_dot_float16_is_allowed():
    # MXNet's CPU dot rejects float16 but its GPU dot takes it; mxcompat takes it.
    a, b = _x((3, 4)).astype("float16"), _x((4, 2), 1).astype("float16")
    y = nd.dot(nd.array(a, dtype="float16"), nd.array(b, dtype="float16"))
    assert y.dtype == np.float16
    np.testing.assert_allclose(y.asnumpy(), a.astype("float32") @ b.astype("float32"),
                               rtol=1e-2, atol=1e-2)


def test_gemm_orders():
    def f(a, b, c):
        return 2.0 * jnp.swapaxes(a, -1, -2) @ b + 0.5 * c
    arrays = [_x((2, 3, 4)), _x((2, 3, 5), 1), _x((2, 4, 5), 2)]
    for wrt in range(3):
        _first_and_second(lambda a, b, c: nd.linalg.gemm(a, b, c, transpose_a=True,
                                                         alpha=2.0, beta=0.5) ** 2,
                          lambda a, b, c: f(a, b, c) ** 2, arrays, wrt)


def test_gemm2_axis_and_syrk_orders():
    def g2(a, b):
        a1, b1 = jnp.swapaxes(a, 1, 2), jnp.swapaxes(b, 1, 2)
        return jnp.swapaxes(a1 @ jnp.swapaxes(b1, -1, -2), 1, 2)
    _first_and_second(lambda a, b: nd.linalg.gemm2(a, b, transpose_b=True, axis=1) ** 2,
                      lambda a, b: g2(a, b) ** 2, [_x((2, 3, 4, 5)), _x((2, 3, 4, 5), 1)], 0)
    _first_and_second(lambda a: nd.linalg.syrk(a, alpha=1.5) ** 2,
                      lambda a: (1.5 * a @ a.T) ** 2, [_x((3, 4))])


@pytest.mark.parametrize("lower,transpose,rightside", [
    (True, False, False), (False, True, False), (True, True, True), (False, False, True)])
def test_triangular_orders(lower, transpose, rightside):
    tri = jnp.tril if lower else jnp.triu
    a = _lower(3, seed=1) if lower else _lower(3, seed=1).T
    a = a + (np.triu(_x((3, 3), 5), 1) if lower else np.tril(_x((3, 3), 5), -1))
    b = _x((2, 3), 2) if rightside else _x((3, 2), 2)

    def op_t(t):
        return t.T if transpose else t

    def trmm(a, b):
        t = op_t(tri(a))
        return 0.7 * (b @ t if rightside else t @ b)

    def trsm(a, b):
        t = op_t(tri(a))
        return 0.7 * (b @ jnp.linalg.inv(t) if rightside else jnp.linalg.solve(t, b))
    kw = dict(lower=lower, transpose=transpose, rightside=rightside, alpha=0.7)
    for wrt in (0, 1):
        _first_and_second(lambda p, q: nd.linalg.trmm(p, q, **kw) ** 2,
                          lambda p, q: trmm(p, q) ** 2, [a, b], wrt)
        _first_and_second(lambda p, q: nd.linalg.trsm(p, q, **kw) ** 2,
                          lambda p, q: trsm(p, q) ** 2, [a, b], wrt)


def test_diag_and_triangle_helpers_orders():
    a = _x((2, 4, 4))
    _first_and_second(lambda p: nd.linalg.extractdiag(p, offset=1) ** 3,
                      lambda p: jnp.diagonal(p, 1, -2, -1) ** 3, [a])
    _first_and_second(lambda p: nd.linalg.makediag(p, offset=-1) ** 3,
                      lambda p: jax.vmap(lambda v: jnp.diag(v, -1))(p) ** 3, [_x((2, 3))])
    r, c = np.tril_indices(4)
    _first_and_second(lambda p: nd.linalg.extracttrian(p) ** 3,
                      lambda p: p[..., r, c] ** 3, [a])
    _first_and_second(lambda p: nd.linalg.maketrian(p) ** 3,
                      lambda p: jnp.zeros((2, 4, 4)).at[:, r, c].set(p) ** 3,
                      [_x((2, 10))])


# ------------------------------------------------------------- factorizations
def test_potrf_orders_at_symmetric_input():
    # potrf differentiates as a function of a symmetric matrix: at symmetric A every
    # derivative equals that of cholesky((A + A.T) / 2).
    for lower in (True, False):
        def f(a, lower=lower):
            c = jnp.linalg.cholesky(_sym(a))
            return c if lower else jnp.swapaxes(c, -1, -2)
        _first_and_second(lambda p: nd.linalg.potrf(p, lower=lower), f,
                          [_spd(3, (2,), seed=1)])


def test_potri_and_sumlogdiag_orders():
    def potri(t):
        ti = jnp.linalg.inv(jnp.tril(t))
        return ti.T @ ti
    _first_and_second(lambda p: nd.linalg.potri(p), potri, [_lower(3, seed=2)])
    _first_and_second(lambda p: nd.linalg.sumlogdiag(p),
                      lambda p: jnp.sum(jnp.log(jnp.diagonal(p))).reshape(1), [_spd(3)])


def test_inverse_det_slogdet_orders():
    a = _x((3, 3), 4) + 3 * np.eye(3)
    _first_and_second(lambda p: nd.linalg.inverse(p), jnp.linalg.inv, [a])
    _first_and_second(lambda p: nd.linalg.det(p), lambda p: jnp.linalg.det(p).reshape(1),
                      [a])
    _first_and_second(lambda p: nd.linalg.slogdet(p)[1],
                      lambda p: jnp.linalg.slogdet(p)[1].reshape(1), [a])


def test_det_gradient_at_singular_matrix_is_adjugate():
    # NOTE: MXNet returns 0 here; the derivative of det is the transposed adjugate.
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    x = nd.array(a, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.linalg.det(x)
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)


def test_gelqf_orders():
    def lq(a):
        q, r = jnp.linalg.qr(a.T)
        return q.T, r.T
    _first_and_second(lambda p: nd.linalg.gelqf(p), lq, [_x((2, 4), 6)])


def test_syevd_orders():
    def eig(a):
        w, v = jnp.linalg.eigh(_sym(a))
        u = v.T
        k = jnp.argmax(jnp.abs(jax.lax.stop_gradient(u)), axis=1)
        s = jnp.where(u[jnp.arange(3), k] < 0, -1.0, 1.0)
        return u * jax.lax.stop_gradient(s)[:, None], w
    a = _x((3, 3), 7)
    _first_and_second(lambda p: nd.linalg.syevd(p), eig, [a + a.T])


def test_syevd_reconstructs_and_signs():
    a = _x((4, 4), 8)
    a = a + a.T
    u, lam = nd.linalg.syevd(nd.array(a, dtype="float64"))
    u, lam = u.asnumpy(), lam.asnumpy()
    np.testing.assert_allclose(u @ a, np.diag(lam) @ u, atol=1e-10)
    assert np.all(np.diff(lam) > 0)
    rows = np.arange(4)
    assert np.all(u[rows, np.argmax(np.abs(u), axis=1)] > 0)


def test_errors_are_mxnet_errors():
    with pytest.raises(MXNetError, match="float32 and float64|32-bit and 64-bit"):
        nd.linalg.potrf(nd.array([[4, 1], [1, 4]], dtype="int32"))
    with pytest.raises(MXNetError, match="square"):
        nd.linalg.inverse(nd.ones((2, 3)))
    with pytest.raises(MXNetError, match="dot shape error"):
        nd.dot(nd.ones((2, 3)), nd.ones((4, 5)))
