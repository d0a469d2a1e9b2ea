"""Random ops: ``mx.nd.random.*``, ``nd.random_*``/``nd.sample_*`` and ``nd.shuffle``.

``distributions`` holds the samplers (pure jax.random code), ``kernels`` registers
them as ops (key, counter and the distribution parameters are dynamic arguments, so a
draw never recompiles for new values), ``checks`` has MXNet's argument rules and
``api`` the public functions. Reproducible under ``mx.random.seed``. ``pdf`` adds the
densities (``nd.random_pdf_*``).
"""
from . import distributions, kernels, checks, api, pdf  # noqa: F401
