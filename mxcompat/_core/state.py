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
