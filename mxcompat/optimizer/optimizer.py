"""``mx.optimizer.Optimizer``: hyper-parameters, bookkeeping, the registry, ``create``.

The bookkeeping is MXNet's, step for step: the per-index update counts (per device),
``num_update`` (the largest count, which drives the learning-rate scheduler), the
learning rate and weight decay of each index (``lr_mult``/``wd_mult`` by index or by
name, ``param_dict`` of gluon Parameters first), and the rule that names not ending in
``_weight`` or ``_gamma`` get no weight decay when ``param_idx2name`` is given.

Built-in optimizers do not compute their updates here: each one gives a pure JAX
*kernel* (see ``fused.py``), the host-side scalars of one step (``_scalars``) and its
structural flags (``_cfg``). ``update``, ``update_multi_precision`` and
``fused_update`` all run the same kernels through the same compiled engine, so updating
parameters one by one or all at once gives the same numbers.

Optimizers written by users the MXNet way (overriding ``update`` with NDArray code) keep
working: they are called exactly as MXNet calls them.
"""
import warnings

import numpy as _np

from . import fused
from .._core import rng as _rng

__all__ = ["Optimizer", "register", "create"]


def _is_np_array():
    try:
        from ..util import is_np_array
    except ImportError:
        return False
    return is_np_array()


