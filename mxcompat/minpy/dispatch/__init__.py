"""``minpy.dispatch``: MinPy's operator dispatch (only its policies are kept)."""
from . import policy  # noqa: F401
