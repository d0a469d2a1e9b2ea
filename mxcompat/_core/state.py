"""Thread-local recording and training flags (``autograd.record``/``pause``/``train_mode``)."""
import threading

_tls = threading.local()


def is_recording():
    return getattr(_tls, "recording", False)


def is_training():
    return getattr(_tls, "training", False)


def set_recording(flag):
    prev = getattr(_tls, "recording", False)
    _tls.recording = bool(flag)
    return prev


def set_training(flag):
    prev = getattr(_tls, "training", False)
    _tls.training = bool(flag)
    return prev


# numpy semantics (npx.set_np): process-wide, as in MXNet.
class _NpFlags:
    shape = False
    array = False
    default_float64 = False


np_flags = _NpFlags()


def is_np_shape():
    return np_flags.shape


def is_np_array():
    return np_flags.array


def set_np(shape=True, array=True, dtype=False):
    np_flags.shape = bool(shape)
    np_flags.array = bool(array)
    np_flags.default_float64 = bool(dtype)
