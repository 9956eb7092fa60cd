"""The caseworkers' review web app (FastAPI, server-rendered French pages)."""
