"""Golden cases: gluon losses on fixed inputs (values and gradients), with weight,
sample_weight and batch_axis variations."""
from _common import arr, case, val

P = arr((4, 3), seed=1)
L = arr((4, 3), seed=2)
CLS = val([0, 2, 1, 2])
SIGNED = val([[1, -1, 1], [-1, -1, 1], [1, 1, -1], [-1, 1, 1]])
BIN = val([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 1]])
SW = arr((4, 1), lo=0.5, hi=1.5, seed=3)
G = "mx.gluon.loss."

CASES = [
    case("l2", G + "L2Loss()(p, l)", grad=["p"], p=P, l=L),
    case("l2_w_sw", G + "L2Loss(weight=2.)(p, l, sw)", grad=["p"], p=P, l=L, sw=SW),
    case("l1", G + "L1Loss()(p, l)", grad=["p"], p=P, l=L),
    case("l1_batch_axis1", G + "L1Loss(batch_axis=1)(p, l)", grad=["p"], p=P, l=L),
    case("huber", G + "HuberLoss(rho=0.7)(p, l)", grad=["p"], p=P, l=L),
    case("hinge", G + "HingeLoss()(p, l)", grad=["p"], p=P, l=SIGNED),
    case("sq_hinge", G + "SquaredHingeLoss(margin=1.5)(p, l, sw)", grad=["p"], p=P,
         l=SIGNED, sw=SW),
    case("logistic_signed", G + "LogisticLoss()(p, l)", grad=["p"], p=P, l=SIGNED),
    case("logistic_binary", G + "LogisticLoss(label_format='binary')(p, l)", grad=["p"],
         p=P, l=BIN),
    case("sce_sparse", G + "SoftmaxCrossEntropyLoss()(p, l)", grad=["p"], p=P, l=CLS),
    case("sce_sparse_sw", G + "SoftmaxCrossEntropyLoss(weight=0.3)(p, l, sw)", grad=["p"],
         p=P, l=CLS, sw=SW),
    case("sce_dense", G + "SoftmaxCrossEntropyLoss(sparse_label=False)(p, nd.softmax(l))",
         grad=["p"], p=P, l=L),
    case("sce_axis0", G + "SoftmaxCrossEntropyLoss(axis=0)(p, l)", grad=["p"], p=P,
         l=val([0, 2, 1])),
    case("sbce", G + "SigmoidBinaryCrossEntropyLoss()(p, l)", grad=["p"], p=P, l=BIN),
    case("sbce_from_sigmoid", G + "SigmoidBinaryCrossEntropyLoss(from_sigmoid=True)"
         "(nd.sigmoid(p), l)", grad=["p"], p=P, l=BIN),
    case("sbce_pos_weight", G + "SigmoidBinaryCrossEntropyLoss()(p, l, None, pw)",
         grad=["p"], p=P, l=BIN, pw=arr((1, 3), lo=0.5, hi=2.0, seed=4)),
    # KL divergence cancels: float32 exp/log last-bit differences show at ~1e-5 relative.
    case("kldiv_logits", G + "KLDivLoss()(nd.log_softmax(p), nd.softmax(l))", grad=["p"],
         p=P, l=L, rtol=1e-4, atol=1e-5),
    case("kldiv_not_logits", G + "KLDivLoss(from_logits=False)(p, nd.softmax(l))",
         grad=["p"], p=P, l=L, rtol=1e-4, atol=1e-5),
    case("triplet", G + "TripletLoss(margin=0.5)(p, l, n)", grad=["p", "l", "n"], p=P, l=L,
         n=arr((4, 3), seed=5)),
    case("cosine", G + "CosineEmbeddingLoss(margin=0.1)(p, l, y)", grad=["p", "l"], p=P,
         l=L, y=val([1, -1, 1, -1])),
    case("poisson", G + "PoissonNLLLoss()(p, l)", grad=["p"], p=P,
         l=arr((4, 3), lo=0, hi=3, seed=6, integer=True, dtype="float32")),
    case("repr_l2", "repr(" + G + "L2Loss())"),
    case("repr_sce", "repr(" + G + "SoftmaxCrossEntropyLoss(weight=0.5, batch_axis=1))"),
]
