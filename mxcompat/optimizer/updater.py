"""``mx.optimizer.Updater`` / ``get_updater``: an optimizer plus the states of its weights.

``Updater(index, grad, weight)`` creates the state of a new index on first use and
updates the weight in place. Given lists, all the weights are updated in one compiled
call (``Optimizer.fused_update``). ``get_states``/``set_states`` pickle the states (and
optionally the optimizer) the way MXNet does; the bytes are mxcompat's own.
"""
import pickle

from .. import ndarray as _nd

__all__ = ["Updater", "get_updater"]


def _as_classic(a, allow_np):
    """MXNet converts mx.np arrays to mx.nd arrays before custom optimizers see them."""
    as_nd = getattr(a, "as_nd_ndarray", None)
    if as_nd is None or isinstance(a, _nd.NDArray):
        return a
    if not allow_np:
        raise ValueError("Converting np.ndarray to mx.nd.NDArray is not allowed")
    return as_nd()


class Updater:
    """Updates weights with an optimizer and keeps their states (``states[index]``)."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Update ``weight`` (or each weight of a list) in place from ``grad``."""
        allow_np = getattr(self.optimizer, "allow_np_array", False)
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = list(index), list(grad), list(weight)
        if not self.optimizer._fusable():
            grads = [_as_classic(g, allow_np) for g in grads]
            weights = [_as_classic(w, allow_np) for w in weights]
        if weights:
            self.optimizer._set_current_context(weights[0].context.device_id)
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                idx = indices[i] = idx.decode()
            if idx not in self.states:
                self.states[idx] = self.optimizer.create_state_multi_precision(idx, weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                self.states[idx] = self.sync_state_context(self.states[idx],
                                                           weights[i].context)
                self.states_synced[idx] = True
        self.optimizer.fused_update(indices, weights, grads,
                                    [self.states[i] for i in indices])

    def sync_state_context(self, state, context):
        """The state moved to ``context`` (after ``set_states``)."""
        if hasattr(state, "as_in_context"):
            return state.as_in_context(context)
        if isinstance(state, (tuple, list)):
            synced = [self.sync_state_context(s, context) for s in state]
            return tuple(synced) if isinstance(state, tuple) else synced
        return state

    def set_states(self, states):
        """Restore what ``get_states`` returned."""
        states = pickle.loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer=False):
        """The pickled states (with the optimizer itself when ``dump_optimizer``)."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def get_updater(optimizer):
    """An :class:`Updater` for ``optimizer``."""
    return Updater(optimizer)
