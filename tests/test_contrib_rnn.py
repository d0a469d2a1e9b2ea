"""gluon.contrib.rnn beyond the goldens (tests/golden/contrib_rnn.json): LSTMPCell's
unrolled sequence and gradients against jax.grad of a pure-JAX LSTM with projection,
its hybridized training against the imperative one; VariationalDropoutCell's masks in
training mode (random, so not in the goldens), seen through a cell that echoes them."""
import jax
import jax.numpy as jnp
import numpy as np

from mxcompat import autograd, gluon, nd


def _cell(hidden=4, proj=3, inputs=5, seed=0):
    cell = gluon.contrib.rnn.LSTMPCell(hidden, proj, input_size=inputs)
    cell.initialize()
    rs = np.random.RandomState(seed)
    for p in cell.collect_params().values():
        p.set_data(nd.array(rs.uniform(-0.5, 0.5, p.shape)))
    return cell


def _reference(params, xs, r, c):
    """The projected LSTM over the time axis of xs (N, T, C), written in JAX."""
    w_ih, w_hh, w_hr, b_ih, b_hh = params
    outs = []
    for t in range(xs.shape[1]):
        z = xs[:, t] @ w_ih.T + b_ih + r @ w_hh.T + b_hh
        i, f, g, o = jnp.split(z, 4, axis=1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        r = (jax.nn.sigmoid(o) * jnp.tanh(c)) @ w_hr.T
        outs.append(r)
    return jnp.stack(outs, axis=1), r, c


def test_unroll_and_gradients_match_jax():
    cell = _cell()
    rs = np.random.RandomState(1)
    xs = rs.uniform(-1, 1, (2, 4, 5)).astype(np.float32)
    r0 = rs.uniform(-1, 1, (2, 3)).astype(np.float32)
    c0 = rs.uniform(-1, 1, (2, 4)).astype(np.float32)
    names = ["i2h_weight", "h2h_weight", "h2r_weight", "i2h_bias", "h2h_bias"]
    params = {n: getattr(cell, n) for n in names}
    x = nd.array(xs)
    x.attach_grad()
    with autograd.record():
        out, (r, c) = cell.unroll(4, x, [nd.array(r0), nd.array(c0)], merge_outputs=True)
        loss = (out * out).sum() + r.sum() + (c * 2).sum()
    loss.backward()

    def ref_loss(ps, xv):
        o, rr, cc = _reference(ps, xv, r0, c0)
        return jnp.sum(o * o) + jnp.sum(rr) + jnp.sum(cc * 2)
    pv = [jnp.asarray(params[n].data().asnumpy()) for n in names]
    o_ref, r_ref, c_ref = _reference(pv, xs, r0, c0)
    np.testing.assert_allclose(out.asnumpy(), o_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.asnumpy(), c_ref, rtol=1e-5, atol=1e-6)
    g_ps, g_x = jax.grad(ref_loss, argnums=(0, 1))(pv, jnp.asarray(xs))
    np.testing.assert_allclose(x.grad.asnumpy(), g_x, rtol=1e-4, atol=1e-5)
    for n, g in zip(names, g_ps):
        np.testing.assert_allclose(params[n].grad().asnumpy(), g, rtol=1e-4, atol=1e-5)


def _train(hybridize):
    cell = _cell()
    if hybridize:
        cell.hybridize()
    trainer = gluon.Trainer(cell.collect_params(), "sgd", {"learning_rate": 0.5})
    rs = np.random.RandomState(2)
    x = nd.array(rs.uniform(-1, 1, (6, 5)))
    target = nd.array(rs.uniform(-0.5, 0.5, (6, 3)))
    losses = []
    for _ in range(20):
        with autograd.record():
            r, _ = cell(x, cell.begin_state(batch_size=6))
            loss = ((r - target) ** 2).mean()
        loss.backward()
        trainer.step(1)
        losses.append(float(loss.asscalar()))
    return losses, [p.data().asnumpy() for p in cell.collect_params().values()]


def test_hybridized_cell_trains_as_the_imperative_one():
    l_hyb, w_hyb = _train(True)
    l_imp, w_imp = _train(False)
    assert l_hyb[-1] < l_hyb[0]
    np.testing.assert_allclose(l_hyb, l_imp, rtol=1e-5)
    for a, b in zip(w_hyb, w_imp):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


class _Echo(gluon.rnn.HybridRecurrentCell):
    """Outputs its input and passes its one state on unchanged (to see the masks)."""

    def state_info(self, batch_size=0):
        return [{"shape": (batch_size, 30), "__layout__": "NC"}]

    def hybrid_forward(self, F, inputs, states):
        return inputs * 1, [states[0] * 1]


def _values(mask, rate):
    m = mask.asnumpy()
    assert set(np.unique(m)) <= {0.0, np.float32(1 / (1 - rate))}
    return m


def test_variational_masks_are_kept_for_the_sequence():
    cell = gluon.contrib.rnn.VariationalDropoutCell(_Echo(), drop_inputs=0.5,
                                                     drop_states=0.25, drop_outputs=0.2)
    x = nd.ones((40, 30))
    s0 = nd.ones((40, 30))
    with autograd.record():
        o1, s1 = cell(x, [s0])
        o2, s2 = cell(x, s1)
    mi = _values(cell.drop_inputs_mask, 0.5)
    ms = _values(cell.drop_states_mask, 0.25)
    mo = _values(cell.drop_outputs_mask, 0.2)
    np.testing.assert_allclose(o1.asnumpy(), mi * mo, rtol=1e-6)
    np.testing.assert_allclose(o2.asnumpy(), mi * mo, rtol=1e-6)   # (the same masks)
    np.testing.assert_allclose(s2[0].asnumpy(), ms * ms, rtol=1e-6)
    assert 0.4 < (mi == 0).mean() < 0.6 and 0.15 < (ms == 0).mean() < 0.35
    cell.reset()
    with autograd.record():
        cell(x, [s0])
    assert not np.array_equal(cell.drop_inputs_mask.asnumpy(), mi)
    # (prediction mode: nothing dropped)
    cell.reset()
    o, _ = cell(x, [s0])
    np.testing.assert_array_equal(o.asnumpy(), x.asnumpy())


def test_variational_unroll_shares_the_mask_along_time():
    cell = gluon.contrib.rnn.VariationalDropoutCell(_Echo(), drop_inputs=0.5)
    x = nd.ones((8, 5, 30))
    x.attach_grad()
    with autograd.record():
        out, _ = cell.unroll(5, x, merge_outputs=True)
    out.backward()
    o = out.asnumpy()
    for t in range(1, 5):
        np.testing.assert_array_equal(o[:, t], o[:, 0])
    _values(out[:, 0], 0.5)
    assert 0 < (o[:, 0] == 0).mean() < 1
    np.testing.assert_array_equal(x.grad.asnumpy(), o)   # d(x * mask)/dx = mask
