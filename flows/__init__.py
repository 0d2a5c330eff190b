"""readouts: Prefect flows over plain, testable steps."""
