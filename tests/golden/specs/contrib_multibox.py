"""Golden cases: the SSD ops of mx.nd.contrib (MultiBoxPrior, MultiBoxTarget,
MultiBoxDetection) and box_iou, reached as nd.contrib.X and mx.contrib.nd(array).X:
values, dtypes, (zero) gradients and MXNet's errors for bad shapes."""
import numpy as np

from _common import arr, case, val

# ------------------------------------------------------------------ MultiBoxPrior
X144 = arr((1, 3, 4, 4))
PRIOR_CASES = [
    case("prior_default", "nd.contrib.MultiBoxPrior(x)", x=arr((1, 2, 2, 3))),
    case("prior_sizes_ratios", "nd.contrib.MultiBoxPrior(x, sizes=[.5, .25, .1], "
         "ratios=[1, 2, .5])", x=X144, repr=True),
    case("prior_nonsquare", "nd.contrib.MultiBoxPrior(x, sizes=(0.3, 0.6), ratios=(1, 3))",
         x=arr((2, 1, 3, 5))),
    case("prior_steps_offsets", "nd.contrib.MultiBoxPrior(x, sizes=(0.2,), ratios=(1, 2), "
         "steps=(0.1, 0.2), offsets=(0.2, 0.7))", x=arr((1, 1, 3, 4))),
    case("prior_clip", "nd.contrib.MultiBoxPrior(x, sizes=[0.9, 0.4], ratios=[1, 2, 0.5], "
         "clip=True)", x=arr((1, 1, 3, 3))),
    case("prior_f64_err", "nd.contrib.MultiBoxPrior(x, sizes=[.37, .447], ratios=[1, 2, .5])",
         error=True,
         x=arr((1, 2, 3, 2), "float64")),
    case("prior_f16_err", "nd.contrib.MultiBoxPrior(x, sizes=[.5], ratios=[1, 2])", error=True,
         x=arr((1, 2, 2, 2), "float16")),
    case("prior_string_attrs", "nd.contrib.MultiBoxPrior(x, sizes='(0.5, 0.25)', "
         "ratios='[1, 2]')", x=arr((1, 1, 2, 2))),
    case("prior_grad", "nd.contrib.MultiBoxPrior(x, sizes=[.5, .25], ratios=[1, 2])",
         grad=["x"], x=arr((1, 2, 3, 3))),
    case("prior_contrib_nd", "mx.contrib.nd.MultiBoxPrior(x, sizes=[.5, .25], "
         "ratios=[1, 2, .5])", x=arr((1, 3, 2, 2))),
    case("prior_contrib_ndarray", "mx.contrib.ndarray.MultiBoxPrior(x, sizes=[.2, .272], "
         "ratios=[1, 2, .5])", x=arr((2, 4, 5, 5))),
    case("prior_npx", "npx.multibox_prior(x, sizes=(0.5, 0.25), ratios=(1, 2))",
         x=arr((1, 1, 2, 3)), np_mode=True),
    case("prior_3d_err", "nd.contrib.MultiBoxPrior(x)", error=True, x=arr((1, 4, 4))),
    case("prior_offsets_err", "nd.contrib.MultiBoxPrior(x, offsets=(1.5, 0.5))", error=True,
         x=X144),
    case("prior_steps_len_err", "nd.contrib.MultiBoxPrior(x, steps=(0.1,))", error=True,
         x=X144),
    case("prior_steps_sign_err", "nd.contrib.MultiBoxPrior(x, steps=(-1, 0.1))", error=True,
         x=X144),
]

# ----------------------------------------------------------------- MultiBoxTarget
ANCHORS = val([[[0.0, 0.0, 0.5, 0.5], [0.12, 0.1, 0.6, 0.62], [0.5, 0.5, 1.0, 1.0],
                [0.4, 0.38, 0.9, 0.92], [0.0, 0.5, 0.5, 1.0], [0.2, 0.6, 0.45, 0.95],
                [0.6, 0.0, 1.0, 0.3], [0.05, 0.07, 0.3, 0.28]]])
PAD = [-1.0] * 5
LABELS = val([[[0, 0.04, 0.06, 0.55, 0.52], [1, 0.45, 0.43, 0.97, 0.95], PAD],
              [[2, 0.1, 0.55, 0.48, 0.93], [0, 0.62, 0.05, 0.9, 0.33], PAD],
              [PAD, PAD, PAD]])
