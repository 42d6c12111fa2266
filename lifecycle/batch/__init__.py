"""Many jobs at once: files, JSONL streams and the process pool (:mod:`.pool`), and partitions for
Dask or Spark (:mod:`.partitions`)."""
