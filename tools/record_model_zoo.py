"""Model-zoo goldens: parameter names/shapes and forward values from MXNet 1.9.1.

    "$(bash /work/shared/oracle/setup.sh)" tools/record_model_zoo.py

writes ``tests/golden/files/model_zoo.json``; ``tests/test_model_zoo.py`` runs the same
protocol (``run_case``) with mxcompat and compares. Python 3.8 compatible.

Every model is built inside a fresh ``mx.name.NameManager()`` so its prefix is the
first of its kind (``resnetv10_``). Forward cases fill every parameter with a fixed
pattern (``fill_params``) and run a fixed input; structure cases record the ordered
(name, shape) list before any forward (unknown dimensions are 0), either in full or
as a count plus a SHA-1 digest of the list to keep the file small.
"""
import hashlib
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "golden", "files", "model_zoo.json")
FILES = os.path.join(ROOT, "tests", "golden", "files")
# MXNet writes the filled small DenseNet's weights in both formats (a few KB each):
# the files a user places in $MXNET_HOME/models must load into mxcompat's models.
PARAMS_FILES = {"model_zoo_densenet_small.params": "save_parameters",
                "model_zoo_densenet_small_legacy.params": "save_params"}

# (id, vision function, kwargs, input shape, mode). mode: 'predict' | 'train' | None
# (structure only). Structure cases: 'full' lists every name, 'digest' only hashes.
FORWARD = [
    ("resnet18_v1", "resnet18_v1", {"classes": 10}, (1, 3, 32, 32), "predict"),
    # train mode (batch statistics), run in float64: the thumbnail stem keeps 4x4 maps
    # in stage 4 so the batch statistics are well conditioned, yet MXNet's float32
    # gradients here are off by up to 2% from its own float64 ones (its float64 results
    # and mxcompat's agree to 1e-12; mxcompat's float32 ones to 2e-6)
    ("resnet18_v1_train", "resnet18_v1", {"classes": 10, "thumbnail": True},
     (2, 3, 32, 32), "train"),
    ("resnet18_v2", "resnet18_v2", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("resnet50_v1", "resnet50_v1", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("resnet50_v2", "resnet50_v2", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("resnet18_v1_thumb", "resnet18_v1", {"classes": 10, "thumbnail": True},
     (1, 3, 16, 16), "predict"),
    ("alexnet", "alexnet", {"classes": 10}, (1, 3, 67, 67), "predict"),
    ("vgg11", "vgg11", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("vgg11_bn", "vgg11_bn", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("mobilenet0_25", "mobilenet0_25", {"classes": 10}, (1, 3, 32, 32), "predict"),
    ("mobilenet_v2_0_25", "mobilenet_v2_0_25", {"classes": 10}, (1, 3, 32, 32),
     "predict"),
    ("squeezenet1_1", "squeezenet1_1", {"classes": 10}, (1, 3, 224, 224), "predict"),
    ("densenet_small", "DenseNet", {"num_init_features": 8, "growth_rate": 4,
                                    "block_config": [2, 3], "classes": 10},
     (1, 3, 64, 64), "predict"),
    # the one model that needs its full input size (299x299); the slowest case
    ("inception_v3", "inception_v3", {"classes": 10}, (1, 3, 299, 299), "predict"),
]
STRUCTURE_FULL = ["vgg19_bn", "mobilenet1_0", "mobilenet_v2_1_0",
                  "squeezenet1_0", "densenet121"]
STRUCTURE_DIGEST = ["resnet152_v2", "resnet34_v1", "resnet101_v1", "resnet152_v1", "resnet34_v2",
                    "resnet101_v2", "vgg13", "vgg16", "vgg19", "vgg13_bn", "vgg16_bn",
                    "mobilenet0_75", "mobilenet0_5", "mobilenet_v2_0_75",
                    "mobilenet_v2_0_5", "densenet161", "densenet169", "densenet201",
                    "mobilenet_v2_1_0_classes"]


def input_array(shape, seed=0):
    """A fixed pseudo-random input (numpy's RandomState stream is stable)."""
    return np.random.RandomState(seed).uniform(-1, 1, size=shape).astype(np.float32)


def pattern(name, shape, k):
    """A fixed value for parameter number ``k``: fan-in scaled uniform noise for
    weights, values near 1 for BatchNorm gammas and positive running variances."""
    n = int(np.prod(shape))
    s = np.random.RandomState(1000 + k).uniform(-1, 1, size=n)
    if name.endswith("running_var"):
        v = 1.0 + 0.5 * np.abs(s)
    elif name.endswith("gamma"):
        v = 1.0 + 0.2 * s
    elif len(shape) >= 2:
        v = s * np.sqrt(6.0 / max(1, n // shape[0]))
    else:
        v = 0.1 * s
    return v.reshape(shape).astype(np.float32)


def fill_params(mx, net):
    for k, (name, p) in enumerate(net.collect_params().items()):
        p.set_data(mx.nd.array(pattern(name, p.shape, k), dtype="float32"))


def build(mx, fn, kwargs):
    vision = mx.gluon.model_zoo.vision
    with mx.name.NameManager():
        return getattr(vision, fn)(**kwargs)


def structure(net):
    return [[name, [int(d) for d in p.shape]] for name, p in net.collect_params().items()]


def digest(items):
    text = "\n".join("%s %s" % (n, "x".join(str(d) for d in s)) for n, s in items)
    return hashlib.sha1(text.encode()).hexdigest()


def forward(mx, net, shape, mode, dtype=None):
    """Initialize (finishing deferred shapes), fill, run; returns a dict of arrays.
    Train mode runs in float64 unless ``dtype`` says otherwise."""
    net.initialize()
    x = mx.nd.array(input_array(shape), dtype="float32")
    net(x)                      # finishes deferred initialization
    fill_params(mx, net)
    dtype = dtype or ("float64" if mode == "train" else "float32")
    if dtype != "float32":
        net.cast(dtype)
        x = x.astype(dtype)
    res = {}
    if mode == "predict":
        res["out"] = net(x).asnumpy()
        return res
    params = net.collect_params()
    names = list(params.keys())
    for p in params.values():
        if p.grad_req != "null":
            p.grad_req = "write"
    with mx.autograd.record():
        out = net(x)
        head = mx.nd.array(input_array(out.shape, seed=1), dtype=dtype)
        loss = (out * head).sum()
    loss.backward()
    res["out"] = out.asnumpy()
    res["grad_output_bias"] = params[names[-1]].grad().asnumpy()
    res["grad_conv0_weight_0"] = params[names[0]].grad().asnumpy()[0]
    res["running_mean_first"] = params[names[3]].data().asnumpy()
    res["running_var_last_stage"] = [
        params[n].data().asnumpy() for n in names if n.endswith("running_var")][-1]
    return res


def run_forward_case(mx, fn, kwargs, shape, mode, dtype=None, keep=None):
    net = build(mx, fn, kwargs)
    prefix = net.prefix
    res = forward(mx, net, shape, mode, dtype)
    if keep is not None:
        keep.append(net)
    return prefix, structure(net), res


def structure_case(mx, name):
    fn, kwargs = name, {}
    if name.endswith("_classes"):
        fn, kwargs = name[:-len("_classes")], {"classes": 7}
    net = build(mx, fn, kwargs)
    return net.prefix, structure(net)


def main():
    import mxnet as mx
    out = {"forward": {}, "structure": {}, "digest": {}}
    for cid, fn, kwargs, shape, mode in FORWARD:
        nets = []
        prefix, items, res = run_forward_case(mx, fn, kwargs, shape, mode, keep=nets)
        if cid == "densenet_small":
            for fname, method in PARAMS_FILES.items():
                getattr(nets[0], method)(os.path.join(FILES, fname))
        out["forward"][cid] = {
            "prefix": prefix, "params": items,
            "values": {k: {"shape": list(v.shape),
                           "data": v.astype(np.float64).ravel().tolist()}
                       for k, v in res.items()}}
        print(cid, prefix, len(items), float(np.abs(res["out"]).max()))
    for name in STRUCTURE_FULL:
        prefix, items = structure_case(mx, name)
        out["structure"][name] = {"prefix": prefix, "params": items}
        print(name, prefix, len(items))
    for name in STRUCTURE_DIGEST:
        prefix, items = structure_case(mx, name)
        out["digest"][name] = {"prefix": prefix, "count": len(items), "first": items[0],
                               "last": items[-1], "sha1": digest(items)}
    try:
        mx.gluon.model_zoo.vision.get_model("resnet19_v1")
    except Exception as e:  # noqa: BLE001 - we record whatever MXNet raised
        out["get_model_error"] = [type(e).__name__, str(e)]
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT))


if __name__ == "__main__":
    sys.exit(main())
