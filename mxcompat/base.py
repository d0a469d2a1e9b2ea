"""Exceptions and small helpers shared by every module (MXNet's ``mxnet.base``)."""
import numbers

import numpy as _np

__all__ = ["MXNetError", "NotImplementedForSymbol", "numeric_types", "integer_types",
           "string_types", "not_implemented"]


class MXNetError(RuntimeError):
    """The error MXNet raises for invalid operations (``mxnet.base.MXNetError``)."""


class NotImplementedForSymbol(MXNetError):
    """Raised for symbol-only features; mxcompat has no symbolic graph API."""

    def __init__(self, function, alias=None, *args):
        super().__init__(f"Function {function.__name__ if callable(function) else function}"
                         f" (namely operator \"{alias}\") is not supported for Symbol")


numeric_types = (float, int, _np.generic, numbers.Number)
integer_types = (int, _np.integer)
string_types = (str,)
py_str = str

_ISSUES = "https://github.com/mxcompat/mxcompat/issues"


def not_implemented(what, hint=""):
    """Build the MXNetError raised for an MXNet feature that mxcompat does not have."""
    msg = (f"{what} is not implemented in mxcompat. "
           f"{hint + ' ' if hint else ''}"
           f"If your program needs it, please open an issue at {_ISSUES} naming it.")
    return MXNetError(msg)


def check_call(ret):
    """Kept for programs that import it; mxcompat has no C library to check."""
    return ret


_Null = None
