"""mx.np / mx.npx: what the goldens (tests/golden/numpy_*.json) cannot express.

* higher-order gradients (``autograd.grad(create_graph=True)``) of np ops, and the
  first-order gradients MXNet 1.9.1 gets wrong or lacks (where with a number, rot90,
  std/var, prod with zeros), against ``jax.grad`` of pure-JAX formulas written here;
* cases MXNet refuses where numpy's answer is clear (mixed dtypes, integer dot,
  rad2deg...), against official numpy;
* the numpy-semantics switches (set_np/reset_np/use_np, the float64 extension);
* numpy's protocols (official numpy functions on mx.np arrays) and host fallbacks;
* printing off the CPU, gluon in numpy mode, npx.save/load, the compile cache.
"""
import jax
import jax.numpy as jnp
import numpy as onp
import pytest

import mxcompat as mx
from mxcompat import autograd, np, npx
from mxcompat.base import MXNetError


@pytest.fixture(autouse=True)
def np_mode():
    npx.set_np()
    yield
    npx.reset_np()


RS = onp.random.RandomState(11)
X23 = RS.uniform(-2, 2, (2, 3))
P23 = RS.uniform(0.5, 2, (2, 3))
X33 = RS.uniform(-1, 1, (3, 3)) + 3 * onp.eye(3)
SPD = X33 @ X33.T + onp.eye(3)


def _np(v, dtype=None):
    v = onp.asarray(v)
    return np.array(v, dtype=dtype or str(v.dtype))


# ------------------------------------------------------------ gradients
def _first_and_second(mxf, jf, xv, seed=0):
    """mxcompat's d(sum f)/dx and d(sum(w * d(sum f)/dx))/dx, and jax's."""
    w = onp.random.RandomState(seed).uniform(0.5, 1.5, xv.shape)
    x = _np(xv)
    x.attach_grad()
    with autograd.record():
        y = mxf(x)
        (g1,) = autograd.grad(y, [x], create_graph=True)
        h = g1 * _np(w)
    h.backward()
    got = (g1.asnumpy(), x.grad.asnumpy())

    def total(v):
        return jnp.sum(jf(v))
    want1 = jax.grad(total)(jnp.asarray(xv))
    want2 = jax.grad(lambda v: jnp.sum(jax.grad(total)(v) * w))(jnp.asarray(xv))
    return got, (onp.asarray(want1), onp.asarray(want2))


