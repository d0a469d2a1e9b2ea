"""``mx.metric``: online evaluation metrics, with MXNet 1.9.1's formulas and numbers.

``_base`` holds EvalMetric, CompositeEvalMetric, the registry and ``create``;
``_classification`` and ``_other`` hold the metrics.
"""
from ._base import (EvalMetric, CompositeEvalMetric, create, register, alias,  # noqa: F401
                    check_label_shapes)
from ._classification import Accuracy, TopKAccuracy, F1, MCC, PCC  # noqa: F401
from ._other import (Perplexity, MAE, MSE, RMSE, CrossEntropy,  # noqa: F401
                     NegativeLogLikelihood, PearsonCorrelation, Loss, Torch, Caffe,
                     CustomMetric, np)
