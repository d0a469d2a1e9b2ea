"""The random stream: ``mx.random.seed`` makes every random op reproducible.

A base key and a counter: each random op draws ``fold_in(key, counter)`` inside its
compiled kernel (the key and counter are dynamic arguments, so drawing never
recompiles) and advances the counter. A recorded random op (Dropout) keeps its key and
counter as constant inputs, so a replay in backward sees the same random values.

The key lives on the host (numpy uint32[2]), so a kernel on any device takes it without
a device-to-device copy; ``next_stream()`` packs key and counter into one small array,
which jax passes to a compiled function faster than separate scalars. After 2**32 draws
the counter wraps and the base key moves on to the next one, so the stream never
repeats.
"""
import threading

import jax
import jax.numpy as jnp
import numpy as _np

_lock = threading.Lock()


def _key_data(seed, epoch=0):
    key = jax.random.key(int(seed) & 0xFFFFFFFF)
    if epoch:
        key = jax.random.fold_in(key, epoch)
    return _np.asarray(jax.random.key_data(key), dtype=_np.uint32)


class _Stream:
    def __init__(self, seed):
        self.reset(seed)

    def reset(self, seed):
        with _lock:
            self.seed = int(seed) & 0xFFFFFFFF
            self.epoch = 0
            self.key = _key_data(self.seed)
            self.counter = 0

    def next(self):
        with _lock:
            c = self.counter
            if c > 0xFFFFFFFF:
                self.epoch += 1
                self.key = _key_data(self.seed, self.epoch)
                c = 0
            self.counter = c + 1
            return self.key, c


_stream = _Stream(_np.random.SeedSequence().entropy & 0xFFFFFFFF)


def seed(seed_state):
    """Reset the stream (``mx.random.seed``)."""
    _stream.reset(seed_state)


def next_key():
    """(key data, counter) for one random op: a numpy uint32[2] and a numpy int64
    (inside a hybridized block being traced: values derived from the block's key)."""
    traced = _next_traced()
    if traced is not None:
        return traced
    key, c = _stream.next()
    return key, _np.int64(c)


def next_stream(*extra, dtype=_np.uint32):
    """One array ``[key0, key1, counter, *extra]`` of ``dtype`` for one random op (pass
    it as a single dynamic argument; ``stream_key`` turns it into the jax key)."""
    traced = _next_traced()
    if traced is not None:
        base, i = traced
        return jnp.concatenate([base.astype(dtype), jnp.asarray((i,) + extra, dtype)])
    key, c = _stream.next()
    return _np.array((key[0], key[1], c) + extra, dtype=dtype)


def subkey(key, counter):
    """Inside a kernel: the jax PRNG key for one draw (``counter`` may be any integer
    or float holding an integer below 2**32)."""
    return jax.random.fold_in(jax.random.wrap_key_data(jnp.asarray(key).astype(jnp.uint32)),
                              jnp.asarray(counter).astype(jnp.uint32))


def stream_key(stream):
    """Inside a kernel: the jax PRNG key of a ``next_stream()`` array."""
    return subkey(stream[:2], stream[2])


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
