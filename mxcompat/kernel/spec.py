"""The "MXNet (mxcompat)" kernelspec: built on the fly, or installed for Jupyter.

``mxcompat run notebook.ipynb`` needs no installed kernelspec: :func:`kernel_manager_class`
gives a jupyter_client kernel manager that knows the built-in spec by name.
``mxcompat kernel install`` writes the same spec where Jupyter looks for kernels.
"""
from __future__ import annotations

import json
import os
import shutil
import site
import sys
import tempfile

__all__ = ["KERNEL_NAME", "DISPLAY_NAME", "spec_dict", "kernel_manager_class", "install",
           "uninstall"]

KERNEL_NAME = "mxcompat"
DISPLAY_NAME = "MXNet (mxcompat)"


def _source_root() -> str | None:
    """The directory holding the ``mxcompat`` package when it is not in site-packages.

    A kernel process starts in the notebook's directory, so a checkout that is importable
    only through the current directory or PYTHONPATH has to be passed on explicitly.
    """
    import mxcompat
    root = os.path.dirname(os.path.dirname(os.path.abspath(mxcompat.__file__)))
    site_dirs = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
    site_dirs.append(site.getusersitepackages())
    if any(os.path.normcase(os.path.abspath(d)) == os.path.normcase(root) for d in site_dirs):
        return None
    return root


def spec_dict(*, merge_env: bool) -> dict:
    """The kernel.json content. ``merge_env`` keeps this process's PYTHONPATH after
    the checkout directory (for a kernel started from here) instead of fixing it."""
    spec = {
        "argv": [sys.executable, "-m", "mxcompat.kernel", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "metadata": {"debugger": True},
    }
    root = _source_root()
    if root is not None:
        parts = [root]
        if merge_env and os.environ.get("PYTHONPATH"):
            parts.append(os.environ["PYTHONPATH"])
        spec["env"] = {"PYTHONPATH": os.pathsep.join(parts)}
    return spec


def _logo_dir() -> str | None:
    try:
        from ipykernel.kernelspec import RESOURCES
    except ImportError:
        return None
    return RESOURCES if os.path.isdir(RESOURCES) else None


def kernel_manager_class(ipc_prefix: str | None = None):
    """A jupyter_client ``AsyncKernelManager`` that also knows the built-in kernel.

    The name :data:`KERNEL_NAME` always means the kernel of this very interpreter
    and checkout; any other name is looked up among the installed kernelspecs. With
    ``ipc_prefix`` (a short path prefix in a private directory) the kernel talks over
    local IPC sockets instead of unencrypted TCP ports.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from traitlets import default

    class _SpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            if kernel_name == KERNEL_NAME:
                return KernelSpec(resource_dir=_logo_dir() or "", **spec_dict(merge_env=True))
            return super().get_kernel_spec(kernel_name)

    class MxcompatKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return _SpecManager(data_dir=self.data_dir)

        if ipc_prefix is not None:
            @default("transport")
            def _transport_default(self):
                return "ipc"

            @default("ip")
            def _ip_default(self):
                return ipc_prefix

    return MxcompatKernelManager


def _destination_root(*, user: bool, sys_prefix: bool, prefix: str | None):
    """The ``kernels`` directory for the chosen scope (user scope when none is given)."""
    from jupyter_client.kernelspec import KernelSpecManager
    if prefix is None and sys_prefix:
        prefix = sys.prefix
    if prefix is not None:
        return os.path.join(os.path.abspath(prefix), "share", "jupyter", "kernels")
    return KernelSpecManager().user_kernel_dir


def install(name: str = KERNEL_NAME, *, user: bool = False, sys_prefix: bool = False,
            prefix: str | None = None) -> str:
    """Write the kernelspec ``name`` and return the directory it was written to."""
    from jupyter_client.kernelspec import KernelSpecManager
    if sys_prefix and prefix is None:
        prefix = sys.prefix
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, name)
        os.mkdir(src)
        logos = _logo_dir()
        if logos:
            for entry in os.listdir(logos):
                if entry.startswith("logo-"):
                    shutil.copy(os.path.join(logos, entry), src)
        with open(os.path.join(src, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(spec_dict(merge_env=False), f, indent=1)
            f.write("\n")
        return KernelSpecManager().install_kernel_spec(
            src, kernel_name=name, user=prefix is None, prefix=prefix)


def uninstall(name: str = KERNEL_NAME, *, user: bool = False, sys_prefix: bool = False,
              prefix: str | None = None) -> str:
    """Remove the kernelspec ``name`` from the chosen scope; return the removed directory.

    Raises FileNotFoundError when no such kernelspec is installed there.
    """
    root = _destination_root(user=user, sys_prefix=sys_prefix, prefix=prefix)
    target = os.path.join(root, name.lower())
    if not os.path.isfile(os.path.join(target, "kernel.json")):
        raise FileNotFoundError(
            f"No kernelspec named {name!r} is installed in {root}; 'jupyter kernelspec "
            "list' shows where kernels are installed (pass the same --user, --sys-prefix "
            "or --prefix as for 'mxcompat kernel install').")
    shutil.rmtree(target)
    return target
