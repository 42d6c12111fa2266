"""The public path of :mod:`lifecycle.validation.validator`: ``import lifecycle.validator`` goes on working."""

from lifecycle.validation.validator import *  # noqa: F403
from lifecycle.validation.validator import __all__ as __all__
