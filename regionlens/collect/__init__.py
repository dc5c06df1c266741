"""Collection: monitor the registry's feeds and sitemaps and fetch the full text of new articles.

fetch.py does polite HTTP (robots.txt, per-host rate, global concurrency, retries, size and address
limits); feeds.py and sitemaps.py list article URLs; article.py turns a page into a record; state.py keeps
what was done in the project database; run.py puts them together and hands records to the ordinary ingest.
"""
