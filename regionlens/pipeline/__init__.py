"""Stage orchestration: each function drives one stage over a project, in bounded batches."""
