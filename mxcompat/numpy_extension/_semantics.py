"""numpy semantics switches: ``npx.set_np``, ``reset_np``, ``is_np_array``,
``is_np_shape``, the ``use_np`` decorators and the ``np_shape``/``np_array`` scopes.

The flags live in ``mxcompat._core.state`` (process-wide); gluon reads them to create
``mx.np`` parameters. ``set_np(dtype=True)`` is an mxcompat extension (MXNet 1.9.1 has
no ``dtype`` argument; MXNet 2 does): the default float becomes float64.
"""
import functools
import inspect

from .._core import state

__all__ = ["set_np", "reset_np", "is_np_array", "is_np_shape", "set_np_shape", "np_shape",
           "np_array", "use_np", "use_np_shape", "use_np_array", "is_np_default_dtype",
           "set_np_default_dtype"]


def is_np_shape():
    """Whether numpy shape semantics (0-d and zero-size shapes) are on."""
    return state.is_np_shape()


def is_np_array():
    """Whether numpy array semantics (gluon creates mx.np arrays) are on."""
    return state.is_np_array()


def is_np_default_dtype():
    """Whether float64 is the default float (``set_np(dtype=True)``)."""
    return state.np_flags.default_float64


def set_np_default_dtype(is_np_default_dtype=True):
    """Make float64 (True) or float32 (False) the default float; returns the old flag."""
    prev = state.np_flags.default_float64
    state.np_flags.default_float64 = bool(is_np_default_dtype)
    return prev


def set_np_shape(active):
    """Turn numpy shape semantics on or off; returns the previous state."""
    if not active and state.is_np_array():
        raise ValueError("Deactivating NumPy shape semantics while NumPy array semantics is "
                         "still active is not allowed. Please consider calling "
                         "`npx.reset_np()` to deactivate both of them.")
    prev = state.np_flags.shape
    state.np_flags.shape = bool(active)
    return prev


def _set_np_array(active):
    prev = state.np_flags.array
    state.np_flags.array = bool(active)
    return prev


def set_np(shape=True, array=True, dtype=False):
    """Turn on numpy semantics: shapes (``shape``), mx.np arrays in gluon (``array``)
    and, as an extension, float64 as the default float (``dtype``)."""
    if not shape and array:
        raise ValueError("NumPy Shape semantics is required in using NumPy array semantics.")
    _set_np_array(array)
    state.np_flags.shape = bool(shape)
    state.np_flags.default_float64 = bool(dtype)


def reset_np():
    """Turn numpy semantics off (legacy shapes, mx.nd arrays, float32 default)."""
    set_np(shape=False, array=False, dtype=False)


class _Scope:
    def __init__(self, shape=None, array=None):
        self.shape, self.array = shape, array
        self.prev = None

    def __enter__(self):
        self.prev = (state.np_flags.shape, state.np_flags.array)
        if self.shape is not None:
            state.np_flags.shape = bool(self.shape)
        if self.array is not None:
            state.np_flags.array = bool(self.array)
        return self

    def __exit__(self, *exc):
        state.np_flags.shape, state.np_flags.array = self.prev


def np_shape(active=True):
    """A ``with`` scope with numpy shape semantics on (or off)."""
    return _Scope(shape=active)


def np_array(active=True):
    """A ``with`` scope with numpy array semantics on (or off)."""
    return _Scope(array=active)


def _decorate(func, scope, name):
    if inspect.isclass(func):
        for attr, member in inspect.getmembers(
                func, predicate=lambda f: inspect.isfunction(f) or inspect.ismethod(f)
                or isinstance(f, property)):
            if isinstance(member, property):
                setattr(func, attr, property(_decorate(member.__get__, scope, name),
                                             member.__set__, member.__delattr__,
                                             member.__doc__))
            else:
                setattr(func, attr, _decorate(member, scope, name))
        return func
    if callable(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            with scope():
                return func(*args, **kwargs)
        return wrapped
    raise TypeError(f"{name} can only decorate classes and callable objects, while "
                    f"received a {type(func)}")


def use_np_shape(func):
    """Run ``func`` (or every method of a class) with numpy shape semantics on."""
    return _decorate(func, lambda: _Scope(shape=True), "use_np_shape")


def use_np_array(func):
    """Run ``func`` (or every method of a class) with numpy array semantics on."""
    return _decorate(func, lambda: _Scope(array=True), "use_np_array")


def use_np(func):
    """Run ``func`` (or every method of a class, e.g. a gluon Block) with numpy shape
    and array semantics on, as ``npx.set_np()`` does globally."""
    return _decorate(func, lambda: _Scope(shape=True, array=True), "use_np")
