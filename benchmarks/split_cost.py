"""What MXNet's call boundaries cost in pure JAX, with no mxcompat code at all.

    python benchmarks/split_cost.py [--rounds 7]

The gluon MLP step of bench_gluon.py (784-256-10, batch 64, SGD), written three times
in plain JAX:

* ``fused``: the whole step (forward, loss, gradient, update) as ONE ``jax.jit``
  program, as a hand-written JAX training loop does;
* ``split``: one compiled program per MXNet API call of the step, as an implementation
  that runs each call when it is made must: ``net(x)`` (the forward, keeping its
  ``jax.vjp`` residuals), ``loss_fn(out, y)`` (the same), ``loss.backward()`` (applying
  the saved pullbacks), ``trainer.step()`` (the SGD update) and ``loss.mean()``;
* ``deferred``: the recorded ``net(x)`` and ``loss_fn`` calls deferred into backward's
  program: forward and backward together, then the update, then the mean;
* ``with_update``: the programs mxcompat runs, which also runs the trainer's update in
  backward's program (trainer.step then takes its results): forward, backward and
  update together (not returning the gradients: ``.grad`` computes them if read, see
  backward.LazyGrads), then the mean.

and, for comparison, ``mxcompat``: bench_gluon.py's hybridized step (the same five
calls through mxcompat). Rounds alternate between them; the report gives medians and
ratios to ``fused``. with_update / fused is the floor for mxcompat's programs;
mxcompat / with_update is what mxcompat's Python adds.
"""
import argparse
import os
import statistics
import sys

import jax
import jax.numpy as jnp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))   # the repository's mxcompat
from bench_gluon import _jax_step as fused_step, jax_data  # noqa: E402
from harness import time_body  # noqa: E402


def _net(ps, x):
    w1, b1, w2, b2 = ps
    return jax.nn.relu(x @ w1.T + b1) @ w2.T + b2


def _per_sample_loss(out, y):
    lp = jax.nn.log_softmax(out)
    return -lp[jnp.arange(out.shape[0]), y]


@jax.jit
def _update(ps, grads, rescale):
    """trainer.step: plain SGD, learning rate 0.1."""
    return [p - 0.1 * (rescale * g) for p, g in zip(ps, grads)]


_mean = jax.jit(jnp.mean)


def _loop(grads_and_loss):
    """The step's body: ``grads_and_loss(params)`` runs the forward, the loss and
    backward as the variant splits them; then the update and ``loss.mean()``."""
    state = {"p": jax_data()[2]}

    def body():
        loss, grads = grads_and_loss(state["p"])
        state["p"] = _update(state["p"], grads, 1.0 / 64)
        return float(_mean(loss))
    return body


def split_step():
    x, y, _ = jax_data()

    # The pullbacks travel as flat tuples of arrays (their structure is kept aside
    # when the programs are traced), as mxcompat passes them: handing jax.jit the
    # pullback objects themselves would add Python work that is not the point here.
    trees = {}

    @jax.jit
    def forward(ps, x):
        out, pullback = jax.vjp(lambda p: _net(p, x), ps)
        leaves, trees["net"] = jax.tree_util.tree_flatten(pullback)
        return out, leaves

    @jax.jit
    def loss_call(out, y):
        loss, pullback = jax.vjp(lambda o: _per_sample_loss(o, y), out)
        leaves, trees["loss"] = jax.tree_util.tree_flatten(pullback)
        return loss, leaves

    @jax.jit
    def backward(net_leaves, loss_leaves, ones):
        net_pb = jax.tree_util.tree_unflatten(trees["net"], net_leaves)
        loss_pb = jax.tree_util.tree_unflatten(trees["loss"], loss_leaves)
        return net_pb(loss_pb(ones)[0])[0]

    ones = jnp.ones(64, jnp.float32)

    def grads_and_loss(ps):
        out, net_pb = forward(ps, x)
        loss, loss_pb = loss_call(out, y)
        return loss, backward(net_pb, loss_pb, ones)
    return _loop(grads_and_loss)


def deferred_step():
    x, y, _ = jax_data()

    @jax.jit
    def forward_backward(ps, x, y, ones):
        loss, pullback = jax.vjp(lambda p: _per_sample_loss(_net(p, x), y), ps)
        return loss, pullback(ones)[0]

    ones = jnp.ones(64, jnp.float32)
    return _loop(lambda ps: forward_backward(ps, x, y, ones))


def with_update_step():
    x, y, params = jax_data()

    @jax.jit
    def program(ps, x, y, ones, rescale):
        loss, pullback = jax.vjp(lambda p: _per_sample_loss(_net(p, x), y), ps)
        grads = pullback(ones)[0]
        return loss, [p - 0.1 * (rescale * g) for p, g in zip(ps, grads)]

    ones = jnp.ones(64, jnp.float32)
    state = {"p": params}

    def body():
        loss, state["p"] = program(state["p"], x, y, ones, 1.0 / 64)
        return float(_mean(loss))
    return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    import mxcompat
    from bench_gluon import mlp_step_hybridized
    bodies = {"fused": fused_step(), "split": split_step(), "deferred": deferred_step(),
              "with_update": with_update_step(),
              "mxcompat": mlp_step_hybridized(mxcompat)}
    times = {k: [] for k in bodies}
    for _ in range(args.rounds):
        for name, body in bodies.items():
            times[name].append(time_body(body) * 1e6)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"pure JAX, MLP 784-256-10 step at batch 64: median of {args.rounds} "
          "interleaved rounds (microseconds)")
    rows = (("fused", "fused (one program)"), ("split", "split (one per MXNet call)"),
            ("deferred", "deferred (fwd+bwd, update, mean)"),
            ("with_update", "with update (fwd+bwd+update, mean)"),
            ("mxcompat", "mxcompat, hybridized"))
    for key, label in rows:
        print(f"{label:34s} {med[key]:8.1f} us   {med[key] / med['fused']:5.2f}x fused")
    print(f"{'mxcompat / with update':34s} {med['mxcompat'] / med['with_update']:8.2f}")

if __name__ == "__main__":
    main()
