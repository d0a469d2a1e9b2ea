"""Element-wise and reduction ops beyond the goldens.

* Higher-order gradients (2nd and 3rd order through ``autograd.grad(...,
  create_graph=True)``) of every differentiable unary op, a set of binary, scalar and
  reduction ops, compared with ``jax.grad`` of an independent pure-JAX version of the
  same function (MXNet itself cannot do this for most ops, so JAX is the reference).
  Inputs stay away from the points where MXNet's gradient conventions differ from the
  calculus (abs at 0, max ties...): those are covered by the goldens.
* Eager scalar ops never recompile for a new scalar value (jit cache sizes).
"""
import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.ops.binary import RSCALAR, SCALAR
from mxcompat.ops.registry import REGISTRY

jax.config.update("jax_enable_x64", True)

# ------------------------------------------------------------------ references
# Each entry: (mxcompat function, pure-JAX reference, input values).
MIXED = [-1.7, -0.9, -0.35, 0.4, 0.75, 1.3]
POS = [0.3, 0.55, 0.9, 1.4, 2.2, 3.1]
UNIT = [-0.8, -0.45, -0.1, 0.2, 0.5, 0.85]
ROUNDING = [-1.7, -1.2, -0.3, 0.4, 1.3, 2.2]      # away from .5 ties

