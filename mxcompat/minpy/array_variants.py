"""``minpy.array_variants``: the names of MinPy's two array backends.

mxcompat has one backend (mx.np on JAX); ``ArrayType`` exists for programs that import
it.
"""
import enum

__all__ = ["ArrayType"]


class ArrayType(enum.Enum):
    """MinPy's array backends."""
    NUMPY = 0
    MXNET = 1
