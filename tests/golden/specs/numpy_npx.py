"""Golden cases: mx.npx ops on mx.np arrays (the nn ops under their numpy-extension
names, pick/topk/one_hot, batch ops, arange_like, nonzero) against MXNet 1.9.1."""
from _common import arr, case, val


def c(id, code, **kw):
    return case(id, code, np_mode=True, **kw)


X = arr((2, 3), seed=81)
X4 = arr((2, 3, 4), seed=82)
IDX = val([0, 2], "int32")
W = arr((4, 3), seed=83)
BIAS = arr((4,), seed=84)

CASES = [
    c("relu", "npx.relu(x)", grad=["x"], x=X, repr=True),
    c("sigmoid", "npx.sigmoid(x)", grad=["x"], x=X),
    c("softmax", "npx.softmax(x)", grad=["x"], x=X),
    c("softmax_axis0", "npx.softmax(x, axis=0)", grad=["x"], x=X),
    c("softmax_temp", "npx.softmax(x, temperature=2.0)", x=X),
    c("log_softmax", "npx.log_softmax(x)", grad=["x"], x=X),
    c("log_softmax_axis", "npx.log_softmax(x, axis=0)", x=X),
    c("activation_tanh", "npx.activation(x, act_type='tanh')", grad=["x"], x=X),
    c("activation_softrelu", "npx.activation(x, act_type='softrelu')", x=X),
    c("leaky_relu", "npx.leaky_relu(x, slope=0.1)", grad=["x"], x=X),
    c("fully_connected", "npx.fully_connected(x, w, b, num_hidden=4)", grad=["x", "w", "b"],
      x=X, w=W, b=BIAS),
    c("fully_connected_nobias", "npx.fully_connected(x, w, None, num_hidden=4, no_bias=True)",
      grad=["x", "w"], x=X, w=W),
    c("fully_connected_flatten", "npx.fully_connected(x, w, b, num_hidden=4)",
      x=arr((2, 1, 3), seed=85), w=W, b=BIAS),
    c("embedding", "npx.embedding(i, w, input_dim=4, output_dim=3)", grad=["w"], i=IDX, w=W),
    c("dropout_eval", "npx.dropout(x, p=0.5)", x=X),
    c("layer_norm", "npx.layer_norm(x, g, b)", grad=["x", "g", "b"], x=X,
      g=val([1., 2., 0.5]), b=val([0., 0.1, -0.1])),
    c("pick", "npx.pick(x, i)", grad=["x"], x=X, i=val([0, 2], "int32")),
    c("pick_float_idx", "npx.pick(x, i, axis=1, keepdims=True)", x=X, i=val([1., 0.])),
    c("topk_indices", "npx.topk(x, k=2)", x=X),
    c("topk_value", "npx.topk(x, k=2, ret_typ='value')", grad=["x"], x=X),
    c("topk_both", "npx.topk(x, k=1, ret_typ='both')", x=X),
    c("topk_int64", "npx.topk(x, k=2, dtype='int64')", x=X),
    c("topk_axis_none", "npx.topk(x, k=2, axis=None)", x=X),
    c("one_hot", "npx.one_hot(i, 3)", i=IDX),
    c("one_hot_float", "npx.one_hot(i, 4)", i=val([1., 3.])),
    c("batch_dot", "npx.batch_dot(x, y)", grad=["x", "y"], x=X4, y=arr((2, 4, 2), seed=86)),
    c("batch_dot_t", "npx.batch_dot(x, y, transpose_b=True)", x=X4,
      y=arr((2, 5, 4), seed=87)),
    c("batch_flatten", "npx.batch_flatten(x)", grad=["x"], x=X4),
    c("sequence_mask", "npx.sequence_mask(x, l, use_sequence_length=True)", grad=["x"],
      x=arr((3, 2), seed=88), l=val([1., 2.])),
    c("reshape_like", "npx.reshape_like(x, y)", x=X, y=arr((3, 2), seed=89)),
    c("shape_array", "npx.shape_array(x)", x=X4),
    c("slice", "npx.slice(x, begin=(0, 1), end=(2, 3))", grad=["x"], x=X),
    c("smooth_l1", "npx.smooth_l1(x, 1.0)", grad=["x"], x=X),
    c("cast", "npx.cast(x, 'int32')", x=X),
    c("arange_like", "npx.arange_like(x)", x=X),
    c("arange_like_axis", "npx.arange_like(x, start=1, step=2, axis=1)", x=X4),
    c("gather_nd", "npx.gather_nd(x, i)", grad=["x"], x=X, i=val([[0, 1], [1, 2]], "int32")),
    c("nonzero", "npx.nonzero(x)", x=val([[0., 1.], [2., 0.]])),
    c("erf", "npx.erf(x)", grad=["x"], x=X),
    c("gamma", "npx.gamma(x)", x=arr((2, 3), seed=90, positive=True)),
    c("gammaln", "npx.gammaln(x)", grad=["x"], x=arr((2, 3), seed=90, positive=True)),
    c("context", "(str(npx.cpu()), str(npx.gpu(1)), str(npx.current_context()))"),
    c("flags", "(npx.is_np_array(), npx.is_np_shape())"),
]
