"""The ``mx.np`` / ``mx.npx`` op families (numpy semantics), loaded after the nd ones.

Each ``np_*`` module registers its ops and functions with ``np``/``npx`` names and the
``np_method`` kind, from which ``mx.np.ndarray``'s methods are generated.
"""
from . import np_creation, np_ufunc, np_unary, np_reduce, np_shape  # noqa: F401
from . import np_join, np_select, np_linalg, np_index, np_random, np_npx  # noqa: F401

FAMILIES = ("np_creation", "np_ufunc", "np_unary", "np_reduce", "np_shape", "np_join",
            "np_select", "np_linalg", "np_index", "np_random", "np_npx")