SECOND_ORDER = [
    ("mul_add", X23, lambda x: x * x * x + 2 * x, lambda v: v ** 3 + 2 * v),
    ("true_divide", P23, lambda x: 1.0 / x + x / (x + 1), lambda v: 1 / v + v / (v + 1)),
    ("power", P23, lambda x: np.power(x, 2.5) + 2 ** x, lambda v: v ** 2.5 + 2 ** v),
    ("exp_log", P23, lambda x: np.exp(x) * np.log(x), lambda v: jnp.exp(v) * jnp.log(v)),
    ("trig", X23, lambda x: np.sin(x) * np.cos(x) + np.tanh(x),
     lambda v: jnp.sin(v) * jnp.cos(v) + jnp.tanh(v)),
    ("sqrt_square", P23, lambda x: np.sqrt(x) * np.square(x),
     lambda v: jnp.sqrt(v) * v ** 2),
    ("sum_axis", X23, lambda x: np.sum(x * x, axis=1) ** 2,
     lambda v: jnp.sum(v * v, axis=1) ** 2),
    ("mean", X23, lambda x: x.mean(axis=0) ** 3, lambda v: jnp.mean(v, axis=0) ** 3),
    ("prod", P23, lambda x: np.prod(x, axis=1), lambda v: jnp.prod(v, axis=1)),
    ("max", X23, lambda x: x.max(axis=1) ** 3, lambda v: jnp.max(v, axis=1) ** 3),
    ("std", X23, lambda x: np.std(x, axis=1), lambda v: jnp.std(v, axis=1)),
    ("var_ddof", X23, lambda x: x.var(ddof=1) * x.sum(),
     lambda v: jnp.var(v, ddof=1) * jnp.sum(v)),
    ("cumsum", X23, lambda x: np.cumsum(x, axis=1) ** 2,
     lambda v: jnp.cumsum(v, axis=1) ** 2),
    ("dot", X23, lambda x: np.dot(x, x.T) ** 2, lambda v: (v @ v.T) ** 2),
    ("matmul", X23, lambda x: np.matmul(x.T, np.sin(x)), lambda v: v.T @ jnp.sin(v)),
    ("einsum", X23, lambda x: np.einsum("ij,kj->ik", x, x * x),
     lambda v: jnp.einsum("ij,kj->ik", v, v * v)),
    ("tensordot", X23, lambda x: np.tensordot(x, np.exp(x), ([0, 1], [0, 1])),
     lambda v: jnp.tensordot(v, jnp.exp(v), ([0, 1], [0, 1]))),
    ("outer", X23, lambda x: np.outer(x, x) ** 2, lambda v: jnp.outer(v, v) ** 2),
    ("norm", X23, lambda x: np.linalg.norm(x) ** 3, lambda v: jnp.linalg.norm(v) ** 3),
    ("norm_axis", X23, lambda x: np.linalg.norm(x, axis=0) * x[0],
     lambda v: jnp.linalg.norm(v, axis=0) * v[0]),
    ("inv", X33, lambda x: np.linalg.inv(x), lambda v: jnp.linalg.inv(v)),
    ("det", X33, lambda x: np.linalg.det(x) ** 2, lambda v: jnp.linalg.det(v) ** 2),
    ("slogdet", X33, lambda x: np.linalg.slogdet(x)[1],
     lambda v: jnp.linalg.slogdet(v)[1]),
    ("solve", X33, lambda x: np.linalg.solve(x, np.sin(x)),
     lambda v: jnp.linalg.solve(v, jnp.sin(v))),
    ("cholesky", SPD, lambda x: np.linalg.cholesky((x + x.T) / 2),
     lambda v: jnp.linalg.cholesky((v + v.T) / 2)),
    ("eigvalsh", SPD, lambda x: np.linalg.eigvalsh((x + x.T) / 2) ** 2,
     lambda v: jnp.linalg.eigvalsh((v + v.T) / 2) ** 2),
    ("reshape_transpose", X23, lambda x: (x.reshape(3, 2).T * x) ** 2,
     lambda v: (v.reshape(3, 2).T * v) ** 2),
    ("concat_stack", X23, lambda x: np.concatenate([x, x * x], axis=1) * np.stack([x, x])[0].sum(),
     lambda v: jnp.concatenate([v, v * v], axis=1) * jnp.sum(v)),
    ("split", X23, lambda x: np.split(x, 3, axis=1)[1] ** 3, lambda v: v[:, 1:2] ** 3),
    ("index_mask", X23, lambda x: x[x > 0] ** 3, lambda v: v[X23 > 0] ** 3),
    ("index_adv", X23, lambda x: x[[1, 0, 1], [2, 2, 0]] ** 3,
     lambda v: v[onp.array([1, 0, 1]), onp.array([2, 2, 0])] ** 3),
    ("where", X23, lambda x: np.where(x > 0, x ** 3, -x),
     lambda v: jnp.where(v > 0, v ** 3, -v)),
    ("where_scalar", X23, lambda x: np.where(x > 0, x ** 2, 0.),
     lambda v: jnp.where(v > 0, v ** 2, 0.)),
    ("clip", X23, lambda x: np.clip(x, -1, 1) ** 3, lambda v: jnp.clip(v, -1, 1) ** 3),
    ("pad", X23, lambda x: np.pad(x, ((1, 1), (0, 2)), mode="edge") ** 3,
     lambda v: jnp.pad(v, ((1, 1), (0, 2)), mode="edge") ** 3),
    ("rot90", X23, lambda x: np.rot90(x) * np.arange(6).reshape(3, 2) * x.sum(),
     lambda v: jnp.rot90(v) * jnp.arange(6.).reshape(3, 2) * jnp.sum(v)),
    ("flip_roll_tile", X23, lambda x: np.tile(np.roll(np.flip(x, 1), 1), (2, 1)) ** 3,
     lambda v: jnp.tile(jnp.roll(jnp.flip(v, 1), 1), (2, 1)) ** 3),
    ("softmax", X23, lambda x: npx.softmax(x) * x, lambda v: jax.nn.softmax(v) * v),
    ("log_softmax", X23, lambda x: npx.log_softmax(x, axis=0) ** 2,
     lambda v: jax.nn.log_softmax(v, axis=0) ** 2),
    ("relu_sigmoid", X23, lambda x: npx.relu(x) * npx.sigmoid(x),
     lambda v: jnp.maximum(v, 0) * jax.nn.sigmoid(v)),
]


