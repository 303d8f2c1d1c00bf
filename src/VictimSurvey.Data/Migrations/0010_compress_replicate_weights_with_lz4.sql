-- The replicate weights of a run's chunks (about 22 MB per chunk of 25 replicates on a national
-- sample) are compressed with lz4 rather than the default pglz: pglz took the server longer than
-- the chunk's computation, while lz4 stores them smaller (22 MB -> 9 MB instead of 13 MB) in a
-- fraction of the time; a full run on the demo edition went from 35 s to 27 s
-- (docs/benchmarks.md, "Weighting run"). lz4 needs a server built with it, as response.answers does.
alter table weighting_run_chunk alter column weights set compression lz4;
