"""``gluon.model_zoo``: the predefined image-classification networks of MXNet 1.9.1
(``vision``) with MXNet's block and parameter names, so MXNet ``.params`` files load.

Pretrained weights are never downloaded: ``pretrained=True`` loads a file that is
already in ``root`` (see ``model_store``).
"""
from . import model_store, vision  # noqa: F401
from .vision import get_model  # noqa: F401
