"""mx.io iterators: padding, discarding, rolling over, shuffling and the iterator
protocol, checked against numpy slicing (goldens in tests/golden/gluon_data.json)."""
import numpy as np
import pytest

import mxcompat as mx
from mxcompat import nd
from mxcompat.base import MXNetError

DATA = np.arange(30, dtype=np.float32).reshape(10, 3)
LABEL = np.arange(10, dtype=np.float32)


def _epoch(it):
    return [(b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad) for b in it]


def test_pad_wraps_to_the_start():
    it = mx.io.NDArrayIter(DATA, LABEL, batch_size=4)
    batches = _epoch(it)
    assert [b[2] for b in batches] == [0, 0, 2]
    np.testing.assert_array_equal(batches[2][0], DATA[[8, 9, 0, 1]])
    np.testing.assert_array_equal(batches[2][1], LABEL[[8, 9, 0, 1]])
    with pytest.raises(StopIteration):
        it.next()
    it.reset()
    np.testing.assert_array_equal(it.next().data[0].asnumpy(), DATA[:4])


def test_discard_and_roll_over():
    it = mx.io.NDArrayIter(DATA, LABEL, batch_size=4, last_batch_handle="discard")
    assert len(_epoch(it)) == 2
    it = mx.io.NDArrayIter(DATA, LABEL, batch_size=4, last_batch_handle="roll_over")
    first = _epoch(it)
    assert len(first) == 2
    it.reset()
    second = _epoch(it)
    np.testing.assert_array_equal(second[0][0], DATA[[8, 9, 0, 1]])
    assert second[0][2] == 2
    np.testing.assert_array_equal(second[1][0], DATA[2:6])
    assert [b[2] for b in second] == [2, 0, 0]


def test_shuffle_reproducible_with_numpy_seed():
    np.random.seed(0)
    a = _epoch(mx.io.NDArrayIter(DATA, LABEL, 5, shuffle=True))
    np.random.seed(0)
    b = _epoch(mx.io.NDArrayIter(DATA, LABEL, 5, shuffle=True))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x[0], y[0])
    got = np.concatenate([x[0] for x in a])
    np.testing.assert_array_equal(got[:, 0] / 3, np.concatenate([x[1] for x in a]))
    assert sorted(got[:, 0].tolist()) == DATA[:, 0].tolist()


def test_provide_data_label_and_dtypes():
    it = mx.io.NDArrayIter({"img": DATA, "aux": nd.array(DATA, dtype="int32")},
                           {"lab": LABEL}, batch_size=5)
    assert [d.name for d in it.provide_data] == ["aux", "img"]
    assert it.provide_data[0].shape == (5, 3) and it.provide_data[0].dtype == np.int32
    assert it.provide_label[0].dtype == np.float32
    b = it.next()
    assert b.data[0].dtype == np.int32 and b.data[1].dtype == np.float32
    assert str(b) == "DataBatch: data shapes: [(5, 3), (5, 3)] label shapes: [(5,)]"
    assert b.index is None
    no_label = mx.io.NDArrayIter(DATA, batch_size=5).next()
    assert no_label.label == []


def test_data_iter_subclass_protocol():
    class Count(mx.io.DataIter):
        def __init__(self):
            super().__init__(2)
            self.i = 0

        def iter_next(self):
            self.i += 1
            return self.i <= 3

        def getdata(self):
            return [nd.array([self.i, self.i])]

        def getlabel(self):
            return None

        def getpad(self):
            return 0
    got = [b.data[0].asnumpy().tolist() for b in Count()]
    assert got == [[1, 1], [2, 2], [3, 3]]


def test_resize_and_prefetching_iters():
    it = mx.io.ResizeIter(mx.io.NDArrayIter(DATA, LABEL, 4, last_batch_handle="discard"), 5)
    got = [b.data[0].asnumpy()[0, 0] for b in it]
    assert got == [0, 12, 0, 12, 0]
    p = mx.io.PrefetchingIter([mx.io.NDArrayIter(DATA, None, 5), mx.io.NDArrayIter(-DATA, None, 5)])
    batches = list(p)
    assert len(batches) == 2 and len(batches[0].data) == 2
    np.testing.assert_array_equal(batches[1].data[1].asnumpy(), -DATA[5:])
    p.reset()
    assert len(list(p)) == 2


def test_errors():
    with pytest.raises(MXNetError, match="last_batch_handle"):
        mx.io.NDArrayIter(DATA, LABEL, 4, last_batch_handle="wrap")
    with pytest.raises(TypeError, match="Input must be"):
        mx.io.NDArrayIter("abc", None, 2)
    with pytest.raises(MXNetError, match="NDArrayIter"):
        mx.io.MNISTIter(image="train-images-idx3-ubyte", batch_size=10)
    with pytest.raises(NotImplementedError, match="CSRNDArray"):
        mx.io.NDArrayIter(nd.array(DATA).tostype("csr"), None, 3)
