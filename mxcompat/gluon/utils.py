"""``mx.gluon.utils``: splitting batches over devices, gradient clipping, downloads.

``download`` works offline first: a file that is already where it should be (with
the expected sha1, when one is given) is used without any network access. Otherwise it
makes one attempt with a short timeout (``MXCOMPAT_DOWNLOAD_TIMEOUT`` seconds, default
15; ``MXCOMPAT_OFFLINE=1`` skips the attempt) and, if that fails, raises an MXNetError
that names the URL and the path where the file should be put by hand.
"""
import collections
import hashlib
import os
import uuid
import warnings
import weakref

import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError

__all__ = ["split_data", "split_and_load", "clip_global_norm", "check_sha1", "download",
           "replace_file"]


# ------------------------------------------------------------------ data parallel
def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Split ``data`` along ``batch_axis`` into a list of ``num_slice`` parts.

    With ``even_split`` the size along that axis must be a multiple of ``num_slice``;
    otherwise the first parts are one longer than the others.
    """
    size = data.shape[batch_axis]
    if even_split and size % num_slice != 0:
        raise ValueError(
            "data with shape %s cannot be evenly split into %d slices along axis %d. "
            "Use a batch size that's multiple of %d or set even_split=False to allow "
            "uneven partitioning of data." % (str(data.shape), num_slice, batch_axis,
                                              num_slice))
    each, extra = divmod(size, num_slice)
    bounds = [0]
    for i in range(num_slice):
        bounds.append(bounds[-1] + each + (1 if i < extra else 0))
    lead = (slice(None),) * batch_axis
    return [data[lead + (slice(bounds[i], bounds[i + 1]),)] for i in range(num_slice)]


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """Split ``data`` into ``len(ctx_list)`` parts and put part ``i`` on ``ctx_list[i]``."""
    from .. import nd
    if not hasattr(data, "_value"):
        data = nd.array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    parts = split_data(data, len(ctx_list), batch_axis, even_split)
    return [p.as_in_context(ctx) for p, ctx in zip(parts, ctx_list)]


@jax.jit
def _global_norm(values):
    total = None
    for v in values:
        flat = v.reshape(-1)
        sq = jnp.dot(flat, flat)
        total = sq if total is None else total + sq
    return jnp.sqrt(total).reshape(1)


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Scale ``arrays`` in place so that their joint 2-norm is at most ``max_norm``.

    Returns the norm before scaling: a float when ``check_isfinite`` (which also warns
    when the norm is nan or inf), otherwise an NDArray of shape (1,).
    """
    from .._core.ndarray import wrap
    assert len(arrays) > 0
    ctx = arrays[0].context
    dev = ctx.jax_device
    values = [jax.device_put(a._value(), dev) for a in arrays]
    total = wrap(type(arrays[0]), _global_norm(values), ctx)
    if check_isfinite and not _np.isfinite(total.asscalar()):
        warnings.warn(UserWarning("nan or inf is detected. Clipping results will be "
                                  "undefined."), stacklevel=2)
    scale = max_norm / (total + 1e-8)
    scale = wrap(type(total), jnp.minimum(scale._value(), 1.0).astype(scale._jdtype), ctx)
    for a in arrays:
        a *= scale.as_in_context(a.context)
    if check_isfinite:
        return total.asscalar()
    return total


