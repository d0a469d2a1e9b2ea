"""Parallel containers and Identity.

``Concurrent``/``HybridConcurrent`` feed the same input to every child and join the
children's outputs along ``axis`` (the Inception, SqueezeNet and DenseNet building
block). They are Sequential containers for naming and parameter collection, so
``add`` and prefixes behave exactly like ``nn.Sequential``'s.
"""
from ... import nn as _nn
from ...block import HybridBlock


class Concurrent(_nn.Sequential):
    """Runs each child on the input and concatenates their outputs along ``axis``
    (imperative only; use HybridConcurrent to hybridize)."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        from .... import ndarray as nd
        outs = [child(x) for child in self._children.values()]
        return nd.concat(*outs, dim=self.axis)


class HybridConcurrent(_nn.HybridSequential):
    """Runs each child HybridBlock on the input and concatenates their outputs along
    ``axis``; hybridizes as a whole."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        outs = [child(x) for child in self._children.values()]
        return F.concat(*outs, dim=self.axis)


class Identity(HybridBlock):
    """Returns its input unchanged (a no-op branch inside a Concurrent block)."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x
