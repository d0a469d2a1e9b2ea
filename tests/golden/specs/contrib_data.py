"""Golden cases: gluon.contrib.data.IntervalSampler (its indices and its len)."""
from _common import arr, case

X = arr((1,))


def sampler(id, args):
    return case(id, "(lambda s: [str(list(s)), len(s)])"
                    "(mx.gluon.contrib.data.IntervalSampler(%s))" % args, x=X)


CASES = [
    sampler("interval_13_3", "13, interval=3"),
    sampler("interval_13_3_no_rollover", "13, interval=3, rollover=False"),
    sampler("interval_5_5", "5, 5"),
    sampler("interval_6_1", "6, 1"),
    sampler("interval_7_4", "7, 4, True"),
    sampler("interval_in_loader", "10, 4"),
    case("interval_loader_batches",
         "[b.asnumpy().tolist() for b in mx.gluon.data.DataLoader(mx.gluon.data.ArrayDataset("
         "nd.arange(9)), batch_size=4, sampler=mx.gluon.contrib.data.IntervalSampler(9, 2))]",
         x=X),
    case("interval_too_large", "mx.gluon.contrib.data.IntervalSampler(3, 4)", error=True,
         x=X),
]
