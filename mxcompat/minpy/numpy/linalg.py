"""``minpy.numpy.linalg``: mx.np.linalg's functions returning MinPy arrays (numpy's
own, on the host, for the names mx.np.linalg lacks)."""
import numpy as _onp

from ...numpy import linalg as _mxnp_linalg
from ._wrapping import from_numpy as _from_numpy, namespace as _namespace

globals().update(_namespace(_mxnp_linalg))


def __getattr__(name):
    f = getattr(_onp.linalg, name, None) if not name.startswith("__") else None
    if f is None or not callable(f):
        raise AttributeError(f"module 'minpy.numpy.linalg' has no attribute {name!r}: "
                             f"neither mx.np.linalg nor numpy.linalg defines it.")
    f = _from_numpy(f, name)
    globals()[name] = f
    return f