# ------------------------------------------------------------------ files
def check_sha1(filename, sha1_hash):
    """True when the sha1 of the file's contents is ``sha1_hash`` (hex digits)."""
    h = hashlib.sha1()
    with open(filename, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Move ``src`` to ``dst`` atomically (replacing ``dst``)."""
    try:
        os.replace(src, dst)
    except OSError:
        try:
            os.remove(src)
        except OSError:
            pass
        raise OSError("Moving downloaded temp file - {}, to {} failed. Please retry the "
                      "download.".format(src, dst)) from None


def _target(url, path):
    if path is None:
        fname = url.split("/")[-1]
        assert fname, "Can't construct file-name from this URL. Please set the `path` " \
                      "option manually."
        return fname
    path = os.path.expanduser(path)
    if os.path.isdir(path):
        return os.path.join(path, url.split("/")[-1])
    return path


def offline():
    """True when network downloads are switched off (``MXCOMPAT_OFFLINE=1``)."""
    return os.environ.get("MXCOMPAT_OFFLINE", "").strip().lower() in ("1", "true", "yes")


def _fetch(url, fname, verify_ssl):
    """Download ``url`` into ``fname`` (through a temporary file); raises on failure."""
    import ssl
    import urllib.request
    timeout = float(os.environ.get("MXCOMPAT_DOWNLOAD_TIMEOUT", "15"))
    context = None
    if not verify_ssl:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    tmp = "{}.{}".format(fname, uuid.uuid4())
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as r, \
                open(tmp, "wb") as f:
            for chunk in iter(lambda: r.read(1 << 16), b""):
                f.write(chunk)
        replace_file(tmp, fname)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """The local path of the file at ``url``, downloading it only when needed.

    ``path`` is the target file or a directory (default: the current directory). An
    existing file is used as is unless ``overwrite`` or its sha1 differs from
    ``sha1_hash``. ``retries`` is accepted for MXNet's API; one attempt is made.
    """
    fname = _target(url, path)
    assert retries >= 0, "Number of retries should be at least 0, currently it's {}" \
        .format(retries)
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). "
                      "Adding certificate verification is strongly advised.")
    exists = os.path.exists(fname)
    if exists and not overwrite and (not sha1_hash or check_sha1(fname, sha1_hash)):
        return fname
    dirname = os.path.dirname(os.path.abspath(fname))
    if offline():
        reason = "network downloads are switched off (MXCOMPAT_OFFLINE=1)"
    else:
        os.makedirs(dirname, exist_ok=True)
        print("Downloading {} from {}...".format(fname, url))
        try:
            _fetch(url, fname, verify_ssl)
            reason = None
        except Exception as e:  # noqa: BLE001 - any failure becomes one clear error
            reason = f"{type(e).__name__}: {e}"
    if reason is not None:
        have = ""
        if exists and sha1_hash:
            have = f" The file there has a different sha1 than {sha1_hash}."
        raise MXNetError(
            f"gluon.utils.download could not fetch {url} ({reason}). Download it "
            f"yourself and put it at {os.path.abspath(fname)}, then run again.{have}")
    if sha1_hash and not check_sha1(fname, sha1_hash):
        raise UserWarning(
            "File {} is downloaded but the content hash does not match. The repo may be "
            "outdated or download may be incomplete. If the \"repo_url\" is overridden, "
            "consider switching to the default repo.".format(fname))
    return fname


def _get_repo_url():
    """The base URL of the Gluon dataset and model repository (``MXNET_GLUON_REPO``)."""
    repo = os.environ.get("MXNET_GLUON_REPO",
                          "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/")
    return repo if repo.endswith("/") else repo + "/"


def _get_repo_file_url(namespace, filename):
    """The URL of ``filename`` under ``namespace`` in the Gluon repository."""
    return "{}{}/{}".format(_get_repo_url(), namespace, filename)


# ------------------------------------------------------------------ helpers for Block
def _indent(text, num_spaces):
    """Indent every line of ``text`` but the first by ``num_spaces``."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    pad = " " * num_spaces
    return "\n".join([lines[0]] + [pad + line for line in lines[1:]])


def _brief_print_list(lst, limit=7):
    """``'a', 'b', ..., 'z'``: at most ``limit`` quoted items."""
    lst = list(lst)
    if len(lst) > limit:
        return (_brief_print_list(lst[:limit // 2], limit) + ", ..., " +
                _brief_print_list(lst[-limit // 2:], limit))
    return ", ".join("'%s'" % str(i) for i in lst)


class HookHandle:
    """A handle to a hook registered in a dict; ``detach()`` removes it."""

    def __init__(self):
        self._hooks_dict_ref = None
        self._id = None

    def attach(self, hooks_dict, hook):
        assert not self._hooks_dict_ref, "The same handle cannot be attached twice."
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._hooks_dict_ref = weakref.ref(hooks_dict)

    def detach(self):
        hooks = self._hooks_dict_ref() if self._hooks_dict_ref is not None else None
        if hooks is not None and self._id in hooks:
            del hooks[self._id]

    def __getstate__(self):
        return (self._hooks_dict_ref(), self._id)

    def __setstate__(self, state):
        hooks = state[0] if state[0] is not None else collections.OrderedDict()
        self._hooks_dict_ref = weakref.ref(hooks)
        self._id = state[1]

    def __enter__(self):
        return self

    def __exit__(self, ptype, value, trace):
        self.detach()


def shape_is_known(shape):
    """True when no dimension of ``shape`` is unknown (0 in MXNet's legacy shape mode)."""
    if shape is None:
        return False
    if len(shape) == 0:
        return False
    for d in shape:
        if d == 0 or d == -1:
            return False
    return True
