"""The ``dti`` command line: one front door to the engine, importers, reports and the web app."""
