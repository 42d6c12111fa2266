"""The public path of the payload models (:mod:`lifecycle.payload.models`) and their parsing
(:mod:`lifecycle.payload.parsing`): ``import lifecycle.models`` goes on working."""

from lifecycle.payload.models import *  # noqa: F403
from lifecycle.payload.models import __all__ as _models
from lifecycle.payload.parsing import *  # noqa: F403
from lifecycle.payload.parsing import __all__ as _parsing

__all__ = [*_models, *_parsing]
