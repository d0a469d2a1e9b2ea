"""mx.image behaviour that the MXNet goldens (tests/golden/image.json) cannot show:
what mxcompat does without Pillow and where it deliberately stops short of MXNet."""
import sys

import numpy as np
import pytest

import mxcompat as mx
from mxcompat.base import MXNetError


def _png_bytes():
    import io
    Image = pytest.importorskip("PIL.Image")
    out = io.BytesIO()
    Image.fromarray(np.arange(24, dtype=np.uint8).reshape(2, 4, 3)).save(out, format="PNG")
    return out.getvalue()


def test_alias_is_the_same_module():
    assert mx.img is mx.image
    assert mx.image.imresize is mx.img.imresize


def test_decoding_without_pillow_names_the_fix(monkeypatch, tmp_path):
    data = _png_bytes()
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(MXNetError, match="pip install pillow"):
        mx.image.imdecode(data)
    path = tmp_path / "a.png"
    path.write_bytes(data)
    with pytest.raises(MXNetError, match="pip install pillow"):
        mx.image.imread(str(path))


def test_decode_round_trip_png():
    img = mx.image.imdecode(_png_bytes())
    assert img.dtype == np.uint8 and img.shape == (2, 4, 3)
    np.testing.assert_array_equal(img.asnumpy(), np.arange(24).reshape(2, 4, 3))


def test_linear_exact_interpolation_is_refused():
    x = mx.nd.array(np.arange(60).reshape(4, 5, 3), dtype="uint8")
    with pytest.raises(MXNetError, match="INTER_LINEAR_EXACT"):
        mx.image.imresize(x, 3, 3, 5)


def test_rotation_and_detection_are_not_provided():
    x = mx.nd.zeros((3, 4, 4))
    with pytest.raises(MXNetError, match="imrotate"):
        mx.image.imrotate(x, 30)
    with pytest.raises(MXNetError, match="random_rotate|imrotate"):
        mx.image.random_rotate(x, (-10, 10))
    with pytest.raises(ValueError):
        mx.image.imrotate(x, 30, zoom_in=True, zoom_out=True)
    with pytest.raises(MXNetError, match="ImageDetIter"):
        mx.image.ImageDetIter
    with pytest.raises(AttributeError):
        mx.image.no_such_name


def test_resize_result_is_a_new_array_on_the_input_context():
    x = mx.nd.array(np.arange(60).reshape(4, 5, 3), dtype="float32")
    y = mx.image.imresize(x, 5, 4)
    assert y is not x and y.context == x.context
    y[:] = 0
    assert x.asnumpy().sum() > 0
