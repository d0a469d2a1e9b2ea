"""``gluon.Block`` and ``gluon.HybridBlock``.

Names follow MXNet 1.x: a block outside any scope gets a global name from a per-hint
counter (``dense0_``, ``sequential1_``) kept by the current ``mx.name.NameManager`` (so
``with mx.name.NameManager():`` starts the counts afresh, as in MXNet); inside a parent's
``name_scope()`` the counter is the parent's (``sequential1_dense0_``), and parameters
are named ``prefix + name``.

``HybridBlock.hybridize()`` makes the block's forward one compiled JAX program,
recorded on the autograd tape as a single op (see ``_hybrid.py``).
"""
import re
import threading
import warnings
from collections import OrderedDict

from .. import name as _name
from ..base import MXNetError
from .parameter import DeferredInitializationError, Parameter, ParameterDict
from .utils import HookHandle, _indent

__all__ = ["Block", "HybridBlock", "HookHandle"]


class _BlockScope:
    """The scope of ``with block.name_scope():``, collecting children names."""
    _current = threading.local()

    def __init__(self, block):
        self._block = block
        self._counter = {}
        self._old_scope = None

    @staticmethod
    def create(prefix, params, hint):
        current = getattr(_BlockScope._current, "value", None)
        if current is None:
            if prefix is None:
                prefix = _name.NameManager.current.get(None, hint) + "_"
            if params is None:
                params = ParameterDict(prefix)
            else:
                params = ParameterDict(params.prefix, params)
            return prefix, params
        if prefix is None:
            count = current._counter.get(hint, 0)
            prefix = f"{hint}{count}_"
            current._counter[hint] = count + 1
        if params is None:
            parent = current._block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current._block.prefix + prefix, params

    def __enter__(self):
        if self._block._empty_prefix:
            return self
        self._old_scope = getattr(_BlockScope._current, "value", None)
        _BlockScope._current.value = self
        return self

    def __exit__(self, ptype, value, trace):
        if self._block._empty_prefix:
            return
        _BlockScope._current.value = self._old_scope


def _flatten(args):
    """Flatten nested lists/tuples into (leaves, format)."""
    if not isinstance(args, (list, tuple)):
        return [args], 0
    flat, fmts = [], []
    for a in args:
        f, fmt = _flatten(a)
        flat.extend(f)
        fmts.append(fmt)
    return flat, fmts


def _regroup(flat, fmt):
    if isinstance(fmt, int):
        if fmt == 0:
            return flat[0], flat[1:]
        return flat[:fmt], flat[fmt:]
    out = []
    for f in fmt:
        r, flat = _regroup(flat, f)
        out.append(r)
    return out, flat


