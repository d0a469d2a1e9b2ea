"""``mx.optimizer``: MXNet 1.9.1's optimizers, updaters and their registry."""
from . import optimizer
from .optimizer import Optimizer, register, create
from .sgd import SGD, ccSGD, NAG, Signum, LARS, LBSGD, DCASGD, SGLD, Test
from .adaptive import Adam, AdaGrad, RMSProp, AdaDelta, Adamax, Nadam, FTML, Ftrl, LAMB
from .updater import Updater, get_updater
from . import contrib  # noqa: E402
from ..ndarray import abs as NDabs  # noqa: E402,F401  (MXNet exports it here)

__all__ = ["AdaDelta", "AdaGrad", "Adam", "Adamax", "DCASGD", "FTML", "Ftrl", "LARS", "LBSGD",
           "NAG", "NDabs", "Nadam", "Optimizer", "RMSProp", "SGD", "SGLD", "Signum",
           "LAMB", "Test", "Updater", "ccSGD", "create", "get_updater", "register", "contrib"]
