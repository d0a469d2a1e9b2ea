"""mx.metric against analytic values (the goldens in tests/golden/metric.json hold
MXNet's own numbers), plus the registry, configs and the documented differences."""
import json
import math

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import nd

RS = np.random.RandomState(0)
PRED = RS.rand(20, 5).astype(np.float32)
PRED /= PRED.sum(axis=1, keepdims=True)
LABEL = RS.randint(0, 5, 20).astype(np.float32)


def _value(m):
    return m.get()[1]


def test_accuracy_and_topk():
    m = mx.metric.Accuracy()
    m.update([nd.array(LABEL)], [nd.array(PRED)])
    assert _value(m) == pytest.approx(np.mean(PRED.argmax(1) == LABEL))
    m = mx.metric.TopKAccuracy(top_k=3)
    m.update([nd.array(LABEL)], [nd.array(PRED)])
    top3 = np.argsort(-PRED, axis=1)[:, :3]
    assert _value(m) == pytest.approx(np.mean([LABEL[i] in top3[i] for i in range(20)]))
    with pytest.raises(AssertionError, match="top_k"):
        mx.metric.TopKAccuracy(top_k=1)


def test_get_returns_python_floats():
    # NOTE: MXNet returns numpy.float64 here; a Python float prints as MXNet prints
    # under NumPy 1.x (NumPy 2 prints np.float64(...)).
    m = mx.metric.Accuracy()
    m.update([nd.array([0, 1])], [nd.array([[0.9, 0.1], [0.8, 0.2]])])
    assert type(m.get()[1]) is float and str(m.get()) == "('accuracy', 0.5)"
    assert isinstance(m.sum_metric, np.float64)


def test_float32_increments_are_widened():
    m = mx.metric.MAE()
    vals = np.float32([0.1, 0.2, 0.3])
    for v in vals:
        m.update([nd.array([0.0])], [nd.array([v])])
    assert isinstance(m.sum_metric, np.float64)
    assert m.sum_metric == float(vals[0]) + float(vals[1]) + float(vals[2])


def _binary_counts(label, pred):
    p = pred.argmax(1)
    tp = np.sum((p == 1) & (label == 1))
    fp = np.sum((p == 1) & (label == 0))
    fn = np.sum((p == 0) & (label == 1))
    tn = np.sum((p == 0) & (label == 0))
    return tp, fp, fn, tn


