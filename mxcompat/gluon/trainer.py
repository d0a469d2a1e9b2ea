"""``gluon.Trainer``: applies an optimizer to a set of Parameters.

``step(batch_size)`` rescales gradients by 1/batch_size, sums them across contexts
(what MXNet's kvstore does on one machine) and updates every parameter. The update
of all parameters of one context is a single compiled call (``Optimizer.fused_update``).
"""
import weakref

import jax
import numpy as _np

from ..base import MXNetError
from .. import optimizer as opt  # noqa: E402
from .._core import backward as _backward
from ..optimizer import fused
from .parameter import Parameter, ParameterDict

__all__ = ["Trainer"]

_STALE = ("Gradient of Parameter `{}` on context {} has not been updated by backward since "
          "last `step`. This could mean a bug in your model that made it only use a subset "
          "of the Parameters (Blocks) for this iteration. If you are intentionally only "
          "using a subset, call step with ignore_stale_grad=True to suppress this warning "
          "and skip updating of Parameters with stale gradient")


class Trainer:
    """Trainer(params, optimizer, optimizer_params=None, kvstore='device', ...)."""

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device",
                 compression_params=None, update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = [params[k] for k in sorted(params.keys())]
        if not isinstance(params, (list, tuple)):
            raise ValueError(f"First argument must be a list or dict of Parameters, got "
                             f"{type(params)}.")
        self._params = []
        self._param2idx = {}
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise ValueError(f"First argument must be a list or dict of Parameters, got "
                                 f"list of {type(p)}.")
            self._param2idx[p.name] = i
            self._params.append(p)
            p._trainer = self
        self._compression_params = compression_params
        self._kvstore_type = kvstore
        self._update_on_kvstore = bool(update_on_kvstore) if update_on_kvstore else False
        self._init_optimizer(optimizer, dict(optimizer_params or {}))
        self._scale = self._optimizer.rescale_grad
        self._states = {}
        self._plan = None     # the last step's parameters and optimizer (_StepPlan)

    def _init_optimizer(self, optimizer, optimizer_params):
        param_dict = {i: p for i, p in enumerate(self._params)}
        if isinstance(optimizer, opt.Optimizer):
            if optimizer_params:
                raise MXNetError("optimizer_params must be None if optimizer is an instance "
                                 "of Optimizer instead of str")
            self._optimizer = optimizer
            self._optimizer.param_dict = param_dict
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updater = opt.get_updater(self._optimizer)

    @property
    def optimizer(self):
        return self._optimizer

    @property
    def learning_rate(self):
        return self._optimizer.learning_rate

    def set_learning_rate(self, lr):
        """Set a new learning rate (no recompilation: it is a dynamic argument)."""
        self._optimizer.set_learning_rate(lr)

    def _contexts(self):
        ctxs = None
        for p in self._params:
            if p._data is None:
                continue
            c = p.list_ctx()
            if ctxs is None:
                ctxs = c
            elif c != ctxs:
                raise MXNetError(f"All Parameters must be initialized on the same set of "
                                 f"contexts, but Parameter {p.name} is initialized on {c} "
                                 f"while previous Parameters are initialized on {ctxs}.")
        return ctxs or []

    def step(self, batch_size, ignore_stale_grad=False):
        """One optimization step: gradients are scaled by ``1/batch_size``."""
        self._optimizer.rescale_grad = self._scale / batch_size
        plan = self._plan
        if plan is not None and plan.run(self):
            return     # (one context per Parameter: nothing to sum across contexts)
        self.allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """Sum each parameter's gradients over its contexts into every context."""
        for p in self._params:
            if p.grad_req == "null" or p._data is None:
                continue
            grads = p._grad
            if grads is None:
                grads = p.list_grad()    # raises MXNet's error
            if len(grads) < 2:
                continue
            total = grads[0].copy()
            for g in grads[1:]:
                total = total + g.as_in_context(total.context)
            for g in grads:
                g[:] = total.as_in_context(g.context)

    def update(self, batch_size, ignore_stale_grad=False):
        """Update with already-reduced gradients (after ``allreduce_grads``)."""
        self._optimizer.rescale_grad = self._scale / batch_size
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        plan = self._plan
        if plan is not None and plan.run(self):
            return
        self._plan = None
        groups = []     # [(context, [(index, grad, weight), ...])] in order of appearance
        for i, p in enumerate(self._params):
            if p.grad_req == "null":
                continue
            datas = p._data
            if datas is None:
                if p._deferred_init:
                    continue     # not initialized yet (no forward pass so far)
                raise MXNetError(f"Parameter '{p.name}' has not been initialized; call "
                                 "net.initialize() before trainer.step().")
            grads = p._grad
            if grads is None:
                grads = p.list_grad()    # raises MXNet's error
            if not ignore_stale_grad:
                for d in datas:
                    if not d._fresh:
                        raise UserWarning(_STALE.format(p.name, d.context))
            for d, g in zip(datas, grads):
                if not ignore_stale_grad or d._fresh:
                    ctx = d._ctx
                    for c, items in groups:
                        if c is ctx or c == ctx:
                            items.append((i, g, d))
                            break
                    else:
                        groups.append((ctx, [(i, g, d)]))
                    d._fresh = False
        for _, items in groups:
            idx, grads, weights = zip(*items)
            self._updater(list(idx), list(grads), list(weights))
        if len(groups) == 1 and not ignore_stale_grad:
            self._plan = _StepPlan.make(self, groups[0][1])

    def save_states(self, fname):
        """Save the optimizer state (momentum etc.) to ``fname``."""
        with open(fname, "wb") as f:
            f.write(self._updater.get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Load an optimizer state saved by ``save_states``."""
        with open(fname, "rb") as f:
            states = f.read()
        self._updater.set_states(states)
        self._optimizer = self._updater.optimizer
        self._optimizer.param_dict = {i: p for i, p in enumerate(self._params)}


class _StepPlan:
    """What a step of one context did, kept so that the next identical step skips the
    regrouping: the same Parameters with the same data and gradient arrays, the same
    optimizer and states, every gradient fresh. Anything else (a parameter re-created,
    cast or frozen, states loaded, a stale gradient) takes the general path."""

    __slots__ = ("params", "datas", "optimizer", "updater", "states", "chunks",
                 "device_id", "aggregate_num", "multi_precision", "trainer", "grads",
                 "state_arrays", "state_vals", "last", "update", "spec", "misses",
                 "steady", "steady_ok", "param_dict", "ordered", "gcache", "dvec",
                 "lazy_ok", "lazy_reads", "__weakref__")

    @classmethod
    def make(cls, trainer, items):
        updater, optimizer = trainer._updater, trainer._optimizer
        if type(updater) is not opt.Updater or not optimizer._fusable():
            return None
        params = []
        for i, g, d in items:
            p = trainer._params[i]
            if len(p._data) != 1:
                return None
            params.append((p, p._data, p._grad))
        indices = [i for i, _, _ in items]
        grads = [g for _, g, _ in items]
        weights = [d for _, _, d in items]
        if len(set(indices)) != len(indices) or any(i not in updater.states for i in indices):
            return None
        states = [updater.states[i] for i in indices]
        plan = cls()
        plan.params = params
        plan.optimizer = optimizer
        plan.updater = updater
        plan.states = updater.states
        plan.device_id = weights[0].context.device_id
        plan.aggregate_num = optimizer.aggregate_num
        plan.multi_precision = optimizer.multi_precision
        plan.chunks = []
        for pos in optimizer._chunks(weights):
            chunk = ([indices[k] for k in pos], [weights[k] for k in pos],
                     [grads[k] for k in pos], [states[k] for k in pos])
            plan.chunks.append(chunk)
        probe = [(None, weights[k], grads[k], states[k], None) for k in range(len(weights))]
        if not fused.touches_each_once(probe):
            return None
        # What backward needs to run this plan's next update in its own program (in the
        # order of the items the step collects: chunk by chunk).
        plan.trainer = weakref.ref(trainer)
        plan.datas = [w for c in plan.chunks for w in c[1]]
        plan.grads = [g for c in plan.chunks for g in c[2]]
        plan.state_vals = [st for c in plan.chunks for st in c[3]]
        plan.state_arrays = [a for st in plan.state_vals for a in fused._leaves(st)]
        plan.last = None       # (entries, scalar vector) of the last step
        plan.update = None     # (entries, the pure update function)
        plan.spec = None       # an update run by backward, not yet taken
        plan.misses = 0
        plan.gcache = None     # (backward entry, gradient positions) of the last fusion
        plan.dvec = None       # (scalar vector, its copy on the device)
        # Whether backward may leave the gradients to compute on first read (plain
        # buffers only), and how often they were read (backward.LazyGrads).
        plan.lazy_ok = all(g._view is None and not g._shared for g in plan.grads)
        plan.lazy_reads = 0
        # A steady optimizer (see Optimizer._steady_key): the Parameters whose lr_mult
        # and wd_mult the step reads, in item order.
        plan.steady = None
        plan.param_dict = optimizer.param_dict
        plan.ordered = [optimizer.param_dict.get(i) for c in plan.chunks for i in c[0]]
        plan.steady_ok = (type(optimizer)._steady_safe()
                          and all(p is trainer._params[i] for p, i in
                                  zip(plan.ordered, (i for c in plan.chunks for i in c[0]))))
        if not optimizer._keyed:
            _backward.offer_update(plan)
        return plan

    # ------------------------------------------------ update fused into backward
    def fuse_request(self, entry, leaves, leaf_vals, sel):
        """What backward needs to run this plan's next update in its program, assuming
        the step's scalars are those of the last step (checked when the step comes):
        (static key, update, states, scalar vector, token, whether the gradients may be
        computed lazily: not once they were read after such a backward three times);
        None unless this backward writes the gradient of every weight of the plan and
        differentiates with respect to the weights' current values. ``entry``: backward's compile-cache entry (the
        same graph structure as last time when it is the same entry: the weights'
        positions are then only checked)."""
        last = self.last
        if last is None or self.misses >= 2:
            return None
        trainer = self.trainer()
        if trainer is None or trainer._plan is not self:
            return None
        gc = self.gcache
        if gc is not None and gc[0] is entry:
            gpos = gc[1]
            for w, g, k in zip(self.datas, self.grads, gpos):
                j = k[1]
                if (leaves[j] is not w or w._data is not leaf_vals[j]
                        or w._grad_req != "write" or w._grad is not g or g._jdtype != k[2]):
                    return None
        else:
            pos = {id(leaves[j]): k for k, j in enumerate(sel)}
            gpos = []
            for w, g in zip(self.datas, self.grads):
                k = pos.get(id(w))
                if k is None or w._grad_req != "write" or w._grad is not g:
                    return None
                j = sel[k]
                if w._data is not leaf_vals[j]:
                    return None
                gpos.append((k, j, g._jdtype))
            gpos = tuple(gpos)
            self.gcache = (entry, gpos)
        entries, vec = last
        upd = self.update
        if upd is None or upd[0] is not entries:
            upd = self.update = (entries, fused.updater(entries))
        dvec = self.dvec
        if dvec is None or dvec[0] is not vec:
            dvec = self.dvec = (vec, jax.device_put(vec, self.datas[0]._ctx.jax_device))
        sts = self._state_values()
        return ((gpos, entries), upd[1], sts, dvec[1], (entries, vec),
                self.lazy_ok and self.lazy_reads < 3)

    def _state_values(self):
        return tuple([fused._values(st) for st in self.state_vals])

    def launch_args(self):
        """The states and scalar vector the last ``fuse_request`` gave, as they are
        now (fuse_request checks them when backward asks)."""
        dvec = self.dvec
        if (dvec is None or self.last is None or dvec[0] is not self.last[1]
                or self.misses >= 2):
            return None
        return self._state_values(), dvec[1]

    def fused_done(self, done):
        """Backward ran the update (after writing the gradients): keep its results for
        the step, with the weight, state and gradient values it computed them from.
        Backward writes no weight or state, so they are still those ``fuse_request``
        checked; reading them here keeps that work after the program's dispatch."""
        token, new = done
        self.spec = token + (tuple([w._data for w in self.datas]),
                             tuple([a._data for a in self.state_arrays]),
                             tuple([g._data if g._lazy is None else g._lazy
                                    for g in self.grads]), new)

    def _take(self, spec, items, vec):
        """Use the update backward ran if the step would compute exactly that."""
        entries, s_vec, ws, st_vals, gs, new = spec
        if s_vec is not vec:
            if len(items) != len(entries) or s_vec.tobytes() != vec.tobytes():
                return False
            for it, e in zip(items, entries):
                if it[0] != e:
                    return False
        for w, v in zip(self.datas, ws):
            if w._data is not v:
                return False
        for g, v in zip(self.grads, gs):
            d = g._data
            if d is not v:
                # (a lazy gradient still lazy, or read since and not written)
                if d is None:
                    if g._lazy is not v:
                        return False
                elif type(v) is not _backward.LazyGrad or v.out is not d:
                    return False
        for a, v in zip(self.state_arrays, st_vals):
            if a._data is not v:
                return False
        fused.write_back(items, new)
        return True

    def run(self, trainer):
        """Do the step if nothing changed since the plan was made; False otherwise."""
        optimizer = self.optimizer
        if (trainer._optimizer is not optimizer or trainer._updater is not self.updater
                or self.updater.states is not self.states
                or optimizer.aggregate_num != self.aggregate_num
                or optimizer.multi_precision != self.multi_precision
                or not optimizer._fusable()):
            return False
        for p, datas, grads in self.params:
            if p._data is not datas or p._grad is not grads or p._grad_req == "null":
                return False
        datas = self.datas
        for d in datas:
            if not d._fresh:
                return False     # the general path raises MXNet's warning
        for d in datas:
            d._fresh = False
        optimizer._set_current_context(self.device_id)
        key = optimizer._steady_key() if self.steady_ok else None
        if key is not None:
            key = (key, [p.lr_mult for p in self.ordered], [p.wd_mult for p in self.ordered])
        steady = self.steady
        if (steady is not None and key is not None and steady[0] == key
                and optimizer.param_dict is self.param_dict):
            # Nothing the scalars depend on changed: count the updates, reuse the rest.
            optimizer._update_count(steady[3])
            items, vec = steady[1], steady[2]
        else:
            items, scalars = [], []
            for chunk in self.chunks:
                optimizer._collect(items, scalars, *chunk, None)
            vec = _np.asarray(scalars, dtype=_np.float64)
            self.steady = ((key, items, vec, [i for c in self.chunks for i in c[0]])
                           if key is not None else None)
        spec = self.spec
        self.spec = None
        if spec is not None and self._take(spec, items, vec):
            self.misses = 0
            _backward.count("fused_updates_taken")
        else:
            if spec is not None:
                self.misses += 1
            fused.run_batch(items, vec)
        last = self.last
        if last is None or last[1] is not vec:
            self.last = (tuple(it[0] for it in items), vec)
        return True
