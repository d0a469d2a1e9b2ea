"""Helpers for golden specs. Runs under the oracle's Python 3.8 and under mxcompat.

A spec module defines ``CASES``: a list of ``case(...)`` dicts. ``code`` is one Python
expression evaluated with ``mx``, ``nd``, ``autograd``, ``np`` (numpy) and the named
inputs in scope (``mx.np``/``npx`` when ``np_mode=True``); the recorder evaluates it
with real MXNet and stores the outputs, gradients, dtypes and reprs.
"""
import numpy as np


def arr(shape, dtype="float32", lo=-2.0, hi=2.0, seed=0, positive=False, integer=False):
    """A deterministic input array (numpy's RandomState stream is stable across versions)."""
    rs = np.random.RandomState(seed)
    if positive:
        lo = max(lo, 0.1)
    if integer or np.dtype(dtype).kind in "iub":
        v = rs.randint(int(lo), int(hi) + 1, size=shape)
    else:
        v = rs.uniform(lo, hi, size=shape)
    return {"data": np.asarray(v).astype(dtype).tolist(), "dtype": str(np.dtype(dtype)),
            "shape": list(np.shape(v))}


def val(data, dtype="float32"):
    """An input array given literally."""
    a = np.asarray(data, dtype=dtype)
    return {"data": a.tolist(), "dtype": str(a.dtype), "shape": list(a.shape)}


def case(id, code, grad=(), repr=False, error=False, np_mode=False, setup=None, rtol=None,
         atol=None, head=None, requires=(), **inputs):
    """One golden case. ``grad``: input names to differentiate with respect to.
    ``setup``: statements run before ``code`` (e.g. to build a graph). ``head``: 'ones'
    for all-ones head gradients, 'ints' to differentiate integer outputs too, with small
    integer head gradients (default: a fixed non-uniform head gradient). ``requires``:
    optional modules mxcompat needs for the case (the test skips it where one is missing)."""
    out = {"id": id, "code": code, "inputs": inputs, "grad": list(grad), "repr": repr,
           "error": error, "np_mode": np_mode, "setup": setup, "rtol": rtol, "atol": atol,
           "head": head}
    if requires:
        out["requires"] = list(requires)
    return out
