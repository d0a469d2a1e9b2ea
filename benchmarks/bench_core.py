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
    """Each iteration records 20 steps whose ops (multiply or add) follow the bits of
    an iteration counter, so the graph structure is new at every iteration (as with
    data-dependent control flow), then backward: a compile cache cannot help."""
    if mx == "jax":
        return None
    x = mx.nd.ones((2, 2))
    x.attach_grad()
    record = mx.autograd.record
    state = {"n": 12345}

    def body():
        state["n"] += 1
        n = state["n"]
        with record():
            y = x
            for k in range(20):
                if (n >> k) & 1:
                    y = y * 1.01
                else:
                    y = y + 0.01
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


def legacy_python_loop(mx):
    """The straight-dope perceptron pattern: rejection-sample 100 points one by one
    (random draw, dot, norm, asscalar, row and element writes), then one perceptron
    pass iterating over the rows. Eager, tiny arrays, many host round trips."""
    if mx == "jax":
        return None
    nd = mx.nd

    def body():
        mx.random.seed(1)
        w_true = nd.array([0.6, -0.8])
        X = nd.zeros(shape=(100, 2))
        Y = nd.zeros(shape=(100,))
        i = 0
        while i < 100:
            tmp = nd.random_normal(shape=(1, 2))
            margin = nd.dot(tmp, w_true) + 0.1
            if (nd.norm(tmp).asscalar() < 3) & (abs(margin.asscalar()) > 0.1):
                X[i, :] = tmp[0]
                Y[i] = 1 if margin.asscalar() > 0 else -1
                i += 1
        w = nd.zeros(shape=(2,))
        b = nd.zeros(shape=(1,))
        for x, y in zip(X, Y):
            if (y * (nd.dot(w, x) + b)).asscalar() <= 0:
                w += y * x
                b += y
        return w
    return body


BENCHMARKS["legacy_python_loop"] = legacy_python_loop
TARGETS["legacy_python_loop"] = 1.0
