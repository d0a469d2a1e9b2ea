"""``mx.autograd``: recording, training mode, backward and grad, custom Functions.

The public API of MXNet 1.9.1's ``mxnet.autograd``. Recording builds a graph hanging
off the arrays (``mxcompat._core.tape``); ``backward`` replays it under ``jax.vjp``
(``mxcompat._core.backward``).
"""
from ._core import state as _state
from ._core.backward import (backward as _backward, grad as _grad, compile_cache_info,
                             wait_compiles, set_compile_policy, clear_compile_cache)
from ._core.function import Function
from ._core.ndarray import mark_variable as _mark_variable
from ._core.symbol import get_symbol
from .base import MXNetError
from .ndarray import NDArray  # noqa: F401 - MXNet's autograd exports it (star imports)

__all__ = ["record", "pause", "train_mode", "predict_mode", "is_recording", "is_training",
           "set_recording", "set_training", "mark_variables", "backward", "grad",
           "get_symbol", "Function", "compile_cache_info", "wait_compiles",
           "set_compile_policy", "clear_compile_cache", "NDArray"]


def set_recording(is_recording):  # pylint: disable=redefined-outer-name
    """Turn recording on or off; returns the previous state."""
    return _state.set_recording(is_recording)


def set_training(train_mode):  # pylint: disable=redefined-outer-name
    """Turn training mode on or off; returns the previous state."""
    return _state.set_training(train_mode)


def is_recording():
    """Whether operations are being recorded for backward."""
    return _state.is_recording()


def is_training():
    """Whether ops run in training mode (Dropout drops, BatchNorm uses batch stats)."""
    return _state.is_training()


class _RecordingStateScope:
    """Sets recording/training flags for a ``with`` block and restores them after."""

    def __init__(self, is_record, train_mode):  # pylint: disable=redefined-outer-name
        self._enter_is_record = is_record
        self._enter_train_mode = train_mode
        self._prev_is_record = None
        self._prev_train_mode = None

    def __enter__(self):
        if self._enter_is_record is not None:
            self._prev_is_record = _state.set_recording(self._enter_is_record)
        if self._enter_train_mode is not None:
            self._prev_train_mode = _state.set_training(self._enter_train_mode)
        return self

    def __exit__(self, ptype, value, trace):
        if self._enter_is_record is not None and self._prev_is_record != self._enter_is_record:
            _state.set_recording(self._prev_is_record)
        if (self._enter_train_mode is not None
                and self._prev_train_mode != self._enter_train_mode):
            _state.set_training(self._prev_train_mode)


def record(train_mode=True):  # pylint: disable=redefined-outer-name
    """Record the operations in this block for backward (training mode by default)."""
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):  # pylint: disable=redefined-outer-name
    """Stop recording inside this block (prediction mode by default)."""
    return _RecordingStateScope(False, train_mode)


def train_mode():
    """Training mode in this block, recording unchanged."""
    return _RecordingStateScope(None, True)


def predict_mode():
    """Prediction mode in this block, recording unchanged."""
    return _RecordingStateScope(None, False)


def mark_variables(variables, gradients, grad_reqs="write"):
    """Make ``variables`` leaves whose gradients go into ``gradients`` (in place)."""
    if not isinstance(variables, (list, tuple)):
        variables = [variables]
        gradients = [gradients]
    if len(variables) != len(gradients):
        raise MXNetError("mark_variables needs one gradient buffer per variable: "
                         "mark_variables([x, y], [dx, dy]).")
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    for v, g, r in zip(variables, gradients, grad_reqs):
        if r not in ("write", "add", "null"):
            raise MXNetError(f"mark_variables got grad_req {r!r}; use 'write', 'add' or "
                             "'null'.")
        _mark_variable(v, g, r)


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):  # noqa
    """Compute the gradients of ``heads`` w.r.t. the marked variables into ``.grad``."""
    _backward(heads, head_grads, retain_graph=retain_graph, train_mode=train_mode)


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False,
         train_mode=True):  # noqa
    """Gradients of ``heads`` w.r.t. ``variables``, returned as a list of new arrays.

    With ``create_graph=True`` the result is itself recorded, so it can be
    differentiated again (any order, any op).
    """
    return _grad(heads, variables, head_grads, retain_graph, create_graph, train_mode)
