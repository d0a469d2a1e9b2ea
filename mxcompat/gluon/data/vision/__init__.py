"""``mx.gluon.data.vision``: image datasets (MNIST, CIFAR...) and image transforms."""
from .datasets import (MNIST, FashionMNIST, CIFAR10, CIFAR100, ImageRecordDataset,  # noqa: F401
                       ImageFolderDataset)
from . import transforms  # noqa: F401
