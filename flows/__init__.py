"""Prefect flows, tasks and the command line: the only code that imports Prefect."""