UNARY = {
    "abs": (nd.abs, jnp.abs, MIXED),
    "sign": (nd.sign, jnp.sign, MIXED),
    "round": (nd.round, jnp.round, ROUNDING),
    "rint": (nd.rint, jnp.rint, ROUNDING),
    "ceil": (nd.ceil, jnp.ceil, ROUNDING),
    "floor": (nd.floor, jnp.floor, ROUNDING),
    "trunc": (nd.trunc, jnp.trunc, ROUNDING),
    "fix": (nd.fix, jnp.trunc, ROUNDING),
    "square": (nd.square, lambda x: x * x, MIXED),
    "sqrt": (nd.sqrt, jnp.sqrt, POS),
    "rsqrt": (nd.rsqrt, lambda x: 1 / jnp.sqrt(x), POS),
    "cbrt": (nd.cbrt, jnp.cbrt, MIXED),
    "rcbrt": (nd.rcbrt, lambda x: 1 / jnp.cbrt(x), MIXED),
    "exp": (nd.exp, jnp.exp, MIXED),
    "log": (nd.log, jnp.log, POS),
    "log10": (nd.log10, lambda x: jnp.log(x) / jnp.log(10.0), POS),
    "log2": (nd.log2, lambda x: jnp.log(x) / jnp.log(2.0), POS),
    "log1p": (nd.log1p, lambda x: jnp.log(1 + x), [-0.6, -0.2, 0.1, 0.5, 1.5, 3.0]),
    "expm1": (nd.expm1, lambda x: jnp.exp(x) - 1, MIXED),
    "sin": (nd.sin, jnp.sin, MIXED),
    "cos": (nd.cos, jnp.cos, MIXED),
    "tan": (nd.tan, jnp.tan, UNIT),
    "arcsin": (nd.arcsin, jnp.arcsin, UNIT),
    "arccos": (nd.arccos, jnp.arccos, UNIT),
    "arctan": (nd.arctan, jnp.arctan, MIXED),
    "degrees": (nd.degrees, lambda x: x * (180 / np.pi), MIXED),
    "radians": (nd.radians, lambda x: x * (np.pi / 180), MIXED),
    "sinh": (nd.sinh, jnp.sinh, MIXED),
    "cosh": (nd.cosh, jnp.cosh, MIXED),
    "tanh": (nd.tanh, jnp.tanh, MIXED),
    "arcsinh": (nd.arcsinh, lambda x: jnp.log(x + jnp.sqrt(x * x + 1)), MIXED),
    "arccosh": (nd.arccosh, lambda x: jnp.log(x + jnp.sqrt(x * x - 1)),
                [1.2, 1.5, 2.0, 2.7, 3.5, 5.0]),
    "arctanh": (nd.arctanh, lambda x: 0.5 * jnp.log((1 + x) / (1 - x)), UNIT),
    "gamma": (nd.gamma, lambda x: jnp.exp(jsp.gammaln(x)), POS),
    "gammaln": (nd.gammaln, jsp.gammaln, POS),
    "erf": (nd.erf, jsp.erf, MIXED),
    "erfinv": (nd.erfinv, jsp.erfinv, UNIT),
    "relu": (nd.relu, lambda x: jnp.maximum(x, 0.0), MIXED),
    "sigmoid": (nd.sigmoid, lambda x: 1 / (1 + jnp.exp(-x)), MIXED),
    "softsign": (nd.softsign, lambda x: x / (1 + jnp.abs(x)), MIXED),
    "reciprocal": (nd.reciprocal, lambda x: 1 / x, MIXED),
    "negative": (nd.negative, lambda x: -x, MIXED),
    # other unary-like ops
    "clip": (lambda x: nd.clip(x, -1.0, 1.0), lambda x: jnp.clip(x, -1.0, 1.0), MIXED),
    "smooth_l1": (lambda x: nd.smooth_l1(x, scalar=1.5),
                  lambda x: jnp.where(jnp.abs(x) < 1 / 2.25, 0.5 * 2.25 * x * x,
                                      jnp.abs(x) - 0.5 / 2.25), MIXED),
    "hard_sigmoid": (nd.hard_sigmoid, lambda x: jnp.clip(0.2 * x + 0.5, 0.0, 1.0),
                     [-3.0, -1.7, -0.35, 0.4, 1.3, 2.6]),
    "identity": (nd.identity, lambda x: x, MIXED),
    "BlockGrad": (lambda x: nd.BlockGrad(x) * x, lambda x: jax.lax.stop_gradient(x) * x,
                  MIXED),
    "cast_roundtrip": (lambda x: nd.cast(nd.cast(x, dtype="float64") ** 3,
                                         dtype=x.dtype), lambda x: x ** 3, MIXED),
    "add_n": (lambda x: nd.add_n(x, x * x, nd.sin(x)), lambda x: x + x * x + jnp.sin(x),
              MIXED),
    "method_chain": (lambda x: (x * x).exp().log1p().sqrt(),
                     lambda x: jnp.sqrt(jnp.log1p(jnp.exp(x * x))), MIXED),
    # nd.contrib
    "contrib.quadratic": (lambda x: nd.contrib.quadratic(x, a=1.5, b=-2.0, c=0.25),
                          lambda x: 1.5 * x * x - 2.0 * x + 0.25, MIXED),
    "contrib.div_sqrt_dim": (lambda x: nd.contrib.div_sqrt_dim(x * x * x),
                             lambda x: x ** 3 / np.sqrt(6.0), MIXED),
    "contrib.gradientmultiplier": (
        lambda x: nd.contrib.gradientmultiplier(x * x * x, scalar=-0.5),
        lambda x: -0.5 * x ** 3 + jax.lax.stop_gradient(1.5 * x ** 3), MIXED),
    "contrib.round_ste": (lambda x: nd.contrib.round_ste(x) * x * x,
                          lambda x: (x + jax.lax.stop_gradient(jnp.round(x) - x)) * x * x,
                          ROUNDING),
    "contrib.sign_ste": (lambda x: nd.contrib.sign_ste(x) * x * x,
                         lambda x: (x + jax.lax.stop_gradient(jnp.sign(x) - x)) * x * x,
                         MIXED),
}

