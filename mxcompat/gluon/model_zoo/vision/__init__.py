"""``gluon.model_zoo.vision``: AlexNet, DenseNet, Inception v3, ResNet v1/v2,
SqueezeNet, VGG, MobileNet and MobileNetV2, with MXNet 1.9.1's constructors, block
names and parameter names. Build one with its function (``resnet18_v1(classes=10)``)
or by name with ``get_model('resnet18_v1')``. Inputs are NCHW images (224x224 for the
ImageNet-shaped heads, 299x299 for Inception v3).
"""
from .alexnet import *  # noqa: F401,F403
from .densenet import *  # noqa: F401,F403
from .inception import *  # noqa: F401,F403
from .resnet import *  # noqa: F401,F403
from .squeezenet import *  # noqa: F401,F403
from .vgg import *  # noqa: F401,F403
from .mobilenet import *  # noqa: F401,F403
# The names get_model accepts (MXNet's spelling: 'squeezenet1.0', 'mobilenetv2_0.5'...)
# and the function each one calls.
_MODELS = {
    **{f"resnet{d}_v{v}": f"resnet{d}_v{v}" for v in (1, 2) for d in (18, 34, 50, 101, 152)},
    **{f"vgg{d}{bn}": f"vgg{d}{bn}" for bn in ("", "_bn") for d in (11, 13, 16, 19)},
    "alexnet": "alexnet",
    **{f"densenet{d}": f"densenet{d}" for d in (121, 161, 169, 201)},
    "squeezenet1.0": "squeezenet1_0",
    "squeezenet1.1": "squeezenet1_1",
    "inceptionv3": "inception_v3",
    **{f"mobilenet{m}": f"mobilenet{m.replace('.', '_')}"
       for m in ("1.0", "0.75", "0.5", "0.25")},
    **{f"mobilenetv2_{m}": f"mobilenet_v2_{m.replace('.', '_')}"
       for m in ("1.0", "0.75", "0.5", "0.25")},
}


def get_model(name, **kwargs):
    """The model called ``name`` (case-insensitive; see ``_MODELS`` for the names),
    built with ``kwargs`` (``pretrained``, ``classes``, ``ctx``, ``root``...)."""
    key = name.lower()
    if key not in _MODELS:
        options = "\n\t".join(sorted(_MODELS))
        raise ValueError(f"Model {key} is not supported. Available options are\n\t{options}")
    return globals()[_MODELS[key]](**kwargs)
