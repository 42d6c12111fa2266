"""The public path of :mod:`lifecycle.testing.strategies`: ``import lifecycle.strategies`` goes on working."""

from lifecycle.testing.strategies import *  # noqa: F403
from lifecycle.testing.strategies import __all__ as __all__
