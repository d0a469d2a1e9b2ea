"""Build the ``nd``/``np``/``npx`` namespaces and the array classes from the registry."""
import functools

from . import REGISTRY_LOADED  # noqa: F401  (all op families are registered)
from .frontend import make_function, make_method
from .registry import FUNCTIONS, REGISTRY


def _split(name):
    """'random.uniform' -> ('random', 'uniform'); 'exp' -> ('', 'exp')."""
    if "." in name:
        sub, _, leaf = name.rpartition(".")
        return sub, leaf
    return "", name


def namespace(ns, cls, sub=""):
    """{name: function} of namespace ``ns`` ('nd', 'np' or 'npx'), submodule ``sub``."""
    out = {}
    def cls_of(arrays, _c=cls):
        # An op keeps the class of its first input (an mx.np array through an nd op
        # stays an mx.np array), as MXNet's legacy ops do on numpy arrays.
        return type(arrays[0]) if arrays else _c
    for op in REGISTRY.values():
        for full in op.names.get(ns, ()):
            s, leaf = _split(full)
            if s == sub:
                out[leaf] = make_function(op, cls_of, leaf)
    for fd in FUNCTIONS.values():
        for full in fd.names.get(ns, ()):
            s, leaf = _split(full)
            if s == sub:
                if fd.needs_cls:
                    f = functools.partial(fd.fn, cls)
                    f = functools.update_wrapper(f, fd.fn)
                else:
                    f = fd.fn
                out[leaf] = f
    return out


def methods(kind="method"):
    """{name: method} generated for an array class."""
    out = {}
    for op in REGISTRY.values():
        for name in op.names.get(kind, ()):
            out[name] = make_method(op, name)
    for fd in FUNCTIONS.values():
        for name in fd.names.get(kind, ()):
            out[name] = fd.fn
    return out


def build_class(name, base, module, kinds=("method",), extra=None):
    """An array class: ``base`` plus the methods the registry lists under ``kinds``."""
    body = {"__slots__": (), "__module__": module}
    for kind in kinds:
        body.update(methods(kind))
    if extra:
        body.update(extra)
    if "__eq__" in body and "__hash__" not in body:
        # Defining __eq__ would make instances unhashable; arrays hash by identity.
        body["__hash__"] = object.__hash__
    return type(name, (base,), body)
