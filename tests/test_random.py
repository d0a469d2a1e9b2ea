"""Random ops: reproducibility under mx.random.seed, the distributions' statistics
against their analytic moments, per-element parameters, gradients, devices, errors.

Shapes, dtypes, reprs and error types are compared with real MXNet in the goldens
(tests/golden/specs/random_ops.py). Here every statistical check draws a large sample
from a fixed seed, so it is deterministic, and allows about six standard errors.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat._core import rng
from mxcompat.ops.random_ops import kernels as K

nd = mx.nd
N = 200_000


def draws():
    """One call of every public random function (each returns an NDArray)."""
    p = nd.array([[0.2, 0.3, 0.5], [0.6, 0.0, 0.4]])
    lo = nd.array([0.0, 5.0])
    return [
        nd.random.uniform(shape=(3, 4)),
        nd.random.normal(1, 2, shape=(5,)),
        nd.random.randn(2, 3),
        nd.random.gamma(2, 3, shape=7),
        nd.random.exponential(2, shape=7),
        nd.random.poisson(4, shape=7),
        nd.random.negative_binomial(3, 0.4, shape=7),
        nd.random.generalized_negative_binomial(3, 0.5, shape=7),
        nd.random.randint(0, 1000, shape=(6,)),
        nd.random.multinomial(p, shape=8),
        nd.random.shuffle(nd.arange(20)),
        nd.random.uniform(lo, lo + 1, shape=3),
        nd.random.uniform_like(nd.zeros((4,))),
        nd.random_normal(shape=(4,)),
        nd.sample_poisson(nd.array([2.0, 9.0]), shape=4),
        mx.random.normal(shape=(3,)),
    ]


def values(arrays):
    return [a.asnumpy() for a in arrays]


# ------------------------------------------------------------ reproducibility
def test_same_seed_same_values():
    mx.random.seed(123)
    first = values(draws())
    mx.random.seed(123)
    second = values(draws())
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_different_seeds_differ():
    mx.random.seed(1)
    a = values(draws())
    mx.random.seed(2)
    b = values(draws())
    # Every continuous / wide-range draw must change with the seed.
    for i in (0, 1, 2, 3, 4, 8, 10, 11, 12, 13, 15):
        assert not np.array_equal(a[i], b[i]), f"draw {i} ignores the seed"


def test_successive_draws_differ():
    mx.random.seed(5)
    a = nd.random.uniform(shape=(100,)).asnumpy()
    b = nd.random.uniform(shape=(100,)).asnumpy()
    assert not np.array_equal(a, b)
    c = nd.random.shuffle(nd.arange(50)).asnumpy()
    d = nd.random.shuffle(nd.arange(50)).asnumpy()
    assert not np.array_equal(c, d)


def test_seed_is_a_c_int():
    # MXNet passes the seed as a C int: -1 and 2**32 - 1 are the same seed.
    mx.random.seed(-1)
    a = nd.random.uniform(shape=(5,)).asnumpy()
    mx.random.seed(2 ** 32 - 1)
    b = nd.random.uniform(shape=(5,)).asnumpy()
    np.testing.assert_array_equal(a, b)


def test_seed_with_ctx_reseeds():
    mx.random.seed(9, ctx=mx.cpu())
    a = nd.random.normal(shape=(4,)).asnumpy()
    mx.random.seed(9, ctx="all")
    b = nd.random.normal(shape=(4,)).asnumpy()
    np.testing.assert_array_equal(a, b)


def test_seed_rejects_non_int():
    with pytest.raises(ValueError, match="seed_state must be int"):
        mx.random.seed(1.5)
    with pytest.raises(ValueError, match="seed_state must be int"):
        mx.random.seed("7")


def test_counter_wraps_to_a_new_key():
    mx.random.seed(3)
    start = nd.random.uniform(shape=(8,)).asnumpy()
    key0, _ = rng.next_key()
    rng._stream.counter = 2 ** 32  # as after 2**32 draws
    key1, c = rng.next_key()
    assert int(c) == 0
    assert not np.array_equal(np.asarray(key0), np.asarray(key1))
    rng._stream.counter = 0
    again = nd.random.uniform(shape=(8,)).asnumpy()
    assert not np.array_equal(start, again)


def test_new_parameters_never_recompile():
    op = K.RANDOM["normal"]
    nd.random.normal(0, 1, shape=(3, 3))
    nkern = len(op._kernels)
    kern = op.kernel((("shape", (3, 3)), ("dtype", "float32")), None)
    fwd = kern.fwd_on(mx.cpu().jax_device)
    before = fwd._cache_size()
    for i in range(20):
        nd.random.normal(i * 0.5, 1 + i, shape=(3, 3))
    assert len(op._kernels) == nkern
    assert fwd._cache_size() == before


# ----------------------------------------------------------------- statistics
def _moments_ok(x, mean, var, rel_var=0.05):
    x = np.asarray(x, dtype=np.float64).ravel()
    se = math.sqrt(var / x.size)
    assert abs(x.mean() - mean) < 6 * se + 1e-9, (x.mean(), mean)
    assert abs(x.var() - var) < rel_var * var + 1e-9, (x.var(), var)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_uniform_moments_and_range(dtype):
    mx.random.seed(10)
    x = nd.random.uniform(-2, 3, shape=(N,), dtype=dtype)
    assert x.dtype == np.dtype(dtype)
    a = x.asnumpy()
    assert a.min() >= -2 and a.max() <= 3
    if dtype != "float16":
        assert a.max() < 3
    _moments_ok(a, 0.5, 25 / 12, rel_var=0.05 if dtype != "float16" else 0.08)


@pytest.mark.parametrize("loc,scale", [(0, 1), (5, 2), (-3, 0.1)])
def test_normal_moments(loc, scale):
    mx.random.seed(11)
    _moments_ok(nd.random.normal(loc, scale, shape=(N,)).asnumpy(), loc, scale ** 2)


def test_randn_moments():
    mx.random.seed(12)
    _moments_ok(nd.random.randn(400, 500, loc=2, scale=3).asnumpy(), 2, 9)


@pytest.mark.parametrize("alpha,beta", [(0.5, 2.0), (2.0, 3.0), (9.0, 0.5)])
def test_gamma_moments(alpha, beta):
    mx.random.seed(13)
    x = nd.random.gamma(alpha, beta, shape=(N,)).asnumpy()
    assert x.min() >= 0
    _moments_ok(x, alpha * beta, alpha * beta ** 2, rel_var=0.06)


@pytest.mark.parametrize("scale", [0.5, 4.0])
def test_exponential_takes_the_scale(scale):
    mx.random.seed(14)
    x = nd.random.exponential(scale, shape=(N,)).asnumpy()
    assert x.min() >= 0
    _moments_ok(x, scale, scale ** 2)


def test_legacy_exponential_takes_the_rate():
    mx.random.seed(15)
    _moments_ok(nd.random_exponential(lam=4.0, shape=(N,)).asnumpy(), 0.25, 1 / 16)


@pytest.mark.parametrize("lam", [0.5, 3.0, 50.0])
def test_poisson_moments(lam):
    mx.random.seed(16)
    x = nd.random.poisson(lam, shape=(N,)).asnumpy()
    assert np.all(x == np.round(x)) and x.min() >= 0
    _moments_ok(x, lam, lam)


@pytest.mark.parametrize("k,p", [(3, 0.4), (10, 0.8), (1, 0.5)])
def test_negative_binomial_moments(k, p):
    mx.random.seed(17)
    x = nd.random.negative_binomial(k, p, shape=(N,)).asnumpy()
    assert np.all(x == np.round(x)) and x.min() >= 0
    _moments_ok(x, k * (1 - p) / p, k * (1 - p) / p ** 2, rel_var=0.06)


@pytest.mark.parametrize("mu,alpha", [(4.0, 0.5), (2.0, 0.0), (10.0, 0.1)])
def test_generalized_negative_binomial_moments(mu, alpha):
    mx.random.seed(18)
    x = nd.random.generalized_negative_binomial(mu, alpha, shape=(N,)).asnumpy()
    assert np.all(x == np.round(x)) and x.min() >= 0
    _moments_ok(x, mu, mu + alpha * mu ** 2, rel_var=0.06)


def test_randint_range_and_frequencies():
    mx.random.seed(19)
    x = nd.random.randint(-3, 4, shape=(N,)).asnumpy()
    assert x.dtype == np.int32
    # [low, high): low is drawn, high never is.
    assert set(np.unique(x)) == set(range(-3, 4))
    counts = np.bincount(x + 3)
    expect = N / 7
    assert np.all(np.abs(counts - expect) < 6 * math.sqrt(expect))


def test_randint_int64_wide_range():
    mx.random.seed(20)
    x = nd.random.randint(0, 2 ** 40, shape=(1000,), dtype="int64").asnumpy()
    assert x.dtype == np.int64 and x.min() >= 0 and x.max() < 2 ** 40
    assert x.max() > 2 ** 38  # the draws use the whole range


def test_like_ops_follow_the_distribution():
    mx.random.seed(21)
    data = nd.zeros((400, 500), dtype="float64")
    x = nd.random.normal_like(data, loc=1, scale=2)
    assert x.shape == (400, 500) and x.dtype == np.float64
    _moments_ok(x.asnumpy(), 1, 4)
    _moments_ok(nd.random.poisson_like(data, lam=3).asnumpy(), 3, 3)
    _moments_ok(nd.random.gamma_like(data, alpha=2, beta=2).asnumpy(), 4, 8)


# ------------------------------------------------------- per-element parameters
def test_per_element_normal():
    mx.random.seed(22)
    mu = nd.array([[0.0, 10.0], [-5.0, 3.0]])
    sigma = nd.array([[1.0, 0.5], [2.0, 4.0]])
    x = nd.random.normal(mu, sigma, shape=(50_000,))
    assert x.shape == (2, 2, 50_000)
    a = x.asnumpy()
    for i in range(2):
        for j in range(2):
            _moments_ok(a[i, j], mu.asnumpy()[i, j], sigma.asnumpy()[i, j] ** 2)


def test_per_element_uniform_respects_each_interval():
    mx.random.seed(23)
    low = nd.array([0.0, 10.0, -4.0])
    high = nd.array([1.0, 12.0, -3.5])
    a = nd.random.uniform(low, high, shape=(1000,)).asnumpy()
    for i in range(3):
        assert a[i].min() >= low.asnumpy()[i] and a[i].max() < high.asnumpy()[i]


def test_per_element_discrete_distributions():
    mx.random.seed(24)
    lam = nd.array([1.0, 20.0])
    a = nd.random.poisson(lam, shape=(N,)).asnumpy()
    _moments_ok(a[0], 1, 1)
    _moments_ok(a[1], 20, 20)
    k = nd.array([2.0, 5.5])        # per-element k may be fractional
    p = nd.array([0.5, 0.25])
    b = nd.random.negative_binomial(k, p, shape=(N,)).asnumpy()
    for i, (kk, pp) in enumerate([(2.0, 0.5), (5.5, 0.25)]):
        _moments_ok(b[i], kk * (1 - pp) / pp, kk * (1 - pp) / pp ** 2, rel_var=0.06)
    mu = nd.array([3.0, 3.0])
    alpha = nd.array([0.0, 1.0])
    c = nd.sample_generalized_negative_binomial(mu, alpha, shape=(N,)).asnumpy()
    _moments_ok(c[0], 3, 3, rel_var=0.06)
    _moments_ok(c[1], 3, 3 + 9, rel_var=0.06)


def test_per_element_exponential_takes_scale_and_legacy_rate():
    mx.random.seed(25)
    s = nd.array([0.5, 3.0])
    a = nd.random.exponential(s, shape=(N,)).asnumpy()
    _moments_ok(a[0], 0.5, 0.25)
    _moments_ok(a[1], 3.0, 9.0)
    b = nd.sample_exponential(s, shape=(N,)).asnumpy()   # legacy: s is the rate
    _moments_ok(b[0], 2.0, 4.0)
    _moments_ok(b[1], 1 / 3, 1 / 9)


def test_per_element_gamma_and_dtype():
    mx.random.seed(26)
    alpha = nd.array([0.5, 4.0], dtype="float64")
    beta = nd.array([2.0, 0.25], dtype="float64")
    x = nd.random.gamma(alpha, beta, shape=(N,), dtype="float64")
    assert x.dtype == np.float64
    a = x.asnumpy()
    _moments_ok(a[0], 1.0, 2.0, rel_var=0.06)
    _moments_ok(a[1], 1.0, 0.25, rel_var=0.06)


# -------------------------------------------------------------- multinomial
def test_multinomial_frequencies():
    mx.random.seed(27)
    probs = np.array([[0.1, 0.0, 0.6, 0.3], [0.25, 0.25, 0.25, 0.25]], dtype=np.float32)
    x = nd.random.multinomial(nd.array(probs), shape=(N,)).asnumpy()
    assert x.shape == (2, N) and x.dtype == np.int32
    for row in range(2):
        counts = np.bincount(x[row], minlength=4)
        expect = probs[row] * N
        assert np.all(np.abs(counts - expect) < 6 * np.sqrt(expect + 1))
    assert not np.any(x[0] == 1)  # a zero-probability category is never drawn


def test_multinomial_get_prob_is_the_log_likelihood():
    mx.random.seed(28)
    probs = np.array([0.2, 0.5, 0.3], dtype=np.float32)
    idx, logp = nd.random.multinomial(nd.array(probs), shape=(1000,), get_prob=True)
    np.testing.assert_allclose(logp.asnumpy(), np.log(probs[idx.asnumpy()]), rtol=1e-6)


def test_multinomial_get_prob_gradient_matches_jax():
    mx.random.seed(29)
    probs = np.array([[0.2, 0.5, 0.3], [0.7, 0.1, 0.2]], dtype=np.float32)
    head = np.arange(10, dtype=np.float32).reshape(2, 5) / 7 + 0.5
    p = nd.array(probs)
    p.attach_grad()
    with mx.autograd.record():
        idx, logp = nd.random.multinomial(p, shape=(5,), get_prob=True)
    logp.backward(nd.array(head))
    ids = jnp.asarray(idx.asnumpy())
    want = jax.grad(lambda q: jnp.sum(jnp.log(jnp.take_along_axis(q, ids, 1)) * head))(
        jnp.asarray(probs))
    np.testing.assert_allclose(p.grad.asnumpy(), np.asarray(want), rtol=1e-5)


def test_multinomial_rows_that_do_not_sum_to_one_stay_in_range():
    mx.random.seed(30)
    x = nd.random.multinomial(nd.array([0.0, 0.0, 0.5]), shape=(1000,)).asnumpy()
    assert np.all(x == 2)


# ------------------------------------------------------------------ shuffle
def test_shuffle_is_a_permutation_of_rows():
    mx.random.seed(31)
    data = np.arange(40, dtype=np.float32).reshape(10, 4)
    out = nd.random.shuffle(nd.array(data)).asnumpy()
    assert out.shape == data.shape
    np.testing.assert_array_equal(out[np.argsort(out[:, 0])], data)
    assert not np.array_equal(out, data)


def test_shuffle_permutations_are_uniform():
    mx.random.seed(32)
    x = nd.array([0.0, 1.0, 2.0])
    counts = {}
    n = 3000
    for _ in range(n):
        key = tuple(nd.random.shuffle(x).asnumpy().astype(int))
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 6
    for c in counts.values():
        assert abs(c - n / 6) < 6 * math.sqrt(n / 6)


def test_shuffle_gradient_is_permuted_back():
    mx.random.seed(33)
    data = nd.array(np.arange(12, dtype=np.float32).reshape(6, 2))
    weight = np.arange(12, dtype=np.float32).reshape(6, 2) * 0.5 + 1
    data.attach_grad()
    with mx.autograd.record():
        y = nd.random.shuffle(data)
        z = (y * nd.array(weight)).sum()
    z.backward()
    perm = (y.asnumpy()[:, 0] // 2).astype(int)   # row i of y is row perm[i] of data
    want = jax.vjp(lambda d: jnp.take(d, jnp.asarray(perm), axis=0),
                   jnp.asarray(data.asnumpy()))[1](jnp.asarray(weight))[0]
    np.testing.assert_allclose(data.grad.asnumpy(), np.asarray(want))


# ------------------------------------------------------------------ gradients
def test_draw_parameters_get_zero_gradient():
    mu = nd.array([1.0, 2.0])
    sigma = nd.array([0.5, 2.0])
    for a in (mu, sigma):
        a.attach_grad()
    with mx.autograd.record():
        y = nd.random.normal(mu, sigma, shape=(3,))
        z = (y * y).sum() + (mu * 3).sum()
    z.backward()
    # MXNet's draws have zero gradient w.r.t. their parameters; mu gets only the 3.
    np.testing.assert_array_equal(mu.grad.asnumpy(), [3.0, 3.0])
    np.testing.assert_array_equal(sigma.grad.asnumpy(), [0.0, 0.0])


# ------------------------------------------------------------- devices, out=
def test_draws_land_on_the_requested_context():
    assert nd.random.uniform(shape=(2,), ctx=mx.cpu(1)).context == mx.cpu(1)
    assert nd.random.randint(0, 5, shape=(2,), ctx=mx.cpu(3)).context == mx.cpu(3)
    with mx.cpu(2):
        assert nd.random.normal(shape=(2,)).context == mx.cpu(2)
    lo = nd.array([1.0, 2.0], ctx=mx.cpu(4))
    assert nd.random.uniform(lo, lo + 1, ctx=mx.cpu(1)).context == mx.cpu(4)


def test_out_is_written_in_place():
    mx.random.seed(34)
    out = nd.zeros((1000,), dtype="float64")
    res = nd.random.normal(2, 1, out=out)
    assert res is out and out.dtype == np.float64
    assert abs(out.asnumpy().mean() - 2) < 0.2


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("call,match", [
    (lambda: nd.random.uniform(2, 1, shape=2), "mx.nd.random.uniform: low must be"),
    (lambda: nd.random.normal(0, -1, shape=2), "scale .* must be positive"),
    (lambda: nd.random.poisson(-1, shape=2), "lam must be non-negative"),
    (lambda: nd.random.randint(3, 3, shape=2), "low must be less than high"),
    (lambda: nd.random_uniform(), "needs the shape"),
    (lambda: nd.random.uniform(shape=(2, 0)), "not a valid output shape"),
    (lambda: nd.random.uniform(shape=2, dtype="int32"), "invalid dtype 'int32'"),
    (lambda: nd.random.shuffle(nd.array([[1.0]]), axis=1), "first axis"),
    (lambda: nd.random.shuffle(nd.array([[1.0]]), bogus=1), "unexpected argument 'bogus'"),
])
def test_error_messages_name_the_api(call, match):
    with pytest.raises(mx.MXNetError, match=match):
        call()


def test_mixed_parameter_types_assert():
    with pytest.raises(AssertionError, match="all be NDArrays or all be numbers"):
        nd.random.normal(nd.array([1.0]), 1.0)


# ------------------------------------------------------------------ densities
def test_discrete_densities_sum_to_one_with_the_right_mean():
    k = nd.array(np.arange(400)[None, :].repeat(3, 0), dtype="float64")
    lam = nd.array([0.5, 4.0, 30.0], dtype="float64")
    pois = nd.random_pdf_poisson(k, lam).asnumpy()
    np.testing.assert_allclose(pois.sum(1), 1, rtol=1e-9)
    np.testing.assert_allclose((pois * np.arange(400)).sum(1), [0.5, 4.0, 30.0], rtol=1e-9)
    kk = nd.array([1.0, 2.5, 6.0], dtype="float64")
    p = nd.array([0.5, 0.3, 0.8], dtype="float64")
    nb = nd.random_pdf_negative_binomial(k, kk, p).asnumpy()
    np.testing.assert_allclose(nb.sum(1), 1, rtol=1e-9)
    mean = kk.asnumpy() * (1 - p.asnumpy()) / p.asnumpy()
    np.testing.assert_allclose((nb * np.arange(400)).sum(1), mean, rtol=1e-9)
    gnb = nd.random_pdf_generalized_negative_binomial(
        k, nd.array([2.0, 5.0, 1.0], dtype="float64"),
        nd.array([0.5, 0.1, 2.0], dtype="float64")).asnumpy()
    np.testing.assert_allclose(gnb.sum(1), 1, rtol=1e-7)
    np.testing.assert_allclose((gnb * np.arange(400)).sum(1), [2.0, 5.0, 1.0], rtol=1e-6)


def test_continuous_densities_integrate_to_one():
    x = np.linspace(1e-6, 60, 600_001)
    dx = x[1] - x[0]
    xs = nd.array(x[None, :].repeat(2, 0), dtype="float64")
    two = lambda a, b: (nd.array(a, dtype="float64"), nd.array(b, dtype="float64"))  # noqa
    checks = {
        "gamma": nd.random_pdf_gamma(xs, *two([1.5, 3.0], [1.0, 0.5])),   # beta is a rate
        "exponential": nd.random_pdf_exponential(xs, nd.array([0.5, 2.0], dtype="float64")),
        "normal": nd.random_pdf_normal(xs, *two([20.0, 30.0], [2.0, 5.0])),
        "uniform": nd.random_pdf_uniform(xs[:, :1], *two([0.0, -1.0], [2.0, 3.0])),
    }
    for name, dens in checks.items():
        d = dens.asnumpy()
        total = d.sum(1) * dx if name != "uniform" else d[:, 0] * [2.0, 4.0]
        np.testing.assert_allclose(total, 1, rtol=2e-3, err_msg=name)


def test_sampler_frequencies_match_the_density():
    # The samplers and the densities use the same parameterisations.
    mx.random.seed(40)
    k, p = 3.0, 0.4
    draws = nd.random.negative_binomial(3, 0.4, shape=(N,)).asnumpy().astype(int)
    support = np.arange(12, dtype=np.float32)
    pdf = nd.random_pdf_negative_binomial(nd.array(support[None]), nd.array([k]),
                                          nd.array([p])).asnumpy()[0]
    freq = np.bincount(draws, minlength=12)[:12] / N
    assert np.all(np.abs(freq - pdf) < 6 * np.sqrt(pdf / N) + 1e-4)
    g = nd.random.gamma(2.0, 0.5, shape=(N,)).asnumpy()   # scale 0.5 == rate 2
    logp = nd.random_pdf_gamma(nd.array(g[None]), nd.array([2.0]), nd.array([2.0]),
                               is_log=True).asnumpy()
    # E[log p(X)] is minus the entropy of Gamma(a, rate): a - log(rate) + lgamma(a) +
    # (1 - a) * digamma(a), with digamma(2) = 1 - Euler's gamma.
    a, rate = 2.0, 2.0
    entropy = a - math.log(rate) + math.lgamma(a) + (1 - a) * (1 - 0.5772156649015329)
    assert abs(logp.mean() + entropy) < 0.01


def test_dirichlet_density_matches_jax():
    x = np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]], dtype=np.float64)
    a = np.array([1.5, 2.0, 0.7], dtype=np.float64)
    got = nd.random_pdf_dirichlet(nd.array(x, dtype="float64"), nd.array(a, dtype="float64"),
                                  is_log=True).asnumpy()
    want = jax.scipy.stats.dirichlet.logpdf(jnp.asarray(x.T), jnp.asarray(a))
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-10)


def test_namespaces_have_mxnets_names():
    # Names listed by MXNet 1.9.1 (dir(mx.nd.random), dir(mx.nd), dir(mx.random)).
    nd_random = ["exponential", "exponential_like", "gamma", "gamma_like",
                 "generalized_negative_binomial", "generalized_negative_binomial_like",
                 "multinomial", "negative_binomial", "negative_binomial_like", "normal",
                 "normal_like", "poisson", "poisson_like", "randint", "randn", "shuffle",
                 "uniform", "uniform_like"]
    nd_top = ["normal", "random_exponential", "random_gamma",
              "random_generalized_negative_binomial", "random_negative_binomial",
              "random_normal", "random_pdf_dirichlet", "random_pdf_exponential",
              "random_pdf_gamma", "random_pdf_generalized_negative_binomial",
              "random_pdf_negative_binomial", "random_pdf_normal", "random_pdf_poisson",
              "random_pdf_uniform", "random_poisson", "random_randint", "random_uniform",
              "sample_exponential", "sample_gamma", "sample_generalized_negative_binomial",
              "sample_multinomial", "sample_negative_binomial", "sample_normal",
              "sample_poisson", "sample_uniform", "shuffle", "uniform"]
    mx_random = ["exponential", "gamma", "generalized_negative_binomial", "multinomial",
                 "negative_binomial", "normal", "poisson", "randint", "randn", "seed",
                 "shuffle", "uniform"]
    for ns, names in ((nd.random, nd_random), (nd, nd_top), (mx.random, mx_random)):
        missing = [n for n in names if not callable(getattr(ns, n, None))]
        assert not missing, missing
    assert mx.random.uniform is nd.random.uniform
