"""Shape, slicing, gathering and ordering ops: what the goldens cannot express.

Higher-order gradients (create_graph=True) and the gradients MXNet 1.9.1 gets wrong or
cannot compute are compared with jax.grad of pure-JAX formulas written here; list
results, methods against functions, ``out=`` and the compile cache are checked
directly. Values and first-order gradients are in tests/golden/{shape,ordering}.json.
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import autograd, nd
from mxcompat.base import MXNetError

RS = np.random.RandomState(7)
X34 = RS.uniform(-2, 2, (3, 4))
X234 = RS.uniform(-2, 2, (2, 3, 4))
X1234 = RS.uniform(-2, 2, (1, 2, 3, 4))


def _arr(v):
    v = np.asarray(v)
    return nd.array(v, dtype=str(v.dtype))


def _first_and_second(mxf, jf, xv, seed=0):
    """mxcompat's d(sum f)/dx and d(sum(w * d(sum f)/dx))/dx, and jax's."""
    w = np.random.RandomState(seed).uniform(0.5, 1.5, xv.shape)
    x = _arr(xv)
    x.attach_grad()
    with autograd.record():
        y = mxf(x)
        (g1,) = autograd.grad(y, [x], create_graph=True)
        h = g1 * _arr(w)
    h.backward()
    got = (g1.asnumpy(), x.grad.asnumpy())

    def total(v):
        return jnp.sum(jf(v))
    want1 = jax.jit(jax.grad(total))(jnp.asarray(xv))
    want2 = jax.jit(jax.grad(lambda v: jnp.sum(jax.grad(total)(v) * w)))(jnp.asarray(xv))
    return got, (np.asarray(want1), np.asarray(want2))


IDX = np.array([0, 3, 3, -2, 9])
ROWS = np.array([[0, 2, -1], [1, -4, 3]])

SECOND_ORDER = [
    ("take_clip", X34, lambda x: nd.sin(nd.take(x, _arr(IDX * 1.0), axis=1)) * x.sum(),
     lambda v: jnp.sin(v[:, np.clip(IDX, 0, 3)]) * jnp.sum(v)),
    ("take_wrap", X34, lambda x: nd.take(x, _arr(IDX * 1.0), mode="wrap") ** 3,
     lambda v: v[np.mod(IDX, 3)] ** 3),
    ("pick", X34, lambda x: nd.exp(nd.pick(x, _arr(np.array([1., 3., 7.])))),
     lambda v: jnp.exp(v[np.arange(3), np.array([1, 3, 3])])),
    ("gather_nd_negative", X34, lambda x: nd.gather_nd(x, _arr(ROWS * 1.0)) ** 3,
     lambda v: v[np.mod(ROWS[0], 3), np.mod(ROWS[1], 4)] ** 3),
    ("scatter_nd", X34[0, :3],
     lambda x: nd.sin(nd.scatter_nd(x, _arr(np.array([[0., 2., 1.], [1., 3., 0.]])),
                                    shape=(3, 4))) * 2,
     lambda v: jnp.sin(jnp.zeros((3, 4), v.dtype).at[(np.array([0, 2, 1]),
                                                      np.array([1, 3, 0]))].set(v)) * 2),
    ("sort", X234, lambda x: nd.sort(x, axis=1, is_ascend=False) ** 3 * _arr(X234),
     lambda v: jnp.flip(jnp.sort(v, axis=1), 1) ** 3 * X234),
    ("topk_value", X34, lambda x: nd.tanh(nd.topk(x, k=2, ret_typ="value") * x[:, :2]),
     lambda v: jnp.tanh(jnp.flip(jnp.sort(v, axis=1), 1)[:, :2] * v[:, :2])),
    ("where", X34, lambda x: nd.where(x > 0, x ** 3, nd.sin(x)),
     lambda v: jnp.where(v > 0, v ** 3, jnp.sin(v))),
    ("concat_split", X34,
     lambda x: nd.split(nd.concat(x, x * x, dim=0), 2, axis=0)[1] * x,
     lambda v: v * v * v),
    ("broadcast_tile_repeat", X34[:1],
     lambda x: nd.tile(nd.broadcast_to(x, (2, 4)), (1, 2)) ** 2 * nd.repeat(x, 2, axis=1)
     .broadcast_to((2, 8)),
     lambda v: jnp.tile(jnp.broadcast_to(v, (2, 4)), (1, 2)) ** 2
     * jnp.broadcast_to(jnp.repeat(v, 2, axis=1), (2, 8))),
    ("slice_flip", X234,
     lambda x: nd.flip(nd.slice(x, (None, 2), (None, 0), (None, -1)), axis=2) ** 3,
     lambda v: jnp.flip(v[:, 2:0:-1], 2) ** 3),
    ("pad_reflect", X1234,
     lambda x: nd.pad(x * x, mode="reflect", pad_width=(0, 0, 0, 0, 1, 2, 2, 1)) * x.sum(),
     lambda v: jnp.pad(v * v, [(0, 0), (0, 0), (1, 2), (2, 1)], mode="reflect") * jnp.sum(v)),
    ("upsampling", X1234,
     lambda x: nd.UpSampling(x, scale=2, sample_type="nearest") ** 3,
     lambda v: jnp.repeat(jnp.repeat(v, 2, axis=2), 2, axis=3) ** 3),
    ("sequence_mask_last", X234,
     lambda x: nd.SequenceLast(nd.SequenceMask(x * x, _arr(np.array([1., 3.])),
                                               use_sequence_length=True, axis=1, value=1),
                               _arr(np.array([2., 3.])), use_sequence_length=True,
                               axis=1) * x[:, 0],
     lambda v: jnp.where((np.arange(3)[None, :] < np.array([1, 3])[:, None])[:, :, None],
                         v * v, 1.0)[np.arange(2), np.array([1, 2])] * v[:, 0]),
    ("sequence_reverse", X234.transpose(1, 0, 2),
     lambda x: nd.SequenceReverse(x, _arr(np.array([2., 3.])), use_sequence_length=True)
     ** 3 * _arr(X234.transpose(1, 0, 2)),
     lambda v: jnp.stack([v[np.array([1, 0, 2]), 0], v[np.array([2, 1, 0]), 1]], axis=1)
     ** 3 * X234.transpose(1, 0, 2)),
]


@pytest.mark.parametrize("name,xv,mxf,jf", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_order_gradients_match_jax(name, xv, mxf, jf):
    (g1, g2), (w1, w2) = _first_and_second(mxf, jf, xv)
    np.testing.assert_allclose(g1, w1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(g2, w2, rtol=1e-10, atol=1e-12)


# ------------------------------------------- gradients MXNet 1.9.1 cannot compute
def test_sort_gradient_with_default_axis():
    # MXNet 1.9.1 raises in sort's backward when axis is left at its default
    # (golden ordering:sort_default_axis_grad); the gradient of a sorted value goes to
    # the position it came from.
    xv = np.array([[0.3, -1.2, 2.0, 0.7], [5.0, 1.0, -3.0, 2.5]])
    head = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 20.0, 30.0, 40.0]])
    x = _arr(xv)
    x.attach_grad()
    with autograd.record():
        y = nd.sort(x)
    y.backward(_arr(head))
    want = np.zeros_like(xv)
    order = np.argsort(xv, axis=1)
    for r in range(2):
        want[r, order[r]] = head[r]
    np.testing.assert_array_equal(x.grad.asnumpy(), want)


def test_sequence_last_gradient_without_lengths():
    # MXNet's backward here corrupts its heap; the gradient is the head at the last step.
    xv = RS.uniform(-1, 1, (4, 3, 2))
    head = RS.uniform(-1, 1, (3, 2))
    x = _arr(xv)
    x.attach_grad()
    with autograd.record():
        y = nd.SequenceLast(x)
    y.backward(_arr(head))
    want = np.zeros_like(xv)
    want[-1] = head
    np.testing.assert_array_equal(x.grad.asnumpy(), want)


def test_scatter_nd_duplicate_targets_all_get_the_gradient():
    # MXNet's backward of scatter_nd is gather_nd: every update reads the gradient of
    # its target, also when several updates share one target (jax's rule for .set()
    # would give it to one of them only).
    idx = np.array([[0, 2, 2, 1], [1, 3, 3, 0]])
    head = RS.uniform(-1, 1, (3, 4))
    d = _arr(np.array([1.0, 2.0, 3.0, 4.0]))
    d.attach_grad()
    with autograd.record():
        y = nd.scatter_nd(d, _arr(idx * 1.0), shape=(3, 4))
    y.backward(_arr(head))
    np.testing.assert_array_equal(d.grad.asnumpy(), head[idx[0], idx[1]])


def test_scatter_nd_drops_out_of_range_positions():
    # Undefined in MXNet (it writes out of bounds); here such updates are dropped.
    y = nd.scatter_nd(_arr(np.array([1.0, 2.0, 3.0])),
                      _arr(np.array([[0.0, -1.0, 5.0], [1.0, 0.0, 0.0]])), shape=(3, 2))
    want = np.zeros((3, 2))
    want[0, 1] = 1.0
    np.testing.assert_array_equal(y.asnumpy(), want)


def test_topk_both_with_integer_indices_backpropagates_values():
    xv = np.array([[0.3, -1.2, 2.0, 0.7], [5.0, 1.0, -3.0, 2.5]])
    x = _arr(xv)
    x.attach_grad()
    with autograd.record():
        v, i = nd.topk(x, k=2, ret_typ="both", dtype="int32")
        y = v * v
    assert i.dtype == np.int32
    y.backward()
    want = np.zeros_like(xv)
    for r in range(2):
        top = np.argsort(-xv[r])[:2]
        want[r, top] = 2 * xv[r, top]
    np.testing.assert_allclose(x.grad.asnumpy(), want)
    np.testing.assert_array_equal(i.asnumpy(), np.argsort(-xv, axis=1)[:, :2])


def test_sequence_reverse_only_supports_axis_0():
    # MXNet reports "Current implementation expects axis to be 0" (then aborts).
    x = _arr(X234)
    with pytest.raises(MXNetError, match="axis must be 0"):
        nd.SequenceReverse(x, _arr(np.array([1.0, 2.0])), use_sequence_length=True, axis=1)


# ------------------------------------------------------------- calling forms
def test_split_returns_a_list_or_one_array():
    x = _arr(X234)
    parts = nd.split(x, num_outputs=2, axis=2)
    assert isinstance(parts, list) and len(parts) == 2
    np.testing.assert_array_equal(parts[1].asnumpy(), X234[:, :, 2:])
    one = nd.split(x, num_outputs=1, axis=0)
    assert isinstance(one, nd.NDArray) and one.shape == (2, 3, 4)
    squeezed = x.split(3, axis=1, squeeze_axis=True)
    assert [p.shape for p in squeezed] == [(2, 4)] * 3
    np.testing.assert_array_equal(squeezed[2].asnumpy(), X234[:, 2])


def test_split_into_out_arrays():
    x = _arr(X34)
    outs = [nd.zeros((3, 2), dtype="float64"), nd.zeros((3, 2), dtype="float64")]
    res = nd.split(x, num_outputs=2, axis=1, out=outs)
    assert res is outs
    np.testing.assert_array_equal(outs[0].asnumpy(), X34[:, :2])
    np.testing.assert_array_equal(outs[1].asnumpy(), X34[:, 2:])


def test_split_v2_sections_and_indices():
    x = _arr(X234)
    parts = nd.split_v2(x, (1, 3), axis=-1)
    assert [p.shape for p in parts] == [(2, 3, 1), (2, 3, 2), (2, 3, 1)]
    np.testing.assert_array_equal(parts[1].asnumpy(), X234[..., 1:3])
    with pytest.raises(ValueError, match="equal division"):
        x.split_v2(3, axis=2)


METHODS = [
    ("sort", (), {"axis": 0}), ("argsort", (), {"is_ascend": False}),
    ("topk", (), {"k": 2, "ret_typ": "value"}), ("flip", (), {"axis": 1}),
    ("swapaxes", (0, 1), {}), ("tile", ((2, 1),), {}), ("repeat", (2,), {"axis": 0}),
    ("slice", (), {"begin": (1, None), "end": (3, None)}), ("slice_axis", (1, 1, 3), {}),
    ("diag", (1,), {}), ("shape_array", (), {}), ("size_array", (), {}),
    ("split", (2,), {"axis": 1}),
    ("squeeze", (), {}), ("expand_dims", (1,), {}), ("flatten", (), {}),
    ("transpose", (), {"axes": (1, 0)}),
]


@pytest.mark.parametrize("name,args,kwargs", METHODS, ids=[m[0] for m in METHODS])
def test_methods_match_functions(name, args, kwargs):
    x = _arr(X34)
    got = getattr(x, name)(*args, **kwargs)
    want = getattr(nd, name)(x, *args, **kwargs)
    got = got if isinstance(got, list) else [got]
    want = want if isinstance(want, list) else [want]
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g.asnumpy(), w.asnumpy())


def test_methods_with_array_arguments_match_functions():
    x = _arr(X34)
    i = _arr(np.array([2.0, 0.0, 3.0]))
    np.testing.assert_array_equal(x.take(i, axis=1).asnumpy(),
                                  nd.take(x, i, axis=1).asnumpy())
    np.testing.assert_array_equal(x.pick(i).asnumpy(), nd.pick(x, i).asnumpy())
    np.testing.assert_array_equal(i.one_hot(4).asnumpy(), nd.one_hot(i, 4).asnumpy())
    like = nd.zeros((2, 2))
    np.testing.assert_array_equal(x.slice_like(like).asnumpy(), X34[:2, :2])
    np.testing.assert_array_equal(x.reshape_like(nd.zeros((4, 3))).asnumpy(),
                                  X34.reshape(4, 3))
    np.testing.assert_array_equal(x[:1].broadcast_like(x).asnumpy(),
                                  np.broadcast_to(X34[:1], (3, 4)))
    np.testing.assert_array_equal(x[:1].broadcast_axes(axis=0, size=3).asnumpy(),
                                  nd.broadcast_axis(x[:1], axis=0, size=3).asnumpy())
    img = _arr(X1234)
    np.testing.assert_array_equal(
        img.pad(mode="edge", pad_width=(0, 0, 0, 0, 1, 1, 0, 2)).asnumpy(),
        np.pad(X1234, [(0, 0), (0, 0), (1, 1), (0, 2)], mode="edge"))


def test_moveaxis_in_nd_namespace():
    y = nd.moveaxis(_arr(X234), (0, 2), (1, 0))
    np.testing.assert_array_equal(y.asnumpy(), np.moveaxis(X234, (0, 2), (1, 0)))


# ------------------------------------------------------------------- caching
def test_new_index_values_do_not_recompile():
    from mxcompat.ops import REGISTRY
    x = _arr(X34)
    nd.take(x, _arr(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])), axis=1)
    kern = next(k for key, k in REGISTRY["take"]._kernels.items()
                if dict(key[0]) == {"axis": 1, "mode": "clip"})
    compiled = kern.fwd._cache_size()
    n_kernels = len(REGISTRY["take"]._kernels)
    for idx in ([0.0] * 7, [3.0, 2.0, 1.0, 0.0, 1.0, 2.0, 3.0], [-1.0, 9.0] * 3 + [5.0]):
        nd.take(x, _arr(np.array(idx)), axis=1)
    assert len(REGISTRY["take"]._kernels) == n_kernels
    assert kern.fwd._cache_size() == compiled


# -------------------------------------------------------------------- errors
@pytest.mark.parametrize("call,exc,match", [
    (lambda x: nd.take(x, _arr(np.array([3.0])), mode="raise"), MXNetError, "mode='raise'"),
    (lambda x: nd.pick(x, _arr(np.array([1.0, 2.0])), axis=None), MXNetError, "axis=None"),
    (lambda x: nd.split(x, axis=0), MXNetError, "num_outputs is required"),
    (lambda x: nd.concat(x, x.astype("float32")), MXNetError, "same dtype"),
    (lambda x: nd.topk(x, ret_typ="values"), MXNetError, "ret_typ"),
    (lambda x: nd.gather_nd(x, _arr(np.array([[0.0], [4.0]]))), IndexError,
     "out of bounds for axis 1"),
    (lambda x: nd.slice(x, begin=(0,), end=(1,), step=(0,)), MXNetError, "cannot be zero"),
    (lambda x: nd.broadcast_to(x, (3, 5)), MXNetError, "only axes of size 1"),
    (lambda x: x.broadcast_to((5, 3, 4, 1)), ValueError, "could not be broadcast"),
])
def test_errors_name_the_problem(call, exc, match):
    with pytest.raises(exc, match=match):
        call(_arr(X34))


def test_sort_and_argsort_accept_float16():
    # MXNet 1.9.1's CPU kernels reject float16 here ("This operation does not support
    # float16", golden ordering:sort_f16); topk accepts it, and so do these.
    xv = np.array([[3.5, -1.0, 2.25, 0.5], [1.0, 1.0, -2.0, 8.0]], dtype=np.float16)
    x = _arr(xv)
    y = nd.sort(x, axis=1, is_ascend=False)
    assert y.dtype == np.float16
    np.testing.assert_array_equal(y.asnumpy(), -np.sort(-xv, axis=1))
    i = nd.argsort(x, axis=1)
    assert i.dtype == np.float32
    np.testing.assert_array_equal(i.asnumpy(), np.argsort(xv, axis=1, kind="stable"))
