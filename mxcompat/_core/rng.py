"""The random stream: ``mx.random.seed`` makes every random op reproducible.

A base key and a counter: each random op draws ``fold_in(key, counter)`` inside its
compiled kernel (the key and counter are dynamic arguments, so drawing never
recompiles) and advances the counter. A recorded random op (Dropout) keeps its key and
counter as constant inputs, so a replay in backward sees the same random values.
"""
import threading

import jax
import jax.numpy as jnp
import numpy as _np

_lock = threading.Lock()


class _Stream:
    def __init__(self, seed):
        self.reset(seed)

    def reset(self, seed):
        self.key = jax.random.key_data(jax.random.key(int(seed) & 0xFFFFFFFF))
        self.counter = 0

    def next(self):
        with _lock:
            c = self.counter
            self.counter += 1
        return self.key, c


_stream = _Stream(_np.random.SeedSequence().entropy & 0xFFFFFFFF)


def seed(seed_state):
    """Reset the stream (``mx.random.seed``)."""
    _stream.reset(seed_state)


def next_key():
    """(key data, counter) for one random op."""
    traced = _next_traced()
    if traced is not None:
        return traced
    return _stream.next()


def subkey(key, counter):
    """Inside a kernel: the jax PRNG key for one draw. ``counter`` may arrive as a
    Python int, or as a float64/int64 array in a compiled replay; it is cast."""
    c = jnp.asarray(counter).astype(jnp.uint32)
    return jax.random.fold_in(jax.random.wrap_key_data(key), c)


# While a hybridized block is traced, random ops draw from a key that is an argument
# of the compiled program (so every call gets new random numbers), not from the stream.
_trace = threading.local()


class trace_scope:
    """``with trace_scope(key, counter):`` random ops inside draw ``fold_in(base, i)``."""

    def __init__(self, key, counter):
        self.base = jax.random.key_data(subkey(key, counter))
        self.i = 0

    def __enter__(self):
        self.prev = getattr(_trace, "scope", None)
        _trace.scope = self
        return self

    def __exit__(self, *exc):
        _trace.scope = self.prev


def _next_traced():
    scope = getattr(_trace, "scope", None)
    if scope is None:
        return None
    i = scope.i
    scope.i += 1
    return scope.base, i
