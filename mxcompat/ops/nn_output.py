"""Output layers: SoftmaxOutput (alias Softmax) and the Linear/Logistic/MAE regression
outputs.

Their forward is a softmax, the identity or a sigmoid; their gradient is the gradient
of a loss (cross entropy, squared error, logistic loss, absolute error) that is never
computed. As in MXNet the data gradient IGNORES the incoming head gradient and the
label gets a zero gradient; both are defined with ``jax.custom_vjp`` whose backward is
plain JAX, so they can be differentiated again.

SoftmaxOutput follows MXNet's layouts exactly: the softmax is over axis 1 with
``multi_output``, over the last axis with ``preserve_shape`` and otherwise over all axes
but the first; a label of the data's shape is a probability label.
"""
import jax
import jax.numpy as jnp

from ..base import MXNetError
from .nn import check_float, f32
from .registry import defop

_NORMS = ("null", "batch", "valid")


def _with_loss_grad(forward, grad_of, data, label):
    """``forward(data)`` whose vjp is ``(grad_of(out, label, head), 0)``."""
    @jax.custom_vjp
    def f(x, lab):
        return forward(x)

    def f_fwd(x, lab):
        out = forward(x)
        return out, (out, lab)

    def f_bwd(res, head):
        out, lab = res
        return grad_of(out, lab, head).astype(out.dtype), jnp.zeros_like(lab)

    f.defvjp(f_fwd, f_bwd)
    return f(data, label)


# --------------------------------------------------------------- SoftmaxOutput
def _label_layout(data, label, multi_output):
    """'prob', 'multi' or 'flat', after MXNet's label shape checks."""
    d = data.shape
    if label.shape == d:
        return "prob"
    if multi_output:
        n, k = d[0], d[1]
        rest = 1
        for s in d[2:]:
            rest *= s
        ok = (label.shape == (n, rest) or label.shape == (n,) + d[2:]
              or label.shape == (n, 1) + d[2:])
        if not ok:
            raise MXNetError(f"SoftmaxOutput(multi_output=True): label has shape "
                             f"{label.shape} but data of shape {d} needs {(n, rest)} or "
                             f"{(n,) + d[2:]}.")
        del k
        return "multi"
    if label.shape != d[:-1]:
        raise MXNetError(f"SoftmaxOutput: label has shape {label.shape} but data of shape "
                         f"{d} needs {d[:-1]} (class indices) or {d} (probabilities).")
    return "flat"


def _rows_cols(shape, multi_output, preserve_shape):
    n = shape[0]
    size = 1
    for s in shape:
        size *= s
    if multi_output:
        return (n, shape[1], size // (n * shape[1]))
    if preserve_shape:
        return (size // shape[-1], shape[-1])
    return (n, size // n)


def _valid_count(idx, ignore):
    return jnp.maximum(jnp.sum(idx != ignore), 1)


@defop("SoftmaxOutput", nd=("SoftmaxOutput", "Softmax"))
def _softmax_output(data, label, *, grad_scale=1.0, ignore_label=-1.0, multi_output=False,
                    use_ignore=False, preserve_shape=False, normalization="null",
                    out_grad=False, smooth_alpha=0.0):
    """Softmax forward; backward (softmax - one_hot(label)) * grad_scale, normalized."""
    check_float("SoftmaxOutput", data, label)
    if normalization not in _NORMS:
        raise MXNetError(f"SoftmaxOutput: invalid normalization {normalization!r}; use one "
                         f"of {_NORMS}.")
    if multi_output and data.ndim < 2:
        raise MXNetError("SoftmaxOutput(multi_output=True) needs data with a class axis 1.")
    layout = _label_layout(data, label, multi_output)
    shape = data.shape
    lay = _rows_cols(shape, multi_output, preserve_shape)
    ignore = int(f32(ignore_label))
    grad_scale = f32(grad_scale)
    smooth_alpha = f32(smooth_alpha)

    def forward(x):
        return jax.nn.softmax(x.reshape(lay), axis=1).reshape(shape)

    def grad_of(out, lab, head):
        if layout == "prob":
            g = (out - lab) * grad_scale
        elif layout == "multi":
            n, k, rest = lay
            idx = lab.reshape((n, rest)).astype(jnp.int32)
            onehot = jax.nn.one_hot(idx, k, axis=1, dtype=out.dtype)
            g = out.reshape(lay) - onehot
            if use_ignore:
                g = jnp.where((idx == ignore)[:, None, :], 0, g)
            if normalization == "batch":
                count = n
            elif normalization == "valid":
                count = _valid_count(idx, ignore)
            else:
                count = 1
            # NOTE: MXNet also divides by the spatial size unless normalization='valid'.
            scale = grad_scale / (1 if normalization == "valid" else rest)
            g = (g * (scale / count)).reshape(shape)
        else:
            rows, cols = lay
            flat = lab.reshape((-1,)).astype(jnp.int32)
            idx = flat[:rows]          # NOTE: MXNet reads one label per row
            onehot = jax.nn.one_hot(idx, cols, dtype=out.dtype)
            if smooth_alpha:
                target = onehot * (1.0 - smooth_alpha) + (1 - onehot) * (
                    smooth_alpha / (cols - 1))
            else:
                target = onehot
            g = out.reshape(lay) - target
            if use_ignore:
                g = jnp.where((idx == ignore)[:, None], 0, g)
            if normalization == "batch":
                count = flat.shape[0]
            elif normalization == "valid":
                count = _valid_count(flat, ignore)
            else:
                count = 1
            g = (g * (grad_scale / count)).reshape(shape)
        if out_grad:
            # NOTE: MXNet 1.9.1 multiplies by its own output here (a bug: it passes the
            # output where the head gradient belongs); this uses the head gradient.
            g = g * head
        return g

    return _with_loss_grad(forward, grad_of, data, label)


# ---------------------------------------------------------- regression outputs
def _check_regression(op, data, label):
    check_float(op, data, label)
    if data.ndim == 0 or label.ndim == 0 or label.shape[0] != data.shape[0] \
            or label.size != data.size:
        raise MXNetError(f"{op}: label has shape {label.shape} but data has shape "
                         f"{data.shape}; the label must have the data's shape (or (n,) "
                         "for data of shape (n, 1)).")


def _regression(name, forward, residual, doc):
    def fn(data, label, *, grad_scale=1.0):
        _check_regression(name, data, label)
        num_output = label.size // label.shape[0]
        scale = f32(f32(grad_scale) / num_output)

        def grad_of(out, lab, head):
            return residual(out, lab.reshape(out.shape)) * scale

        return _with_loss_grad(forward, grad_of, data, label)
    fn.__doc__ = doc
    return defop(name, nd=True)(fn)


_regression(
    "LinearRegressionOutput", lambda x: x, lambda out, lab: out - lab,
    "Identity forward; backward (out - label) * grad_scale / outputs-per-example.")
_regression(
    "LogisticRegressionOutput", jax.nn.sigmoid, lambda out, lab: out - lab,
    "Sigmoid forward; backward (out - label) * grad_scale / outputs-per-example.")
_regression(
    # NOTE: MXNet's sign here sends a zero difference to -1.
    "MAERegressionOutput", lambda x: x,
    lambda out, lab: jnp.where(out - lab > 0, 1, -1).astype(out.dtype),
    "Identity forward; backward sign(out - label) * grad_scale / outputs-per-example.")
