NAME = "03_minpy_derivatives.ipynb"


def cells(md, code):
    return [
        md("""
# 3. Derivatives with MinPy's functional API

[MinPy](https://github.com/dmlc/minpy) put a numpy interface on MXNet and added a
functional autograd in the style of HIPS/autograd: `grad(f)` is a new function that
returns the derivative of `f`. MinPy programs run unchanged on mxcompat
(`mxcompat run 03_minpy_derivatives.ipynb`): `import minpy.numpy` gives numpy's names
computed by mxcompat's `mx.np` operators, and `minpy.core.grad` is built on
`mx.autograd`.

Because a gradient computed inside another gradient is recorded too, `grad` can be
applied again and again. Here we take the first three derivatives of a function on a
grid, check them against the formulas, and plot them.
"""),
        code("""
import numpy as onp                  # official numpy, for the reference formulas
import minpy.numpy as np
from minpy.core import grad, grad_and_loss

def foo(x):
    return 5 * x ** 2 + 3 * x - 2    # foo'(x) = 10 x + 3

d_foo = grad(foo)
print(foo(4), d_foo(4))
assert d_foo(4) == 43.0
"""),
        md("""
`foo(4)` is plain Python arithmetic; `d_foo(4)` records `foo` on a float32 array
holding 4 and returns the derivative. For a number argument the derivative comes back
as a Python float.

## Three derivatives of `sin(x) x`

By hand:

* f(x) = x sin x
* f'(x) = sin x + x cos x
* f''(x) = 2 cos x - x sin x
* f'''(x) = -3 sin x - x cos x

`grad` of an array argument differentiates element by element (a non-scalar result
is summed), so one call evaluates a derivative on a whole grid.
"""),
        code("""
def f(x):
    return np.sin(x) * x

d1 = grad(f)
d2 = grad(d1)
d3 = grad(d2)

x = np.linspace(-6, 6, 241)
curves = [f(x), d1(x), d2(x), d3(x)]

xv = x.asnumpy().astype(onp.float64)
formulas = [xv * onp.sin(xv),
            onp.sin(xv) + xv * onp.cos(xv),
            2 * onp.cos(xv) - xv * onp.sin(xv),
            -3 * onp.sin(xv) - xv * onp.cos(xv)]
for k, (got, want) in enumerate(zip(curves, formulas)):
    err = onp.abs(got.asnumpy() - want).max()
    print("order %d: max |error| on the grid %.1e" % (k, err))
    assert err < 1e-4
print("at x = 1: %.5f %.5f %.5f" % (d1(1.0), d2(1.0), d3(1.0)))
"""),
        md("""
## The plot

MinPy arrays go to matplotlib through `asnumpy()`.
"""),
        code("""
%matplotlib inline
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8, 5))
for curve, label in zip(curves, ["f(x) = x sin x", "f'(x)", "f''(x)", "f'''(x)"]):
    ax.plot(x.asnumpy(), curve.asnumpy(), label=label)
ax.axhline(0, color="gray", linewidth=0.5)
ax.set_xlabel("x")
ax.legend()
ax.set_title("derivatives computed with grad(grad(grad(f)))")
plt.show()
"""),
        md("""
## Several arguments, and the loss with the gradient

`grad(f, [i, j, ...])` differentiates with respect to several arguments at once and
returns a list; `grad_and_loss` also returns the value of `f`, which saves a second
forward pass in a training loop.
"""),
        code("""
def bar(a, b, c):
    return 3 * a + b ** 2 - c

print(grad(bar, [0, 1, 2])(2, 3, 4))
grads, value = grad_and_loss(bar, [0, 1, 2])(2, 3, 4)
print(grads, float(value))
assert grads == [3.0, 6.0, -1.0] and float(value) == 11.0
"""),
        md("""
## Higher orders are exact

MinPy 0.3.4 lost the graph between nested calls and returned 0 for the second
derivative of x². Here each derivative is recorded as a differentiable operation, so
every order is right, including mixed partial derivatives of functions of several
variables: for g(x, y) = x² y³, ∂²g/∂x∂y = 6 x y².
"""),
        code("""
square = lambda x: x ** 2
print(grad(grad(square))(4), grad(grad(grad(square)))(4))
assert grad(grad(square))(4) == 2.0 and grad(grad(grad(square)))(4) == 0.0

g = lambda x, y: x ** 2 * y ** 3
dxy = grad(lambda x: grad(g, 1)(x, 2.0))(1.5)     # 6 * 1.5 * 2^2 = 36
print(dxy)
assert abs(dxy - 36.0) < 1e-4
"""),
    ]
