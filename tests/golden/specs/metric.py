"""Golden cases: mx.metric values (recorded with MXNet 1.9.1).

Each case's setup builds a metric, updates it and defines ``res``; metric values are
returned as float64 NDArrays (compared with a tolerance), names as strings.
"""
from _common import arr, case, val

# res(m): [name(s), value(s)] of m.get(); gres(m): the same for m.get_global().
HELP = """
def _pack(nv):
    names, values = nv
    if not isinstance(values, list):
        values = [values]
    return [str(names), nd.array([float(v) for v in values], dtype='float64')]
res = lambda m: _pack(m.get())
gres = lambda m: _pack(m.get_global())
"""


def mcase(id, build, code="res(m)", **inputs):
    return case(id, code, setup=HELP + build, rtol=1e-6, atol=1e-9, **inputs)


P3 = val([[0.3, 0.7], [0., 1.], [0.4, 0.6]])
L3 = val([0, 1, 1])
PRED = arr((6, 4), lo=0.01, hi=1.0, seed=1)
LAB = val([3, 1, 0, 2, 1, 3])
PRED2 = arr((5, 4), lo=0.01, hi=1.0, seed=2)
LAB2 = val([0, 1, 3, 3, 2])
BIN_P = arr((8, 2), lo=0.0, hi=1.0, seed=3)
BIN_L = val([0, 1, 1, 0, 1, 0, 0, 1])
BIN_P2 = arr((6, 2), lo=0.0, hi=1.0, seed=4)
BIN_L2 = val([1, 1, 0, 0, 1, 1])
REG_P = arr((5,), seed=5)
REG_L = arr((5,), seed=6)
REG_P2 = arr((4, 3), seed=7)
REG_L2 = arr((4, 3), seed=8)

