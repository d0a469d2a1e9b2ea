"""gluon.contrib.rnn's convolutional cells beyond the goldens
(tests/golden/contrib_conv_rnn.json): a Conv2DGRUCell step and its weight gradients
against jax.grad of the same cell written with jax.lax.conv, and the channel-last
layout (which MXNet 1.9.1 cannot run on the CPU) against the channel-first one."""
import jax
import jax.numpy as jnp
import numpy as np

from mxcompat import autograd, gluon, nd


def _set(cell, seed):
    rs = np.random.RandomState(seed)
    for name in ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"):
        p = getattr(cell, name)
        p.set_data(nd.array(rs.uniform(-0.4, 0.4, p.shape)))


def _conv(x, w, b, pad):
    out = jax.lax.conv_general_dilated(x, w, (1, 1), [(p, p) for p in pad],
                                       dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out + b[None, :, None, None]


def test_conv_gru_step_and_weight_gradients_match_jax():
    cell = gluon.contrib.rnn.Conv2DGRUCell((3, 5, 4), 2, (3, 1), 3, i2h_pad=(1, 0))
    cell.initialize()
    _set(cell, 0)
    rs = np.random.RandomState(1)
    x = rs.uniform(-1, 1, (2, 3, 5, 4)).astype(np.float32)
    h = rs.uniform(-1, 1, (2, 2, 5, 4)).astype(np.float32)
    with autograd.record():
        out, _ = cell(nd.array(x), [nd.array(h)])
        loss = (out * out).sum()
    loss.backward()
    names = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")
    ps = [jnp.asarray(getattr(cell, n).data().asnumpy()) for n in names]

    def ref(ps):
        wi, wh, bi, bh = ps
        gi = jnp.split(_conv(x, wi, bi, (1, 0)), 3, axis=1)
        gh = jnp.split(_conv(h, wh, bh, (1, 1)), 3, axis=1)
        r = jax.nn.sigmoid(gi[0] + gh[0])
        z = jax.nn.sigmoid(gi[1] + gh[1])
        n = jnp.tanh(gi[2] + r * gh[2])
        return (1 - z) * n + z * h
    np.testing.assert_allclose(out.asnumpy(), ref(ps), rtol=1e-5, atol=1e-6)
    grads = jax.grad(lambda ps: jnp.sum(ref(ps) ** 2))(ps)
    for n, g in zip(names, grads):
        np.testing.assert_allclose(getattr(cell, n).grad().asnumpy(), g, rtol=1e-4,
                                   atol=1e-5)


def test_channel_last_layout_equals_channel_first():
    first = gluon.contrib.rnn.Conv2DLSTMCell((2, 5, 4), 3, 3, 3, i2h_pad=1)
    last = gluon.contrib.rnn.Conv2DLSTMCell((5, 4, 2), 3, 3, 3, i2h_pad=1,
                                            conv_layout="NHWC")
    for c in (first, last):
        c.initialize()
    _set(first, 3)
    for name in ("i2h_weight", "h2h_weight"):
        w = getattr(first, name).data().asnumpy()
        getattr(last, name).set_data(nd.array(w.transpose(0, 2, 3, 1)))
    for name in ("i2h_bias", "h2h_bias"):
        getattr(last, name).set_data(getattr(first, name).data())
    x = np.random.RandomState(4).uniform(-1, 1, (2, 2, 5, 4)).astype(np.float32)
    o1, s1 = first.unroll(2, nd.array(np.stack([x, -x], 1)), merge_outputs=True)
    o2, s2 = last.unroll(2, nd.array(np.stack([x, -x], 1).transpose(0, 1, 3, 4, 2)),
                         merge_outputs=True)
    np.testing.assert_allclose(o2.asnumpy(), o1.asnumpy().transpose(0, 1, 3, 4, 2),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s2[1].asnumpy(), s1[1].asnumpy().transpose(0, 2, 3, 1),
                               rtol=1e-5, atol=1e-6)
