"""Core benchmarks (issue 2): eager op, recorded op, 40-op chain + backward, and a
loop whose graph structure changes every iteration. Bodies use only the MXNet API;
``setup("jax")`` gives the pure-JAX version where one fits."""


def eager_op(mx):
    if mx == "jax":
        import jax.numpy as jnp
        a = jnp.ones((2, 2), jnp.float32)
        return lambda: jnp.multiply(a, 2)
    a = mx.nd.ones((2, 2))
    return lambda: a * 2


def recorded_op(mx):
    if mx == "jax":
        return None
    x = mx.nd.ones((2, 2))
    x.attach_grad()
    record = mx.autograd.record

    def body():
        with record():
            x * 2
    return body


def chain40_backward(mx):
    """20 x (y = y * 1.01 + 0.1) recorded (40 ops), then backward."""
    if mx == "jax":
        import jax
        import jax.numpy as jnp

        def f(x):
            y = x
            for _ in range(20):
                y = y * 1.01 + 0.1
            return jnp.sum(y)
        g = jax.jit(jax.grad(f))
        x = jnp.ones((2, 2), jnp.float32)
        return lambda: g(x).block_until_ready()
    x = mx.nd.ones((2, 2))
    x.attach_grad()
    record = mx.autograd.record

    def body():
        with record():
            y = x
            for _ in range(20):
                y = y * 1.01 + 0.1
        y.backward()
        x.grad.wait_to_read()
    return body


def changing_structure(mx):
    """Each iteration records a graph of a length never seen before (data-dependent
    control flow), then backward: the whole-graph compile cache cannot help."""
    if mx == "jax":
        return None
    x = mx.nd.ones((2, 2))
    x.attach_grad()
    record = mx.autograd.record
    state = {"n": 0}

    def body():
        state["n"] += 1
        n = 3 + state["n"]          # a new length every call
        with record():
            y = x
            for _ in range(n % 997 + 3):
                y = y * 1.0001
            z = mx.nd.sum(y)
        z.backward()
        x.grad.wait_to_read()
    return body


BENCHMARKS = {
    "eager_op": eager_op,
    "recorded_op": recorded_op,
    "chain40_backward": chain40_backward,
    "changing_structure": changing_structure,
}
TARGETS = {"eager_op": 0.75, "recorded_op": 0.75, "chain40_backward": 0.5,
           "changing_structure": 1.0}


def element_write(mx):
    """``x[i, j] = v`` in a Python loop, as notebooks parse data files (one write)."""
    if mx == "jax":
        return None
    x = mx.nd.zeros((1000, 50))
    state = {"k": 0}

    def body():
        k = state["k"] = (state["k"] + 1) % 50000
        x[k // 50, k % 50] = 1.5
    return body


BENCHMARKS["element_write"] = element_write
TARGETS["element_write"] = 1.0
