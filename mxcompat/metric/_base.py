"""The metric base class, the registry and ``create``; helpers shared by the metrics.

A metric accumulates ``sum_metric`` and ``num_inst`` over ``update(labels, preds)``
calls (lists of arrays, or single arrays) and ``get()`` returns ``(name, value)``.
Every metric also keeps "global" totals that ``reset_local()`` does not clear.

The values are computed on the host with numpy, as MXNet does. NumPy >= 2 adds a
float32 scalar to a Python float in float32 where MXNet's NumPy 1.x gave float64, so
increments are widened to float64 first (``_wide``). ``get()`` hands out Python
floats (printed as MXNet prints them) rather than numpy scalars.
"""
import json
import warnings
from collections import OrderedDict

import numpy

from ..base import numeric_types, string_types

__all__ = ["EvalMetric", "CompositeEvalMetric", "create", "register", "alias",
           "check_label_shapes"]


def _is_array(x):
    return hasattr(x, "asnumpy") and hasattr(x, "_value")


def _host(x):
    """An array's value as numpy (NDArrays via ``asnumpy``, others via ``asarray``)."""
    return x.asnumpy() if hasattr(x, "asnumpy") else numpy.asarray(x)


def _wide(v):
    """A float32/float16 numpy scalar as float64 (NumPy 1.x promotion with a float)."""
    if isinstance(v, numpy.floating) and v.dtype.itemsize < 8:
        return numpy.float64(v)
    return v


def _py(v):
    """A numpy scalar as the Python number it holds; anything else unchanged."""
    return v.item() if isinstance(v, numpy.generic) else v


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Raise ValueError unless labels and preds have the same length (or shape);
    with ``wrap``, single arrays come back wrapped in lists."""
    if not shape:
        label_shape, pred_shape = len(labels), len(preds)
    else:
        label_shape, pred_shape = labels.shape, preds.shape
    if label_shape != pred_shape:
        raise ValueError("Shape of labels {} does not match shape of "
                         "predictions {}".format(label_shape, pred_shape))
    if wrap:
        if _is_array(labels):
            labels = [labels]
        if _is_array(preds):
            preds = [preds]
    return labels, preds


# ------------------------------------------------------------------ registry
_REGISTRY = {}


def register(klass, name=None):
    """Register a metric class under ``name`` (default: its class name), lowercased."""
    assert issubclass(klass, EvalMetric), "Can only register subclass of EvalMetric"
    name = (name or klass.__name__).lower()
    if name in _REGISTRY:
        warnings.warn("New metric %s.%s registered with name %s is overriding existing "
                      "metric %s.%s" % (klass.__module__, klass.__name__, name,
                                        _REGISTRY[name].__module__,
                                        _REGISTRY[name].__name__), UserWarning, stacklevel=2)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases):
    """A class decorator registering the metric under more names."""
    def reg(klass):
        for name in aliases:
            register(klass, name)
        return klass
    return reg


def _create(*args, **kwargs):
    if args:
        name, args = args[0], args[1:]
    else:
        name = kwargs.pop("metric")
    if isinstance(name, EvalMetric):
        assert not args and not kwargs, \
            "metric is already an instance. Additional arguments are invalid"
        return name
    if isinstance(name, dict):
        return _create(**name)
    assert isinstance(name, string_types), "metric must be of string type"
    if name.startswith("["):
        assert not args and not kwargs
        name, kwargs = json.loads(name)
        return _create(name, **kwargs)
    if name.startswith("{"):
        assert not args and not kwargs
        return _create(**json.loads(name))
    key = name.lower()
    assert key in _REGISTRY, (
        "%s is not registered. Please register with metric.register first (known "
        "metrics: %s)" % (name, ", ".join(sorted(_REGISTRY))))
    return _REGISTRY[key](*args, **kwargs)


def create(metric, *args, **kwargs):
    """A metric from a name ('acc', 'ce', 'rmse'...), an EvalMetric, a list of those
    (a CompositeEvalMetric) or a function ``feval(label, pred)`` (a CustomMetric)."""
    if callable(metric):
        from ._other import CustomMetric
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite = CompositeEvalMetric()
        for child in metric:
            composite.add(create(child, *args, **kwargs))
        return composite
    return _create(metric, *args, **kwargs)


# ------------------------------------------------------------------ base
class EvalMetric:
    """The base of metrics: ``update`` accumulates, ``get`` reports, ``reset`` clears.

    ``output_names``/``label_names`` select the arrays ``update_dict`` passes on.
    """

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self):
        return "EvalMetric: {}".format({k: _py(v) for k, v in self.get_name_value()})

    def get_config(self):
        """The arguments that recreate this metric with ``metric.create(**config)``."""
        config = self._kwargs.copy()
        config.update({"metric": self.__class__.__name__, "name": self.name,
                       "output_names": self.output_names, "label_names": self.label_names})
        return config

    def update_dict(self, label, pred):
        """``update`` with the arrays of dicts ``{name: array}`` (selected by name)."""
        pred = ([pred[n] for n in self.output_names] if self.output_names is not None
                else list(pred.values()))
        label = ([label[n] for n in self.label_names] if self.label_names is not None
                 else list(label.values()))
        self.update(label, pred)

    def update(self, labels, preds):
        """Accumulate one batch of labels and predictions."""
        raise NotImplementedError()

    def reset(self):
        """Clear the local and the global totals."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self):
        """Clear the local totals only."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def _add(self, value, count):
        value = _wide(value)
        self.sum_metric += value
        self.global_sum_metric += value
        self.num_inst += count
        self.global_num_inst += count

    def get(self):
        """``(name, value)``; the value is nan before any update."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, _py(self.sum_metric / self.num_inst))

    def get_global(self):
        """``(name, value)`` over everything since the last ``reset``."""
        if not self._has_global_stats:
            return self.get()
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, _py(self.global_sum_metric / self.global_num_inst))

    def get_name_value(self):
        """``[(name, value), ...]``."""
        return _zip_pairs(*self.get())

    def get_global_name_value(self):
        """``[(name, value), ...]`` of the global values."""
        if self._has_global_stats:
            return _zip_pairs(*self.get_global())
        return self.get_name_value()