LABELS6 = val([[[1, 0.04, 0.06, 0.55, 0.52, 7], [-1, -1, -1, -1, -1, -1]]])
CLS_PRED = arr((3, 3, 8), lo=-3, hi=3, seed=3)
MBT = "nd.contrib.MultiBoxTarget(a, l, p{})"
TARGET_CASES = [
    case("target_default", MBT.format(""), a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_threshold", MBT.format(", overlap_threshold=0.3"), a=ANCHORS, l=LABELS,
         p=CLS_PRED),
    case("target_no_threshold", MBT.format(", overlap_threshold=0"), a=ANCHORS, l=LABELS,
         p=CLS_PRED),
    case("target_mining", MBT.format(", negative_mining_ratio=3, "
                                     "negative_mining_thresh=0.5"),
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_mining_partial", MBT.format(", negative_mining_ratio=0.6, "
                                             "ignore_label=-2"),
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_mining_thresh", MBT.format(", negative_mining_ratio=0.5, "
                                            "negative_mining_thresh=0.1, "
                                            "minimum_negative_samples=2"),
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_mining_no_threshold", MBT.format(", overlap_threshold=0, "
                                                  "negative_mining_ratio=2"),
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_variances", MBT.format(", variances=(0.2, 0.2, 0.1, 0.1)"), a=ANCHORS,
         l=LABELS, p=CLS_PRED),
    case("target_label_width6", MBT.format(""), a=ANCHORS, l=LABELS6,
         p=arr((1, 2, 8), seed=4)),
    case("target_f64_err", MBT.format(", negative_mining_ratio=1"), error=True,
         a=val(ANCHORS["data"], "float64"), l=val(LABELS["data"], "float64"),
         p=arr((3, 3, 8), "float64", lo=-3, hi=3, seed=3)),
    case("target_contrib_ndarray", "mx.contrib.ndarray.MultiBoxTarget(*[a, l, p])",
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_grad", MBT.format(", negative_mining_ratio=3"), grad=["a", "l", "p"],
         a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_anchor_2d_err", MBT.format(""), error=True, a=val(ANCHORS["data"][0]),
         l=LABELS, p=CLS_PRED),
    case("target_anchor_batch_err", MBT.format(""), error=True,
         a=val(ANCHORS["data"] * 2), l=LABELS, p=CLS_PRED),
    case("target_label_width_err", "nd.contrib.MultiBoxTarget(a, l[:, :, :4], p)",
         error=True, a=ANCHORS, l=LABELS, p=CLS_PRED),
    case("target_anchor_count_err", MBT.format(""), error=True, a=ANCHORS, l=LABELS,
         p=arr((3, 3, 7))),
]

# -------------------------------------------------------------- MultiBoxDetection
def _softmax(shape, seed):
    logits = np.random.RandomState(seed).uniform(-2, 2, size=shape)
    e = np.exp(logits)
    return val((e / e.sum(axis=1, keepdims=True)).astype("float32"))


DET_ANCHORS = val([[[0.1, 0.1, 0.4, 0.4], [0.12, 0.08, 0.42, 0.41], [0.5, 0.5, 0.9, 0.9],
                    [0.52, 0.48, 0.88, 0.93], [0.0, 0.6, 0.3, 1.0], [0.15, 0.12, 0.45, 0.38],
                    [0.7, 0.05, 0.95, 0.35], [-0.1, 0.8, 0.2, 1.1]]])
PROB = _softmax((2, 3, 8), 5)
LOC = arr((2, 32), lo=-0.6, hi=0.6, seed=6)
MBD = "nd.contrib.MultiBoxDetection(c, l, a{})"
DET_CASES = [
    case("det_default", MBD.format(""), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_force_noclip", MBD.format(", force_suppress=True, clip=False"), c=PROB, l=LOC,
         a=DET_ANCHORS),
    case("det_threshold", MBD.format(", threshold=0.4"), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_nms_low", MBD.format(", nms_threshold=0.1"), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_nms_low_force", MBD.format(", nms_threshold=0.1, force_suppress=True"),
         c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_no_nms", MBD.format(", nms_threshold=0"), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_topk", MBD.format(", nms_topk=3"), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_topk_force", MBD.format(", nms_topk=5, force_suppress=True, threshold=0.2"),
         c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_variances", MBD.format(", variances=(0.2, 0.2, 0.3, 0.3), background_id=1"),
         c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_all_below", MBD.format(", threshold=0.99"), c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_one_class", MBD.format(""), c=val(np.ones((1, 1, 8))), l=arr((1, 32)),
         a=DET_ANCHORS),
    case("det_notebook_call", "mx.contrib.ndarray.MultiBoxDetection(*[c, l, a], "
         "force_suppress=True, clip=False)", c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_f64_err", MBD.format(", nms_threshold=0.3"), error=True,
         c=val(PROB["data"], "float64"), l=val(LOC["data"], "float64"),
         a=val(DET_ANCHORS["data"], "float64")),
    case("det_grad", MBD.format(""), grad=["c", "l", "a"], c=PROB, l=LOC, a=DET_ANCHORS),
    case("det_loc_err", MBD.format(""), error=True, c=PROB, l=arr((2, 28)), a=DET_ANCHORS),
    case("det_anchor_err", MBD.format(""), error=True, c=PROB, l=LOC,
         a=val([DET_ANCHORS["data"][0][:7]])),
    case("det_cls_2d_err", "nd.contrib.MultiBoxDetection(c[0], l, a)", error=True, c=PROB,
         l=LOC, a=DET_ANCHORS),
]

# ------------------------------------------------------------------------ box_iou
BOXES_A = val([[0.1, 0.1, 0.4, 0.4], [0.2, 0.3, 0.7, 0.6], [0.5, 0.5, 0.4, 0.9]])
BOXES_B = val([[[0.15, 0.1, 0.45, 0.5], [0.6, 0.6, 0.9, 0.9]],
               [[0.0, 0.0, 1.0, 1.0], [0.3, 0.2, 0.5, 0.5]]])
IOU_CASES = [
    case("iou_corner", "nd.contrib.box_iou(a, b)", a=BOXES_A, b=BOXES_B),
    case("iou_center", "nd.contrib.box_iou(a, b, format='center')", a=BOXES_A, b=BOXES_B),
    case("iou_last_dim_err", "nd.contrib.box_iou(a[:, :3], b)", error=True, a=BOXES_A,
         b=BOXES_B),
]

CASES = PRIOR_CASES + TARGET_CASES + DET_CASES + IOU_CASES
