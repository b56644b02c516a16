"""The learning network: organisations and their people (organisations.py), series of
meetings followed over time (series.py), the practice log (practice.py), the trust
barometer (barometer.py) and the dashboard across meetings (dashboard*.py). Views in
views/; command-line tasks in cli.py."""
