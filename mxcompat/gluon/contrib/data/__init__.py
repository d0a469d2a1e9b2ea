"""``gluon.contrib.data``: ``IntervalSampler`` (the class of ``gluon.data.sampler``).
(MXNet's text datasets, WikiText-2 and -103, download their files and are not
provided.)"""
from ...data.sampler import IntervalSampler  # noqa: F401

__all__ = ["IntervalSampler"]
