"""``minpy.core``: MinPy's functional autograd, ``grad`` and ``grad_and_loss``.

``grad(f, argnum)(*args)`` records ``f(*args)`` with ``mx.autograd`` and returns the
gradient of its result with respect to the argument(s) ``argnum``, as MinPy did:

* one gradient for an int ``argnum``; a list for a list (or any iterable) of
  positions, except that a one-element list gives the gradient itself (MinPy's rule);
* arguments may be MinPy/mx arrays, numpy arrays or Python numbers; a differentiated
  argument is a float32 array inside ``f`` unless it already is a float array; the
  gradient of a Python-number argument is a Python float; keyword arguments are
  passed to ``f`` unchanged (numpy arrays converted);
* a result that does not depend on an argument has a zero gradient (of the
  argument's shape);
* ``f`` may return an array (a non-scalar result is differentiated with a head
  gradient of ones, i.e. its sum), a tuple of arrays (their sum), or a number.

Higher orders: a gradient function called while another one is recording (``grad(
grad(f))``) computes its gradient with ``create_graph=True``, so the result is again
differentiable, to any order and through every op. Its differentiated argument is
then a recorded copy of the given array, not the array itself: the copy stays in the
outer graph (the outer gradient flows through it), and ``f``'s other references to
the outer variable are not mistaken for the argument.
"""
import functools
import numbers
import threading

import numpy as _onp

from .. import autograd
from .._core.tape import VAR
from ..base import MXNetError
from ..numpy import copy as _recorded_copy
from ..numpy.multiarray import ndarray as _np_ndarray
from ..ops.np_creation import array as _make_array
from .array import Array, adopt, operand, to_minpy, wrap

__all__ = ["grad", "grad_and_loss", "convert_args", "return_numpy", "numpy_to_minpy",
           "minpy_to_numpy", "Function", "MXNetSymbolError"]

_FLOAT_KINDS = "fc"


def _argnums(argnum, nargs):
    """(positions, single): the normalized positions and whether to unwrap the list."""
    integral = (numbers.Integral, _onp.integer)
    if isinstance(argnum, integral):
        positions = [int(argnum)]
    else:
        try:
            positions = list(argnum)
        except TypeError:
            positions = None
        if positions is None or isinstance(argnum, str) or \
                not all(isinstance(i, integral) for i in positions):
            raise TypeError(f"argnum must be an int or a list of ints, got {argnum!r}: "
                            "use grad(f, 0) or grad(f, [0, 1]).")
        positions = [int(i) for i in positions]
    if not positions:
        raise ValueError("argnum is an empty list: name at least one argument to "
                         "differentiate, e.g. grad(f, [0]).")
    for i in positions:
        if not -nargs <= i < nargs:
            raise IndexError(f"argnum {i} is out of range: the gradient function was "
                             f"called with {nargs} positional argument(s); pass the "
                             "argument to differentiate positionally.")
    return [i % nargs for i in positions], len(positions) == 1


def _variable(x, nested):
    """The array that stands for a differentiated argument inside the function."""
    if hasattr(x, "_value"):
        if not isinstance(x, _np_ndarray):
            x = x.as_np_ndarray()              # an mx.nd.NDArray (zero copy)
        if nested and x._ag is not None:
            # Already in the outer graph: a recorded copy keeps it there.
            if x.dtype.kind not in _FLOAT_KINDS:
                x = x.astype("float32")
            return adopt(_recorded_copy(x))
        v = _make_array(Array, x)              # the same value, outside any graph
    elif isinstance(x, (numbers.Number, _onp.generic, _onp.ndarray, list, tuple)):
        v = to_minpy(x)
    else:
        raise TypeError(f"cannot differentiate with respect to an argument of type "
                        f"{type(x).__name__}: pass an array, a numpy array or a number.")
    if v.dtype.kind not in _FLOAT_KINDS:
        v = adopt(v.astype("float32"))
    v.attach_grad()
    return v


def _heads(result):
    items = result if isinstance(result, (list, tuple)) else (result,)
    return [h for h in items if hasattr(h, "_ag") and h._ag is not None]


def _key(v):
    """How the graph names ``v``: its identity for a leaf, (node, output) otherwise."""
    ag = v._ag
    return id(v) if ag is VAR else (ag[0].seq, ag[1])


def _reached(heads, stops):
    """The keys of the arrays in ``stops`` (a set of keys) that the heads depend on,
    walking back from the heads and not past any of them."""
    hit, seen, stack = set(), set(), []

    def visit(src):
        if type(src) is tuple:
            k = (src[0].seq, src[1])
            if k in stops:
                hit.add(k)
            elif src[0].seq not in seen:
                seen.add(src[0].seq)
                stack.append(src[0])
        elif src is not None and id(src) in stops:
            hit.add(id(src))
    for h in heads:
        visit(h if h._ag is VAR else h._ag)
    while stack:
        for src in stack.pop().srcs or ():
            visit(src)
    return hit