CASES = [
    # accuracy
    mcase("acc_doc", "m = mx.metric.Accuracy(); m.update(labels=[l], preds=[p])", p=P3, l=L3),
    mcase("acc_single_arrays", "m = mx.metric.Accuracy(); m.update(l, p)", p=P3, l=L3),
    mcase("acc_two_updates", "m = mx.metric.Accuracy(); m.update([l], [p]); "
          "m.update([l2], [p2])", p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("acc_lists", "m = mx.metric.Accuracy(); m.update([l, l2], [p, p2])",
          p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("acc_index_preds", "m = mx.metric.Accuracy(); m.update([l], [p])",
          p=val([3, 1, 2, 2, 0, 3]), l=LAB),
    mcase("acc_axis0", "m = mx.metric.Accuracy(axis=0); m.update([l], [p])",
          p=arr((4, 6), lo=0, hi=1, seed=9), l=LAB),
    mcase("acc_empty", "m = mx.metric.Accuracy()", code="[m.get()[0], str(m.get()[1])]"),
    mcase("acc_str", "m = mx.metric.Accuracy(); m.update([l], [p])", code="str(m)",
          p=P3, l=L3),
    mcase("acc_name_value", "m = mx.metric.Accuracy(name='a'); m.update([l], [p])",
          code="[str(m.get_name_value()), str(m.get_global_name_value())]", p=P3, l=L3),
    mcase("acc_reset_local", "m = mx.metric.Accuracy(); m.update([l], [p]); m.reset_local(); "
          "m.update([l2], [p2])", code="res(m) + gres(m)",
          p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("acc_reset", "m = mx.metric.Accuracy(); m.update([l], [p]); m.reset()",
          code="[str(m.get()[1]), str(m.get_global()[1]), m.num_inst, m.global_num_inst]",
          p=P3, l=L3),
    mcase("acc_shape_mismatch", "m = mx.metric.Accuracy()", code="m.update([l, l], [p])",
          p=P3, l=L3),
    # top-k
    mcase("topk2", "m = mx.metric.TopKAccuracy(top_k=2); m.update([l], [p])", p=PRED, l=LAB),
    mcase("topk3_two", "m = mx.metric.TopKAccuracy(top_k=3); m.update([l], [p]); "
          "m.update([l2], [p2])", p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("topk_create", "m = mx.metric.create('top_k_accuracy', top_k=2); m.update([l], [p])",
          p=PRED, l=LAB),
    # F1 / MCC
    mcase("f1_doc", "m = mx.metric.F1(); m.update(labels=[l], preds=[p])", p=P3, l=L3),
    mcase("f1_macro", "m = mx.metric.F1(); m.update([l], [p]); m.update([l2], [p2])",
          code="res(m) + gres(m)", p=BIN_P, l=BIN_L, p2=BIN_P2, l2=BIN_L2),
    mcase("f1_micro", "m = mx.metric.F1(average='micro'); m.update([l], [p]); "
          "m.update([l2], [p2])", code="res(m) + gres(m)",
          p=BIN_P, l=BIN_L, p2=BIN_P2, l2=BIN_L2),
    mcase("f1_micro_reset_local", "m = mx.metric.F1(average='micro'); m.update([l], [p]); "
          "m.reset_local(); m.update([l2], [p2])", code="res(m) + gres(m)",
          p=BIN_P, l=BIN_L, p2=BIN_P2, l2=BIN_L2),
    mcase("mcc_macro", "m = mx.metric.MCC(); m.update([l], [p]); m.update([l2], [p2])",
          code="res(m) + gres(m)", p=BIN_P, l=BIN_L, p2=BIN_P2, l2=BIN_L2),
    mcase("mcc_micro", "m = mx.metric.MCC(average='micro'); m.update([l], [p]); "
          "m.update([l2], [p2])", code="res(m) + gres(m)",
          p=BIN_P, l=BIN_L, p2=BIN_P2, l2=BIN_L2),
    mcase("pcc", "m = mx.metric.PCC(); m.update([l], [p]); m.update([l2], [p2])",
          code="res(m) + gres(m)", p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("pcc_binary", "m = mx.metric.PCC(); m.update([l], [p])", p=BIN_P, l=BIN_L),
    # regression
    mcase("mae_doc", "m = mx.metric.MAE(); m.update([l], [p])",
          p=val([[3], [-0.5], [2], [7]]), l=val([[2.5], [0.0], [2], [8]])),
    mcase("mae", "m = mx.metric.MAE(); m.update([l, l2], [p, p2])",
          p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("mse", "m = mx.metric.MSE(); m.update([l, l2], [p, p2])",
          p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("rmse", "m = mx.metric.RMSE(); m.update([l], [p]); m.update([l2], [p2])",
          p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("mse_int_labels", "m = mx.metric.MSE(); m.update([l], [p])",
          p=REG_P, l=val([1, 0, -1, 2, 0], "int32")),
    mcase("pearson_macro", "m = mx.metric.PearsonCorrelation(); m.update([l], [p]); "
          "m.update([l2], [p2])", p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("pearson_micro", "m = mx.metric.PearsonCorrelation(average='micro'); "
          "m.update([l], [p]); m.update([l2], [p2])",
          p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("pearson_doc", "m = mx.metric.create('pearsonr'); m.update([l], [p])",
          p=P3, l=val([[1, 0], [0, 1], [0, 1]])),
    # probabilities
    mcase("ce_doc", "m = mx.metric.CrossEntropy(); m.update([l], [p])", p=P3, l=L3),
    mcase("ce_eps", "m = mx.metric.create('ce', eps=1e-3); m.update([l], [p]); "
          "m.update([l2], [p2])", p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("nll", "m = mx.metric.NegativeLogLikelihood(); m.update([l], [p])", p=PRED, l=LAB),
    mcase("nll_alias", "m = mx.metric.create('nll_loss'); m.update([l], [p])", p=P3, l=L3),
    mcase("perplexity_none", "m = mx.metric.Perplexity(ignore_label=None); m.update([l], [p])",
          p=P3, l=L3),
    mcase("perplexity_ignore", "m = mx.metric.Perplexity(ignore_label=1); m.update([l], [p]); "
          "m.update([l2], [p2])", p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    mcase("perplexity_global", "m = mx.metric.Perplexity(None); m.update([l], [p]); "
          "m.reset_local(); m.update([l2], [p2])", code="res(m) + gres(m)",
          p=PRED, l=LAB, p2=PRED2, l2=LAB2),
    # loss, custom, composite, create
    mcase("loss", "m = mx.metric.Loss(); m.update(None, [p, p2])", p=PRED, p2=PRED2),
    mcase("loss_single", "m = mx.metric.Loss('myloss'); m.update(None, p)", p=REG_P2),
    mcase("custom_value", "m = mx.metric.CustomMetric(lambda l, p: float(abs(l - p).mean())); "
          "m.update([l], [p]); m.update([l2], [p2])", p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("custom_tuple", "def feval(l, p):\n    return float(abs(l - p).sum()), l.size\n"
          "m = mx.metric.create(feval); m.update([l, l2], [p, p2])",
          p=REG_P, l=REG_L, p2=REG_P2, l2=REG_L2),
    mcase("np_helper", "def my_mae(label, pred):\n    return onp.mean(onp.abs(label - pred))\n"
          "m = mx.metric.np(my_mae); m.update([l], [p])", p=REG_P, l=REG_L),
    mcase("composite", "m = mx.metric.CompositeEvalMetric(); m.add(mx.metric.Accuracy()); "
          "m.add(mx.metric.F1()); m.update(labels=[l], preds=[p])", p=P3, l=L3),
    mcase("create_list", "m = mx.metric.create(['acc', 'ce', mx.metric.TopKAccuracy(2)]); "
          "m.update([l], [p])", code="res(m) + [str(m.get_name_value())]",
          p=PRED, l=LAB),
    mcase("create_names", "m = [mx.metric.create(n) for n in ['acc', 'accuracy', 'ce', "
          "'crossentropy', 'mae', 'mse', 'rmse', 'f1', 'mcc', 'pcc', 'loss', "
          "'composite', 'nll_loss', 'pearsonr', 'ACC']]",
          code="[x.name for x in m]"),
    mcase("create_unknown", "", code="mx.metric.create('no_such_metric')"),
    mcase("update_dict", "m = mx.metric.Accuracy(output_names=['b'], label_names=['y']); "
          "m.update_dict({'x': l2, 'y': l}, {'a': p2, 'b': p})", p=PRED, l=LAB,
          p2=PRED2, l2=LAB2),
    mcase("config", "m = mx.metric.Accuracy(axis=0, name='z')",
          code="str(sorted(m.get_config().items()))"),
]
for _c in CASES:
    if _c["id"] in ("acc_shape_mismatch", "create_unknown"):
        _c["error"] = True
