"""``mx.gluon``: the high-level interface.

Each part is a submodule imported here; Block, Parameter, nn, loss and Trainer will
join ``data`` and ``utils``.
"""
from . import utils  # noqa: F401
from . import data  # noqa: F401
