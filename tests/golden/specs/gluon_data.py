"""Golden cases: gluon.data datasets/samplers/DataLoader, vision datasets, mx.io,
mx.recordio and gluon.utils (recorded with MXNet 1.9.1).

Batches are flattened into lists of NDArrays so that values, dtypes and shapes are
compared one by one; Python values are compared as strings with their type names.
"""
from _common import arr, case, val

X = arr((6, 2), seed=1)
Y = val([0., 1., 2., 3., 4., 5.])
X10 = val([[float(4 * i + j) for j in range(4)] for i in range(10)])
Y10 = val([float(i) for i in range(10)])

FLAT = """
G = mx.gluon.data
def flat(loader, epochs=1):
    out = []
    for _ in range(epochs):
        for b in loader:
            out.extend(b if isinstance(b, list) else [b])
    return out
"""

# Writes MNIST/CIFAR-format files into a fresh directory; check_sha1 is patched (and
# restored) so that neither library tries to download the official files.
FILES = """
import gzip, os, struct, tempfile
rs = onp.random.RandomState(0)
root = tempfile.mkdtemp()
def idx(name, arr_, magic):
    with gzip.open(os.path.join(root, name), 'wb') as f:
        f.write(struct.pack('>I', magic) + b''.join(struct.pack('>I', d) for d in arr_.shape))
        f.write(arr_.astype('uint8').tobytes())
for pre, n in (('train', 7), ('t10k', 5)):
    idx(pre + '-images-idx3-ubyte.gz', rs.randint(0, 256, (n, 28, 28)), 2051)
    idx(pre + '-labels-idx1-ubyte.gz', rs.randint(0, 10, (n,)), 2049)
def cifar(name, n, nlab):
    rows = rs.randint(0, 256, (n, 3072 + nlab)).astype('uint8')
    rows[:, :nlab] = rs.randint(0, 20, (n, nlab))
    with open(os.path.join(root, name), 'wb') as fh:
        fh.write(rows.tobytes())
for i in range(1, 6):
    cifar('data_batch_%d.bin' % i, 2, 1)
cifar('test_batch.bin', 3, 1)
cifar('train.bin', 4, 2)
cifar('test.bin', 3, 2)
U = mx.gluon.utils
V = mx.gluon.data.vision
_saved = (U.check_sha1, getattr(V.datasets, 'check_sha1', None))
U.check_sha1 = lambda f, h: True
V.datasets.check_sha1 = U.check_sha1
def item(ds, i):
    d, l = ds[i]
    return [d, l]
try:
    res = BODY
finally:
    U.check_sha1 = _saved[0]
    if _saved[1] is not None:
        V.datasets.check_sha1 = _saved[1]
"""


def dcase(id, code, setup="", **kw):
    return case(id, code, setup=FLAT + setup, **kw)


def fcase(id, body):
    return case(id, "res", setup=FLAT + FILES.replace("BODY", body))


REC = """
import os, tempfile, struct
d = tempfile.mkdtemp()
M = struct.pack('<I', 0xced7230a)
recs = [b'record_0', b'', b'abc', M, b'xy' + M + b'zz', M + b'abcd' + M + M + b'q']
w = mx.recordio.MXIndexedRecordIO(os.path.join(d, 'a.idx'), os.path.join(d, 'a.rec'), 'w')
for i, r in enumerate(recs):
    w.write_idx(i, r)
w.close()
with open(os.path.join(d, 'a.rec'), 'rb') as fh:
    raw = fh.read()
with open(os.path.join(d, 'a.idx')) as fh:
    idxtext = fh.read()
"""

