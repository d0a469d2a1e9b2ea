"""``gluon.contrib``: extra layers that the model zoo and user models build on (``nn``)."""
from . import nn  # noqa: F401