# Binary ops: (mxcompat f(a, b), pure-JAX reference, a values, b values (shape (1, 3))).
A = [[-1.3, 0.6, 1.7], [0.45, -0.8, 2.1]]
AP = [[0.7, 1.6, 2.3], [0.45, 1.2, 3.1]]
B = [[0.9, -1.6, 1.25]]
BP = [[1.3, 0.6, 2.5]]
BINARY = {
    "add": (nd.broadcast_add, jnp.add, A, B),
    "sub": (nd.broadcast_sub, jnp.subtract, A, B),
    "mul": (nd.broadcast_mul, jnp.multiply, A, B),
    "div": (nd.broadcast_div, jnp.divide, A, B),
    "power": (nd.broadcast_power, jnp.power, AP, B),
    "hypot": (nd.broadcast_hypot, lambda a, b: jnp.sqrt(a * a + b * b), A, B),
    "maximum": (nd.broadcast_maximum, jnp.maximum, A, B),
    "minimum": (nd.broadcast_minimum, jnp.minimum, A, B),
    "mod": (nd.broadcast_mod, lambda a, b: a - jnp.floor(a / b) * b, A, B),
    "operators": (lambda a, b: (a * b - a / (b + 3)) ** 2 + nd.exp(-a) * b,
                  lambda a, b: (a * b - a / (b + 3)) ** 2 + jnp.exp(-a) * b, A, B),
    "same_shape": (lambda a, b: nd.elemwise_mul(a, nd.elemwise_div(a, b * b + 1)),
                   lambda a, b: a * (a / (b * b + 1)), A, A[::-1]),
}
# Scalar ops (one array input).
SCALAR_OPS = {
    "mul_scalar": (lambda x: x * 2.5, lambda x: x * 2.5, MIXED),
    "rsub_scalar": (lambda x: 2.5 - x * x, lambda x: 2.5 - x * x, MIXED),
    "rdiv_scalar": (lambda x: 2.5 / x, lambda x: 2.5 / x, MIXED),
    "pow_scalar": (lambda x: x ** 3, lambda x: x ** 3, MIXED),
    "pow_frac_scalar": (lambda x: x ** 1.5, lambda x: x ** 1.5, POS),
    "rpow_scalar": (lambda x: 2.5 ** x, lambda x: 2.5 ** x, MIXED),
    "mod_scalar": (lambda x: (x * x) % 1.5, lambda x: jnp.mod(x * x, 1.5),
                   [-1.7, -0.9, -0.35, 0.4, 0.75, 1.3]),
    "rmod_scalar": (lambda x: 2.5 % x, lambda x: jnp.mod(2.5, x), [-1.7, -0.9, -0.35, 0.4,
                                                                   0.75, 1.3]),
    "hypot_scalar": (lambda x: nd._internal._hypot_scalar(x, scalar=1.5),
                     lambda x: jnp.sqrt(x * x + 2.25), MIXED),
    "maximum_scalar": (lambda x: nd.maximum(x * x, 0.5), lambda x: jnp.maximum(x * x, 0.5),
                       MIXED),
    "minimum_scalar": (lambda x: nd.minimum(0.5, x * x), lambda x: jnp.minimum(x * x, 0.5),
                       MIXED),
}
X234 = np.random.RandomState(3).uniform(-1.5, 1.5, (2, 3, 4))
REDUCE = {
    "sum": (lambda x: nd.sum(x * x * x, axis=1), lambda x: jnp.sum(x ** 3, axis=1)),
    "mean": (lambda x: nd.mean(nd.exp(x), axis=(0, 2), keepdims=True),
             lambda x: jnp.mean(jnp.exp(x), axis=(0, 2), keepdims=True)),
    "prod": (lambda x: nd.prod(x, axis=2), lambda x: jnp.prod(x, axis=2)),
    "max": (lambda x: nd.max(x * x, axis=1), lambda x: jnp.max(x * x, axis=1)),
    "min": (lambda x: nd.min(nd.sin(x), axis=0), lambda x: jnp.min(jnp.sin(x), axis=0)),
    "nansum": (lambda x: nd.nansum(x ** 3, axis=-1), lambda x: jnp.sum(x ** 3, axis=-1)),
    "nanprod": (lambda x: nd.nanprod(x, axis=1), lambda x: jnp.prod(x, axis=1)),
    "norm2": (lambda x: nd.norm(x, axis=2), lambda x: jnp.sqrt(jnp.sum(x * x, axis=2))),
    "norm1": (lambda x: nd.norm(x * x * x, ord=1, axis=1),
              lambda x: jnp.sum(jnp.abs(x ** 3), axis=1)),
    "norm_all": (lambda x: nd.norm(x), lambda x: jnp.sqrt(jnp.sum(x * x)).reshape(1)),
    "moments_var": (lambda x: nd.moments(x, axes=(1,))[1],
                    lambda x: jnp.var(x, axis=1)),
    "exclude": (lambda x: nd.sum(nd.square(x), axis=1, exclude=True),
                lambda x: jnp.sum(x * x, axis=(0, 2))),
    "cumsum": (lambda x: nd.cumsum(x * x, axis=1), lambda x: jnp.cumsum(x * x, axis=1)),
}

