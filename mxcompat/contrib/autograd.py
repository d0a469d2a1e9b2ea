"""``mx.contrib.autograd``: MXNet's first autograd API, kept for old programs.

``set_is_training`` / ``train_section`` / ``test_section`` switch recording *and*
training mode together; ``backward`` / ``compute_gradient`` run backward in training
mode; ``grad_and_loss`` / ``grad`` wrap a function so that calling it returns the
gradients of its arguments. Everything runs on ``mx.autograd``.
"""
import functools

from .. import autograd as _autograd
from ..ndarray import NDArray, zeros_like

_GRAD_REQS = ("null", "write", "add")

__all__ = ["set_is_training", "TrainingStateScope", "train_section", "test_section",
           "mark_variables", "backward", "compute_gradient", "grad_and_loss", "grad"]


def set_is_training(is_train):
    """Turn recording and training mode on or off together; returns the previous
    recording state."""
    _autograd.set_training(bool(is_train))
    return bool(_autograd.set_recording(bool(is_train)))


class TrainingStateScope:
    """A ``with`` scope that sets recording and training mode, then restores them."""

    def __init__(self, enter_state):
        self._enter_state = enter_state
        self._prev = None

    def __enter__(self):
        self._prev = set_is_training(self._enter_state)

    def __exit__(self, ptype, value, trace):
        if self._prev != self._enter_state:
            set_is_training(self._prev)


def train_section():
    """Record (in training mode) inside the ``with`` block."""
    return TrainingStateScope(True)


def test_section():
    """Stop recording (prediction mode) inside the ``with`` block."""
    return TrainingStateScope(False)


def mark_variables(variables, gradients, grad_reqs="write"):
    """Make the arrays ``variables`` leaves whose gradients go into ``gradients``."""
    reqs = [grad_reqs] * len(variables) if isinstance(grad_reqs, str) else list(grad_reqs)
    for req in reqs:
        if req not in _GRAD_REQS:
            raise KeyError(req)   # MXNet looks the names up in its _GRAD_REQ_MAP
    _autograd.mark_variables(list(variables), list(gradients), grad_reqs)


def backward(outputs, out_grads=None, retain_graph=False):
    """Gradients of the list ``outputs`` w.r.t. the marked variables."""
    assert isinstance(outputs, (list, tuple)), \
        "outputs must be a list or tuple of NDArrays"
    if out_grads is not None:
        assert len(out_grads) == len(outputs), \
            "outputs and out_grads must have the same length"
    _autograd.backward(list(outputs), None if out_grads is None else list(out_grads),
                       retain_graph=retain_graph, train_mode=True)


def compute_gradient(outputs):
    """Deprecated: ``backward(outputs)``."""
    backward(outputs)


def grad_and_loss(func, argnum=None):
    """Wrap ``func`` so that calling it returns ``(gradients, outputs)``: the gradients
    of the arguments (those at ``argnum``, an int or a list, or all of them)."""
    @functools.wraps(func)
    def wrapped(*args):
        variables = args
        if argnum is not None:
            picked = argnum if isinstance(argnum, list) else [argnum]
            variables = [args[i] for i in picked]
        for x in variables:
            assert isinstance(x, NDArray), "type of autograd input should NDArray."
        grads = [zeros_like(x) for x in variables]
        mark_variables(variables, grads)
        with train_section():
            outputs = func(*args)
        compute_gradient([outputs] if isinstance(outputs, NDArray) else outputs)
        return grads, outputs
    return wrapped


def grad(func, argnum=None):
    """Wrap ``func`` so that calling it returns the gradients of its arguments."""
    with_loss = grad_and_loss(func, argnum)

    @functools.wraps(with_loss)
    def wrapped(*args):
        return with_loss(*args)[0]
    return wrapped
