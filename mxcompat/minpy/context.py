"""``minpy.context``: where MinPy arrays live, as MXNet contexts.

``cpu()``/``gpu(i)`` are mxcompat's ``Context`` objects (``with gpu(0): ...`` places
the arrays created in the block); ``set_context`` changes the default for the whole
process, ``current_context`` tells it.
"""
from ..context import Context, cpu, current_context, gpu, set_default_context

__all__ = ["Context", "cpu", "gpu", "set_context", "current_context"]


def set_context(ctx):
    """Make ``ctx`` (``cpu()`` or ``gpu(i)``) the default context of new arrays."""
    if not isinstance(ctx, Context):
        raise TypeError(f"set_context takes a context such as minpy.context.cpu() or "
                        f"gpu(0), got {ctx!r}.")
    set_default_context(ctx)
