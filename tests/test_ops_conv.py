"""Convolution, pooling and normalization ops where the goldens cannot speak:

* cases real MXNet 1.9.1 fails on its CPU (channel-last convolution, float16
  convolution, 1-D im2col, the 'same' pooling convention, a target_shape its MKLDNN
  kernel refuses) are checked against independent numpy/JAX references;
* second-order gradients (MXNet has none for these ops) are checked against
  ``jax.grad`` of pure-JAX references written with slices, not with lax.conv;
* the average-pooling gradient is the derivative of its forward where MXNet's
  MKLDNN backward is not (a 'full' window hanging over the edge of a 3x3 input).
"""
import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from mxcompat import autograd, nd


def _x(shape, dtype="float64", seed=0, lo=-1.0, hi=1.0):
    return np.random.RandomState(seed).uniform(lo, hi, shape).astype(dtype)


# ------------------------------------------------------------ pure references
def ref_conv(x, w, b=None, stride=None, pad=None, dilate=None, groups=1):
    """N-D convolution of NC... data with OI... weights from strided slices."""
    xp = jnp.asarray(x)
    w = jnp.asarray(w)
    n = xp.ndim - 2
    stride = stride or (1,) * n
    pad = pad or (0,) * n
    dilate = dilate or (1,) * n
    xp = jnp.pad(xp, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    k = w.shape[2:]
    outs = [(xp.shape[2 + i] - (k[i] - 1) * dilate[i] - 1) // stride[i] + 1 for i in range(n)]
    N, C = xp.shape[:2]
    F = w.shape[0]
    out = 0.0
    for off in itertools.product(*[range(s) for s in k]):
        idx = (slice(None), slice(None)) + tuple(
            slice(o * d, o * d + (m - 1) * s + 1, s)
            for o, d, m, s in zip(off, dilate, outs, stride))
        patch = xp[idx].reshape((N, groups, C // groups) + tuple(outs))
        wk = w[(slice(None), slice(None)) + off].reshape((groups, F // groups, C // groups))
        out = out + jnp.einsum("ngc...,gfc->ngf...", patch, wk).reshape((N, F) + tuple(outs))
    if b is not None:
        out = out + jnp.asarray(b).reshape((1, F) + (1,) * n)
    return out


def ref_deconv(x, w, stride, pad, adj, groups=1):
    """Transposed convolution by scattering each input pixel times the kernel."""
    x = jnp.asarray(x)
    w = jnp.asarray(w)
    n = x.ndim - 2
    N, C = x.shape[:2]
    k = w.shape[2:]
    F = w.shape[1] * groups
    full = [(x.shape[2 + i] - 1) * stride[i] + k[i] + adj[i] for i in range(n)]
    out = jnp.zeros((N, F) + tuple(full), x.dtype)
    xg = x.reshape((N, groups, C // groups) + x.shape[2:])
    wg = w.reshape((groups, C // groups, F // groups) + k)
    for off in itertools.product(*[range(s) for s in k]):
        contrib = jnp.einsum("ngc...,gcf->ngf...", xg, wg[(slice(None),) * 3 + off])
        idx = (slice(None), slice(None)) + tuple(
            slice(o, o + (x.shape[2 + i] - 1) * stride[i] + 1, stride[i])
            for i, o in enumerate(off))
        out = out.at[idx].add(contrib.reshape((N, F) + x.shape[2:]))
    size = [full[i] - adj[i] - 2 * pad[i] + adj[i] for i in range(n)]
    crop = (slice(None), slice(None)) + tuple(slice(pad[i], pad[i] + size[i]) for i in range(n))
    return out[crop]


def ref_pool2d(x, kernel, stride, pad, kind, p=2):
    """2-D pooling (valid convention) from slices of the padded input."""
    x = jnp.asarray(x)
    fill = -jnp.inf if kind == "max" else 0.0
    xp = jnp.pad(x, [(0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])],
                 constant_values=fill)
    oh = (xp.shape[2] - kernel[0]) // stride[0] + 1
    ow = (xp.shape[3] - kernel[1]) // stride[1] + 1
    parts = [xp[:, :, i:i + (oh - 1) * stride[0] + 1:stride[0],
                j:j + (ow - 1) * stride[1] + 1:stride[1]]
             for i in range(kernel[0]) for j in range(kernel[1])]
    stack = jnp.stack(parts)
    if kind == "max":
        return jnp.max(stack, axis=0)
    if kind == "avg":
        return jnp.sum(stack, axis=0) / (kernel[0] * kernel[1])
    return jnp.sum(stack ** p, axis=0) ** (1.0 / p)


def ref_batchnorm_train(x, g, b, eps):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    m = jnp.mean(x, axis=axes, keepdims=True)
    v = jnp.mean((x - m) ** 2, axis=axes, keepdims=True)
    return (x - m) / jnp.sqrt(v + eps) * g.reshape(shape) + b.reshape(shape)


def ref_groupnorm(x, g, b, groups, eps):
    n, c = x.shape[:2]
    xr = x.reshape((n, groups, -1))
    m = xr.mean(axis=2, keepdims=True)
    v = ((xr - m) ** 2).mean(axis=2, keepdims=True)
    y = ((xr - m) / jnp.sqrt(v + eps)).reshape((n, groups, c // groups) + x.shape[2:])
    shape = (1, groups) + (1,) * (x.ndim - 1)
    return (y * g.reshape(shape) + b.reshape(shape)).reshape(x.shape)


def ref_lrn(x, nsize, alpha, beta, knorm):
    half = (nsize - 1) // 2
    sq = jnp.pad(x * x, [(0, 0), (half, half), (0, 0), (0, 0)])
    s = sum(sq[:, i:i + x.shape[1]] for i in range(2 * half + 1))
    return x * (knorm + alpha / nsize * s) ** (-beta)


# ---------------------------------------------- references agree with goldens
def test_references_match_the_ops_on_golden_covered_cases():
    """The references reproduce the (MXNet-validated) ops, so they can stand in
    for MXNet where it fails."""
    x, w, b = _x((2, 4, 7, 6)), _x((6, 2, 3, 2), seed=1), _x((6,), seed=2)
    got = nd.Convolution(nd.array(x, dtype="float64"), nd.array(w, dtype="float64"),
                         nd.array(b, dtype="float64"), kernel=(3, 2), stride=(2, 1),
                         pad=(1, 1), dilate=(1, 2), num_filter=6, num_group=2)
    want = ref_conv(x, w, b, (2, 1), (1, 1), (1, 2), 2)
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-12, atol=1e-12)
    x, w = _x((1, 4, 3, 4)), _x((4, 3, 3, 2), seed=1)
    got = nd.Deconvolution(nd.array(x, dtype="float64"), nd.array(w, dtype="float64"),
                           kernel=(3, 2), stride=(2, 3), pad=(1, 1), adj=(1, 2),
                           num_filter=6, num_group=2)
    want = ref_deconv(x, w, (2, 3), (1, 1), (1, 2), 2)
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-12, atol=1e-12)


# --------------------------------------------------- where MXNet's CPU fails
def test_conv2d_nhwc_equals_nchw():
    x, w, b = _x((2, 5, 6, 3)), _x((4, 3, 2, 3), seed=1), _x((4,), seed=2)
    got = nd.Convolution(nd.array(x, dtype="float64"), nd.array(w, dtype="float64"),
                         nd.array(b, dtype="float64"), kernel=(3, 2), pad=(1, 0),
                         num_filter=4, layout="NHWC")
    want = ref_conv(x.transpose(0, 3, 1, 2), w.transpose(0, 3, 1, 2), b, pad=(1, 0))
    np.testing.assert_allclose(got.asnumpy(), np.asarray(want).transpose(0, 2, 3, 1),
                               rtol=1e-12, atol=1e-12)


def test_conv3d_ndhwc_equals_ncdhw():
    x, w = _x((1, 4, 3, 5, 2)), _x((3, 2, 2, 2, 2), seed=1)
    got = nd.Convolution(nd.array(x, dtype="float64"), nd.array(w, dtype="float64"),
                         kernel=(2, 2, 2), stride=(1, 1, 2), num_filter=3, no_bias=True,
                         layout="NDHWC")
    want = ref_conv(x.transpose(0, 4, 1, 2, 3), w.transpose(0, 4, 1, 2, 3),
                    stride=(1, 1, 2))
    np.testing.assert_allclose(got.asnumpy(), np.asarray(want).transpose(0, 2, 3, 4, 1),
                               rtol=1e-12, atol=1e-12)


def test_conv_float16_is_float32_rounded():
    x, w = _x((1, 2, 5, 5), "float16"), _x((3, 2, 3, 3), "float16", seed=1)
    got = nd.Convolution(nd.array(x, dtype="float16"), nd.array(w, dtype="float16"),
                         kernel=(3, 3), num_filter=3, no_bias=True)
    assert got.dtype == np.float16
    want = np.asarray(ref_conv(x.astype(np.float64), w.astype(np.float64)))
    np.testing.assert_allclose(got.asnumpy().astype(np.float64), want, rtol=2e-3, atol=2e-3)


def test_deconv_target_shape_float32():
    x, w = _x((1, 2, 4, 4), "float32"), _x((2, 2, 3, 3), "float32", seed=1)
    got = nd.Deconvolution(nd.array(x), nd.array(w), kernel=(3, 3), stride=(2, 2),
                           target_shape=(8, 8), num_filter=2)
    assert got.shape == (1, 2, 8, 8)
    # full size 9, one too many: pad 1 and adj 1
    want = ref_deconv(x.astype(np.float64), w.astype(np.float64), (2, 2), (1, 1), (1, 1))
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-5, atol=1e-5)


def test_im2col_1d():
    x = _x((2, 3, 7))
    got = nd.im2col(nd.array(x, dtype="float64"), kernel=(3,), stride=(2,), pad=(1,)).asnumpy()
    xp = np.pad(x, [(0, 0), (0, 0), (1, 1)])
    want = np.stack([xp[:, c, k + 2 * j] for c in range(3) for k in range(3)
                     for j in range(4)], axis=1).reshape(2, 9, 4)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("width, kernel, stride", [(9, 3, 2), (8, 2, 3), (7, 4, 1)])
def test_pooling_same_convention(kind, width, kernel, stride):
    x = _x((2, 3, width))
    got = nd.Pooling(nd.array(x, dtype="float64"), kernel=(kernel,), stride=(stride,),
                     pool_type=kind, pooling_convention="same").asnumpy()
    out = -(-width // stride)
    assert got.shape == (2, 3, out)
    for i in range(out):
        window = x[:, :, i * stride:min(i * stride + kernel, width)]
        want = window.max(axis=2) if kind == "max" else window.sum(axis=2) / window.shape[2]
        np.testing.assert_allclose(got[:, :, i], want, rtol=1e-12)


def test_avg_pool_full_gradient_is_the_derivative():
    """MXNet 1.9.1's MKLDNN backward divides the hanging window by the whole kernel
    (0.25) although the forward divided by 1; the gradient here is the derivative."""
    x = nd.array(np.arange(9.0).reshape(1, 1, 3, 3))
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, kernel=(2, 2), stride=(2, 2), pool_type="avg",
                       pooling_convention="full")
    y.backward(nd.ones_like(y))
    np.testing.assert_array_equal(y.asnumpy().ravel(), [2.0, 3.5, 6.5, 8.0])
    np.testing.assert_array_equal(x.grad.asnumpy().ravel(),
                                  [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1.0])


# ------------------------------------------------------ second-order gradients
def _second_order(mx_fn, jax_fn, arrays, dtype="float64", rtol=1e-8, atol=1e-10):
    """d/d(inputs) of sum(w * dL/dx0), L = sum(h * f(inputs)): mxcompat vs jax."""
    arrays = [np.asarray(a, dtype=dtype) for a in arrays]
    xs = [nd.array(a, dtype=dtype) for a in arrays]
    for x in xs:
        x.attach_grad()
    out_shape = np.shape(jax_fn(*arrays))
    h = _x(out_shape, dtype, seed=11)
    w = _x(arrays[0].shape, dtype, seed=12)
    with autograd.record():
        y = mx_fn(*xs)
        g = autograd.grad(y, [xs[0]], head_grads=[nd.array(h, dtype=dtype)],
                          create_graph=True)[0]
        s = (g * nd.array(w, dtype=dtype)).sum()
    s.backward()

    def first(*a):
        _, pull = jax.vjp(jax_fn, *a)
        return pull(jnp.asarray(h))[0]

    want = jax.grad(lambda *a: jnp.sum(first(*a) * w), argnums=tuple(range(len(arrays))))(
        *[jnp.asarray(a) for a in arrays])
    for x, wv in zip(xs, want):
        np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(wv), rtol=rtol, atol=atol)


def test_second_order_convolution():
    _second_order(
        lambda x, w, b: nd.Convolution(x, w, b, kernel=(3, 2), stride=(2, 1), pad=(1, 1),
                                       num_filter=4, num_group=2),
        lambda x, w, b: ref_conv(x, w, b, (2, 1), (1, 1), None, 2),
        [_x((2, 4, 5, 5)), _x((4, 2, 3, 2), seed=1), _x((4,), seed=2)])


def test_second_order_deconvolution():
    _second_order(
        lambda x, w: nd.Deconvolution(x, w, kernel=(2, 3), stride=(2, 2), pad=(0, 1),
                                      adj=(1, 0), num_filter=3),
        lambda x, w: ref_deconv(x, w, (2, 2), (0, 1), (1, 0)),
        [_x((1, 2, 3, 3)), _x((2, 3, 2, 3), seed=1)])


@pytest.mark.parametrize("kind, p", [("max", None), ("avg", None), ("lp", 2), ("lp", 3)])
def test_second_order_pooling(kind, p):
    x = _x((2, 2, 5, 5), lo=0.2, hi=2.0)
    kw = dict(kernel=(3, 2), stride=(2, 1), pad=(1, 0), pool_type=kind)
    if p:
        kw["p_value"] = p
    _second_order(lambda x: nd.Pooling(x, **kw),
                  lambda x: ref_pool2d(x, (3, 2), (2, 1), (1, 0), kind, p or 2), [x])


def test_second_order_batchnorm_training():
    mm, mv = nd.zeros(3, dtype="float64"), nd.ones(3, dtype="float64")
    _second_order(
        lambda x, g, b: nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, eps=1e-3),
        lambda x, g, b: ref_batchnorm_train(x, g, b, float(np.float32(1e-3))),
        [_x((4, 3, 2, 2), lo=-3, hi=3), _x((3,), seed=1, lo=0.5, hi=2), _x((3,), seed=2)])


def test_second_order_groupnorm():
    _second_order(
        lambda x, g, b: nd.GroupNorm(x, g, b, num_groups=2, eps=1e-3),
        lambda x, g, b: ref_groupnorm(x, g, b, 2, float(np.float32(1e-3))),
        [_x((2, 4, 3), lo=-3, hi=3), _x((2,), seed=1, lo=0.5, hi=2), _x((2,), seed=2)])


def test_second_order_lrn_float32():
    _second_order(lambda x: nd.LRN(x, nsize=3, alpha=0.3, beta=0.75, knorm=2.0),
                  lambda x: ref_lrn(x, 3, np.float32(0.3), np.float32(0.75), np.float32(2)),
                  [_x((1, 4, 2, 3), "float32", lo=-2, hi=2)], dtype="float32", rtol=2e-4,
                  atol=1e-5)


def test_second_order_im2col_col2im_are_linear():
    x = _x((1, 2, 4, 4))
    _second_order(lambda x: nd.col2im(nd.im2col(x, kernel=(2, 2)) ** 2, output_size=(4, 4),
                                      kernel=(2, 2)),
                  lambda x: _ref_col2im_of_sq_im2col(x), [x])


def _ref_col2im_of_sq_im2col(x):
    # im2col then col2im with a 2x2 kernel, stride 1: every pixel collects its square
    # once per window containing it.
    sq = x * x
    counts = np.zeros((4, 4))
    for i in range(3):
        for j in range(3):
            counts[i:i + 2, j:j + 2] += 1
    return sq * counts


def test_second_order_bilinear_resize_and_adaptive_pool():
    x = _x((1, 2, 3, 4))

    def mx_fn(x):
        return nd.contrib.BilinearResize2D(x * x, height=5, width=3) + 0

    ys = np.arange(5) * (2 / 4)
    xs = np.arange(3) * (3 / 2)

    def interp(img):
        y0 = np.floor(ys).astype(int)
        x0 = np.floor(xs).astype(int)
        y1 = np.minimum(y0 + 1, 2)
        x1 = np.minimum(x0 + 1, 3)
        ly = (ys - y0)[:, None]
        lx = (xs - x0)[None, :]
        top = img[..., y0, :][..., :, x0] * (1 - lx) + img[..., y0, :][..., :, x1] * lx
        bot = img[..., y1, :][..., :, x0] * (1 - lx) + img[..., y1, :][..., :, x1] * lx
        return top * (1 - ly) + bot * ly

    _second_order(mx_fn, lambda x: interp(x * x), [x])
    # Adaptive bins of 3 rows into 2: rows [0, 2) and [1, 3); 4 columns into 2: [0, 2), [2, 4).
    def adaptive(x):
        sq = x * x
        rows = [sq[:, :, 0:2], sq[:, :, 1:3]]
        return jnp.stack([jnp.stack([r[..., 0:2].mean(axis=(2, 3)),
                                     r[..., 2:4].mean(axis=(2, 3))], -1) for r in rows], -2)

    _second_order(lambda x: nd.contrib.AdaptiveAvgPooling2D(x * x, output_size=(2, 2)),
                  adaptive, [x])