@pytest.mark.parametrize("name,xv,mxf,jf", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_order_gradients_match_jax(name, xv, mxf, jf):
    (g1, g2), (w1, w2) = _first_and_second(mxf, jf, xv)
    onp.testing.assert_allclose(g1, w1, rtol=1e-4, atol=1e-5)
    onp.testing.assert_allclose(g2, w2, rtol=1e-4, atol=1e-4)


def _grad(f, xv):
    x = _np(xv)
    x.attach_grad()
    with autograd.record():
        y = f(x)
    y.backward()
    return x.grad.asnumpy()


def test_where_with_a_number_sends_the_gradient_to_the_array_branch():
    # MXNet 1.9.1 sends it to the branch of the number; the right answer is below.
    c = _np(X23 > 0)
    g = _grad(lambda x: np.where(c, x, 0) * 3, X23)
    onp.testing.assert_allclose(g, 3.0 * (X23 > 0))
    g = _grad(lambda x: np.where(c, 1.5, x), X23)
    onp.testing.assert_allclose(g, 1.0 * (X23 <= 0))


def test_rot90_gradient_is_the_inverse_rotation():
    h = onp.arange(6.0).reshape(3, 2)
    g = _grad(lambda x: np.rot90(x) * _np(h), X23)
    onp.testing.assert_allclose(g, onp.rot90(h, -1))


def test_std_var_gradients_are_not_zero():
    # MXNet 1.9.1 returns zero gradients for np.std/np.var.
    g = _grad(lambda x: x.var(), X23)
    onp.testing.assert_allclose(g, 2 * (X23 - X23.mean()) / X23.size, rtol=1e-5)
    g = _grad(lambda x: np.std(x, axis=1).sum(), X23)
    want = jax.grad(lambda v: jnp.sum(jnp.std(v, axis=1)))(X23)
    onp.testing.assert_allclose(g, want, rtol=1e-5)


def test_prod_gradient_with_a_zero_is_the_product_of_the_others():
    xv = onp.array([[2., 0., 3.], [1., 4., 0.5]])
    g = _grad(lambda x: x.prod(), xv)
    onp.testing.assert_allclose(g, [[0., 12., 0.], [0., 0., 0.]])
    g = _grad(lambda x: x.prod(axis=0).sum(), xv)
    onp.testing.assert_allclose(g, [[1., 4., 0.5], [2., 0., 3.]])


def test_max_gradient_goes_to_every_tie_as_mxnet():
    xv = onp.array([1., 3., 3.])
    onp.testing.assert_allclose(_grad(lambda x: x.max(), xv), [0., 1., 1.])


def test_normal_reparameterised_gradients():
    mx.random.seed(3)
    loc = np.zeros(4)
    scale = np.ones(4) * 2
    loc.attach_grad()
    scale.attach_grad()
    with autograd.record():
        y = np.random.normal(loc, scale)
    y.backward()
    onp.testing.assert_allclose(loc.grad.asnumpy(), onp.ones(4))
    onp.testing.assert_allclose(scale.grad.asnumpy(), y.asnumpy() / 2, rtol=1e-6)


# ---------------------------------------------------- beyond MXNet's limits
@pytest.mark.parametrize("code,want", [
    ("np.rad2deg(x)", lambda v: onp.rad2deg(v)),
    ("np.deg2rad(x)", lambda v: onp.deg2rad(v)),
])
def test_functions_mxnet_lacks(code, want):
    x = _np(X23, "float32")
    got = eval(code)
    onp.testing.assert_allclose(got.asnumpy(), want(X23.astype("float32")), rtol=1e-6)


@pytest.mark.parametrize("a,b", [("int8", "uint8"), ("int32", "int64"), ("float32", "float64"),
                                 ("int32", "float32"), ("bool", "int32")])
def test_comparisons_of_mixed_dtypes_follow_numpy(a, b):
    # MXNet refuses these; numpy compares after promotion.
    xa = onp.array([1, 0, 3]).astype(a)
    xb = onp.array([1, 2, 0]).astype(b)
    for op in ("equal", "less", "greater_equal"):
        got = getattr(np, op)(_np(xa), _np(xb))
        assert got.dtype == onp.bool_
        onp.testing.assert_array_equal(got.asnumpy(), getattr(onp, op)(xa, xb))


def test_mixed_signed_unsigned_promotes_as_numpy():
    got = _np(onp.array([100, -3], "int8")) + _np(onp.array([200, 3], "uint8"))
    assert got.dtype == onp.int16
    onp.testing.assert_array_equal(got.asnumpy(), [300, 0])


def test_integer_dot_and_matmul():
    a = onp.array([[1, 2], [3, 4]], "int32")
    for f in (np.dot, np.matmul):
        got = f(_np(a), _np(a))
        assert got.dtype == onp.int32
        onp.testing.assert_array_equal(got.asnumpy(), a @ a)


def test_ldexp_with_integer_exponents():
    # MXNet refuses an integer exponent array; numpy multiplies by 2**e.
    x = onp.array([1.5, -2., 3.], "float32")
    e = onp.array([1, -2, 3], "int32")
    got = np.ldexp(_np(x), _np(e))
    assert got.dtype == onp.float32
    onp.testing.assert_allclose(got.asnumpy(), onp.ldexp(x, e))


def test_inplace_add_of_a_wider_dtype_keeps_the_left_dtype():
    x = _np(onp.array([1., 2.], "float32"))
    x += _np(onp.array([0.5, 0.25], "float64"))
    assert x.dtype == onp.float32
    onp.testing.assert_allclose(x.asnumpy(), [1.5, 2.25])


def test_pad_modes_mxnet_refuses():
    xv = onp.arange(12.0).reshape(3, 4)
    for mode in ("edge", "reflect", "symmetric", "wrap", "mean"):
        got = np.pad(_np(xv, "float32"), ((1, 2), (2, 1)), mode=mode)
        onp.testing.assert_allclose(got.asnumpy(), onp.pad(xv, ((1, 2), (2, 1)), mode=mode))
    got = np.pad(_np(onp.arange(3.0), "float32"), 2, mode="reflect")
    onp.testing.assert_allclose(got.asnumpy(), onp.pad(onp.arange(3.0), 2, mode="reflect"))


def test_norm_inf_and_integer_inputs():
    v = onp.array([3., -7., 2.])
    assert float(np.linalg.norm(_np(v, "float32"), ord=onp.inf)) == 7.0
    assert float(np.linalg.norm(_np(v, "float32"), ord=-onp.inf)) == 2.0
    # MXNet gives a (wrong) integer result for integer inputs; this is the float norm.
    got = np.linalg.norm(_np(onp.array([3, 4], "int32")))
    assert got.dtype == onp.float32 and float(got) == 5.0


# ----------------------------------------------------------- dtype switches
def test_set_np_dtype_extension_makes_float64_the_default():
    npx.set_np(dtype=True)
    try:
        assert npx.is_np_default_dtype()
        assert np.array([1, 2]).dtype == onp.float64
        assert np.zeros(2).dtype == onp.float64
        assert np.ones((1,)).dtype == onp.float64
        assert np.arange(3).dtype == onp.float64
        assert np.linspace(0, 1, 3).dtype == onp.float64
        assert np.eye(2).dtype == onp.float64
        assert np.random.normal(size=2).dtype == onp.float64
        i = np.array([1, 2], dtype="int32")
        assert (i / 2).dtype == onp.float64
        assert (i / i).dtype == onp.float64
        assert i.mean().dtype == onp.float64
        assert np.array(onp.array([1, 2], "float32")).dtype == onp.float32
    finally:
        npx.set_np()
    assert not npx.is_np_default_dtype()
    assert np.array([1, 2]).dtype == onp.float32


def test_set_np_flags_and_errors():
    npx.reset_np()
    assert not npx.is_np_array() and not npx.is_np_shape()
    npx.set_np(shape=True, array=False)
    assert npx.is_np_shape() and not npx.is_np_array()
    with pytest.raises(ValueError, match="Shape semantics is required"):
        npx.set_np(shape=False, array=True)
    npx.set_np()
    with pytest.raises(ValueError, match="reset_np"):
        mx.util.set_np_shape(False)
    assert mx.util.is_np_array() and mx.util.is_np_shape()


def test_use_np_decorates_functions_and_classes():
    npx.reset_np()

    @npx.use_np
    def inside():
        return npx.is_np_array(), npx.is_np_shape()

    assert inside() == (True, True)
    assert not npx.is_np_array()

    @mx.util.use_np
    class Holder:
        def __init__(self):
            self.flag_at_init = npx.is_np_array()

        def flag(self):
            return npx.is_np_array()

        @property
        def prop(self):
            return npx.is_np_shape()

    h = Holder()
    assert h.flag_at_init and h.flag() and h.prop
    assert not npx.is_np_array()
    with npx.np_shape(True):
        assert npx.is_np_shape() and not npx.is_np_array()
    assert not npx.is_np_shape()
    with pytest.raises(TypeError, match="use_np"):
        npx.use_np(3)


def test_gluon_creates_np_parameters_under_use_np():
    npx.reset_np()

    @npx.use_np
    class Net(mx.gluon.nn.Block):
        def __init__(self):
            super().__init__()
            self.dense = mx.gluon.nn.Dense(2, in_units=3)

        def forward(self, x):
            return self.dense(x)

    net = Net()
    net.initialize()
    out = net(np.ones((4, 3)))
    assert type(out) is np.ndarray
    assert type(net.dense.weight.data()) is np.ndarray


# ------------------------------------------------------ numpy's protocols
def test_official_numpy_functions_on_mx_np_arrays():
    x = _np(X23, "float32")
    r = onp.sum(x, axis=0)
    assert type(r) is np.ndarray
    onp.testing.assert_allclose(r.asnumpy(), X23.astype("float32").sum(0), rtol=1e-6)
    r = onp.exp(x)
    assert type(r) is np.ndarray
    r = onp.isclose(x, x)
    assert type(r) is np.ndarray and r.dtype == onp.bool_ and bool(r.all())
    r = onp.median(x)     # a host fallback: numbers stay numpy numbers, as in MXNet
    assert float(r) == pytest.approx(onp.median(X23), rel=1e-6)
    with pytest.raises(TypeError, match="not supported"):
        onp.ones(3) + _np(onp.ones(3))


def test_host_fallbacks():
    x = _np(onp.array([3., 1., 2.]), "float32")
    assert type(np.isclose(x, x)) is np.ndarray
    assert isinstance(np.ptp(x), onp.float32) and np.ptp(x) == 2.0
    onp.testing.assert_array_equal(np.flatnonzero(x > 1).asnumpy(), [0, 2])
    onp.testing.assert_allclose(np.percentile(x, 50).asnumpy(), 2.0)
    onp.testing.assert_allclose(np.interp(_np(onp.array([1.5])), x[1:], x[:2]).asnumpy(),
                                onp.interp([1.5], [1., 2.], [3., 1.]))
    with autograd.record():
        with pytest.raises(ValueError, match="autograd"):
            np.ptp(x)


def test_unary_on_python_numbers_gives_numpy_results():
    assert np.exp(0.0) == 1.0
    assert isinstance(np.sqrt(4.0), onp.floating)
    assert np.add(1, 2) == 3


# --------------------------------------------------------------- printing
def test_printing_off_the_cpu_names_the_context():
    x = _np(onp.array([[0.5, 1.], [2., 3.]]), "float32")
    x._ctx = mx.gpu(0)
    assert repr(x) == "array([[0.5, 1. ],\n       [2. , 3. ]], ctx=gpu(0))"
    assert str(x) == "[[0.5 1. ]\n [2.  3. ]] @gpu(0)"
    d = _np(onp.array([1.5]), "float64")
    d._ctx = mx.gpu(1)
    assert repr(d) == "array([1.5], dtype=float64, ctx=gpu(1))"
    z = np.array(2.0)
    z._ctx = mx.gpu(0)
    assert str(z) == "2.0"


def test_set_printoptions_applies():
    old = np.get_printoptions()
    try:
        np.set_printoptions(precision=2)
        assert repr(np.array([1.23456])) == "array([1.23])"
    finally:
        np.set_printoptions(**old)


# ------------------------------------------------------------- random
def test_random_shapes_dtypes_and_reproducibility():
    mx.random.seed(42)
    a = np.random.normal(1.0, 2.0, (1000,))
    mx.random.seed(42)
    b = np.random.normal(1.0, 2.0, (1000,))
    onp.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert a.dtype == onp.float32 and a.shape == (1000,)
    assert abs(float(a.mean()) - 1.0) < 0.2 and abs(float(a.std()) - 2.0) < 0.2
    npx.random.seed(5)
    c = np.random.uniform(-1, 3, size=(2000,))
    assert float(c.min()) >= -1 and float(c.max()) < 3
    assert abs(float(c.mean()) - 1.0) < 0.1
    assert np.random.normal().shape == ()
    assert np.random.normal(np.zeros((2, 1)), np.ones(3)).shape == (2, 3)
    assert np.random.uniform(np.zeros(2), 1, (3, 2)).shape == (3, 2)
    assert np.random.rand(2, 3).shape == (2, 3)
    assert np.random.randn(4).dtype == onp.float32
    assert np.random.normal(size=3, dtype="float64").dtype == onp.float64
    with pytest.raises(MXNetError):
        np.random.normal(np.zeros(3), 1, size=(2,))


def test_random_integers_and_choice():
    mx.random.seed(0)
    r = np.random.randint(2, 7, (500,))
    assert r.dtype == onp.int64 and int(r.min()) >= 2 and int(r.max()) <= 6
    assert np.random.randint(5).shape == ()
    assert np.random.randint(0, 5, (3,), dtype="int32").dtype == onp.int32
    c = np.random.choice(10, 10, replace=False)
    assert sorted(c.asnumpy().tolist()) == list(range(10))
    c = np.random.choice(np.array([1., 2., 3.]), 50)
    assert set(c.asnumpy().tolist()) <= {1., 2., 3.} and c.dtype == onp.float32
    c = np.random.choice(3, 200, p=np.array([0., 0.5, 0.5]))
    assert 0 not in c.asnumpy()
    with pytest.raises(ValueError):
        np.random.choice(3, 5, replace=False)
    m = np.random.multinomial(10, [0.2, 0.8], size=4)
    assert m.shape == (4, 2) and m.dtype == onp.int64
    onp.testing.assert_array_equal(m.sum(axis=1).asnumpy(), [10] * 4)
    x = np.arange(12).reshape(6, 2)
    np.random.shuffle(x)
    assert sorted(x[:, 0].asnumpy().tolist()) == [0., 2., 4., 6., 8., 10.]
    onp.testing.assert_array_equal((x[:, 1] - x[:, 0]).asnumpy(), onp.ones(6))


@pytest.mark.parametrize("name,args,mean", [
    ("gamma", (2.0, 1.5), 3.0), ("beta", (2.0, 2.0), 0.5), ("exponential", (2.0,), 2.0),
    ("chisquare", (3.0,), 3.0), ("gumbel", (1.0, 2.0), 1.0 + 2.0 * 0.5772156649),
    ("logistic", (1.0, 1.0), 1.0), ("lognormal", (0.0, 0.5), onp.exp(0.125)),
    ("pareto", (3.0,), 0.5), ("power", (2.0,), 2.0 / 3.0),
    ("rayleigh", (1.0,), onp.sqrt(onp.pi / 2)), ("weibull", (2.0,), 0.8862269)])
def test_random_distribution_means(name, args, mean):
    mx.random.seed(1)
    draws = getattr(np.random, name)(*args, size=(20000,))
    assert draws.shape == (20000,) and draws.dtype == onp.float32
    assert abs(float(draws.mean()) - mean) < 0.05 * max(1.0, abs(mean))


def test_npx_random():
    mx.random.seed(0)
    b = npx.random.bernoulli(0.3, size=(5000,))
    assert set(onp.unique(b.asnumpy())) <= {0., 1.}
    assert abs(float(b.mean()) - 0.3) < 0.03
    b = npx.random.bernoulli(logit=0.0, size=(4000,))
    assert abs(float(b.mean()) - 0.5) < 0.04
    assert npx.random.uniform_n(0, 1, batch_shape=(2,)).shape == (2,)
    assert npx.random.normal_n(np.zeros(3), 1, batch_shape=(4,)).shape == (4, 3)
    mv = np.random.multivariate_normal(np.zeros(2), np.eye(2), 3)
    assert mv.shape == (3, 2)


# ---------------------------------------------------------- save / load
def test_npx_save_load_roundtrip(tmp_path):
    f = str(tmp_path / "arrays.npz")
    data = {"a": np.array([[1., 2.]]), "s": np.array(3.5), "i": np.arange(3, dtype="int32"),
            "e": np.zeros((0, 2))}
    npx.save(f, data)
    back = npx.load(f)
    assert set(back) == set(data)
    for k, v in data.items():
        assert type(back[k]) is np.ndarray
        assert back[k].shape == v.shape and back[k].dtype == v.dtype
        onp.testing.assert_array_equal(back[k].asnumpy(), v.asnumpy())
    npx.save(f, [np.array(1.)])
    assert float(npx.load(f)[0]) == 1.0
    with pytest.raises(TypeError, match="npx.save"):
        mx.nd.save(f, [np.ones(2)])


# --------------------------------------------------- gluon in numpy mode
def test_gluon_training_loop_on_np_arrays_matches_a_manual_step():
    from mxcompat import gluon
    mx.random.seed(0)
    X = np.random.normal(0, 1, (8, 2))
    y = np.dot(X, np.array([2., -3.4])).reshape(-1, 1) + 4.2
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(1))
    net.initialize(mx.init.Normal(sigma=0.01))
    loss = gluon.loss.L2Loss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    net(X)
    w0 = net[0].weight.data().asnumpy().copy()
    b0 = net[0].bias.data().asnumpy().copy()
    assert type(net[0].weight.data()) is np.ndarray
    with autograd.record():
        l = loss(net(X), y)
    assert type(l) is np.ndarray and l.shape == (8,)
    l.backward()
    trainer.step(8)
    # the step by hand: grad of mean over the batch of (xw + b - y)^2 / 2
    xv, yv = X.asnumpy(), y.asnumpy()
    r = xv @ w0.T + b0 - yv
    w1 = w0 - 0.1 * (r * xv).sum(0, keepdims=True) / 8
    b1 = b0 - 0.1 * r.sum(0) / 8
    onp.testing.assert_allclose(net[0].weight.data().asnumpy(), w1, rtol=1e-5, atol=1e-6)
    onp.testing.assert_allclose(net[0].bias.data().asnumpy(), b1, rtol=1e-5, atol=1e-6)
    assert type(net[0].weight.grad()) is np.ndarray
    for _ in range(200):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(8)
    assert float(l.mean()) < 1e-3