def _zip_pairs(name, value):
    if not isinstance(name, list):
        name = [name]
    if not isinstance(value, list):
        value = [value]
    return list(zip(name, value))


@register
@alias("composite")
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together; ``get()`` gives lists of names and values."""

    def __init__(self, metrics=None, name="composite", output_names=None,
                 label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.metrics = [create(m) for m in (metrics or [])]

    def add(self, metric):
        """Add a child metric (anything ``create`` accepts)."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """The ``index``-th child (MXNet returns, not raises, a ValueError if absent)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError("Metric index {} is out of range 0 and {}".format(
                index, len(self.metrics)))

    def update_dict(self, labels, preds):
        if self.label_names is not None:
            labels = OrderedDict([i for i in labels.items() if i[0] in self.label_names])
        if self.output_names is not None:
            preds = OrderedDict([i for i in preds.items() if i[0] in self.output_names])
        for metric in self.metrics:
            metric.update_dict(labels, preds)

    def update(self, labels, preds):
        for metric in self.metrics:
            metric.update(labels, preds)

    def reset(self):
        for metric in getattr(self, "metrics", ()):
            metric.reset()

    def reset_local(self):
        for metric in getattr(self, "metrics", ()):
            metric.reset_local()

    def _collect(self, getter):
        names, values = [], []
        for metric in self.metrics:
            name, value = getter(metric)
            if isinstance(name, string_types):
                name = [name]
            if isinstance(value, numeric_types):
                value = [value]
            names.extend(name)
            values.extend(value)
        return (names, values)

    def get(self):
        return self._collect(lambda m: m.get())

    def get_global(self):
        return self._collect(lambda m: m.get_global())

    def get_config(self):
        config = super().get_config()
        config.update({"metrics": [m.get_config() for m in self.metrics]})
        return config
