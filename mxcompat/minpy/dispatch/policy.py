"""``minpy.dispatch.policy``: MinPy's dispatch policies, accepted and ignored.

MinPy chose per operator between an MXNet and a NumPy implementation. mxcompat has
one: every ``minpy.numpy`` function is mx.np's, and names mx.np lacks fall back to
numpy. The policy classes exist so that MinPy programs that set them run unchanged;
choosing one changes nothing.
"""
import functools

__all__ = ["Policy", "PreferMXNetPolicy", "OnlyNumPyPolicy", "OnlyMXNetPolicy",
           "AutoBlacklistPolicy", "BlacklistPolicy", "PrimitivePolicyError",
           "wrap_policy", "create"]


class PrimitivePolicyError(ValueError):
    """MinPy's error for an operator a policy cannot run."""


class Policy:
    """A dispatch policy (no effect in mxcompat). ``with policy:`` makes it the global
    policy inside the block."""

    def __init__(self):
        self._previous = []

    @property
    def name(self):
        return type(self).__name__

    def __enter__(self):
        from .. import get_global_policy, set_global_policy
        self._previous.append(get_global_policy())
        set_global_policy(self)
        return self

    def __exit__(self, *exc):
        from .. import set_global_policy
        set_global_policy(self._previous.pop())

    def __repr__(self):
        return f"<minpy policy {self.name} (no effect in mxcompat)>"


class PreferMXNetPolicy(Policy):
    """MinPy's default: MXNet's operator where there is one, else NumPy's."""


class OnlyNumPyPolicy(Policy):
    """NumPy's operators only (in mxcompat the same ops run either way)."""


class OnlyMXNetPolicy(Policy):
    """MXNet's operators only (in mxcompat the same ops run either way)."""


class AutoBlacklistPolicy(Policy):
    """MXNet first, remembering the operators that failed (nothing fails over here)."""

    def __init__(self, gen_rule=False, append_rule=True, loc=None):
        super().__init__()
        self.gen_rule, self.append_rule, self.loc = gen_rule, append_rule, loc

    def save_rules(self):
        """Nothing to save: no operator is blacklisted."""


BlacklistPolicy = AutoBlacklistPolicy

_NAMES = {"prefer_mxnet": PreferMXNetPolicy, "only_numpy": OnlyNumPyPolicy,
          "only_mxnet": OnlyMXNetPolicy}


def create(plc):
    """A policy object from a policy or one of the names 'prefer_mxnet',
    'only_numpy', 'only_mxnet'."""
    if isinstance(plc, Policy):
        return plc
    cls = _NAMES.get(plc) if isinstance(plc, str) else None
    if cls is None:
        raise TypeError(f"Unknown policy name {plc!r}: use one of {sorted(_NAMES)} or a "
                        "policy object such as minpy.dispatch.policy.PreferMXNetPolicy().")
    return cls()


def wrap_policy(plc):
    """Decorator running a function under policy ``plc`` (no effect in mxcompat)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            from .. import get_global_policy, set_global_policy
            old = get_global_policy()
            set_global_policy(plc)
            try:
                return func(*args, **kwargs)
            finally:
                set_global_policy(old)
        return wrapper
    return decorator
