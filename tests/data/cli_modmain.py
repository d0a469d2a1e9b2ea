"""Run as 'mxcompat run -m cli_modmain ARGS' from this directory."""
import json
import os
import sys

import mxnet as mx

print(json.dumps({"name": __name__, "argv0": sys.argv[0], "args": sys.argv[1:],
                  "path0": sys.path[0], "cwd": os.getcwd(), "version": mx.__version__}))
if sys.argv[1:2] == ["fail"]:
    raise RuntimeError("module failed")
