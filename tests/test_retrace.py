"""backward() from one head re-checks the last graph of the same structure instead of
tracing again (``backward._retrace``). Whenever anything differs (other variables of
the same shapes, a changed grad_req, new shapes, another output of the head's op) it
must trace from scratch: the gradients are compared with analytic values and with the
same code with the re-check switched off.
"""
import numpy as np
import pytest

from mxcompat import autograd, nd
from mxcompat._core import backward as bw

pytestmark = pytest.mark.usefixtures("sync_compile")


def _retraced():
    """How many backward passes the template check answered (counted by wrapping)."""
    return _COUNT[0]


_COUNT = [0]


@pytest.fixture(autouse=True)
def count_retrace(monkeypatch):
    real = bw._retrace

    def counting(h):
        g = real(h)
        if g is not None:
            _COUNT[0] += 1
        return g
    monkeypatch.setattr(bw, "_retrace", counting)
    _COUNT[0] = 0


def _vars(seed, n=3):
    rs = np.random.RandomState(seed)
    w = nd.array(rs.uniform(-1, 1, (n, n)))
    b = nd.array(rs.uniform(-1, 1, n))
    for v in (w, b):
        v.attach_grad()
    return w, b


def _setup():
    w, b = _vars(0)
    return w, b, nd.array(np.random.RandomState(1).uniform(-1, 1, (4, 3)))


def _step(w, b, x):
    with autograd.record():
        y = (nd.tanh(nd.dot(x, w) + b) ** 2).sum()
    y.backward()


def _expected(w, b, x):
    wn, bn, xn = w.asnumpy(), b.asnumpy(), x.asnumpy()
    t = np.tanh(xn @ wn + bn)
    d = 2 * t * (1 - t ** 2)
    return xn.T @ d, d.sum(axis=0)


def _check(w, b, x):
    gw, gb = _expected(w, b, x)
    np.testing.assert_allclose(w.grad.asnumpy(), gw, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.grad.asnumpy(), gb, rtol=1e-5, atol=1e-6)


def test_repeated_structure_is_rechecked():
    w, b, x = _setup()
    for _ in range(5):
        _step(w, b, x)
        _check(w, b, x)
        w[:] = w - 0.1 * w.grad
    assert _retraced() >= 3


def test_rechecked_graph_has_the_template_structure(monkeypatch):
    # _retrace unpacks the template's structure by name (one tuple, in _STRUCTURE's
    # order): every shared field of the new graph must be the template's own.
    seen = []
    real = bw._retrace

    def keep(h):
        g = real(h)
        if g is not None:
            seen.append(g)
        return g
    monkeypatch.setattr(bw, "_retrace", keep)
    w, b, x = _setup()
    for _ in range(3):
        _step(w, b, x)
    assert seen
    g = seen[-1]
    t = g.hint
    assert t is not None and t.struct is not None
    for f in bw._STRUCTURE:
        assert getattr(g, f) is getattr(t, f), f
    _check(w, b, x)


def test_other_variables_of_the_same_shapes():
    x = nd.array(np.random.RandomState(1).uniform(-1, 1, (4, 3)))
    pairs = [_vars(0), _vars(5)]
    for _ in range(3):
        for w, b in pairs:
            w.grad[:] = 0
            b.grad[:] = 0
            _step(w, b, x)
            _check(w, b, x)


def test_grad_req_changed():
    w, b, x = _setup()
    b.attach_grad(grad_req="null")
    for _ in range(3):
        _step(w, b, x)
        gw, _ = _expected(w, b, x)
        np.testing.assert_allclose(w.grad.asnumpy(), gw, rtol=1e-5, atol=1e-6)
    b.attach_grad()
    _step(w, b, x)
    _check(w, b, x)
    b.attach_grad(grad_req="null")
    _step(w, b, x)
    gw, _ = _expected(w, b, x)
    np.testing.assert_allclose(w.grad.asnumpy(), gw, rtol=1e-5, atol=1e-6)


def test_new_shapes_and_constants():
    w, b = _vars(0)
    rs = np.random.RandomState(2)
    for n in (4, 4, 4, 6, 6, 2, 4):
        x = nd.array(rs.uniform(-1, 1, (n, 3)))
        _step(w, b, x)
        _check(w, b, x)
        # a head whose shape follows the batch: its ones cotangent too
        with autograd.record():
            y = nd.tanh(nd.dot(x, w) + b) ** 2
        y.backward()
        _check(w, b, x)


def test_other_ops_inside_the_same_structure():
    w, b, x = _setup()
    for k in range(6):
        f = nd.tanh if k % 3 else nd.sigmoid
        with autograd.record():
            y = (f(nd.dot(x, w) + b) ** 2).sum()
        y.backward()
        z = x.asnumpy() @ w.asnumpy() + b.asnumpy()
        if f is nd.tanh:
            t = np.tanh(z)
            d = 2 * t * (1 - t ** 2)
        else:
            t = 1 / (1 + np.exp(-z))
            d = 2 * t * t * (1 - t)
        np.testing.assert_allclose(b.grad.asnumpy(), d.sum(axis=0), rtol=1e-5, atol=1e-6)


def test_shared_node_against_two_nodes():
    x = nd.array([1.0, 2.0, -1.5])
    x.attach_grad()
    for k in range(6):
        with autograd.record():
            u = x * 2
            v = u if k % 2 == 0 else x * 3
            z = (u * v).sum()
        z.backward()
        expect = 8 * x.asnumpy() if k % 2 == 0 else 12 * x.asnumpy()
        np.testing.assert_allclose(x.grad.asnumpy(), expect, rtol=1e-6)


def test_other_output_of_the_head_op():
    x = nd.array(np.random.RandomState(3).uniform(-1, 1, (4, 6)))
    x.attach_grad()
    for k in (0, 0, 0, 1, 1, 0):
        with autograd.record():
            parts = nd.split(x * x, num_outputs=2, axis=1)
        parts[k].backward()
        expect = np.zeros((4, 6), np.float32)
        cols = slice(0, 3) if k == 0 else slice(3, 6)
        expect[:, cols] = 2 * x.asnumpy()[:, cols]
        np.testing.assert_allclose(x.grad.asnumpy(), expect, rtol=1e-6)


def test_head_from_another_graph_with_the_same_kernel_is_not_confused():
    # Two graphs ending in the same op kernel (sum), of different structure.
    w, b, x = _setup()
    for _ in range(3):
        _step(w, b, x)
        _check(w, b, x)
        with autograd.record():
            y = (w * 3).sum()
        y.backward()
        np.testing.assert_allclose(w.grad.asnumpy(), np.full((3, 3), 3.0))
    _step(w, b, x)
    _check(w, b, x)


def test_retained_graph_twice():
    w, b, x = _setup()
    for _ in range(3):
        with autograd.record():
            y = (nd.tanh(nd.dot(x, w) + b) ** 2).sum()
        y.backward(retain_graph=True)
        _check(w, b, x)
        y.backward()
        _check(w, b, x)


def test_template_keeps_no_variable_alive():
    import gc
    import weakref
    w, b, x = _setup()
    for _ in range(3):
        _step(w, b, x)
    ref = weakref.ref(w)
    del w, b
    gc.collect()
    assert ref() is None
    w, b = _vars(3)     # a new pair of the same structure traces again, correctly
    for _ in range(2):
        _step(w, b, x)
        _check(w, b, x)
