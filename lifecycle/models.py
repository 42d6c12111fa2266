"""The public path of :mod:`lifecycle.payload.models`: ``import lifecycle.models`` goes on working."""

from lifecycle.payload.models import *  # noqa: F403
from lifecycle.payload.models import __all__ as __all__
