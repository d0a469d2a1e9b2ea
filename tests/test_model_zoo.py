"""gluon.model_zoo.vision against MXNet 1.9.1 (goldens from tools/record_model_zoo.py):
prefixes, parameter names/shapes/order, forward values, a train-mode step with
gradients; plus hybridized vs imperative agreement and the pretrained-file rule."""
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx
from mxcompat.base import MXNetError
from mxcompat.gluon.model_zoo import vision

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import record_model_zoo as rec  # noqa: E402

with open(os.path.join(ROOT, "tests", "golden", "files", "model_zoo.json")) as _f:
    GOLD = json.load(_f)

FORWARD = {c[0]: c for c in rec.FORWARD}


@pytest.mark.parametrize("cid", sorted(GOLD["forward"]))
def test_forward_matches_mxnet(cid):
    _, fn, kwargs, shape, mode = FORWARD[cid]
    gold = GOLD["forward"][cid]
    prefix, items, res = rec.run_forward_case(mx, fn, kwargs, shape, mode)
    assert prefix == gold["prefix"]
    assert items == gold["params"]
    assert sorted(res) == sorted(gold["values"])
    for key, want in gold["values"].items():
        got = np.asarray(res[key], dtype=np.float64)
        assert list(got.shape) == want["shape"], key
        np.testing.assert_allclose(got.ravel(), want["data"], rtol=1e-4, atol=1e-5,
                                   err_msg=f"{cid}: {key}")


def test_train_mode_float32_close_to_mxnet_float64():
    # MXNet's own float32 gradients are off here (see tools/record_model_zoo.py); the
    # float64 golden is the reference for mxcompat's float32 run too.
    _, fn, kwargs, shape, mode = FORWARD["resnet18_v1_train"]
    gold = GOLD["forward"]["resnet18_v1_train"]["values"]
    _, _, res = rec.run_forward_case(mx, fn, kwargs, shape, mode, dtype="float32")
    for key, want in gold.items():
        got = np.asarray(res[key], dtype=np.float64).ravel()
        np.testing.assert_allclose(got, want["data"], rtol=1e-4, atol=2e-5, err_msg=key)


@pytest.mark.parametrize("name", sorted(GOLD["structure"]))
def test_structure_matches_mxnet(name):
    gold = GOLD["structure"][name]
    prefix, items = rec.structure_case(mx, name)
    assert prefix == gold["prefix"]
    assert items == gold["params"]


@pytest.mark.parametrize("name", sorted(GOLD["digest"]))
def test_structure_digest_matches_mxnet(name):
    gold = GOLD["digest"][name]
    prefix, items = rec.structure_case(mx, name)
    assert prefix == gold["prefix"]
    assert len(items) == gold["count"]
    assert items[0] == gold["first"] and items[-1] == gold["last"]
    assert rec.digest(items) == gold["sha1"]


def test_get_model_names_and_error():
    kind, msg = GOLD["get_model_error"]
    with pytest.raises(ValueError) as info:
        vision.get_model("resnet19_v1")
    assert type(info.value).__name__ == kind
    assert str(info.value) == msg
    # every name MXNet lists is accepted and builds the model its function builds
    listed = msg.split("\n\t")[1:]
    assert sorted(vision._MODELS) == listed
    with mx.name.NameManager():
        a = vision.get_model("SqueezeNet1.1", classes=5)
    with mx.name.NameManager():
        b = vision.squeezenet1_1(classes=5)
    assert rec.structure(a) == rec.structure(b)
    assert mx.gluon.model_zoo.get_model is vision.get_model


def test_name_manager_restarts_block_counters():
    before = vision.resnet18_v1().prefix
    with mx.name.NameManager():
        assert vision.resnet18_v1().prefix == "resnetv10_"
    after = vision.resnet18_v1().prefix
    assert int(after[len("resnetv1"):-1]) == int(before[len("resnetv1"):-1]) + 1


def _filled(fn, **kwargs):
    """A model with every parameter set to the recorder's pattern, and its input."""
    net = rec.build(mx, fn, kwargs)
    net.initialize()
    x = mx.nd.array(rec.input_array((2, 3, 32, 32)))
    net(x)
    rec.fill_params(mx, net)
    return net, x


