"""MXNet's binary NDArray file format (placeholder until implemented)."""
from .base import not_implemented


def save_ndarrays(fname, data):
    raise not_implemented("mx.nd.save")


def load_ndarrays(fname, ctx=None):
    raise not_implemented("mx.nd.load")
