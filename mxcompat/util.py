"""``mx.util``: the numpy-semantics switches (``set_np``, ``use_np``, ``np_shape``...)
and a few helpers of MXNet's ``mxnet.util``."""
from .context import num_gpus as get_gpu_count  # noqa: F401
from .numpy_extension._semantics import (is_np_array, is_np_shape, np_array,  # noqa: F401
                                         np_shape, reset_np, set_np, set_np_shape, use_np,
                                         use_np_array, use_np_shape)
