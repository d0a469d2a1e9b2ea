"""The SSD operators of ``mx.nd.contrib``: ``MultiBoxPrior`` (anchor boxes),
``MultiBoxTarget`` (training targets of anchors against labelled boxes) and
``MultiBoxDetection`` (decoded, non-maximum-suppressed detections), plus ``box_iou``.

MXNet runs these as sequential CPU loops; here they are static-shape JAX programs:
the greedy matching and the suppression are ``lax.fori_loop``s over an index, every
"append to a list, then sort" is a stable argsort with the left-out rows keyed last.
None of them passes gradients (MXNet writes zeros into every input gradient).
"""
import ast

import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .nn import check_float
from .registry import defop

_F32 = jnp.float32


def _floats(op, name, value):
    """A float-tuple attribute (a number, a sequence or its string) as a tuple."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise MXNetError(f"{op}: cannot read {name}={value!r} as a tuple of floats; "
                             f"pass e.g. {name}=(0.5, 0.25).") from None
    if isinstance(value, (int, float, _np.number)):
        value = (value,)
    return tuple(float(v) for v in value)


def _need_f32(op, *arrays):
    """MXNet's SSD ops run in float32 only."""
    for a in arrays:
        if a.dtype != jnp.float32:
            raise MXNetError(f"{op}: only float32 inputs are supported (MXNet's "
                             f"'Unsupported data type'), got {a.dtype.name}; convert with "
                             ".astype('float32').")


def _need_ndim(op, what, arr, ndim, layout):
    if arr.ndim != ndim:
        raise MXNetError(f"{op}: {what} must be {ndim}-D {layout} but got shape "
                         f"{arr.shape}.")


# ------------------------------------------------------------------ MultiBoxPrior
def _prior_boxes(height, width, sizes, ratios, steps, offsets, clip):
    """(H*W*A, 4) float32 anchors, computed on the host in float32 arithmetic in the
    order MXNet's kernel uses (per location: every size with the first ratio, then the
    first size with every other ratio)."""
    f = _np.float32
    h_f, w_f = f(height), f(width)
    step_y, step_x = f(steps[0]), f(steps[1])
    if step_y <= 0 or step_x <= 0:
        step_y, step_x = f(1) / h_f, f(1) / w_f
    shapes = [(f(s), f(_np.sqrt(f(ratios[0])))) for s in sizes]
    shapes += [(f(sizes[0]), f(_np.sqrt(f(r)))) for r in ratios[1:]]
    half_w = _np.array([s * h_f / w_f * r / f(2) for s, r in shapes], f)
    half_h = _np.array([s / r / f(2) for s, r in shapes], f)
    cy = ((_np.arange(height, dtype=f) + f(offsets[0])) * step_y)[:, None, None]
    cx = ((_np.arange(width, dtype=f) + f(offsets[1])) * step_x)[None, :, None]
    cy, cx = _np.broadcast_arrays(cy, cx, half_w[None, None, :])[:2]
    boxes = _np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=-1)
    if clip:
        boxes = _np.clip(boxes, f(0), f(1))
    return boxes.reshape(-1, 4).astype(f)


@defop("_contrib_MultiBoxPrior", nd="contrib.MultiBoxPrior", npx="multibox_prior")
def _multibox_prior(data, *, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0),
                    offsets=(0.5, 0.5)):
    """Anchor boxes (1, H*W*(len(sizes)+len(ratios)-1), 4) as (xmin, ymin, xmax, ymax)
    in [0, 1] image coordinates, centred on every cell of the data's (H, W) grid."""
    op = "MultiBoxPrior"
    if data.ndim < 4:
        raise MXNetError(f"{op}: data must be 4-D (batch, channel, height, width) but "
                         f"got shape {data.shape}.")
    _need_f32(op, data)
    sizes, ratios = _floats(op, "sizes", sizes), _floats(op, "ratios", ratios)
    steps, offsets = _floats(op, "steps", steps), _floats(op, "offsets", offsets)
    if not sizes or not ratios:
        raise MXNetError(f"{op}: sizes and ratios need at least one value each.")
    if len(steps) != 2:
        raise MXNetError(f"{op}: steps must be 2 values (step_y, step_x) but got {steps}.")
    if len(offsets) != 2 or not all(0.0 <= o <= 1.0 for o in offsets):
        raise MXNetError(f"{op}: offsets must be 2 values (y, x) in [0, 1] but got "
                         f"{offsets}.")
    if steps[0] * steps[1] < 0:
        raise MXNetError(f"{op}: give both steps positive (step_y, step_x), or both -1 for "
                         f"steps derived from the data shape; got {steps}.")
    height, width = data.shape[2], data.shape[3]
    if height <= 0 or width <= 0:
        raise MXNetError(f"{op}: data height and width must be > 0, got {data.shape}.")
    boxes = _prior_boxes(height, width, sizes, ratios, steps, offsets, bool(clip))
    return jnp.asarray(boxes[None], data.dtype)


