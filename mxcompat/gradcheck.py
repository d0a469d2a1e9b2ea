"""Check the gradients an mxcompat program records against JAX.

``check_gradients_with_jax(mx_fn, jax_fn, inputs)`` runs ``mx_fn`` (written with the
MXNet API) under ``autograd.record()``, backpropagates a fixed head gradient, and
compares the gradient of every input with ``jax.vjp`` of ``jax_fn`` (a pure-JAX version
of the same function) on the same inputs and head gradient. Tolerances depend on the
dtype; a mismatch raises ``GradientMismatch`` whose message shows the worst element of
every input that failed.
"""
import jax
import jax.numpy as jnp
import numpy as np

from . import autograd
from . import ndarray as nd

__all__ = ["check_gradients_with_jax", "GradientMismatch", "GradientReport"]

_TOL = {np.dtype(np.float16): (1e-2, 1e-3), np.dtype(np.float32): (1e-5, 1e-6),
        np.dtype(np.float64): (1e-10, 1e-12)}


class GradientMismatch(AssertionError):
    """Recorded gradients (or outputs) differ from JAX's beyond the tolerances."""

    def __init__(self, report):
        self.report = report
        super().__init__(str(report))


class GradientReport:
    """Per input: max absolute error, max relative error and where the worst one is."""

    def __init__(self):
        self.rows = []
        self.failed = False

    def add(self, name, got, want, rtol, atol):
        got64 = np.asarray(got, np.float64)
        want64 = np.asarray(want, np.float64)
        if got64.shape != want64.shape:
            self.rows.append((name, False, f"shape {got64.shape} vs JAX {want64.shape}"))
            self.failed = True
            return
        diff = np.abs(got64 - want64)
        allowed = atol + rtol * np.abs(want64)
        bad = ~(diff <= allowed) | (np.isnan(got64) != np.isnan(want64))
        ok = not bad.any()
        if diff.size:
            score = np.where(allowed > 0, diff / np.maximum(allowed, 1e-300), diff)
            score = np.where(np.isnan(score), np.inf, score)
            worst = np.unravel_index(int(np.argmax(score)), diff.shape)
            detail = (f"max abs err {np.nanmax(diff):.3e}, worst at {tuple(map(int, worst))}:"
                      f" mxcompat {got64[worst]:.9g} vs JAX {want64[worst]:.9g} "
                      f"({int(bad.sum())}/{bad.size} elements beyond rtol={rtol:g}, "
                      f"atol={atol:g})")
        else:
            detail = "empty"
        self.rows.append((name, ok, detail))
        self.failed = self.failed or not ok

    def __str__(self):
        lines = ["gradient check against jax.vjp:"]
        for name, ok, detail in self.rows:
            lines.append(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
        return "\n".join(lines)


def _head(shape, dtype, k):
    n = int(np.prod(shape)) if len(shape) else 1
    v = np.sin(np.arange(n, dtype=np.float64) * 0.7 + k) + 1.5
    return v.reshape(shape).astype(dtype)


def check_gradients_with_jax(mx_fn, jax_fn, inputs, wrt=None, rtol=None, atol=None,
                             check_forward=True, head_grads=None, ctx=None):
    """Compare ``mx_fn``'s recorded gradients with ``jax.vjp(jax_fn)``.

    ``inputs``: numpy arrays (their dtypes are kept). ``wrt``: indices of the inputs
    to differentiate (default: every floating-point input). ``head_grads``: numpy
    arrays, one per output (default: a fixed non-uniform pattern). Returns the
    ``GradientReport``; raises ``GradientMismatch`` on a mismatch.
    """
    inputs = [np.asarray(x) for x in inputs]
    if wrt is None:
        wrt = [i for i, x in enumerate(inputs) if x.dtype.kind == "f"]
    arrays = [nd.array(x, dtype=x.dtype, ctx=ctx) for x in inputs]
    for i in wrt:
        arrays[i].attach_grad()
    with autograd.record():
        out = mx_fn(*arrays)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    if head_grads is None:
        head_grads = [_head(o.shape, np.dtype(o.dtype), k) for k, o in enumerate(outs)]
    autograd.backward(outs, [nd.array(h, dtype=h.dtype, ctx=ctx) for h in head_grads])

    def f(*diff):
        full = [jnp.asarray(x) for x in inputs]
        for i, v in zip(wrt, diff):
            full[i] = v
        r = jax_fn(*full)
        return tuple(r) if isinstance(r, (list, tuple)) else (r,)
    jouts, pull = jax.vjp(f, *[jnp.asarray(inputs[i]) for i in wrt])
    # NOTE: MXNet's legacy reductions give shape (1,) where JAX gives (); heads and
    # outputs of the same size are matched by reshaping.
    jgrads = pull(tuple(jnp.asarray(h, dtype=o.dtype).reshape(o.shape)
                        for h, o in zip(head_grads, jouts)))

    report = GradientReport()

    def tol(dtype):
        d_rtol, d_atol = _TOL.get(np.dtype(dtype), (1e-5, 1e-6))
        return (d_rtol if rtol is None else rtol), (d_atol if atol is None else atol)
    if check_forward:
        for k, (o, jo) in enumerate(zip(outs, jouts)):
            r, a = tol(o.dtype)
            jo = np.asarray(jo)
            if jo.size == o.size:
                jo = jo.reshape(o.shape)
            report.add(f"output {k}", o.asnumpy(), jo, r, a)
    for i, jg in zip(wrt, jgrads):
        r, a = tol(inputs[i].dtype)
        report.add(f"d/d input {i}", arrays[i].grad.asnumpy(), np.asarray(jg), r, a)
    if report.failed:
        raise GradientMismatch(report)
    return report