class Optimizer:
    """The base class of all optimizers (``mx.optimizer.Optimizer``).

    Parameters are MXNet's: ``rescale_grad`` (gradients are multiplied by it, often
    ``1/batch_size``), ``param_idx2name`` (index -> parameter name), ``wd``,
    ``clip_gradient`` (clip gradients to ``[-c, c]``), ``learning_rate`` (0.01 when
    neither it nor ``lr_scheduler`` is given), ``lr_scheduler``, ``sym``,
    ``begin_num_update``, ``multi_precision`` (keep float32 master copies of float16
    weights) and ``param_dict`` (index -> gluon Parameter, for ``lr_mult``/``wd_mult``).
    """

    opt_registry = {}

    # ---- the kernel protocol (see fused.py); None: a Python-level optimizer.
    _kernel = None
    _via32 = True              # scalars pass through C float (C++ update operators)
    _mp_layout = fused.MP_FIRST  # multi-precision state: (master, state)
    _keyed = False             # the kernel draws random numbers
    _group_bookkeeping = False  # count a whole chunk before reading learning rates

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None,
                 learning_rate=None, lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if self.lr_scheduler is not None and learning_rate is not None:
            if self.lr_scheduler.base_lr != learning_rate:
                # MXNet prints (not warns) this message.
                print(UserWarning("learning rate from ``lr_scheduler`` has been "
                                  "overwritten by ``learning_rate`` in optimizer."))
                self.lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult = {}
        self.wd_mult = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0
        if param_idx2name is None:
            param_idx2name = {}
        if not isinstance(param_idx2name, dict):
            raise AssertionError("param_idx2name should be a dict of param indexes to "
                                 "names.")
        self.idx2name = param_idx2name.copy()
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self.allow_np_array = _is_np_array()
        self.set_lr_mult({})
        self.set_wd_mult({})

    # ------------------------------------------------------------ registry
    @staticmethod
    def register(klass):
        """Register an optimizer class under its lower-cased class name."""
        if not isinstance(klass, type):
            raise AssertionError("Optimizer.register expects a class.")
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            old = Optimizer.opt_registry[name]
            warnings.warn(f"WARNING: New optimizer {klass.__module__}.{klass.__name__} is "
                          f"overriding existing optimizer {old.__module__}.{old.__name__}")
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """An optimizer instance from its registered name (case-insensitive)."""
        klass = Optimizer.opt_registry.get(name.lower())
        if klass is None:
            raise ValueError(f"Cannot find optimizer {name}")
        return klass(**kwargs)

    # ------------------------------------------------------- learning rate
    @property
    def learning_rate(self):
        """The current learning rate (the scheduler's value at ``num_update``)."""
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr):
        """Set a new learning rate (only when no ``lr_scheduler`` is set)."""
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been defined. Note "
                              "that set_learning_rate can mutate the value of the learning "
                              "rate of the optimizer only when the LRScheduler of the "
                              "optimizer is undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):
        """Deprecated in MXNet; use ``set_lr_mult``."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Set learning-rate multipliers by parameter name or index."""
        self.lr_mult = {}
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__lr_mult__" in attr[name]:
                    self.lr_mult[name] = float(attr[name]["__lr_mult__"])
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Set weight-decay multipliers by parameter name or index.

        Names from ``param_idx2name`` that end neither in ``_weight`` nor in ``_gamma``
        get multiplier 0 (no weight decay on biases, betas...), as in MXNet."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith("_weight") or n.endswith("_gamma")):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__wd_mult__" in attr[name]:
                    self.wd_mult[name] = float(attr[name]["__wd_mult__"])
        self.wd_mult.update(args_wd_mult)

    # --------------------------------------------------------- bookkeeping
    def _set_current_context(self, device_id):
        """Switch the update counts to those of device ``device_id``."""
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Count one more update of ``index`` (an index or a list of them)."""
        if not isinstance(index, (list, tuple)):
            index = [index]
        counts = self._index_update_count
        num = self.num_update
        for idx in index:
            c = counts[idx] = counts.get(idx, self.begin_num_update) + 1
            if c > num:
                num = c
        self.num_update = num

    def _get_lrs(self, indices):
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        return self._scaled_lrs(lr, indices)

    def _scaled_lrs(self, lr, indices):
        """``lr`` times each index's lr_mult (from its Parameter, its index or its name)."""
        lrs = [lr for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                lrs[i] *= self.param_dict[index].lr_mult
            elif index in self.lr_mult:
                lrs[i] *= self.lr_mult[index]
            elif index in self.idx2name:
                lrs[i] *= self.lr_mult.get(self.idx2name[index], 1.0)
        return lrs

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        wds = [self.wd for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                wds[i] *= self.param_dict[index].wd_mult
            elif index in self.wd_mult:
                wds[i] *= self.wd_mult[index]
            elif index in self.idx2name:
                wds[i] *= self.wd_mult.get(self.idx2name[index], 1.0)
        return wds

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    # -------------------------------------------------------------- states
    def create_state(self, index, weight):
        """The optimizer state of one weight (None: no state)."""
        return None

    def create_state_multi_precision(self, index, weight):
        """Like ``create_state``; with ``multi_precision`` and a float16 weight the state
        also holds a float32 master copy of the weight."""
        if self.multi_precision and weight.dtype == _np.float16:
            master = weight.astype(_np.float32)
            return (master, self.create_state(index, master))
        if weight.dtype == _np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy "
                          "or slow convergence. Consider using multi_precision=True option "
                          "of the optimizer")
        return self.create_state(index, weight)

    # ------------------------------------------------------------- updates
    def update(self, index, weight, grad, state):
        """Update ``weight`` in place from ``grad`` and ``state`` (also in place).

        ``index``/``weight``/``grad``/``state`` may be lists (several parameters in
        one call, as MXNet's SGD accepts)."""
        if self._kernel is None:
            raise NotImplementedError()
        self._update_lists(index, weight, grad, state, False)

    def update_multi_precision(self, index, weight, grad, state):
        """``update`` that works on the float32 master copy for float16 weights when
        ``multi_precision`` is set."""
        if self._fusable():
            self._update_lists(index, weight, grad, state, None)
            return
        if self.multi_precision and weight.dtype == _np.float16:
            master, inner = state[0], state[1]
            self.update(index, master, grad.astype(_np.float32), inner)
            weight._set_value(master._value().astype(weight._jdtype))
        else:
            self.update(index, weight, grad, state)

    def fused_update(self, indices, weights, grads, states):
        """Update many parameters in ONE compiled call (for ``gluon.Trainer``).

        Same semantics and numbers as MXNet's ``Updater`` calling
        ``update_multi_precision`` for each parameter (aggregating optimizers such as
        SGD count their updates per chunk of ``aggregate_num`` same-dtype parameters,
        as MXNet does). ``states`` are those of ``create_state_multi_precision``.
        Weights, states (and, for AdaDelta, gradients) are written in place.
        Hyper-parameters are runtime inputs of the compiled program: changing the
        learning rate, weight decay or step count never recompiles; a new set of
        shapes/dtypes/flags compiles once. Optimizers without a kernel (user
        subclasses overriding ``update``) are updated one call at a time.
        """
        if not isinstance(indices, (list, tuple)):
            indices, weights, grads, states = [indices], [weights], [grads], [states]
        chunks = self._chunks(weights)
        if not self._fusable():
            for pos in chunks:
                if self.aggregate_num > 0:
                    self.update_multi_precision([indices[p] for p in pos],
                                                [weights[p] for p in pos],
                                                [grads[p] for p in pos],
                                                [states[p] for p in pos])
                else:
                    p = pos[0]
                    self.update_multi_precision(indices[p], weights[p], grads[p], states[p])
            return
        items, scalars = [], []
        for pos in chunks:
            self._collect(items, scalars, [indices[p] for p in pos],
                          [weights[p] for p in pos], [grads[p] for p in pos],
                          [states[p] for p in pos], None)
        fused.run(items, scalars)

    # ------------------------------------------------------ kernel plumbing
    def _fusable(self):
        cls = type(self)
        return (self._kernel is not None and cls.update is Optimizer.update
                and cls.update_multi_precision is Optimizer.update_multi_precision)

    def _chunks(self, weights):
        """Positions grouped as MXNet's Updater groups them: one by one, or (aggregating
        optimizers) by dtype in order of appearance, in chunks of ``aggregate_num``."""
        if self.aggregate_num <= 0:
            return [[p] for p in range(len(weights))]
        dtypes = [w._jdtype if hasattr(w, "_jdtype") else _np.dtype(w.dtype)
                  for w in weights]
        if len(weights) <= self.aggregate_num and all(d == dtypes[0] for d in dtypes):
            return [list(range(len(weights)))]     # one chunk (the common case)
        by_type = {}
        for p, d in enumerate(dtypes):
            by_type.setdefault(d, []).append(p)
        chunks = []
        for pos in by_type.values():
            for s in range(0, len(pos), self.aggregate_num):
                chunks.append(pos[s:s + self.aggregate_num])
        return chunks

    def _update_lists(self, index, weight, grad, state, mp):
        """One chunk (a parameter, or lists of them) through the engine."""
        if not isinstance(index, (list, tuple)):
            index, weight, grad, state = [index], [weight], [grad], [state]
        items, scalars = [], []
        self._collect(items, scalars, list(index), list(weight), list(grad), list(state), mp)
        fused.run(items, scalars)

    def _collect(self, items, scalars, indices, weights, grads, states, mp):
        """Do the host-side bookkeeping of one chunk and append its plan entries."""
        per_param = self._prepare_group(indices)
        for i, w, g, st, sc in zip(indices, weights, grads, states, per_param):
            use_mp = (self.multi_precision and w.dtype == _np.float16) if mp is None else mp
            layout = self._mp_layout if use_mp else fused.MP_NONE
            inner = (st[0] if layout == fused.MP_LAST else st[1]) if use_mp else st
            entry = fused.Entry(type(self)._kernel, self._cfg(i, inner), layout,
                                len(scalars), len(sc), self._via32, self._keyed)
            scalars.extend(sc)
            items.append((entry, w, g, st, _rng.next_key() if self._keyed else None))

    # Attributes that, with the learning rate, weight decay and the lr/wd multipliers,
    # fully determine the step's scalars and flags (an optimizer whose scalars do not
    # depend on the update count sets them): a repeated gluon.Trainer step with all of
    # them unchanged reuses the last step's scalars (trainer._StepPlan).
    _steady_attrs = ()
    _STEADY_CODE = ("_scalars", "_cfg", "_prepare_group", "_prepare", "_get_lrs",
                    "_get_wds", "_get_lr", "_get_wd", "_scaled_lrs", "_collect",
                    "_update_count")

    def _steady_key(self):
        """The values of ``_steady_attrs`` (None: every step computes its scalars)."""
        names = self._steady_attrs
        if not names or self.lr_scheduler is not None:
            return None
        return tuple([getattr(self, n) for n in names])

    @classmethod
    def _steady_safe(cls):
        """Whether the bookkeeping methods are those of the class that declared
        ``_steady_attrs`` (a subclass overriding them computes its scalars each step)."""
        for owner in cls.__mro__:
            if "_steady_attrs" in owner.__dict__:
                break
        else:
            return False
        return all(getattr(cls, n) is getattr(owner, n) for n in cls._STEADY_CODE)

    def _prepare_group(self, indices):
        """Bookkeeping of a chunk: per-parameter scalar tuples, in order."""
        if not self._group_bookkeeping:
            return [self._prepare(i) for i in indices]
        self._update_count(indices)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        return [self._scalars(i, lr, wd) for i, lr, wd in zip(indices, lrs, wds)]

    def _prepare(self, index):
        """Bookkeeping of one update: count it, read lr and wd, build the scalars."""
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        return self._scalars(index, lr, wd)

    def _scalars(self, index, lr, wd):
        """The kernel's scalars for one step (Python floats)."""
        raise NotImplementedError()

    def _cfg(self, index, state):
        """The kernel's structural flags (hashable) for parameter ``index`` with ``state``."""
        return ()

    def _clip_on(self):
        """C++ update operators clip when MXNet passes clip_gradient (truthy) >= 0."""
        c = self.clip_gradient
        return bool(c) and c >= 0

    def _clip(self):
        return float(self.clip_gradient) if self.clip_gradient else -1.0

    # ------------------------------------------------------------- pickling
    def __getstate__(self):
        ret = self.__dict__.copy()
        ret.pop("param_dict", None)
        return ret

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


register = Optimizer.register
create = Optimizer.create_optimizer
