"""``python -m mxcompat.kernel -f CONNECTION_FILE``: the mxcompat Jupyter kernel."""
from . import main

if __name__ == "__main__":
    main()
