"""MinPy's API on mxcompat: ``import minpy.numpy as np`` and ``minpy.core.grad``.

MinPy (dmlc/minpy) was a numpy-compatible front end to MXNet with a functional
autograd (``grad(f)``, ``grad_and_loss(f)``). Here its numpy namespace is made of
mx.np's ops (``minpy.numpy``), its arrays are mx.np arrays that also mix with numpy
(``minpy.array.Array``), and ``minpy.core`` differentiates with ``mx.autograd``, to any
order. Dispatch policies are accepted and have no effect (``minpy.dispatch.policy``).
See README.md in this package for what is kept from MinPy and what differs.
"""
from . import array, context, core, numpy  # noqa: F401
from .dispatch import policy
from .dispatch.policy import (AutoBlacklistPolicy, BlacklistPolicy,  # noqa: F401
                              OnlyMXNetPolicy, OnlyNumPyPolicy, PreferMXNetPolicy,
                              wrap_policy)

__all__ = ["set_global_policy", "get_global_policy", "wrap_policy", "policy",
           "PreferMXNetPolicy", "OnlyNumPyPolicy", "OnlyMXNetPolicy",
           "AutoBlacklistPolicy", "BlacklistPolicy", "array", "context", "core", "numpy"]

Config = {"default_policy": PreferMXNetPolicy()}


def set_global_policy(plc):
    """Set the dispatch policy (a name such as 'only_numpy' or a policy object).

    Accepted for MinPy programs; mxcompat runs the same mx.np ops under every policy.
    """
    Config["default_policy"] = policy.create(plc)


def get_global_policy():
    """The policy last set with ``set_global_policy`` (PreferMXNetPolicy by default)."""
    return Config["default_policy"]