class Block:
    """Base class of all layers and models: owns Parameters and child Blocks."""

    def __init__(self, prefix=None, params=None):
        self._empty_prefix = prefix == ""
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith("_") else self._prefix
        self._scope = _BlockScope(self)
        self._children = OrderedDict()
        self._reg_params = {}
        self._forward_hooks = OrderedDict()
        self._forward_pre_hooks = OrderedDict()

    def __repr__(self):
        mods = "\n".join(f"  ({key}): {_indent(repr(block), 2)}"
                         for key, block in self.__dict__.items() if isinstance(block, Block))
        return f"{self.__class__.__name__}(\n{mods}\n)"

    def __setattr__(self, name, value):
        """Registers Blocks and Parameters assigned as attributes."""
        if hasattr(self, name):
            existing = getattr(self, name)
            if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
                raise TypeError(f"Changing attribute type for {name} from {type(existing)} "
                                f"to {type(value)} is not allowed.")
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            if name in self._reg_params and self._reg_params[name] is not value:
                raise MXNetError(f"Overriding Parameter attribute {name} is not allowed. "
                                 "If you want to share parameters between blocks, please "
                                 "set 'params' at Block construction instead.")
            self._reg_params[name] = value
        super().__setattr__(name, value)

    def _check_container_with_block(self):
        children = set(self._children.values())

        def _find(data):
            if isinstance(data, (list, tuple)):
                for d in data:
                    if _find(d):
                        return True
                return False
            if isinstance(data, dict):
                return _find(list(data.values()))
            return isinstance(data, Block) and data not in children
        for k, v in self.__dict__.items():
            if isinstance(v, (list, tuple, dict)) and not (k.startswith("__") or
                                                             k == "_children"):
                if _find(v):
                    warnings.warn(f'"{self.name}" is an unregistered container with Blocks. '
                                  "Note that Blocks inside the list, tuple or dict will not "
                                  "be registered automatically. Make sure to register them "
                                  "using register_child() or switching to nn.Sequential/"
                                  "nn.HybridSequential instead. ", stacklevel=3)

    def _alias(self):
        return self.__class__.__name__.lower()

    @property
    def prefix(self):
        return self._prefix

    @property
    def name(self):
        return self._name

    def name_scope(self):
        """``with self.name_scope():`` names children ``<prefix><child>N_``."""
        return self._scope

    @property
    def params(self):
        """This Block's own ParameterDict (not its children's)."""
        return self._params

    def collect_params(self, select=None):
        """A ParameterDict of this Block's and all children's Parameters; ``select`` is a
        regular expression (e.g. ``'.*weight|.*bias'``) that names must match."""
        self._check_container_with_block()
        ret = ParameterDict(self._params.prefix)
        if not select:
            ret.update(self.params)
        else:
            pattern = re.compile(select)
            ret._params.update((n, v) for n, v in self.params.items() if pattern.match(n))
        for child in self._children.values():
            ret.update(child.collect_params(select=select))
        return ret

    def _collect_params_with_prefix(self, prefix=""):
        if prefix:
            prefix += "."
        ret = {prefix + k: v for k, v in self._reg_params.items()}
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    def save_parameters(self, filename, deduplicate=False):
        """Save parameters by their structural names (``0.weight``) in MXNet's format."""
        from ..serialization import save_ndarrays
        params = self._collect_params_with_prefix()
        if deduplicate:
            seen = {}
            kept = {}
            for k, v in params.items():
                if v not in seen:
                    seen[v] = k
                    kept[k] = v
            params = kept
        save_ndarrays(filename, {k: v._reduce() for k, v in params.items()})

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False,
                        cast_dtype=False, dtype_source="current"):
        """Load parameters written by ``save_parameters`` (or MXNet's, or the legacy
        ``save_params`` format keyed by global names)."""
        from ..serialization import load_ndarrays
        from .parameter import _load_into
        loaded = load_ndarrays(filename)
        params = self._collect_params_with_prefix()
        if not loaded and not params:
            return
        if not any("." in k for k in loaded.keys()):
            # A file of global names (save_params / ParameterDict.save).
            del loaded
            self.collect_params().load(filename, ctx, allow_missing, ignore_extra,
                                       self.prefix, cast_dtype=cast_dtype,
                                       dtype_source=dtype_source)
            return
        if not allow_missing:
            for name in params:
                if name not in loaded:
                    raise MXNetError(
                        f"Parameter '{name}' is missing in file '{filename}', which contains "
                        f"parameters: {', '.join(list(loaded)[:10])}. Set allow_missing=True "
                        "to ignore missing parameters.")
        for name, value in loaded.items():
            if name not in params:
                if not ignore_extra:
                    raise MXNetError(
                        f"Parameter '{name}' loaded from file '{filename}' is not present in "
                        f"this Block ({self.name}), whose parameters are: "
                        f"{', '.join(list(params)[:10])}. Set ignore_extra=True to ignore.")
                continue
            _load_into(params[name], value, ctx, cast_dtype, dtype_source)

    def save_params(self, filename):
        """Deprecated: save by global names (use save_parameters)."""
        warnings.warn("save_params is deprecated. Please use save_parameters. Note that if "
                      "you want load from SymbolBlock later, please use export instead.")
        self.collect_params().save(filename, strip_prefix=self.prefix)

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """Deprecated: use load_parameters."""
        warnings.warn("load_params is deprecated. Please use load_parameters.")
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def register_child(self, block, name=None):
        """Register ``block`` as a child (attribute assignment does this)."""
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook):
        """``hook(block, inputs)`` runs before each forward."""
        handle = HookHandle()
        handle.attach(self._forward_pre_hooks, hook)
        return handle

    def register_forward_hook(self, hook):
        """``hook(block, inputs, outputs)`` runs after each forward."""
        handle = HookHandle()
        handle.attach(self._forward_hooks, hook)
        return handle

    def apply(self, fn):
        """Call ``fn(block)`` on every child recursively, then on this block."""
        for child in self._children.values():
            child.apply(fn)
        fn(self)
        return self

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        """Initialize all Parameters (``collect_params().initialize(...)``)."""
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Hybridize the HybridBlocks among the children."""
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype):
        """Cast all Parameters (and children) to ``dtype``."""
        for child in self._children.values():
            child.cast(dtype)
        for _, param in self.params.items():
            param.cast(dtype)

    def zero_grad(self):
        self.collect_params().zero_grad()

    def reset_ctx(self, ctx):
        self.collect_params().reset_ctx(ctx)

    def __call__(self, *args):
        if self._forward_pre_hooks:
            for hook in list(self._forward_pre_hooks.values()):
                hook(self, args)
        out = self.forward(*args)
        if self._forward_hooks:
            for hook in list(self._forward_hooks.values()):
                hook(self, args, out)
        return out

    def forward(self, *args):
        """Override: the computation of this Block."""
        raise NotImplementedError

    def summary(self, *inputs):
        """Print each layer's output shape and parameter counts for ``inputs``."""
        from .nn.basic_layers import HybridSequential, Sequential
        rows = OrderedDict()
        seen = set()
        hooks = []

        def shape_str(args):
            flat, fmt = _flatten(args)
            shapes, _ = _regroup([x.shape if hasattr(x, "_value") else x for x in flat], fmt)
            s = str(shapes)[1:-1] if isinstance(shapes, list) else str(shapes)
            return s.replace("L", "")

        def register(block):
            if isinstance(block, HybridBlock) and block._active:
                raise MXNetError(f'"{block.name}" must not be hybridized to print summary.')

            def hook(blk, _, outputs):
                key = f"{blk.__class__.__name__}-{len(rows)}"
                row = rows[key] = OrderedDict(output_shape=shape_str(outputs),
                                              n_params=0, trainable=0, shared=0)
                for p in blk.params.values():
                    n = p.data().size
                    row["n_params"] += n
                    row["trainable"] += 0 if p.grad_req == "null" else n
                    if p in seen:
                        row["shared"] += n
                    else:
                        seen.add(p)
            if not isinstance(block, (Sequential, HybridSequential)):
                hooks.append(block.register_forward_hook(hook))

        rows["Input"] = OrderedDict(output_shape=shape_str(inputs), n_params=0,
                                    trainable=0, shared=0)
        try:
            self.apply(register)
            self(*inputs)
            fmt = "{:>20}  {:>42} {:>15}"
            print("-" * 80)
            print(fmt.format("Layer (type)", "Output Shape", "Param #"))
            print("=" * 80)
            total = trainable = shared = 0
            for layer, row in rows.items():
                print(fmt.format(layer, str(row["output_shape"]), row["n_params"]))
                total += row["n_params"]
                trainable += row["trainable"]
                shared += row["shared"]
            print("=" * 80)
            print("Parameters in forward computation graph, duplicate included")
            print("   Total params: " + str(total))
            print("   Trainable params: " + str(trainable))
            print("   Non-trainable params: " + str(total - trainable))
            print("Shared params in forward computation graph: " + str(shared))
            print("Unique parameters in model: " + str(total - shared))
            print("-" * 80)
        finally:
            for h in hooks:
                h.detach()


