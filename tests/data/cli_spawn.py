"""A multiprocessing 'spawn' worker re-imports this script: 'import mxnet' must work there."""
import multiprocessing
import sys

import mxnet as mx


def worker_report(n):
    import mxcompat
    return mx.__version__, mx.nd is mxcompat.ndarray, float(mx.nd.ones((n,)).sum().asscalar())


if __name__ == "__main__":
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    with multiprocessing.get_context(method).Pool(1) as pool:
        print(pool.map(worker_report, [3]))
