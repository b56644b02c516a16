"""Running the service: response headers (security.py), logs without addresses
(logs.py, gunicorn_logging.py), command-line tasks (cli.py) and demo data (demo.py)."""
