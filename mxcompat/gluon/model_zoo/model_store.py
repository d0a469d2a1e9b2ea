"""Where pretrained model-zoo weights are looked up.

MXNet keeps them as ``<root>/<model name>-<first 8 hex digits of the sha1>.params``
with ``root`` defaulting to ``$MXNET_HOME/models`` (``~/.mxnet/models``), downloading
missing files. mxcompat has no network access and no checksum table: it uses a file of
that name pattern that is already present and otherwise raises, saying where to put it.
"""
import glob
import os

from ...base import MXNetError

__all__ = ["get_model_file", "purge", "default_root"]


def default_root():
    """``$MXNET_HOME/models``, with ``MXNET_HOME`` defaulting to ``~/.mxnet``."""
    home = os.environ.get("MXNET_HOME", os.path.join("~", ".mxnet"))
    return os.path.join(home, "models")


def get_model_file(name, root=None):
    """The path of the pretrained weights file for model ``name`` found in ``root``.

    Looks for ``<name>-XXXXXXXX.params`` (eight hex digits, MXNet's file naming); if
    several match, the newest one is used."""
    root = os.path.expanduser(default_root() if root is None else root)
    pattern = os.path.join(glob.escape(root), glob.escape(name) + "-" + "[0-9a-f]" * 8
                           + ".params")
    found = glob.glob(pattern)
    if not found:
        raise MXNetError(
            f"Pretrained weights for model '{name}' were not found in '{root}': mxcompat "
            f"does not download model files. Place MXNet's file named "
            f"'{name}-<8 hex digits>.params' (e.g. from the MXNet model zoo) in that "
            "directory, or pass root= (or set MXNET_HOME) to the directory that holds it.")
    return max(found, key=os.path.getmtime)


def purge(root=None):
    """Delete every ``.params`` file in ``root`` (default ``$MXNET_HOME/models``)."""
    root = os.path.expanduser(default_root() if root is None else root)
    for fname in os.listdir(root):
        if fname.endswith(".params"):
            os.remove(os.path.join(root, fname))


def load_pretrained(net, name, root, ctx):
    """Load the pretrained file for ``name`` from ``root`` into ``net``."""
    net.load_parameters(get_model_file(name, root=root), ctx=ctx)
    return net
