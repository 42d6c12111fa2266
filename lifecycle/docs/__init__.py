"""Documents generated from the spec: LIFECYCLE.md (:mod:`.lifecycle_md`), ``lifecycle explain``
(:mod:`.explain`) and the one command that writes every generated file (:mod:`.generate`)."""
