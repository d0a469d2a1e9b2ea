"""``autograd.get_symbol``: a read-only view of a recorded graph.

mxcompat has no symbolic API; this ``Symbol`` answers the questions programs ask of a
recorded graph (its arguments, its outputs, a printable listing).
"""
from ..base import MXNetError
from .tape import VAR


class Symbol:
    """The recorded computation behind an array."""

    def __init__(self, head):
        self._head = head

    def _walk(self):
        ag = self._head._ag
        if ag is None:
            raise MXNetError("get_symbol: the array was not computed inside "
                             "autograd.record() from a variable.")
        if ag is VAR:
            return [], [self._head]
        seen, nodes, leaves, leaf_ids = set(), [], [], set()
        stack = [ag[0]]
        while stack:
            n = stack.pop()
            if n.seq in seen:
                continue
            seen.add(n.seq)
            nodes.append(n)
            for s in n.srcs or ():
                if type(s) is tuple:
                    stack.append(s[0])
                elif s is not None and id(s) not in leaf_ids:
                    leaf_ids.add(id(s))
                    leaves.append(s)
        nodes.sort(key=lambda n: n.seq)
        return nodes, leaves

    def list_arguments(self):
        """Names of the variables (leaves) the graph reads."""
        _, leaves = self._walk()
        return [f"var{i}" for i in range(len(leaves))]

    list_inputs = list_arguments

    def list_outputs(self):
        return ["output"]

    def tojson(self):
        nodes, leaves = self._walk()
        return str({"nodes": [n.kernel.name for n in nodes], "arguments": len(leaves)})

    def __repr__(self):
        nodes, _ = self._walk()
        return f"<Symbol {' -> '.join(n.kernel.name for n in nodes)}>"


def get_symbol(x):
    """The recorded computation history of ``x`` as a ``Symbol``."""
    return Symbol(x)
