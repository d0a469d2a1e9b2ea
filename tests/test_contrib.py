"""mx.contrib: the ``mxnet.contrib.ndarray`` imports under the alias, the modules it
does not provide, and the SSD ops at the sizes of the straight-dope SSD notebook.
(Values are checked against MXNet in tests/golden/contrib_multibox.json and
contrib_autograd.json.)"""
import sys

import numpy as np
import pytest

import mxcompat as mx
from mxcompat import alias


@pytest.fixture
def aliased():
    alias.uninstall()
    alias.install()
    yield
    alias.uninstall()


def test_contrib_ndarray_is_nd_contrib():
    assert mx.contrib.ndarray is mx.nd.contrib
    assert mx.contrib.nd is mx.nd.contrib
    assert mx.contrib.nd.MultiBoxPrior is mx.nd.contrib.MultiBoxPrior
    import mxcompat.contrib.ndarray as direct
    assert direct is mx.nd.contrib


def test_alias_imports(aliased):
    import mxnet.contrib.ndarray as C
    from mxnet.contrib.ndarray import MultiBoxPrior, MultiBoxTarget, MultiBoxDetection
    import mxnet.contrib.nd as C2
    from mxnet.contrib import autograd as cag
    import mxnet as mxn
    assert C is mx.nd.contrib and C2 is C
    assert sys.modules["mxnet.contrib.ndarray"] is C
    assert MultiBoxPrior is C.MultiBoxPrior
    assert (MultiBoxTarget, MultiBoxDetection) == (C.MultiBoxTarget, C.MultiBoxDetection)
    assert cag is mx.contrib.autograd and mxn.contrib.autograd is cag
    assert mxn.contrib.ndarray is C


@pytest.mark.parametrize("name", ["symbol", "sym", "onnx", "quantization", "quant",
                                  "tensorboard", "text", "io"])
def test_not_provided_submodules(name):
    with pytest.raises(AttributeError, match=f"mxnet.contrib.{name} is not implemented"):
        getattr(mx.contrib, name)
    assert not hasattr(mx.contrib, name)


def test_not_provided_import_under_alias(aliased):
    with pytest.raises(ModuleNotFoundError, match="mxnet.contrib.onnx"):
        import mxnet.contrib.onnx  # noqa: F401
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        mx.contrib.nothing  # noqa: B018


def _ssd_inputs(batch=4):
    """The toy SSD of the notebook: five feature maps of a 256x256 image."""
    sizes = [[.2, .272], [.37, .447], [.54, .619], [.71, .79], [.88, .961]]
    feats = [32, 16, 8, 4, 1]
    anchors = mx.nd.concat(*[mx.nd.contrib.MultiBoxPrior(
        mx.nd.zeros((batch, 4, f, f)), sizes=s, ratios=[1, 2, .5])
        for f, s in zip(feats, sizes)], dim=1)
    rs = np.random.RandomState(0)
    n = anchors.shape[1]
    labels = -np.ones((batch, 3, 5), np.float32)
    for b in range(batch):
        lo = rs.uniform(0, 0.5, size=2)
        labels[b, 0] = [0, lo[0], lo[1], lo[0] + 0.3, lo[1] + 0.4]
    cls_pred = mx.nd.array(rs.uniform(-1, 1, size=(batch, 2, n)))
    return anchors, mx.nd.array(labels), cls_pred


def test_ssd_notebook_shapes_and_consistency():
    anchors, labels, cls_pred = _ssd_inputs()
    n = anchors.shape[1]
    assert anchors.shape == (1, (32 * 32 + 16 * 16 + 8 * 8 + 4 * 4 + 1) * 4, 4)
    loc, mask, cls = mx.nd.contrib.MultiBoxTarget(anchors, labels, cls_pred)
    assert (loc.shape, mask.shape, cls.shape) == ((4, n * 4), (4, n * 4), (4, n))
    pos = cls.asnumpy() > 0
    # every image has its one box matched, the mask marks exactly the positives
    assert pos.any(axis=1).all()
    np.testing.assert_array_equal(mask.asnumpy().reshape(4, n, 4).all(-1), pos)
    np.testing.assert_array_equal(loc.asnumpy().reshape(4, n, 4)[~pos], 0)
    # the npx name is the same op
    got = mx.npx.multibox_target(anchors.as_np_ndarray(), labels.as_np_ndarray(),
                                 cls_pred.as_np_ndarray())
    np.testing.assert_array_equal(got[2].asnumpy(), cls.asnumpy())
    prob = mx.nd.softmax(cls_pred, axis=1)
    det = mx.nd.contrib.MultiBoxDetection(prob, loc * 0, anchors, force_suppress=True,
                                          clip=False)
    assert det.shape == (4, n, 6)
    d = det.asnumpy()
    kept = d[..., 0] >= 0
    for b in range(4):
        scores = d[b, kept[b], 1]
        assert (np.diff(scores) <= 0).all()    # kept rows come first by score


def test_multibox_ops_pass_zero_gradients():
    anchors, labels, cls_pred = _ssd_inputs(batch=2)
    cls_pred.attach_grad()
    with mx.autograd.record():
        _, _, cls = mx.nd.contrib.MultiBoxTarget(anchors, labels, cls_pred,
                                                 negative_mining_ratio=3)
        det = mx.nd.contrib.MultiBoxDetection(mx.nd.softmax(cls_pred, axis=1),
                                              mx.nd.zeros((2, anchors.shape[1] * 4)),
                                              anchors)
        out = (cls * 2).sum() + det.sum()
    out.backward()
    assert float(np.abs(cls_pred.grad.asnumpy()).sum()) == 0.0
