"""Records and Parquet schemas: the one source of truth for every column."""
