"""The testing kit (needs the ``testing`` extra): Hypothesis strategies and the stateful machine
(:mod:`.strategies`), and coverage of the spec by a set of histories (:mod:`.coverage`)."""
