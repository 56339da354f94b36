"""Developer and maintainer scripts (run with `python -m scripts.<name>`)."""
