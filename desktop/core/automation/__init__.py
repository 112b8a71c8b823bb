"""Crawl, walk, run: a restaurant-booking agent at rising autonomy (issues 8 and 18).

- world.py (the business in SQLite, one file with its audit log), lookups.py, records.py, seed.py (its data in
  seed_restaurants.py and seed_people.py);
- tools.py (schemas, MCP-style annotations, preview, execute), handlers.py (the tools' code), schema.py
  (argument validation), undo.py;
- policy.py (levels and rules), intent.py (what a request asks for), privacy.py (another customer's data, however
  written);
- audit.py (append-only, HMAC-chained log with its head outside the file), verify.py, keys.py (the key and head),
  recovery.py (what the next start finds after a crash);
- agent.py (the loop), calls.py (its values), outcome.py (a run's outcome from the world), prompts.py,
  host_model.py (the local model, and a scripted one);
- tasks.py and evaluate.py (the task suite and its evaluation).
"""
