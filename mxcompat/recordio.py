"""``mx.recordio``: MXNet's RecordIO files (``.rec``), read and written in pure Python.

The format (dmlc-core's): each record is a 4-byte magic number ``0xced7230a``, a
4-byte word holding the continuation flag (top 3 bits) and the length (low 29 bits),
then the bytes, zero-padded to a multiple of 4. A record whose bytes contain the
magic number at a 4-aligned offset is split there into parts (flag 1 = first, 2 =
middle, 3 = last) and the magic number itself is dropped; the reader puts it back.
All words are little-endian. An ``.idx`` file lists ``key<TAB>byte offset`` lines.
"""
import numbers
import os
import struct
from collections import namedtuple

import numpy as _np

from .base import MXNetError

__all__ = ["MXRecordIO", "MXIndexedRecordIO", "IRHeader", "pack", "unpack", "pack_img",
           "unpack_img"]

_MAGIC = 0xCED7230A
_MAGIC_BYTES = struct.pack("<I", _MAGIC)
_MAX_LEN = 1 << 29


def _encode_lrec(cflag, length):
    return struct.pack("<II", _MAGIC, (cflag << 29) | length)


class MXRecordIO:
    """Sequential reading (``flag='r'``) or writing (``flag='w'``) of a RecordIO file."""

    def __init__(self, uri, flag):
        self.uri = uri
        self.flag = flag
        self.is_open = False
        self._f = None
        self.open()

    def open(self):
        """Open the file (for writing: truncate it)."""
        if self.flag == "w":
            self._f = open(self.uri, "wb")
            self.writable = True
        elif self.flag == "r":
            if not os.path.exists(self.uri):
                raise MXNetError(f"MXRecordIO: cannot open {self.uri} for reading: no such "
                                 "file. Check the path of the .rec file.")
            self._f = open(self.uri, "rb")
            self.writable = False
        else:
            raise ValueError("Invalid flag %s" % self.flag)
        self.is_open = True

    def __del__(self):
        self.close()

    def __getstate__(self):
        is_open = self.is_open
        self.close()
        d = dict(self.__dict__)
        d["is_open"] = is_open
        d["_f"] = None
        return d

    def __setstate__(self, d):
        self.__dict__ = d
        is_open = d["is_open"]
        self.is_open = False
        if is_open:
            self.open()

    def close(self):
        """Close the file."""
        if not getattr(self, "is_open", False):
            return
        self._f.close()
        self._f = None
        self.is_open = False

    def reset(self):
        """Back to the first record (for writing: start the file again, empty)."""
        self.close()
        self.open()

    def write(self, buf):
        """Append one record (bytes)."""
        assert self.writable
        buf = bytes(buf)
        n = len(buf)
        if n >= _MAX_LEN:
            raise MXNetError("RecordIO only accepts records of less than 2^29 bytes; split "
                             "the data over several records.")
        f = self._f
        start = 0
        # Split at every 4-aligned occurrence of the magic number.
        for i in range(0, n - n % 4, 4):
            if buf[i:i + 4] == _MAGIC_BYTES:
                f.write(_encode_lrec(1 if start == 0 else 2, i - start))
                f.write(buf[start:i])
                start = i + 4
        f.write(_encode_lrec(3 if start else 0, n - start))
        f.write(buf[start:])
        pad = (-n) % 4
        if pad:
            f.write(b"\x00" * pad)

    def read(self):
        """The next record as bytes, or None at the end of the file."""
        assert not self.writable
        f = self._f
        parts = []
        while True:
            head = f.read(8)
            if not head:
                if parts:
                    raise MXNetError(f"Invalid RecordIO file {self.uri}: it ends inside "
                                     "a record.")
                return None
            if len(head) != 8:
                raise MXNetError(f"Invalid RecordIO file {self.uri}: truncated header.")
            magic, lrec = struct.unpack("<II", head)
            if magic != _MAGIC:
                raise MXNetError(f"Invalid RecordIO file {self.uri}: bad magic number at "
                                 f"byte {f.tell() - 8}.")
            cflag, length = lrec >> 29, lrec & (_MAX_LEN - 1)
            data = f.read((length + 3) & ~3)
            if len(data) < length:
                raise MXNetError(f"Invalid RecordIO file {self.uri}: truncated record.")
            parts.append(data[:length])
            if cflag in (0, 3):
                return _MAGIC_BYTES.join(parts)

    def _tell(self):
        return self._f.tell()

    def _seek(self, pos):
        self._f.seek(pos)


