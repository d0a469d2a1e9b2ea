"""``gluon.contrib.nn``: containers that run their children side by side
(``Concurrent``, ``HybridConcurrent``), the pass-through ``Identity`` layer, the
pixel-shuffle upsampling layers and ``SyncBatchNorm`` (one device)."""
from .basic_layers import (Concurrent, HybridConcurrent, Identity,  # noqa: F401
                           PixelShuffle1D, PixelShuffle2D, PixelShuffle3D, SyncBatchNorm)

__all__ = ["Concurrent", "HybridConcurrent", "Identity", "PixelShuffle1D", "PixelShuffle2D",
           "PixelShuffle3D", "SyncBatchNorm"]
