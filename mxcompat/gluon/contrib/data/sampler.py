"""IntervalSampler: the indices of [0, length) taken every ``interval`` items."""
from ...data.sampler import Sampler


class IntervalSampler(Sampler):
    """Indices 0, interval, 2*interval, ... below ``length``; with ``rollover`` (the
    default) then 1, 1 + interval, ... and so on, until every index has come once.
    ``len()`` is ``length`` either way, as in MXNet."""

    def __init__(self, length, interval, rollover=True):
        if interval > length:
            raise AssertionError(f"IntervalSampler: interval {interval} is larger than "
                                 f"length {length}; give an interval of at most {length}.")
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        starts = range(self._interval) if self._rollover else (0,)
        for start in starts:
            yield from range(start, self._length, self._interval)

    def __len__(self):
        return self._length
