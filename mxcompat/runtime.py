"""``mx.runtime``: the features this build has (``Features().is_enabled('CUDA')``)."""
import collections

from . import context

Feature = collections.namedtuple("Feature", ["name", "enabled"])

# MXNet build flags and whether mxcompat provides the capability behind them.
_FEATURES = ("CUDA", "CUDNN", "NCCL", "CUDA_RTC", "TENSORRT", "CPU_SSE", "CPU_SSE2",
             "CPU_SSE3", "CPU_SSE4_1", "CPU_SSE4_2", "CPU_SSE4A", "CPU_AVX", "CPU_AVX2",
             "OPENMP", "SSE", "F16C", "JEMALLOC", "BLAS_OPEN", "BLAS_ATLAS", "BLAS_MKL",
             "BLAS_APPLE", "LAPACK", "MKLDNN", "OPENCV", "CAFFE", "PROFILER",
             "DIST_KVSTORE", "CXX14", "INT64_TENSOR_SIZE", "SIGNAL_HANDLER", "DEBUG",
             "TVM_OP")
_ENABLED = {"LAPACK", "INT64_TENSOR_SIZE", "CXX14"}


def feature_list():
    """The list of Features (name, enabled)."""
    gpu = context.num_gpus() > 0
    return [Feature(n, n in _ENABLED or (gpu and n == "CUDA")) for n in _FEATURES]


class Features(collections.OrderedDict):
    """The features of this build, by name."""

    def __init__(self):
        super().__init__((f.name, f) for f in feature_list())

    def __repr__(self):
        return str(list(self.values()))

    def is_enabled(self, feature_name):
        name = feature_name.upper()
        if name not in self:
            raise RuntimeError(f"Feature '{feature_name}' is unknown, known features are: "
                               f"{list(self.keys())}")
        return self[name].enabled
