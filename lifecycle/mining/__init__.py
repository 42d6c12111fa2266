"""Process mining: how real histories compare with the spec (the :class:`Miner`, its report, suggested
overlays). The public names are those of :mod:`lifecycle.mining.miner`."""

from lifecycle.mining.miner import *  # noqa: F403
from lifecycle.mining.miner import __all__ as __all__
