"""Demo data for `make run` and bench data for `bench/`: `manage.py seed [--scale large]`."""