# ---------------------------------------------------------------- shared box helpers
def _corners(boxes):
    return boxes[..., 0], boxes[..., 1], boxes[..., 2], boxes[..., 3]


def _iou(a, b, box_iou=False):
    """IoU of every box of ``a`` (..., N, 4) with every box of ``b`` (..., M, 4):
    (..., N, M); 0 where the union is not positive. ``box_iou``: box_iou's variant
    (inverted boxes have area 0; 0 where the boxes do not intersect)."""
    al, at, ar, ab = (v[..., :, None] for v in _corners(a))
    bl, bt, br, bb = (v[..., None, :] for v in _corners(b))
    zero = jnp.zeros((), a.dtype)
    inter = (jnp.maximum(zero, jnp.minimum(ar, br) - jnp.maximum(al, bl))
             * jnp.maximum(zero, jnp.minimum(ab, bb) - jnp.maximum(at, bt)))

    def area(w, h):
        return jnp.where((w < 0) | (h < 0), zero, w * h) if box_iou else w * h
    union = area(ar - al, ab - at) + area(br - bl, bb - bt) - inter
    ok = inter > 0 if box_iou else union > 0
    return jnp.where(ok, inter / jnp.where(ok, union, 1), zero)


def _stable_order(key):
    """Indices sorting ``key`` ascending, ties in index order."""
    return jnp.argsort(key, stable=True)


def _variances(op, variances):
    v = _floats(op, "variances", variances)
    if len(v) != 4:
        raise MXNetError(f"{op}: variances must be 4 values (x, y, w, h) but got {v}.")
    return v


# ----------------------------------------------------------------- MultiBoxTarget
def _match(iou, valid_gt):
    """MXNet's greedy bipartite matching: repeatedly take the largest IoU (> 1e-6)
    among unmatched anchors and unmatched ground truths. Returns, per anchor, whether
    it was matched and to which ground truth."""
    n_anchor, n_label = iou.shape
    flat = iou.reshape(-1)

    def step(_, state):
        anchor_used, gt_used, gt_of = state
        ok = (~anchor_used)[:, None] & (~gt_used & valid_gt)[None, :]
        cand = jnp.where(ok.reshape(-1), flat, -jnp.inf)
        best = jnp.argmax(cand)
        found = cand[best] > _F32(1e-6)
        j, k = best // n_label, best % n_label
        anchor_used = anchor_used.at[j].set(anchor_used[j] | found)
        gt_used = gt_used.at[k].set(gt_used[k] | found)
        gt_of = gt_of.at[j].set(jnp.where(found, k.astype(jnp.int32), gt_of[j]))
        return anchor_used, gt_used, gt_of

    init = (jnp.zeros(n_anchor, bool), jnp.zeros(n_label, bool),
            jnp.full(n_anchor, -1, jnp.int32))
    return lax.fori_loop(0, min(n_anchor, n_label), step, init)


