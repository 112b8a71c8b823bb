"""Crawl, walk, run: a restaurant-booking agent at rising autonomy (issue 8).

world.py (the business in SQLite), tools.py (schemas, annotations, preview, execute, undo), policy.py (levels and
guardrails), audit.py (append-only, hash-chained log); the agent loop and its model live beside them.
"""
