"""Gluon benchmarks (issue 5): one training step of an MLP 784-256-10 at batch 64
(record, loss, backward, trainer.step, asscalar), imperative and hybridized, and the
hand-written ``jax.jit`` step for reference."""
import numpy as np


def _setup(mx, hybridize):
    gluon = mx.gluon
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(256, activation="relu"))
        net.add(gluon.nn.Dense(10))
    net.initialize(mx.init.Xavier())
    if hybridize:
        net.hybridize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    rs = np.random.RandomState(0)
    x = mx.nd.array(rs.uniform(size=(64, 784)))
    y = mx.nd.array(rs.randint(0, 10, 64))
    record = mx.autograd.record

    def step():
        with record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(64)
        return loss.mean().asscalar()
    return step


def mlp_step_imperative(mx):
    if mx == "jax":
        return _jax_step()
    return _setup(mx, False)


def mlp_step_hybridized(mx):
    if mx == "jax":
        return _jax_step()
    return _setup(mx, True)


def jax_data():
    """The batch (x, y) and the MLP's parameters as jax arrays."""
    import jax.numpy as jnp
    rs = np.random.RandomState(0)
    x = jnp.asarray(rs.uniform(size=(64, 784)), jnp.float32)
    y = jnp.asarray(rs.randint(0, 10, 64))
    params = [jnp.asarray(rs.uniform(-0.07, 0.07, (256, 784)), jnp.float32),
              jnp.zeros(256, jnp.float32),
              jnp.asarray(rs.uniform(-0.15, 0.15, (10, 256)), jnp.float32),
              jnp.zeros(10, jnp.float32)]
    return x, y, params


def _jax_step():
    import jax
    import jax.numpy as jnp
    x, y, params = jax_data()

    def loss_fn(ps):
        w1, b1, w2, b2 = ps
        h = jax.nn.relu(x @ w1.T + b1)
        lp = jax.nn.log_softmax(h @ w2.T + b2)
        return -jnp.mean(lp[jnp.arange(64), y])

    @jax.jit
    def step(ps):
        loss, g = jax.value_and_grad(loss_fn)(ps)
        return [p - 0.1 * gi for p, gi in zip(ps, g)], loss
    state = {"p": params}

    def body():
        state["p"], loss = step(state["p"])
        return float(loss)
    return body


BENCHMARKS = {"mlp_step_imperative": mlp_step_imperative,
              "mlp_step_hybridized": mlp_step_hybridized}
TARGETS = {"mlp_step_imperative": 0.5, "mlp_step_hybridized": 0.5}
# Targets against the hand-written jax.jit step (mxcompat / pure JAX).
JAX_TARGETS = {"mlp_step_hybridized": 1.2}