def _encode(anchors, gt, variances):
    """Box regression targets of ground-truth corners ``gt`` against ``anchors``."""
    vx, vy, vw, vh = (_F32(v) for v in variances)
    al, at, ar, ab = _corners(anchors.astype(_F32))
    gl, gt_, gr, gb = _corners(gt.astype(_F32))
    aw, ah = ar - al, ab - at
    gw, gh = gr - gl, gb - gt_
    half = _F32(0.5)
    return jnp.stack([((gl + gr) * half - (al + ar) * half) / aw / vx,
                      ((gt_ + gb) * half - (at + ab) * half) / ah / vy,
                      jnp.log(gw / aw) / vw, jnp.log(gh / ah) / vh], axis=-1)


def _target_one(anchors, label, cls_pred, *, overlap_threshold, ignore_label,
                negative_mining_ratio, negative_mining_thresh, variances):
    """MultiBoxTarget of one batch item: (loc_target (A*4,), loc_mask, cls_target (A,))."""
    n_anchor, n_label = anchors.shape[0], label.shape[0]
    dtype = anchors.dtype
    padding = label[:, 0] == -1
    n_valid = jnp.where(padding.any(), jnp.argmax(padding), n_label)
    valid_gt = jnp.arange(n_label) < n_valid
    iou = _iou(anchors, label[:, 1:5]).astype(_F32)
    positive, _, gt_of = _match(iou, valid_gt)
    # The best ground truth of every anchor (first of equal IoUs).
    masked = jnp.where(valid_gt[None, :], iou, -jnp.inf)
    best_gt = jnp.argmax(masked, axis=1).astype(jnp.int32)
    best_iou = jnp.max(masked, axis=1)
    if overlap_threshold > 0:
        more = ~positive & (best_iou > _F32(overlap_threshold))
        gt_of = jnp.where(more, best_gt, gt_of)
        positive = positive | more
    num_positive = positive.sum()
    if negative_mining_ratio > 0:
        num_negative = (num_positive.astype(_F32) * _F32(negative_mining_ratio)).astype(
            jnp.int32)
        num_negative = jnp.minimum(num_negative, n_anchor - num_positive)
        candidate = ~positive & (best_iou < _F32(negative_mining_thresh))
        shifted = cls_pred - cls_pred.max(axis=0)
        background = jnp.exp(shifted[0]) / jnp.exp(shifted).sum(axis=0)
        # hardest negatives first: the lowest background probability
        order = _stable_order(jnp.where(candidate, background, jnp.inf))
        rank = jnp.zeros(n_anchor, jnp.int32).at[order].set(jnp.arange(n_anchor, dtype=jnp.int32))
        negative = candidate & (rank < num_negative)
    else:
        negative = ~positive
    negative = negative & (n_valid > 0)
    matched = label[jnp.maximum(gt_of, 0)]
    loc = jnp.where(positive[:, None], _encode(anchors, matched[:, 1:5], variances), 0)
    cls = jnp.where(positive, matched[:, 0].astype(_F32) + 1,
                    jnp.where(negative, _F32(0), _F32(ignore_label)))
    mask = jnp.broadcast_to(positive[:, None], (n_anchor, 4))
    return (loc.reshape(-1).astype(dtype), mask.reshape(-1).astype(dtype),
            cls.astype(dtype))


@defop("_contrib_MultiBoxTarget", nd="contrib.MultiBoxTarget", npx="multibox_target",
       nout=3, differentiable=False)
