"""The testing kit (needs the ``testing`` extra for all but :mod:`.coverage`): Hypothesis strategies and
the stateful machine (public face :mod:`.strategies`; parts in :mod:`.walks`, :mod:`.payloads`,
:mod:`.near_misses`, :mod:`.machine`, over the tables of :mod:`.plan`), and coverage of the spec by a
set of histories (:mod:`.coverage`, no Hypothesis needed)."""
