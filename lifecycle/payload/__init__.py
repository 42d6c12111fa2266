"""The job payload as the API sends it: pydantic models (:mod:`.models`, the one schema), RFC 3339
timestamps (:mod:`.timestamps`) and the redaction every echoed value passes through (:mod:`.redaction`)."""