def _multibox_target(anchor, label, cls_pred, *, overlap_threshold=0.5, ignore_label=-1.0,
                     negative_mining_ratio=-1.0, negative_mining_thresh=0.5,
                     minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """Training targets of the anchors (1, A, 4) for the labels (B, L, >=5) rows
    (class, xmin, ymin, xmax, ymax; a class of -1 ends an image's rows): box offsets
    (B, A*4), their mask (B, A*4) and class targets (B, A; 0 is background,
    ``ignore_label`` for anchors left out by negative mining)."""
    op = "MultiBoxTarget"
    del minimum_negative_samples   # accepted but unused, as in MXNet's CPU kernel
    _need_ndim(op, "anchor", anchor, 3, "(1, num_anchors, 4)")
    if anchor.shape[0] != 1 or anchor.shape[2] != 4 or anchor.shape[1] <= 0:
        raise MXNetError(f"{op}: anchors are shared across the batch and must have shape "
                         f"(1, num_anchors, 4), but got {anchor.shape}.")
    _need_ndim(op, "label", label, 3, "(batch, num_labels, label_width)")
    if label.shape[1] <= 0 or label.shape[2] < 5:
        raise MXNetError(f"{op}: label must be (batch, num_labels > 0, label_width >= 5) "
                         f"but got {label.shape}.")
    _need_ndim(op, "cls_pred", cls_pred, 3, "(batch, num_classes, num_anchors)")
    if cls_pred.shape[2] != anchor.shape[1]:
        raise MXNetError(f"{op}: cls_pred has {cls_pred.shape[2]} anchors but anchor has "
                         f"{anchor.shape[1]}; cls_pred must be (batch, num_classes, "
                         "num_anchors).")
    _need_f32(op, anchor, label, cls_pred)
    if negative_mining_ratio > 0 and not negative_mining_thresh > 0:
        raise MXNetError(f"{op}: negative_mining_thresh must be > 0 when negative mining "
                         "is on (negative_mining_ratio > 0).")
    attrs = dict(overlap_threshold=float(overlap_threshold),
                 ignore_label=float(ignore_label),
                 negative_mining_ratio=float(negative_mining_ratio),
                 negative_mining_thresh=float(negative_mining_thresh),
                 variances=_variances(op, variances))
    anchors = lax.stop_gradient(anchor[0])
    label, cls_pred = lax.stop_gradient(label), lax.stop_gradient(cls_pred)
    return jax.vmap(lambda lab, pred: _target_one(anchors, lab, pred, **attrs))(
        label, cls_pred)


# --------------------------------------------------------------- MultiBoxDetection
def _decode(anchors, loc, variances, clip):
    vx, vy, vw, vh = variances
    al, at, ar, ab = _corners(anchors)
    aw, ah = ar - al, ab - at
    ax, ay = (al + ar) / 2, (at + ab) / 2
    ox = loc[:, 0] * vx * aw + ax
    oy = loc[:, 1] * vy * ah + ay
    ow = jnp.exp(loc[:, 2] * vw) * aw / 2
    oh = jnp.exp(loc[:, 3] * vh) * ah / 2
    boxes = jnp.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=-1)
    return jnp.clip(boxes, 0, 1) if clip else boxes


def _detect_one(prob, loc, anchors, *, clip, threshold, nms_threshold, force_suppress,
                variances, nms_topk):
    """MultiBoxDetection of one batch item: (A, 6) rows (class, score, box)."""
    n_anchor = anchors.shape[0]
    dtype = prob.dtype
    idx = jnp.arange(n_anchor)
    fg = prob[1:]
    if fg.shape[0]:
        score = fg.max(axis=0)
        cls = jnp.where(score > -1, jnp.argmax(fg, axis=0) + 1, 0)
        score = jnp.maximum(score, jnp.asarray(-1, dtype))
    else:
        score, cls = jnp.full(n_anchor, -1, dtype), jnp.zeros(n_anchor, jnp.int32)
    cls = jnp.where((cls > 0) & (score < threshold), 0, cls) - 1
    rows = jnp.concatenate([cls.astype(dtype)[:, None], score[:, None],
                            _decode(anchors, loc.reshape(n_anchor, 4), variances, clip)],
                           axis=1)
    # detections (class >= 0) move to the front, in anchor order; the rest is -1
    valid = cls >= 0
    count = valid.sum()
    rows = rows[_stable_order(~valid)]
    rows = jnp.where((idx < count)[:, None], rows, jnp.asarray(-1, dtype))
    if not 0 < nms_threshold <= 1:
        return rows
    order = _stable_order(jnp.where(idx < count, -rows[:, 1], jnp.inf))
    keep = count if nms_topk <= 0 else jnp.minimum(count, nms_topk)
    # the top ``keep`` by score are sorted; the rows after them lose their class
    dropped = rows.at[:, 0].set(jnp.where(idx < count, -1, rows[:, 0]))
    rows = jnp.where((idx < keep)[:, None], rows[order], dropped)
    ious = _iou(rows[:, 2:], rows[:, 2:])

    def suppress(i, ids):
        alive = ids[i] >= 0
        hit = ((idx > i) & (idx < keep) & (ids >= 0) & (ious[i] >= nms_threshold)
               & (force_suppress | (ids == ids[i])))
        return jnp.where(alive & hit, jnp.asarray(-1, dtype), ids)

    ids = lax.fori_loop(0, keep, suppress, rows[:, 0])
    return rows.at[:, 0].set(ids)


