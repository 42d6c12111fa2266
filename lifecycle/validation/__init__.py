"""Validation of fetched job histories: the report and its diagnostics (:mod:`.report`), messages in two
languages (:mod:`.messages`) and the checks themselves (:mod:`.validator`)."""
