"""``mx.gluon.data``: datasets, samplers, the DataLoader, and ``vision``."""
from .dataset import Dataset, SimpleDataset, ArrayDataset, RecordFileDataset  # noqa: F401
from .sampler import (Sampler, SequentialSampler, RandomSampler, FilterSampler,  # noqa: F401
                      BatchSampler, IntervalSampler)
from .dataloader import DataLoader  # noqa: F401
from . import vision  # noqa: F401
