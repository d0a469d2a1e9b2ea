"""Golden cases: ``mx.kv``, the key-value store (local types, one process)."""
from _common import case

_W = "s = mx.kv.create('local')\ns.init('w', nd.ones((2,)))\no = nd.zeros((2,))\n"
_SGD = ("s = mx.kv.create('device')\ns.init(['a', 'b'], [nd.ones((1,)), nd.zeros((1,))])\n"
        "s.set_optimizer(mx.optimizer.SGD(learning_rate=0.1))\n"
        "r = [nd.zeros((1,)), nd.zeros((1,))]\n")

CASES = [
    case("kv_props", "[s.type, s.rank, s.num_workers, s.is_capable('optimizer')]",
         setup="s = mx.kv.create('device')"),
    case("kv_default_type", "mx.kv.create().type"),
    case("kv_push_sums_devices", "o",
         setup=_W + "s.push('w', [nd.ones((2,)), nd.ones((2,)) * 2])\ns.pull('w', out=o)"),
    case("kv_push_replaces", "o",
         setup=_W + "s.push('w', nd.array([5., 6.]))\ns.push('w', nd.array([1., 2.]))\n"
                    "s.pull('w', out=o)"),
    case("kv_int_keys", "o", setup="s = mx.kv.create('local')\ns.init(3, nd.ones((2,)) * 3)\n"
                                   "o = nd.zeros((2,))\ns.pull(3, out=o)"),
    case("kv_init_copies", "o", setup=_W + "x = nd.array([4., 5.])\ns.init('u', x)\n"
                                           "x[:] = 9\ns.pull('u', out=o)"),
    case("kv_pull_many", "outs",
         setup=_W + "outs = [nd.zeros((2,)), nd.zeros((2,), dtype='float64')]\n"
                    "s.pull('w', out=outs)"),
    case("kv_pull_casts", "o",
         setup="s = mx.kv.create('local')\ns.init('i', nd.array([1, 2], dtype='int32'))\n"
               "o = nd.zeros((2,))\ns.pull('i', out=o)"),
    case("kv_sgd", "r", setup=_SGD + "s.push('a', nd.ones((1,)) * 2)\n"
                                     "s.push(['a', 'b'], [nd.ones((1,)), nd.ones((1,))])\n"
                                     "s.pull(['a', 'b'], out=r)"),
    case("kv_adam", "r",
         setup="s = mx.kv.create('local')\ns.init([0, 1], [nd.ones((2,)), nd.zeros((2,))])\n"
               "s.set_optimizer(mx.optimizer.Adam(learning_rate=0.01, wd=0.1))\n"
               "for k in range(3):\n    s.push([0, 1], [nd.array([0.5, -1.]), nd.array([2., 3.])])\n"
               "r = [nd.zeros((2,)), nd.zeros((2,))]\ns.pull([0, 1], out=r)"),
    case("kv_updater", "o",
         setup="s = mx.kv.create('local')\n"
               "def upd(key, inp, stored):\n    stored[:] = stored + inp * 2 + key\n"
               "s._set_updater(upd)\ns.init(5, nd.ones((2,)))\ns.push(5, nd.ones((2,)))\n"
               "o = nd.zeros((2,))\ns.pull(5, out=o)"),
    case("kv_pushpull", "outs",
         setup=_W + "outs = [nd.zeros((2,)), nd.zeros((2,))]\n"
                    "s.pushpull('w', [nd.array([1., 1.]), nd.array([2., 3.])], out=outs)"),
    case("kv_pushpull_no_out", "o",
         setup=_W + "s.pushpull('w', nd.array([4., 2.]))\ns.pull('w', out=o)"),
    case("kv_broadcast", "outs",
         setup=_W + "outs = [nd.zeros((2,)), nd.zeros((2,))]\n"
                    "s.broadcast('b', nd.array([7., 8.]), out=outs)"),
    case("kv_mixed_keys", "s.init(4, nd.ones((2,)))", error=True, setup=_W),
    case("kv_pull_missing", "s.pull('zz', out=o)", error=True, setup=_W),
    case("kv_push_missing", "s.push('zz', nd.ones((2,)))", error=True, setup=_W),
    case("kv_init_twice", "s.init('w', nd.ones((2,)))", error=True, setup=_W),
    case("kv_pull_no_out", "s.pull('w')", error=True, setup=_W),
    case("kv_dist", "mx.kv.create('dist_sync')", error=True),
]
