"""Reports, as JSON on stdout, how it was started (run by tests/test_cli.py)."""
import json
import sys

import cli_helper  # lives next to this script: importable only via sys.path[0]
import mxnet as mx
import mxnet.ndarray

import mxcompat

print(json.dumps({
    "name": __name__,
    "file": __file__,
    "argv": sys.argv,
    "path0": sys.path[0],
    "helper": cli_helper.VALUE,
    "version": mx.__version__,
    "mx_name": mx.__name__,
    "same_ndarray": mxnet.ndarray is mxcompat.ndarray and mx.nd is mxcompat.ndarray,
    "main_module_is_script": sys.modules["__main__"].__dict__ is globals(),
}))
if len(sys.argv) > 2 and sys.argv[1] == "--exit":
    sys.exit(int(sys.argv[2]))
