"""Golden cases for the densities ``nd.random_pdf_*``: values and gradients w.r.t. the
sample and every parameter, log and plain, one and several distributions."""
from _common import arr, case, val

S23 = arr((2, 3), lo=0.2, hi=3.0, seed=1)
P2 = val([0.5, 1.5])
P2B = val([2.0, 0.7])
COUNTS = val([[0., 1., 4.], [2., 3., 7.]])


def _both(id, code, grad, **inputs):
    return [case(id, code, grad=grad, **inputs),
            case(id + "_log", code[:-1] + ", is_log=True)", grad=grad, **inputs)]


CASES = []
CASES += _both("uniform", "nd.random_pdf_uniform(x, lo, hi)", ["x", "lo", "hi"], x=S23,
               lo=val([0.1, -1.0]), hi=val([3.5, 4.0]))
CASES += _both("normal", "nd.random_pdf_normal(x, mu, sigma)", ["x", "mu", "sigma"], x=S23,
               mu=P2, sigma=P2B)
CASES += _both("gamma", "nd.random_pdf_gamma(x, a, b)", ["x", "a", "b"], x=S23, a=P2B, b=P2)
CASES += _both("exponential", "nd.random_pdf_exponential(x, lam)", ["x", "lam"], x=S23,
               lam=P2B)
CASES += _both("poisson", "nd.random_pdf_poisson(x, lam)", ["x", "lam"], x=COUNTS,
               lam=val([1.5, 4.0]))
CASES += _both("negative_binomial", "nd.random_pdf_negative_binomial(x, k, p)",
               ["x", "k", "p"], x=COUNTS, k=val([2.0, 3.5]), p=val([0.3, 0.6]))
CASES += _both("gnb", "nd.random_pdf_generalized_negative_binomial(x, mu, a)",
               ["x", "mu", "a"], x=COUNTS, mu=val([2.0, 3.5]), a=val([0.3, 1.2]))
CASES += _both("dirichlet", "nd.random_pdf_dirichlet(x, a)", ["x", "a"],
               x=val([[[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]], [[0.3, 0.3, 0.4], [0.1, 0.8, 0.1]]]),
               a=val([[1.5, 2.0, 0.7], [3.0, 1.0, 2.0]]))
CASES += [
    case("dirichlet_1d", "nd.random_pdf_dirichlet(x, a)", grad=["x", "a"],
         x=val([0.2, 0.3, 0.5]), a=val([1.5, 2.0, 0.7]), repr=True),
    case("dirichlet_shared_alpha", "nd.random_pdf_dirichlet(x, a)", grad=["x", "a"],
         x=val([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]), a=val([1.5, 2.0, 0.7])),
    case("normal_same_shape", "nd.random_pdf_normal(x, mu, sigma)", grad=["x", "mu", "sigma"],
         x=val([0.5, -1.0]), mu=P2, sigma=P2B, repr=True),
    case("normal_3d", "nd.random_pdf_normal(x, mu, sigma, is_log=True)",
         grad=["x", "mu", "sigma"], x=arr((2, 2, 3), seed=3), mu=val([[0.0, 1.0], [2.0, -1.0]]),
         sigma=val([[1.0, 2.0], [0.5, 1.5]])),
    # MXNet's pi is a float32 constant: its float64 densities are off by ~1e-8.
    case("normal_f64", "nd.random_pdf_normal(x, mu, sigma)", grad=["x", "mu", "sigma"],
         x=arr((2, 3), "float64", seed=4), mu=val([0.5, 1.5], "float64"),
         sigma=val([2.0, 0.7], "float64"), rtol=1e-7),
    case("normal_kw", "nd.random_pdf_normal(sample=x, mu=mu, sigma=sigma, is_log=True)",
         x=S23, mu=P2, sigma=P2B),
    case("internal_name", "nd._internal._random_pdf_exponential(x, lam)", x=S23, lam=P2B),
    case("err_shape", "nd.random_pdf_normal(x, mu, sigma)", error=True, x=S23,
         mu=val([0.5, 1.5, 2.0]), sigma=val([1.0, 1.0, 1.0])),
    case("err_param_shapes", "nd.random_pdf_normal(x, mu, sigma)", error=True, x=S23,
         mu=val([0.5, 1.5]), sigma=val([[1.0, 1.0]])),
    case("err_dtype", "nd.random_pdf_normal(x, mu, sigma)", error=True, x=S23,
         mu=val([0.5, 1.5], "float64"), sigma=val([1.0, 1.0], "float64")),
    case("err_int", "nd.random_pdf_poisson(x, lam)", error=True, x=val([[1, 2]], "int32"),
         lam=val([1], "int32")),
]