def test_f1_and_mcc_analytic():
    rs = np.random.RandomState(1)
    batches = [(rs.randint(0, 2, 30).astype(np.float32), rs.rand(30, 2).astype(np.float32))
               for _ in range(3)]

    def f1(tp, fp, fn):
        p, r = tp / (tp + fp), tp / (tp + fn)
        return 2 * p * r / (p + r)

    def mcc(tp, fp, fn, tn):
        return (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    counts = [_binary_counts(lab, pr) for lab, pr in batches]
    for average in ("macro", "micro"):
        mf, mm = mx.metric.F1(average=average), mx.metric.MCC(average=average)
        for lab, pr in batches:
            mf.update([nd.array(lab)], [nd.array(pr)])
            mm.update([nd.array(lab)], [nd.array(pr)])
        if average == "macro":
            want_f = np.mean([f1(*c[:3]) for c in counts])
            want_m = np.mean([mcc(*c) for c in counts])
        else:
            tot = np.sum(counts, axis=0)
            want_f, want_m = f1(*tot[:3]), mcc(*tot)
        assert _value(mf) == pytest.approx(want_f)
        assert _value(mm) == pytest.approx(want_m)
    with pytest.raises(ValueError, match="binary"):
        mx.metric.F1().update([nd.array([0, 1, 2])], [nd.array(np.eye(3)[:, :2])])


def test_pcc_binary_equals_mcc():
    rs = np.random.RandomState(2)
    lab, pr = rs.randint(0, 2, 40).astype(np.float32), rs.rand(40, 2).astype(np.float32)
    m1, m2 = mx.metric.PCC(), mx.metric.MCC(average="micro")
    m1.update([nd.array(lab)], [nd.array(pr)])
    m2.update([nd.array(lab)], [nd.array(pr)])
    assert _value(m1) == pytest.approx(_value(m2))


def test_probability_metrics_analytic():
    p = PRED[np.arange(20), LABEL.astype(int)].astype(np.float64)
    ce = mx.metric.CrossEntropy()
    ce.update([nd.array(LABEL)], [nd.array(PRED)])
    assert _value(ce) == pytest.approx(np.mean(-np.log(p + 1e-12)), rel=1e-6)
    perp = mx.metric.Perplexity(ignore_label=None)
    perp.update([nd.array(LABEL)], [nd.array(PRED)])
    assert _value(perp) == pytest.approx(math.exp(np.mean(-np.log(p))), rel=1e-5)
    perp = mx.metric.Perplexity(ignore_label=2)
    perp.update([nd.array(LABEL)], [nd.array(PRED)])
    keep = LABEL != 2
    assert _value(perp) == pytest.approx(math.exp(np.mean(-np.log(p[keep]))), rel=1e-5)
    # (N, T, C) scores with (N*T,) labels, classes on the last axis.
    perp3 = mx.metric.Perplexity(None)
    perp3.update([nd.array(LABEL)], [nd.array(PRED.reshape(4, 5, 5))])
    assert _value(perp3) == pytest.approx(math.exp(np.mean(-np.log(p))), rel=1e-5)


def test_regression_metrics_analytic():
    rs = np.random.RandomState(3)
    lab, pr = rs.randn(4, 3).astype(np.float32), rs.randn(4, 3).astype(np.float32)
    lab2, pr2 = rs.randn(6).astype(np.float32), rs.randn(6).astype(np.float32)
    d1, d2 = (lab - pr).astype(np.float64), (lab2 - pr2).astype(np.float64)
    want = {"mae": (np.abs(d1).mean() + np.abs(d2).mean()) / 2,
            "mse": ((d1 ** 2).mean() + (d2 ** 2).mean()) / 2,
            "rmse": (np.sqrt((d1 ** 2).mean()) + np.sqrt((d2 ** 2).mean())) / 2}
    for name, w in want.items():
        m = mx.metric.create(name)
        m.update([nd.array(lab), nd.array(lab2)], [nd.array(pr), nd.array(pr2)])
        assert _value(m) == pytest.approx(w, rel=1e-5), name
    m = mx.metric.PearsonCorrelation()
    m.update([nd.array(lab)], [nd.array(pr)])
    assert _value(m) == pytest.approx(np.corrcoef(pr.ravel(), lab.ravel())[0, 1], rel=1e-6)
    mi = mx.metric.PearsonCorrelation(average="micro")
    mi.update([nd.array(lab2)], [nd.array(pr2)])
    assert _value(mi) == pytest.approx(np.corrcoef(pr2, lab2)[0, 1], rel=1e-6)


def test_loss_custom_composite():
    m = mx.metric.Loss()
    m.update(None, [nd.array([1., 2.]), nd.array([[3.], [4.], [5.]])])
    assert _value(m) == pytest.approx(3.0)
    c = mx.metric.CustomMetric(lambda l, p: (float(np.sum(l == p)), l.size), name="eq")
    c.update([nd.array([1, 2, 3])], [nd.array([1, 0, 3])])
    assert c.get() == ("eq", pytest.approx(2 / 3))
    with pytest.raises(NotImplementedError):
        c.get_config()
    comp = mx.metric.create(["acc", mx.metric.MAE()])
    comp.update([nd.array([0, 1])], [nd.array([[0.7, 0.3], [0.6, 0.4]])])
    names, values = comp.get()
    assert names == ["accuracy", "mae"] and values[0] == 0.5
    assert isinstance(comp.get_metric(5), ValueError)
    assert comp.get_metric(1).name == "mae"


def test_numpy_inputs_accepted():
    m = mx.metric.Accuracy()
    m.update([np.array([1, 0])], [np.array([[0.1, 0.9], [0.2, 0.8]])])
    assert _value(m) == 0.5


def test_registry_create_forms():
    @mx.metric.register
    @mx.metric.alias("half_acc")
    class HalfAcc(mx.metric.Accuracy):
        def get(self):
            name, v = super().get()
            return name, v / 2
    m = mx.metric.create("HalfAcc")
    assert isinstance(m, HalfAcc) and isinstance(mx.metric.create("half_acc"), HalfAcc)
    assert isinstance(mx.metric.create(json.dumps(["rmse", {"name": "r"}])), mx.metric.RMSE)
    assert mx.metric.create('{"metric": "mae", "name": "z"}').name == "z"
    assert mx.metric.create({"metric": "acc", "axis": 0}).axis == 0
    inst = mx.metric.MSE()
    assert mx.metric.create(inst) is inst
    cfg = mx.metric.TopKAccuracy(top_k=3).get_config()
    again = mx.metric.create(**cfg)
    assert again.name == "top_k_accuracy_3_3" and again.top_k == 3
    with pytest.warns(UserWarning, match="overriding"):
        mx.metric.register(HalfAcc, "half_acc")
    with pytest.raises(AssertionError, match="not registered"):
        mx.metric.create("nope")
