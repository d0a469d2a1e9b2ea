"""The random stream: ``mx.random.seed`` makes every random op reproducible.

A base key and a counter: each random op draws ``fold_in(key, counter)`` inside its
compiled kernel (the key and counter are dynamic arguments, so drawing never
recompiles) and advances the counter. A recorded random op (Dropout) keeps its key and
counter as constant inputs, so a replay in backward sees the same random values.

The key is a device array and the counter a numpy int64 below 2**32 (jax passes it to a
compiled function faster than a Python int or a numpy uint32). After 2**32 draws the
counter wraps and the base key moves on to the next one, so the stream does not repeat.
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
    return jax.random.key_data(key)


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
            return self.key, _np.int64(c)


_stream = _Stream(_np.random.SeedSequence().entropy & 0xFFFFFFFF)


def seed(seed_state):
    """Reset the stream (``mx.random.seed``)."""
    _stream.reset(seed_state)


def next_key():
    """(key data, counter) for one random op."""
    return _stream.next()


def subkey(key, counter):
    """Inside a kernel: the jax PRNG key for one draw (``counter`` may be any integer
    or float holding an integer below 2**32)."""
    return jax.random.fold_in(jax.random.wrap_key_data(key),
                              jnp.asarray(counter).astype(jnp.uint32))