def _gradients(result, variables, nested):
    """{id(variable): gradient} of ``result`` (zeros where it does not depend on it).

    Nested (an outer gradient is recording), the gradient is itself recorded
    (create_graph) and the walk also stops at the enclosing levels' variables that are
    recorded copies: the recorded gradient then depends on them directly, so the outer
    levels can differentiate it (three nested grads need this).
    """
    heads = _heads(result)
    unique = list({id(v): v for v in variables}.values())
    grads = {}
    if heads:
        if nested:
            outer = [v for level in _levels()[:-1] for v in level
                     if type(v._ag) is tuple]
            hit = _reached(heads, {_key(v) for v in unique + outer})
            wanted = [v for v in unique if _key(v) in hit]
            extra = list({id(v): v for v in outer if _key(v) in hit}.values())
            got = autograd.grad(heads, wanted + extra, create_graph=True,
                                retain_graph=True) if wanted else []
        else:
            wanted = unique
            try:
                got = autograd.grad(heads, wanted)
            except MXNetError as e:
                if "unreachable" not in str(e):
                    raise
                hit = _reached(heads, {_key(v) for v in unique})
                wanted = [v for v in unique if _key(v) in hit]
                got = autograd.grad(heads, wanted) if wanted else []
        for v, g in zip(wanted, got):
            grads[id(v)] = adopt(g)
    from . import numpy as mnp
    for v in unique:
        if id(v) not in grads:
            grads[id(v)] = mnp.zeros_like(v)
    return grads


_tls = threading.local()


def _levels():
    """The variables of the gradient functions running in this thread, outermost first."""
    levels = getattr(_tls, "levels", None)
    if levels is None:
        levels = _tls.levels = []
    return levels


def _forget_graph(result):
    """Cut returned arrays from the graph backward has freed (they are values now)."""
    items = result if isinstance(result, (list, tuple)) else (result,)
    for r in items:
        if hasattr(r, "_ag") and type(r._ag) is tuple:
            r._value()   # (a pending output keeps its value)
            r._ag = None


def grad_and_loss(func, argnum=0):
    """A function returning ``(gradient(s), loss)``: the gradient of ``func``'s result
    with respect to argument(s) ``argnum`` and the result itself (see the module doc)."""
    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        positions, single = _argnums(argnum, len(args))
        nested = autograd.is_recording()
        args = [operand(a) for a in args]
        kwargs = {k: operand(v) for k, v in kwargs.items()}
        numbers_in = {}
        made = {}
        for i in positions:
            if i not in made:
                numbers_in[i] = isinstance(args[i], (numbers.Number, _onp.generic))
                made[i] = args[i] = _variable(args[i], nested)
        levels = _levels()
        levels.append(list(made.values()))
        try:
            with autograd.record():
                result = func(*args, **kwargs)
            grads = _gradients(result, list(made.values()), nested)
        finally:
            levels.pop()
        if not nested:
            _forget_graph(result)
        out = []
        for i in positions:
            g = grads[id(made[i])]
            if numbers_in[i] and g._ag is None:
                g = float(g)
            out.append(g)
        return (out[0] if single else out), result
    return wrapped


def grad(func, argnum=0):
    """A function returning the gradient of ``func``'s result with respect to argument
    ``argnum`` (a list of gradients for a list of positions); see the module doc."""
    both = grad_and_loss(func, argnum)

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        return both(*args, **kwargs)[0]
    return wrapped


# ------------------------------------------------------------ conversions
def numpy_to_minpy(var):
    """numpy array(s) (also in lists, tuples and dicts) as MinPy arrays."""
    if isinstance(var, (list, tuple)):
        return type(var)(numpy_to_minpy(v) for v in var)
    if isinstance(var, dict):
        return {k: numpy_to_minpy(v) for k, v in var.items()}
    return wrap(var)


def minpy_to_numpy(var):
    """MinPy array(s) (also in lists, tuples and dicts) as numpy arrays; numbers stay."""
    if isinstance(var, (list, tuple)):
        return type(var)(minpy_to_numpy(v) for v in var)
    if isinstance(var, dict):
        return {k: minpy_to_numpy(v) for k, v in var.items()}
    if hasattr(var, "asnumpy"):
        return var.asnumpy()
    return var


def convert_args(func):
    """``func`` with its numpy-array arguments converted to MinPy arrays."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*[wrap(a) for a in args], **{k: wrap(v) for k, v in kwargs.items()})
    return wrapper


def return_numpy(func):
    """``func`` with its MinPy-array results converted to numpy arrays."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return minpy_to_numpy(func(*args, **kwargs))
    return wrapper


class MXNetSymbolError(ValueError):
    """Raised for MXNet symbols MinPy cannot turn into functions."""


class Function:
    """MinPy's wrapper of an MXNet symbol as a differentiable function.

    Not provided by mxcompat: write the computation with ``minpy.numpy`` / ``mx.npx``
    functions (e.g. ``npx.softmax``, ``npx.fully_connected``) instead, which
    ``grad`` differentiates directly.
    """

    def __init__(self, symbol, input_shapes=None, name="mxnet_symbol"):
        raise MXNetSymbolError(
            "minpy.core.Function (an MXNet symbol as a MinPy function) is not supported "
            "by mxcompat: compute the same thing with minpy.numpy functions, e.g. "
            "np.softmax / np.fully_connected from mx.npx, which minpy.core.grad "
            "differentiates.")