def test_npx_names_cover_the_nd_ops_that_exist():
    from mxcompat.ops.np_npx import MISSING, NPX_NAMES
    # Only nd ops that no family registers yet (convolution family, RNN) are absent.
    assert set(MISSING) <= {"batch_norm", "convolution", "deconvolution", "pooling", "rnn",
                            "roi_pooling"}
    for name in NPX_NAMES:
        assert hasattr(npx, name) == (name not in MISSING)


def test_nd_ops_keep_the_np_class():
    x = np.ones((2, 3))
    assert type(mx.nd.relu(x)) is np.ndarray
    assert type(x.as_nd_ndarray()) is mx.nd.NDArray
    assert type(mx.nd.ones(2).as_np_ndarray()) is np.ndarray


# ------------------------------------------------------------ performance
def test_scalars_do_not_recompile():
    x = np.ones(3)
    op = mx.ops.registry.REGISTRY["_npi_add_scalar"]
    x + 1.0
    n = len(op._kernels)
    for s in (2.0, 3.5, -1.25, 7.0):
        x + s
        s - x
    assert len(op._kernels) <= n + 1   # the reversed form at most


# ------------------------------------------------------------- d2l calls
def test_d2l_preliminaries_and_linear_networks_calls():
    """Every np./npx. call of d2l's MXNet chapters (preliminaries, linear networks)."""
    x = np.arange(12)
    assert x.shape == (12,) and x.size == 12
    X = x.reshape(3, 4)
    assert np.zeros((2, 3, 4)).shape == (2, 3, 4) and np.ones((2, 3, 4)).dtype == onp.float32
    assert np.random.normal(0, 1, size=(3, 4)).shape == (3, 4)
    Y = np.array([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    onp.testing.assert_allclose(np.exp(np.array([0., 1.])).asnumpy(), onp.exp([0., 1.]),
                                rtol=1e-6)
    assert np.concatenate([X, Y], axis=0).shape == (6, 4)
    assert np.concatenate([X, Y], axis=1).shape == (3, 8)
    Z = np.zeros_like(Y)
    Z[:] = X + Y
    assert float(np.sum(X)) == 66.0 and float(X.sum()) == 66.0
    A = X.asnumpy()
    assert type(A) is onp.ndarray and type(np.array(A)) is np.ndarray
    a = np.array([3.5])
    assert (a.item(), float(a), int(a)) == (3.5, 3.5, 3)
    u = np.array([3.0, -4.0])
    assert float(np.linalg.norm(u)) == 5.0 and float(np.abs(u).sum()) == 7.0
    assert float(np.linalg.norm(np.ones((4, 9)))) == 6.0
    assert float(np.dot(np.arange(4.), np.ones(4))) == 6.0
    assert np.dot(X, np.arange(4.)).shape == (3,)
    assert np.dot(X, np.ones((4, 3))).shape == (3, 3)
    assert X.sum(axis=[0, 1]).shape == () and X.mean(axis=0).shape == (4,)
    assert X.cumsum(axis=0).shape == (3, 4)
    assert X.sum(axis=1, keepdims=True).shape == (3, 1)
    counts = np.random.multinomial(10, np.ones(6) / 6)
    assert int(counts.sum()) == 10
    assert np.float32 is onp.float32
    assert np.random.normal(0, 0.01, (2, 1)).shape == (2, 1)
    assert np.sin(np.arange(3.)).shape == (3,) and np.cos(np.arange(3.)).shape == (3,)
    yh = np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    yy = np.array([0, 2])
    onp.testing.assert_allclose(yh[[0, 1], yy].asnumpy(), [0.1, 0.5], rtol=1e-6)
    onp.testing.assert_allclose((-np.log(yh[range(len(yh)), yy])).asnumpy(),
                                -onp.log([0.1, 0.5]), rtol=1e-6)
    assert float((yh.argmax(axis=1).astype(yy.dtype) == yy).astype(yy.dtype).sum()) == 1.0
    assert isinstance(np.ndarray, type)
    assert npx.is_np_array()
    for f in (np.expand_dims, np.squeeze):
        assert f(np.ones((1, 2)), 0).shape in ((1, 1, 2), (2,))
    assert np.stack([X, X]).shape == (2, 3, 4) and np.tile(u, (2, 1)).shape == (2, 2)
    assert np.meshgrid(np.arange(2), np.arange(3))[0].shape == (3, 2)
    assert np.linspace(0, 1, 5).shape == (5,) and np.eye(2).shape == (2, 2)
    assert np.full((2,), 3).dtype == onp.float32 and np.ones_like(X).shape == X.shape
    assert np.maximum(u, 0).shape == (2,) and np.minimum(u, 0).shape == (2,)
    assert np.unique(np.array([1., 1., 2.])).shape == (2,)
    assert np.repeat(u, 2).shape == (4,) and np.nonzero(u)[0].shape == (2,)
    assert np.argmax(yh, axis=1).dtype == onp.int64
    assert float(np.sqrt(np.array(4.))) == 2.0 and np.power(u, 2).shape == (2,)
    assert npx.one_hot(np.array([0, 2]), 3).shape == (2, 3)
    assert npx.softmax(yh).shape == (2, 3) and npx.relu(u).shape == (2,)
    assert npx.sigmoid(u).shape == (2,)
    assert npx.batch_dot(np.ones((2, 3, 4)), np.ones((2, 4, 5))).shape == (2, 3, 5)
    assert npx.sequence_mask(np.ones((3, 2)), np.array([1., 2.]),
                             use_sequence_length=True).shape == (3, 2)
    assert isinstance(npx.num_gpus(), int) and str(npx.cpu()) == "cpu(0)"
    assert str(npx.gpu(0)) == "gpu(0)"
    npx.waitall()
    assert np.random.uniform(0, 1, (2,)).shape == (2,) and np.random.rand(2).shape == (2,)
    assert np.int32 is onp.int32 and np.int64 is onp.int64
    assert np.tanh(u).shape == (2,) and np.sinh(u).shape == (2,) and np.cosh(u).shape == (2,)
    assert np.log(np.array([1.])).shape == (1,) and float(np.max(u)) == 3.0
    assert float(np.mean(u)) == -0.5
