"""Evaluate one golden case with a given MXNet-like module (real MXNet or mxcompat).

Shared by the recorder (``tools/record_goldens.py``, run with the oracle's real MXNet)
and the tests (``tests/test_golden.py``, run with mxcompat), so that both sides run the
exact same protocol. Python 3.8 compatible.
"""
import numpy as np


def encode(a):
    """A JSON-able record of an array-like result."""
    if hasattr(a, "asnumpy"):
        n = a.asnumpy()
        dt = str(np.dtype(a.dtype))
    else:
        n = np.asarray(a)
        dt = str(n.dtype)
    n = np.asarray(n)
    data = n.astype(np.float64).tolist() if n.dtype.kind in "fc" else n.tolist()
    return {"data": data, "dtype": dt, "shape": list(n.shape)}


def head_grad(shape, dtype, k):
    """A fixed, non-uniform head gradient (different per output k)."""
    n = int(np.prod(shape)) if len(shape) else 1
    v = (np.arange(n, dtype=np.float64) % 7 + 1 + k) / 4.0
    return v.reshape(shape).astype(dtype)


def run_case(spec, mx, as_numpy=None):
    """Run ``spec`` with module ``mx``; returns a result dict (or raises)."""
    np_mode = spec.get("np_mode", False)
    if np_mode:
        mx.npx.set_np()
    try:
        return _run(spec, mx, np_mode)
    finally:
        if np_mode:
            mx.npx.reset_np()


def _make_inputs(spec, mx, np_mode):
    make = mx.np.array if np_mode else mx.nd.array
    env = {}
    for name, v in spec["inputs"].items():
        a = np.asarray(v["data"], dtype=v["dtype"]).reshape(v["shape"])
        env[name] = make(a, dtype=v["dtype"])
    return env


def _scope(mx, np_mode, env):
    scope = {"mx": mx, "nd": mx.nd, "autograd": mx.autograd, "onp": np}
    if np_mode:
        scope["np"] = mx.np
        scope["npx"] = mx.npx
    else:
        scope["np"] = np
    scope.update(env)
    return scope


def _outputs(res):
    if isinstance(res, (list, tuple)):
        return list(res), True
    return [res], False


def _run(spec, mx, np_mode):
    env = _make_inputs(spec, mx, np_mode)
    scope = _scope(mx, np_mode, env)
    if spec.get("setup"):
        exec(spec["setup"], scope)
    result = {}
    res = eval(spec["code"], scope)
    outs, is_list = _outputs(res)
    result["is_list"] = is_list
    result["out"] = []
    for o in outs:
        if hasattr(o, "asnumpy"):
            rec = encode(o)
            if spec.get("repr"):
                rec["repr"] = repr(o)
                rec["str"] = str(o)
            rec["type"] = type(o).__name__
        else:
            rec = {"python": str(o), "type": type(o).__name__}
        result["out"].append(rec)
    if spec.get("grad"):
        env = _make_inputs(spec, mx, np_mode)
        scope = _scope(mx, np_mode, env)
        for name in spec["grad"]:
            env[name].attach_grad()
        if spec.get("setup"):
            exec(spec["setup"], scope)
        with mx.autograd.record():
            res = eval(spec["code"], scope)
        outs, _ = _outputs(res)
        heads, hgs = [], []
        for k, o in enumerate(outs):
            if not hasattr(o, "asnumpy"):
                continue
            kind = np.dtype(o.dtype).kind
            if kind != "f" and not (spec.get("head") == "ints" and kind in "iu"):
                continue
            heads.append(o)
            shape = tuple(o.shape)
            if spec.get("head") == "ones":
                hg = np.ones(shape, dtype=np.dtype(o.dtype))
            elif spec.get("head") == "ints":
                # integer heads too, with small integer head gradients
                hg = (head_grad(shape, np.float64, k) * 4).astype(np.dtype(o.dtype))
            else:
                hg = head_grad(shape, np.dtype(o.dtype), k)
            hgs.append((mx.np.array if np_mode else mx.nd.array)(hg, dtype=hg.dtype))
        mx.autograd.backward(heads, hgs)
        result["grads"] = {name: encode(env[name].grad) for name in spec["grad"]}
    return result


def run_error(spec, mx):
    """Run a case that is expected to fail; returns (type name, message)."""
    try:
        run_case(spec, mx)
    except Exception as e:  # noqa: BLE001 - we record whatever MXNet raised
        return type(e).__name__, str(e)
    return None, None