def test_hybridized_matches_imperative_forward_and_gradients():
    # thumbnail: stage 4 keeps 4x4 maps, so train-mode batch statistics are well
    # conditioned in float32
    net, x = _filled("resnet18_v1", classes=10, thumbnail=True)
    params = net.collect_params()

    def step():
        with mx.autograd.record():
            out = net(x)
            loss = (out * out).sum()
        loss.backward()
        return out.asnumpy(), {k: p.grad().asnumpy().copy() for k, p in params.items()
                               if p.grad_req != "null"}

    # predict mode
    ref = net(x).asnumpy()
    net.hybridize()
    np.testing.assert_allclose(net(x).asnumpy(), ref, rtol=1e-4, atol=1e-5)
    # train mode (batch statistics), gradients of every parameter
    net.hybridize(active=False)
    saved = {k: p.data().asnumpy().copy() for k, p in params.items()}
    out_i, grads_i = step()
    for k, p in params.items():      # undo the running-statistics update
        p.set_data(mx.nd.array(saved[k]))
    net.hybridize()
    out_h, grads_h = step()
    np.testing.assert_allclose(out_h, out_i, rtol=1e-4, atol=1e-5)
    assert grads_h.keys() == grads_i.keys()
    for k in grads_i:
        np.testing.assert_allclose(grads_h[k], grads_i[k], rtol=1e-3, atol=1e-5,
                                   err_msg=k)


def test_training_step_changes_weights():
    mx.random.seed(3)
    net = vision.resnet18_v1(classes=10)
    net.initialize(mx.init.Xavier())
    net.hybridize()
    x = mx.nd.array(rec.input_array((2, 3, 32, 32)))
    y = mx.nd.array([1, 7])
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.01})
    net(x)                                      # finish deferred initialization
    w = net.collect_params()[net.prefix + "conv0_weight"]
    before = w.data().asnumpy().copy()
    losses = []
    for _ in range(3):
        with mx.autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(2)
        losses.append(float(loss.mean().asscalar()))
    assert not np.allclose(w.data().asnumpy(), before)
    assert losses[-1] < losses[0]


def test_pretrained_loads_file_from_root(tmp_path, monkeypatch):
    net, x = _filled("mobilenet0_25", classes=10)
    want = net(x).asnumpy()
    net.save_parameters(str(tmp_path / "mobilenet0.25-0123abcd.params"))
    got = vision.mobilenet0_25(classes=10, pretrained=True, root=str(tmp_path))
    np.testing.assert_allclose(got(x).asnumpy(), want, rtol=1e-6)
    # the default root is $MXNET_HOME/models
    (tmp_path / "models").mkdir()
    net.save_parameters(str(tmp_path / "models" / "mobilenet0.25-89abcdef.params"))
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    got = vision.get_model("mobilenet0.25", classes=10, pretrained=True)
    np.testing.assert_allclose(got(x).asnumpy(), want, rtol=1e-6)


def test_pretrained_missing_file_raises(tmp_path):
    (tmp_path / "resnet18_v1.params").write_bytes(b"")      # wrong name: not used
    with pytest.raises(MXNetError) as info:
        vision.resnet18_v1(pretrained=True, root=str(tmp_path))
    msg = str(info.value)
    assert "resnet18_v1" in msg and str(tmp_path) in msg
    assert "resnet18_v1-<8 hex digits>.params" in msg and "download" in msg


def test_concurrent_layers():
    from mxcompat.gluon.contrib.nn import Concurrent, HybridConcurrent, Identity
    x = mx.nd.array(np.arange(6, dtype=np.float32).reshape(2, 3))
    for cls in (Concurrent, HybridConcurrent):
        c = cls(axis=1)
        with c.name_scope():
            c.add(Identity())
            c.add(mx.gluon.nn.Dense(2, in_units=3, use_bias=False))
        c.initialize(mx.init.One())
        want = np.concatenate([x.asnumpy(), x.asnumpy() @ np.ones((3, 2))], axis=1)
        np.testing.assert_allclose(c(x).asnumpy(), want)
        assert list(c.collect_params()) == [c.prefix + "dense0_weight"]


@pytest.mark.parametrize("fname", sorted(rec.PARAMS_FILES))
def test_loads_parameters_saved_by_mxnet(fname):
    # a .params file written by MXNet 1.9.1 (save_parameters, and legacy save_params
    # keyed by global names) for the filled small DenseNet: loading it must reproduce
    # MXNet's output on the recorded input
    _, fn, kwargs, shape, _ = FORWARD["densenet_small"]
    net = vision.DenseNet(**kwargs)
    net.load_parameters(os.path.join(ROOT, "tests", "golden", "files", fname))
    out = net(mx.nd.array(rec.input_array(shape))).asnumpy()
    want = GOLD["forward"]["densenet_small"]["values"]["out"]["data"]
    np.testing.assert_allclose(out.ravel(), want, rtol=1e-4, atol=1e-5)


def test_numpy_mode_gives_np_arrays_with_the_same_values():
    # d2l runs the model zoo under npx.set_np(): outputs are mx.np arrays, same values
    net, x = _filled("resnet18_v2", classes=10)
    want = net(x).asnumpy()
    mx.npx.set_np()
    try:
        out = net(mx.np.array(x.asnumpy()))
        assert isinstance(out, mx.np.ndarray)
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5, atol=1e-6)
    finally:
        mx.npx.reset_np()