DTYPES = ["float32", "float64"]


def _tol(dtype, ref):
    scale = float(np.max(np.abs(ref))) if np.size(ref) else 1.0
    scale = max(scale, 1.0)
    if dtype == "float32":
        return dict(rtol=3e-4, atol=3e-5 * scale)
    return dict(rtol=1e-6, atol=1e-9 * scale)


def _check(got, want, dtype, what):
    got = got.asnumpy()
    assert str(got.dtype) == dtype, f"{what}: dtype {got.dtype}, expected {dtype}"
    np.testing.assert_allclose(got.astype(np.float64), np.asarray(want), err_msg=what,
                               **_tol(dtype, want))


def _jax_derivs(f, x0, order=3):
    """[f(x), d/dx sum f, d/dx sum(d/dx sum f), ...] in float64 (element-wise ops)."""
    fs = [f]
    for _ in range(order):
        prev = fs[-1]
        fs.append(jax.grad(lambda x, p=prev: jnp.sum(p(x))))
    return [np.asarray(g(x0)) for g in fs]


def _mx_derivs(f, values, dtype):
    """f(x), then 1st/2nd derivatives via autograd.grad(create_graph=True) and the 3rd
    via backward, each with all-ones head gradients (sum of the previous order)."""
    x = nd.array(values, dtype=dtype)
    x.attach_grad()
    with autograd.record():
        y = f(x)
        g1 = autograd.grad(y, [x], create_graph=True)[0]
        g2 = autograd.grad(g1, [x], create_graph=True)[0]
    g2.backward()
    return [y, g1, g2, x.grad]


