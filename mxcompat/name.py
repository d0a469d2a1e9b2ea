"""``mx.name``: automatic names for symbols (``NameManager``, ``Prefix``).

mxcompat has no symbolic graphs; these keep MXNet's naming protocol for programs and
tests that open ``with mx.name.NameManager():`` or ``mx.name.Prefix('net_')`` blocks
(``get(name, hint)`` gives ``name``, or ``hint`` followed by a per-hint counter).
"""
import threading

__all__ = ["NameManager", "Prefix"]

_state = threading.local()


class _CurrentMeta(type):
    """Gives the classes a ``current`` class attribute: the innermost active manager."""

    @property
    def current(cls):
        mgr = getattr(_state, "manager", None)
        if mgr is None:
            mgr = _state.manager = NameManager()
        return mgr

    @current.setter
    def current(cls, value):
        _state.manager = value


class NameManager(metaclass=_CurrentMeta):
    """Names ``hint0``, ``hint1``... for objects created without a name."""

    def __init__(self):
        self._counter = {}
        self._old_manager = None

    def get(self, name, hint):
        """``name`` if given, else ``hint`` followed by the next count for that hint."""
        if name:
            return name
        n = self._counter.get(hint, 0)
        self._counter[hint] = n + 1
        return f"{hint}{n}"

    def __enter__(self):
        self._old_manager = NameManager.current
        NameManager.current = self
        return self

    def __exit__(self, *exc):
        NameManager.current = self._old_manager


class Prefix(NameManager):
    """A NameManager that puts ``prefix`` before every name."""

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)