CASES = [
    # ---- datasets
    dcase("array_dataset_nd", "[len(ds)] + list(ds[2])", "ds = G.ArrayDataset(x, y)", x=X, y=Y),
    dcase("array_dataset_mixed", "list(ds[1])",
          "ds = G.ArrayDataset(onp.arange(6.), [1, 2, 3, 4, 5, 6], x)", x=X),
    dcase("array_dataset_single", "[ds[3], len(ds)]", "ds = G.ArrayDataset(x)", x=X),
    dcase("simple_dataset", "[ds[1], len(ds)]", "ds = G.SimpleDataset([10, 20, 30])"),
    dcase("transform", "[ds[0], ds[4]]",
          "ds = G.ArrayDataset(x, y).transform(lambda a, b: a * 2 + b)", x=X, y=Y),
    dcase("transform_first", "list(ds[1])",
          "ds = G.ArrayDataset(x, y).transform_first(lambda a: a.sum())", x=X, y=Y),
    dcase("transform_eager", "[len(ds)] + list(ds[5])",
          "ds = G.ArrayDataset(x, y).transform(lambda a, b: (b, a), lazy=False)", x=X, y=Y),
    dcase("take_shard_filter", "[len(ds.take(4)), len(ds.take(None)), len(ds.shard(4, 1)), "
          "ds.shard(4, 1)[0][1], ds.shard(4, 3)[0][1], len(ds.filter(lambda s: s[1] > 2)), "
          "ds.filter(lambda s: s[1] > 2)[0][1]]", "ds = G.ArrayDataset(x, y)", x=X, y=Y),
    dcase("sample", "list(ds.sample(G.SequentialSampler(3, 2))[1])",
          "ds = G.ArrayDataset(x, y)", x=X, y=Y),
    dcase("sample_bad", "ds.sample([0, 1])", "ds = G.ArrayDataset(x, y)", error=True, x=X, y=Y),
    # ---- samplers
    dcase("sequential_sampler", "[list(G.SequentialSampler(5, 2)), len(G.SequentialSampler(5))]"),
    dcase("random_sampler", "[int(i) for i in G.RandomSampler(9)]", "onp.random.seed(7)"),
    dcase("batch_keep", "[list(s), len(s)]",
          "s = G.BatchSampler(G.SequentialSampler(10), 3, 'keep')"),
    dcase("batch_discard", "[list(s), len(s)]",
          "s = G.BatchSampler(G.SequentialSampler(10), 3, 'discard')"),
    dcase("batch_rollover", "[list(s), len(s), list(s), len(s), list(s)]",
          "s = G.BatchSampler(G.SequentialSampler(10), 4, 'rollover')"),
    dcase("batch_bad_mode", "list(s)", "s = G.BatchSampler(G.SequentialSampler(10), 3, 'x')",
          error=True),
    # ---- DataLoader
    dcase("loader_seq", "flat(G.DataLoader(G.ArrayDataset(x, y), batch_size=4))", x=X, y=Y),
    dcase("loader_len", "[len(G.DataLoader(G.ArrayDataset(x, y), 4)), "
          "len(G.DataLoader(G.ArrayDataset(x, y), 4, last_batch='discard'))]", x=X, y=Y),
    dcase("loader_discard", "flat(G.DataLoader(G.ArrayDataset(x, y), 4, last_batch='discard'))",
          x=X, y=Y),
    dcase("loader_rollover", "[len(dl)] + flat(dl, 3)",
          "dl = G.DataLoader(x, 4, last_batch='rollover')", x=X),
    dcase("loader_shuffle", "flat(G.DataLoader(G.ArrayDataset(x, y), 4, shuffle=True), 2)",
          "onp.random.seed(1)", x=X, y=Y),
    dcase("loader_workers", "flat(G.DataLoader(G.ArrayDataset(x, y), 4, shuffle=True, "
          "num_workers=2), 2)", "onp.random.seed(1)", x=X, y=Y),
    dcase("loader_thread_pool", "flat(G.DataLoader(G.ArrayDataset(x, y), 5, num_workers=2, "
          "thread_pool=True))", x=X, y=Y),
    dcase("loader_workers_context", "[str(b.context) for b in flat(G.DataLoader(G.ArrayDataset("
          "x, y), 4, num_workers=2))] + [str(b.context) for b in flat(G.DataLoader(x, 4, "
          "num_workers=1, thread_pool=True))]", x=X, y=Y),
    dcase("loader_python_numbers", "flat(G.DataLoader(G.ArrayDataset([1.5, 2.5, 3.5], "
          "[1, 2, 3], [True, False, True]), 2))"),
    dcase("loader_numpy_rows", "flat(G.DataLoader(onp.arange(12.).reshape(6, 2), 4))"),
    dcase("loader_numpy_f16", "flat(G.DataLoader(onp.arange(5).astype('float16'), 2))"),
    dcase("loader_numpy_scalars", "flat(G.DataLoader(G.ArrayDataset(onp.arange(5, "
          "dtype='int32'), onp.arange(5, dtype='uint8')), 3))"),
    dcase("loader_nd_dataset", "flat(G.DataLoader(x, 4))", x=X),
    dcase("loader_int_nd", "flat(G.DataLoader(G.ArrayDataset(x, y), 4))",
          x=val([[1, 2], [3, 4], [5, 6]], "int32"), y=val([7, 8, 9], "int64")),
    dcase("loader_batchify", "flat(G.DataLoader(G.ArrayDataset(x, y), 4, "
          "batchify_fn=lambda d: nd.array([len(d)])))", x=X, y=Y),
    dcase("loader_batch_sampler", "flat(G.DataLoader(x, batch_sampler=G.BatchSampler("
          "G.SequentialSampler(6, 0), 5, 'keep')))", x=X),
    dcase("loader_sampler", "flat(G.DataLoader(x, 2, sampler=G.SequentialSampler(3, 2)))", x=X),
    dcase("loader_pin_memory", "[str(b.context) for b in flat(G.DataLoader(G.ArrayDataset(x, "
          "y), 4, pin_memory=True))]", x=X, y=Y),
    dcase("loader_no_batch_size", "G.DataLoader(x)", error=True, x=X),
    dcase("loader_shuffle_sampler", "G.DataLoader(x, 2, shuffle=True, "
          "sampler=G.SequentialSampler(6))", error=True, x=X),
    dcase("loader_batch_sampler_conflict", "G.DataLoader(x, 2, batch_sampler=G.BatchSampler("
          "G.SequentialSampler(6), 2))", error=True, x=X),
    dcase("loader_mixed_shapes", "flat(G.DataLoader(G.SimpleDataset([nd.ones((2,)), "
          "nd.ones((3,))]), 2))", error=True),
    # ---- vision datasets (synthetic files in the official formats)
    fcase("mnist_train", "(lambda ds: [len(ds)] + item(ds, 0) + item(ds, 6))(V.MNIST(root=root))"),
    fcase("mnist_test", "(lambda ds: [len(ds)] + item(ds, 4))(V.MNIST(root=root, train=False))"),
    fcase("mnist_transform", "(lambda ds: list(ds[2]))(V.MNIST(root=root, "
          "transform=lambda d, l: (d.astype('float32') / 255, l.astype('float32'))))"),
    fcase("mnist_loader", "flat(G.DataLoader(V.MNIST(root=root), 3))"),
    fcase("mnist_loader_totensor", "flat(G.DataLoader(V.MNIST(root=root).transform_first("
          "V.transforms.ToTensor()), 4))"),
    fcase("fashion_mnist", "(lambda ds: [len(ds)] + item(ds, 1))(V.FashionMNIST(root=root))"),
    fcase("cifar10_train", "(lambda ds: [len(ds)] + item(ds, 0) + item(ds, 9))("
          "V.CIFAR10(root=root))"),
    fcase("cifar10_test", "(lambda ds: [len(ds)] + item(ds, 2))(V.CIFAR10(root=root, "
          "train=False))"),
    fcase("cifar100_coarse", "(lambda ds: [len(ds)] + item(ds, 3))(V.CIFAR100(root=root))"),
    fcase("cifar100_fine", "(lambda ds: [len(ds)] + item(ds, 3) + item(ds, 0))("
          "V.CIFAR100(root=root, fine_label=True))"),
    fcase("cifar100_fine_test", "(lambda ds: item(ds, 1))(V.CIFAR100(root=root, "
          "fine_label=True, train=False))"),
    # ---- mx.io
    dcase("ndarrayiter_pad", "sum([[b.data[0], b.label[0], nd.array([b.pad])] for b in it], [])",
          "it = mx.io.NDArrayIter(x, y, 3)", x=X10, y=Y10),
    dcase("ndarrayiter_numpy_int", "sum([[b.data[0], b.label[0]] for b in it], [])",
          "it = mx.io.NDArrayIter(onp.arange(20).reshape(5, 4), onp.arange(5), 2)"),
    dcase("ndarrayiter_discard", "sum([[b.data[0], nd.array([b.pad])] for b in it], [])",
          "it = mx.io.NDArrayIter(x, y, 3, last_batch_handle='discard')", x=X10, y=Y10),
    dcase("ndarrayiter_rollover", "out",
          "it = mx.io.NDArrayIter(x, y, 4, last_batch_handle='roll_over')\nout = []\n"
          "for e in range(3):\n    for b in it:\n"
          "        out += [b.data[0], b.label[0], nd.array([b.pad])]\n    it.reset()",
          x=X10, y=Y10),
    dcase("ndarrayiter_hard_reset", "out",
          "it = mx.io.NDArrayIter(x, y, 4, last_batch_handle='roll_over')\nout = []\n"
          "for e in range(2):\n    for b in it:\n        out += [b.data[0], nd.array([b.pad])]\n"
          "    it.hard_reset()", x=X10, y=Y10),
    dcase("ndarrayiter_shuffle", "out",
          "onp.random.seed(3)\nit = mx.io.NDArrayIter(x, y, 4, shuffle=True)\nout = []\n"
          "for e in range(2):\n    for b in it:\n        out += [b.data[0], b.label[0]]\n"
          "    it.reset()", x=X10, y=Y10),
    dcase("ndarrayiter_shuffle_int", "[b.data[0] for b in it]",
          "onp.random.seed(0)\nit = mx.io.NDArrayIter(x, None, 3, shuffle=True)",
          x=val([[1, 2], [3, 4], [5, 6], [7, 8]], "int32")),
    dcase("ndarrayiter_int_nd", "[b.data[0] for b in it]",
          "it = mx.io.NDArrayIter(x, None, 3)", x=val([[1, 2], [3, 4], [5, 6], [7, 8]], "int32")),
    dcase("ndarrayiter_big_pad", "sum([[b.data[0], nd.array([b.pad])] for b in it], [])",
          "it = mx.io.NDArrayIter(x, None, 7)", x=val([[1., 2.], [3., 4.], [5., 6.]])),
    dcase("ndarrayiter_dict", "[str(it.provide_data), str(it.provide_label)] + "
          "sum([b.data + b.label for b in it], [])",
          "it = mx.io.NDArrayIter({'b': x, 'a': x * 2}, {'lab': y}, 4, "
          "last_batch_handle='discard')", x=X10, y=Y10),
    dcase("ndarrayiter_list", "[str(it.provide_data)] + it.next().data",
          "it = mx.io.NDArrayIter([x, x + 1], None, 2)", x=X10),
    dcase("ndarrayiter_layout", "[str(it.provide_data)] + [b.data[0] for b in it]",
          "it = mx.io.NDArrayIter(x, None, 2, layout='TNC', last_batch_handle='discard')",
          x=arr((2, 5, 3), seed=4)),
    dcase("ndarrayiter_names", "[str(it.provide_data), str(it.provide_label), str(it.next())]",
          "it = mx.io.NDArrayIter(x, y, 5, data_name='img', label_name='lab')", x=X10, y=Y10),
    dcase("ndarrayiter_reset_restarts", "[it.next().data[0], it.next().data[0]]",
          "it = mx.io.NDArrayIter(x, y, 4)\nit.next()\nit.reset()", x=X10, y=Y10),
    dcase("resize_iter", "[len(out)] + out",
          "it = mx.io.ResizeIter(mx.io.NDArrayIter(x, y, 4), 5)\n"
          "out = [b.data[0] for b in it]", x=X10, y=Y10),
    dcase("prefetching_iter", "[str(it.provide_data)] + sum([b.data for b in it], [])",
          "it = mx.io.PrefetchingIter([mx.io.NDArrayIter(x, None, 5), "
          "mx.io.NDArrayIter(x * 3, None, 5)], rename_data=[{'data': 'a'}, {'data': 'b'}])",
          x=X10),
    dcase("datadesc", "[str(mx.io.DataDesc('x', (2, 3))), mx.io.DataDesc.get_batch_axis('TNC'), "
          "str(mx.io.DataDesc.get_list([('a', (1, 2))], [('a', 'int32')]))]"),
    # ---- mx.recordio
    dcase("recordio_bytes", "[nd.array(onp.frombuffer(raw, dtype='uint8'), dtype='uint8'), "
          "idxtext]", REC),
    dcase("recordio_read", "[r.read_idx(i) == recs[i] for i in range(len(recs))] + "
          "[r.keys]", REC + "r = mx.recordio.MXIndexedRecordIO(os.path.join(d, 'a.idx'), "
          "os.path.join(d, 'a.rec'), 'r')"),
    dcase("recordio_pack", "[str(mx.recordio.unpack(p)[0].flag), mx.recordio.unpack(p)[1], "
          "nd.array(mx.recordio.unpack(p)[0].label), "
          "nd.array(onp.frombuffer(p, dtype='uint8'), dtype='uint8'), "
          "str(mx.recordio.unpack(q)[0]), mx.recordio.unpack(q)[1]]",
          "p = mx.recordio.pack(mx.recordio.IRHeader(0, [1.5, 2, 3], 7, 0), b'payload')\n"
          "q = mx.recordio.pack(mx.recordio.IRHeader(3, 4.0, 9, 1), b'xyz')"),
    dcase("record_file_dataset", "[len(ds), ds[4], ds[0]]",
          REC + "ds = mx.gluon.data.RecordFileDataset(os.path.join(d, 'a.rec'))"),
    # ---- gluon.utils
    dcase("split_data_even", "mx.gluon.utils.split_data(x, 3)", x=arr((6, 2), seed=2)),
    dcase("split_data_uneven", "mx.gluon.utils.split_data(x, 3, even_split=False)",
          x=arr((8, 2), seed=2)),
    dcase("split_data_axis1", "mx.gluon.utils.split_data(x, 2, batch_axis=1)",
          x=arr((2, 4, 3), seed=2)),
    dcase("split_data_bad", "mx.gluon.utils.split_data(x, 4)", error=True, x=arr((6, 2))),
    dcase("split_and_load", "[str(p.context) for p in parts] + parts",
          "parts = mx.gluon.utils.split_and_load(x, [mx.cpu(0), mx.cpu(1)])",
          x=arr((4, 3), seed=3)),
    dcase("split_and_load_numpy", "mx.gluon.utils.split_and_load(onp.arange(6.).reshape(3, 2), "
          "[mx.cpu(0)])"),
    dcase("clip_global_norm", "[nd.array([r]), type(r).__name__, a, b]",
          "r = mx.gluon.utils.clip_global_norm([a, b], 1.0)",
          a=arr((3, 2), seed=5), b=arr((4,), seed=6)),
    dcase("clip_global_norm_small", "[nd.array([r]), a, b]",
          "r = mx.gluon.utils.clip_global_norm([a, b], 100.0)",
          a=arr((3, 2), seed=5), b=arr((4,), seed=6)),
    dcase("clip_global_norm_nd", "[r, a]",
          "r = mx.gluon.utils.clip_global_norm([a], 0.5, check_isfinite=False)",
          a=arr((5,), seed=7)),
    dcase("check_sha1", "[mx.gluon.utils.check_sha1(p, '7e240de74fb1ed08fa08d38063f6a6a91462a815'),"
          " mx.gluon.utils.check_sha1(p, '0' * 40)]",
          "import tempfile, os\np = os.path.join(tempfile.mkdtemp(), 'f')\n"
          "with open(p, 'wb') as fh:\n    fh.write(b'aaa')"),
    dcase("download_existing", "[os.path.basename(mx.gluon.utils.download("
          "'http://127.0.0.1:9/f', path=p, sha1_hash='7e240de74fb1ed08fa08d38063f6a6a91462a815')),"
          " os.path.basename(mx.gluon.utils.download('http://127.0.0.1:9/f', path=d))]",
          "import tempfile, os\nd = tempfile.mkdtemp()\np = os.path.join(d, 'f')\n"
          "with open(p, 'wb') as fh:\n    fh.write(b'aaa')"),
]
