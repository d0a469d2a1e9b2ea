"""The ``mx.np`` / ``mx.npx`` op families (numpy semantics), loaded after the nd ones."""