class MXIndexedRecordIO(MXRecordIO):
    """RecordIO with random access through an index file (``key<TAB>offset`` lines)."""

    def __init__(self, idx_path, uri, flag, key_type=int):
        self.idx_path = idx_path
        self.idx = {}
        self.keys = []
        self.key_type = key_type
        self.fidx = None
        super().__init__(uri, flag)

    def open(self):
        super().open()
        self.idx = {}
        self.keys = []
        if not self.writable and not os.path.exists(self.idx_path):
            raise MXNetError(f"MXIndexedRecordIO: the index file {self.idx_path} does not "
                             "exist; it is written next to the .rec file by "
                             "MXIndexedRecordIO(..., 'w') or im2rec.")
        self.fidx = open(self.idx_path, self.flag)
        if not self.writable:
            for line in iter(self.fidx.readline, ""):
                fields = line.strip().split("\t")
                key = self.key_type(fields[0])
                self.idx[key] = int(fields[1])
                self.keys.append(key)

    def close(self):
        if not getattr(self, "is_open", False):
            return
        super().close()
        self.fidx.close()

    def __getstate__(self):
        d = super().__getstate__()
        d["fidx"] = None
        return d

    def seek(self, idx):
        """Move the read position to the record with key ``idx``."""
        assert not self.writable
        self._seek(self.idx[idx])

    def tell(self):
        """The write position (the byte offset of the next record)."""
        assert self.writable
        return self._tell()

    def read_idx(self, idx):
        """The record with key ``idx``."""
        self.seek(idx)
        return self.read()

    def write_idx(self, idx, buf):
        """Append a record under key ``idx``."""
        key = self.key_type(idx)
        pos = self.tell()
        self.write(buf)
        self.fidx.write("%s\t%d\n" % (str(key), pos))
        self.idx[key] = pos
        self.keys.append(key)


IRHeader = namedtuple("HEADER", ["flag", "label", "id", "id2"])
"""The header of an image record: ``flag``, ``label`` (a number or an array), ``id``,
``id2``."""

_IR_FORMAT = "IfQQ"
_IR_SIZE = struct.calcsize(_IR_FORMAT)


def pack(header, s):
    """A record of ``header`` (an IRHeader) followed by the bytes ``s``.

    An array label is stored as float32 values after the header (``flag`` = their
    count); a number label goes in the header itself.
    """
    header = IRHeader(*header)
    if isinstance(header.label, numbers.Number):
        header = header._replace(flag=0)
    else:
        label = _np.asarray(header.label, dtype=_np.float32)
        header = header._replace(flag=label.size, label=0)
        s = label.tobytes() + s
    return struct.pack(_IR_FORMAT, *header) + s


def unpack(s):
    """``(header, payload)`` of a record made by ``pack``."""
    header = IRHeader(*struct.unpack(_IR_FORMAT, s[:_IR_SIZE]))
    s = s[_IR_SIZE:]
    if header.flag > 0:
        header = header._replace(label=_np.frombuffer(s, _np.float32, header.flag))
        s = s[header.flag * 4:]
    return header, s


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise MXNetError("mx.recordio.pack_img/unpack_img need Pillow to encode and decode "
                         "images; install it with `pip install pillow`.") from None
    return Image


def unpack_img(s, iscolor=-1):
    """``(header, image)``: the image decoded to a numpy uint8 array in BGR order (as
    OpenCV gives it); ``iscolor`` 0 gives gray, 1 color, -1 as stored."""
    import io
    header, s = unpack(s)
    with _pil().open(io.BytesIO(s)) as img:
        if iscolor == 0:
            arr = _np.asarray(img.convert("L"))
        elif iscolor == 1 or img.mode not in ("L", "I;16"):
            arr = _np.asarray(img.convert("RGB"))[:, :, ::-1]
        else:
            arr = _np.asarray(img)
    return header, _np.ascontiguousarray(arr)


def pack_img(header, img, quality=95, img_fmt=".jpg"):
    """``pack`` of ``img`` (numpy, BGR or gray) encoded as JPEG or PNG."""
    import io
    fmt = img_fmt.upper()
    img = _np.asarray(img)
    if img.ndim == 3 and img.shape[2] == 3:
        img = img[:, :, ::-1]
    elif img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    out = io.BytesIO()
    pic = _pil().fromarray(_np.ascontiguousarray(img))
    if fmt in (".JPG", ".JPEG"):
        pic.save(out, format="JPEG", quality=quality)
    elif fmt == ".PNG":
        pic.save(out, format="PNG", compress_level=min(max(int(quality), 0), 9))
    else:
        raise MXNetError(f"pack_img: unsupported img_fmt {img_fmt!r}; use '.jpg' or '.png'.")
    return pack(header, out.getvalue())
