"""Behaves the same under plain Python and 'mxcompat run' (used to compare the two)."""
import sys


def divide(a, b):
    return a / b


def compute():
    try:
        divide(1, 0)
    except ZeroDivisionError as e:
        raise ValueError("could not compute the ratio") from e


mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
print("mode", mode, "argv", sys.argv[2:])
sys.stdout.flush()
if mode == "raise":
    compute()
elif mode == "code":
    sys.exit(int(sys.argv[2]))
elif mode == "message":
    sys.exit("stopping with a message")
elif mode == "warn":
    import warnings
    warnings.warn("deprecated here", DeprecationWarning)
print("done")
