"""``gluon.contrib.nn``: containers that run their children side by side
(``Concurrent``, ``HybridConcurrent``) and the pass-through ``Identity`` layer."""
from .basic_layers import Concurrent, HybridConcurrent, Identity  # noqa: F401

__all__ = ["Concurrent", "HybridConcurrent", "Identity"]