def _run_unary(f, ref, values, dtype, name):
    x64 = jnp.asarray(np.asarray(values, dtype=np.float64))
    # The reference sees the input rounded to the test dtype, as mxcompat does.
    x64 = x64.astype(dtype).astype(jnp.float64)
    want = _jax_derivs(ref, x64)
    got = _mx_derivs(f, values, dtype)
    for k, (g, w) in enumerate(zip(got, want)):
        _check(g, w, dtype, f"{name}: derivative of order {k}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_higher_order(name, dtype):
    f, ref, values = UNARY[name]
    _run_unary(f, ref, values, dtype, name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(SCALAR_OPS))
def test_scalar_op_higher_order(name, dtype):
    f, ref, values = SCALAR_OPS[name]
    _run_unary(f, ref, values, dtype, name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_higher_order(name, dtype):
    """Mixed partials: z = sum(w1 * da f + w2 * db f) differentiated again (2nd order),
    and the third order through one more create_graph level."""
    f, ref, av, bv = BINARY[name]
    a = nd.array(av, dtype=dtype)
    b = nd.array(bv, dtype=dtype)
    a.attach_grad()
    b.attach_grad()
    w1 = np.linspace(0.5, 1.5, a.size).reshape(a.shape)
    w2 = np.linspace(-1.0, 1.0, a.size).reshape(a.shape)
    with autograd.record():
        y = f(a, b)
        ga, gb = autograd.grad(y, [a, b], head_grads=nd.array(w1, dtype=dtype),
                               create_graph=True)
        z = nd.sum(ga * ga) + nd.sum(gb * nd.array(w2[:1], dtype=dtype))
        za, zb = autograd.grad(z, [a, b], create_graph=True)
        t = nd.sum(za * za) + nd.sum(zb * zb * 0.5)
    t.backward()

    a0 = jnp.asarray(np.asarray(av, np.float64)).astype(dtype).astype(jnp.float64)
    b0 = jnp.asarray(np.asarray(bv, np.float64)).astype(dtype).astype(jnp.float64)
    w1j, w2j = jnp.asarray(w1), jnp.asarray(w2[:1])

    def first(p, q):
        _, vjp = jax.vjp(ref, p, q)
        return vjp(w1j)

    def zf(p, q):
        da, db = first(p, q)
        return jnp.sum(da * da) + jnp.sum(db * w2j)

    def tf(p, q):
        za_, zb_ = jax.grad(zf, argnums=(0, 1))(p, q)
        return jnp.sum(za_ * za_) + jnp.sum(zb_ * zb_ * 0.5)

    wa, wb = first(a0, b0)
    wza, wzb = jax.grad(zf, argnums=(0, 1))(a0, b0)
    wta, wtb = jax.grad(tf, argnums=(0, 1))(a0, b0)
    _check(y, ref(a0, b0), dtype, f"{name}: value")
    for got, want, what in ((ga, wa, "d/da"), (gb, wb, "d/db"), (za, wza, "2nd order a"),
                            (zb, wzb, "2nd order b"), (a.grad, wta, "3rd order a"),
                            (b.grad, wtb, "3rd order b")):
        _check(got, want, dtype, f"{name}: {what}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(REDUCE))
def test_reduce_higher_order(name, dtype):
    f, ref = REDUCE[name]
    x = nd.array(X234, dtype=dtype)
    x.attach_grad()
    x0 = jnp.asarray(X234).astype(dtype).astype(jnp.float64)
    w = np.linspace(0.5, 1.5, X234.size).reshape(X234.shape)
    with autograd.record():
        y = f(x)
        g1 = autograd.grad(y, [x], create_graph=True)[0]
        s = nd.sum(g1 * g1 * nd.array(w, dtype=dtype))
        g2 = autograd.grad(s, [x], create_graph=True)[0]
        t = nd.sum(g2 * g2)
    t.backward()

    def j1(v):
        return jax.grad(lambda u: jnp.sum(ref(u)))(v)

    def js(v):
        g = j1(v)
        return jnp.sum(g * g * w)

    def jt(v):
        g = jax.grad(js)(v)
        return jnp.sum(g * g)

    _check(y, ref(x0), dtype, f"{name}: value")
    _check(g1, j1(x0), dtype, f"{name}: 1st order")
    _check(g2, jax.grad(js)(x0), dtype, f"{name}: 2nd order")
    _check(x.grad, jax.grad(jt)(x0), dtype, f"{name}: 3rd order")


def test_make_loss_ignores_head_gradient_at_every_order():
    """make_loss's gradient is 1 whatever the head gradient; its derivative is 0."""
    x = nd.array([0.5, -1.2, 2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.make_loss(x * x * x)
        (g1,) = autograd.grad(y, [x], head_grads=nd.array([5.0, 7.0, 9.0]),
                              create_graph=True)
        (g2,) = autograd.grad(g1, [x], create_graph=True)
    g2.backward()
    v = np.array([0.5, -1.2, 2.0])
    np.testing.assert_allclose(g1.asnumpy(), 3 * v * v, rtol=1e-6)
    np.testing.assert_allclose(g2.asnumpy(), 6 * v, rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), 6 * np.ones(3), rtol=1e-6)


# ------------------------------------------------------------------ no recompiles
def _fwd_sizes(kernels):
    return [k.fwd._cache_size() for k in kernels]


@pytest.mark.parametrize("expr,family,reverse", [
    (lambda x, s: x * s, "multiply", False),
    (lambda x, s: x + s, "add", False),
    (lambda x, s: s - x, "subtract", True),
    (lambda x, s: s / x, "divide", True),
    (lambda x, s: x ** s, "power", False),
    (lambda x, s: s ** x, "power", True),
    (lambda x, s: x % s, "mod", False),
    (lambda x, s: nd.maximum(x, s), "maximum", False),
    (lambda x, s: x > s, "greater", False),
    (lambda x, s: s >= x, "lesser_equal", False),
])
def test_scalar_ops_do_not_recompile(expr, family, reverse):
    kern = (RSCALAR if reverse else SCALAR)[family].kernel((), None)
    x = nd.array([0.5, 1.5, 2.5])
    expr(x, 2.0).wait_to_read()
    before = kern.fwd._cache_size()
    assert before >= 1
    for s in (3.0, -1.25, 7, 0.5, np.float32(4.0), True):
        out = expr(x, s)
        out.wait_to_read()
    assert kern.fwd._cache_size() == before


def test_scalar_op_values_follow_the_scalar():
    """The cached kernel really uses each new scalar (not the first one)."""
    x = nd.array([0.5, 1.5, 2.5])
    for s in (2.0, 3.0, -1.25):
        np.testing.assert_allclose((x * s).asnumpy(), np.array([0.5, 1.5, 2.5]) * s)
        np.testing.assert_allclose((s - x).asnumpy(), s - np.array([0.5, 1.5, 2.5]),
                                   rtol=1e-6)


def test_scalar_gradient_does_not_recompile():
    kern = SCALAR["multiply"].kernel((), None)
    x = nd.array([0.5, 1.5])
    x.attach_grad()
    sizes = None
    for s in (2.0, 3.0, -4.5):
        with autograd.record():
            y = x * s
        y.backward()
        np.testing.assert_allclose(x.grad.asnumpy(), [s, s])
        now = [f._cache_size() for f in kern._vjps.values()]
        if sizes is None:
            sizes = now
        assert now == sizes


@pytest.mark.parametrize("name,call", [
    ("clip", lambda x, s: nd.clip(x, -s, s)),
    ("smooth_l1", lambda x, s: nd.smooth_l1(x, scalar=s)),
])
def test_dynamic_attributes_do_not_recompile(name, call):
    kern = REGISTRY[name].kernel((), None)     # both ops have only dynamic attributes
    x = nd.array([0.5, -1.5, 2.5])
    call(x, 1.0).wait_to_read()
    before = kern.fwd._cache_size()
    assert before >= 1
    for s in (2.0, 0.25, 3.5):
        call(x, s).wait_to_read()
    assert kern.fwd._cache_size() == before


def test_inplace_scalar_ops_keep_object_and_dtype():
    x = nd.array([1, 7, -3], dtype="int32")
    same = x
    x += 2.7          # the scalar is cast to int32 first
    x *= 3
    assert x is same and x.dtype == np.int32
    np.testing.assert_array_equal(x.asnumpy(), [9, 27, -3])


# ------------------------------------------- cases where MXNet 1.9.1 itself fails
def test_where_mxnet_fails_cumsum_negative_axis():
    """MXNet rejects axis=-1 in cumsum; mxcompat treats it as the last axis."""
    x = nd.array(X234)
    x.attach_grad()
    with autograd.record():
        y = nd.cumsum(x, axis=-1)
    y.backward(nd.ones_like(y))
    np.testing.assert_allclose(y.asnumpy(), np.cumsum(X234.astype(np.float32), axis=-1),
                               rtol=1e-6)
    # d/dx_j sum_i cumsum_i = number of running sums that include x_j
    np.testing.assert_allclose(x.grad.asnumpy(), np.broadcast_to(np.arange(4, 0, -1),
                                                                  X234.shape))


@pytest.mark.parametrize("out_dtype", ["float64", "float16"])
def test_where_mxnet_fails_norm_out_dtype(out_dtype):
    """MXNet's CPU norm fails when out_dtype differs from the input dtype; mxcompat
    computes the norm and casts it."""
    x = nd.array(X234)
    y = nd.norm(x, axis=1, out_dtype=out_dtype)
    assert y.dtype == np.dtype(out_dtype)
    want = np.sqrt(np.sum(X234.astype(np.float32).astype(np.float64) ** 2, axis=1))
    np.testing.assert_allclose(y.asnumpy().astype(np.float64), want,
                               rtol=1e-3 if out_dtype == "float16" else 1e-6)


def test_where_mxnet_fails_zero_size_and_0d():
    """Legacy MXNet cannot infer shapes for 0-d or zero-size inputs; mxcompat computes."""
    e = nd.exp(nd.array(np.zeros((0, 3), np.float32)))
    assert e.shape == (0, 3)
    s = nd.exp(nd.array(np.float32(1.5)))
    np.testing.assert_allclose(s.asnumpy(), np.exp(np.float32(1.5)), rtol=1e-6)
