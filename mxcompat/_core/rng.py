"""The random stream: ``mx.random.seed`` makes every random op reproducible.

A base key and a counter: each random op draws ``fold_in(key, counter)`` inside its
compiled kernel (the key and counter are dynamic arguments, so drawing never
recompiles) and advances the counter. A recorded random op (Dropout) keeps its key and
counter as constant inputs, so a replay in backward sees the same random values.
"""
import threading

import jax
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
    return _stream.next()


def subkey(key, counter):
    """Inside a kernel: the jax PRNG key for one draw."""
    return jax.random.fold_in(jax.random.wrap_key_data(key), counter)