class HybridBlock(Block):
    """A Block whose computation is ``hybrid_forward(F, x, *args, **params)``; after
    ``hybridize()`` it runs as one compiled JAX program per input shape and dtype."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._active = False
        self._flags = {}
        self._cached = {}
        self._fast = None    # the last call's cache entry (gluon/_hybrid.py)

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if isinstance(value, HybridBlock):
            self._clear_cached_op()

    def register_child(self, block, name=None):
        if not isinstance(block, HybridBlock):
            raise ValueError(f"Children of HybridBlock must also be HybridBlock, but "
                             f"{block} has type {type(block)}. If you are using Sequential, "
                             "please try HybridSequential instead.")
        super().register_child(block, name)
        self._clear_cached_op()

    def _clear_cached_op(self):
        self._cached = {}

    def hybridize(self, active=True, **kwargs):
        """Compile the forward with ``jax.jit`` (once per input shape/dtype/mode)."""
        self._active = active
        self._flags = kwargs
        self._clear_cached_op()
        super().hybridize(active, **kwargs)

    def cast(self, dtype):
        self._clear_cached_op()
        super().cast(dtype)

    def infer_shape(self, *args):
        """Set the unknown dimensions of this block's Parameters from the inputs.
        Built-in layers override this; a custom block with deferred shapes must too."""
        raise MXNetError(
            f"{self.__class__.__name__} has Parameters of unknown shape and does not know "
            "how to infer them from its inputs. Give the full shape when creating them "
            "(self.params.get(name, shape=...)) or override infer_shape(self, *args) to set "
            "param.shape from the inputs.")

    def infer_type(self, *args):
        return None

    def _finish_deferred(self, *args):
        pending = [p for p in self._reg_params.values() if p._deferred_init]
        if not pending:
            return
        if any(p.shape is None or not all(s > 0 for s in p.shape) for p in pending):
            self.infer_shape(*args)
        for p in pending:
            p._finish_deferred_init()

    def forward(self, x, *args):
        """Run ``hybrid_forward`` (compiled when hybridized)."""
        if self._active and not _hybrid.is_tracing():
            return _hybrid.call_cached(self, x, args)
        return self._imperative(x, *args)

    def _imperative(self, x, *args):
        from .. import ndarray as F  # noqa: N812 - MXNet passes mx.nd, also for np arrays
        ctx = x.context if hasattr(x, "_value") else None
        try:
            params = {k: v.data(ctx) for k, v in self._reg_params.items()}
        except DeferredInitializationError:
            self._finish_deferred(x, *args)
            params = {k: v.data(ctx) for k, v in self._reg_params.items()}
        return self.hybrid_forward(F, x, *args, **params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Override: the computation, written with ``F`` (the ``mx.nd`` namespace)."""
        raise NotImplementedError

    def export(self, path, epoch=0, remove_amp_cast=True):
        raise MXNetError("HybridBlock.export writes a Symbol graph; mxcompat has no "
                         "symbolic API. Use save_parameters() to save the weights and keep "
                         "the Python model definition.")


from . import _hybrid  # noqa: E402 - (it imports this module's helpers)