@defop("_contrib_MultiBoxDetection", nd="contrib.MultiBoxDetection",
       npx="multibox_detection", differentiable=False)
def _multibox_detection(cls_prob, loc_pred, anchor, *, clip=True, threshold=0.01,
                        background_id=0, nms_threshold=0.5, force_suppress=False,
                        variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """Detections (B, A, 6) from class probabilities (B, C, A; class 0 background),
    box offsets (B, A*4) and anchors (1, A, 4): rows (class, score, xmin, ymin, xmax,
    ymax), kept detections first by descending score after per-class (or, with
    ``force_suppress``, global) non-maximum suppression; class -1 marks dropped rows."""
    op = "MultiBoxDetection"
    del background_id   # accepted but unused, as in MXNet (class 0 is the background)
    _need_ndim(op, "cls_prob", cls_prob, 3, "(batch, num_classes, num_anchors)")
    _need_ndim(op, "loc_pred", loc_pred, 2, "(batch, num_anchors * 4)")
    _need_ndim(op, "anchor", anchor, 3, "(1, num_anchors, 4)")
    n_anchor = cls_prob.shape[2]
    if anchor.shape[1] != n_anchor:
        raise MXNetError(f"{op}: cls_prob has {n_anchor} anchors but anchor has "
                         f"{anchor.shape[1]}; their number of anchors must match.")
    if loc_pred.shape[1] != n_anchor * 4:
        raise MXNetError(f"{op}: loc_pred must be (batch, num_anchors * 4) = (batch, "
                         f"{n_anchor * 4}) but got {loc_pred.shape}.")
    if n_anchor <= 0 or anchor.shape[2] != 4:
        raise MXNetError(f"{op}: anchor must be (1, num_anchors > 0, 4) but got "
                         f"{anchor.shape}.")
    _need_f32(op, cls_prob, loc_pred, anchor)
    attrs = dict(clip=bool(clip), threshold=float(threshold),
                 nms_threshold=float(nms_threshold), force_suppress=bool(force_suppress),
                 variances=_variances(op, variances), nms_topk=int(nms_topk))
    anchors = lax.stop_gradient(anchor[0])
    cls_prob, loc_pred = lax.stop_gradient(cls_prob), lax.stop_gradient(loc_pred)
    return jax.vmap(lambda p, l: _detect_one(p, l, anchors, **attrs))(cls_prob, loc_pred)


# ------------------------------------------------------------------------- box_iou
@defop("_contrib_box_iou", nd="contrib.box_iou", differentiable=False)
def _box_iou(lhs, rhs, *, format="corner"):  # noqa: A002 - MXNet's attribute name
    """IoU of every box of ``lhs`` (..., 4) with every box of ``rhs`` (..., 4): shape
    lhs.shape[:-1] + rhs.shape[:-1]; boxes as corners or (format='center') x, y, w, h."""
    op = "box_iou"
    if format not in ("corner", "center"):
        raise MXNetError(f"{op}: format must be 'corner' or 'center', not {format!r}.")
    for what, a in (("lhs", lhs), ("rhs", rhs)):
        if a.ndim < 1 or a.shape[-1] != 4:
            raise MXNetError(f"{op}: {what} must end in a dimension of 4 (the box) but "
                             f"has shape {a.shape}.")
    check_float(op, lhs, rhs)

    def corners(b):
        b = lax.stop_gradient(b).reshape(-1, 4)
        if format == "center":
            x, y, w, h = _corners(b)
            b = jnp.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], axis=-1)
        return b
    out = _iou(corners(lhs), corners(rhs), box_iou=True)
    return out.reshape(lhs.shape[:-1] + rhs.shape[:-1])
