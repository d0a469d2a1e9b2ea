"""``gluon.contrib.data``: ``IntervalSampler``. (MXNet's text datasets, WikiText-2 and
-103, download their files and are not provided.)"""
from .sampler import IntervalSampler  # noqa: F401

__all__ = ["IntervalSampler"]
