"""The HTTP service: `copilot.api.app.create_app` builds the FastAPI app that answers associates.

Routes in `routes.py`, request/response models in `schemas.py`, error mapping in `errors.py`.
"""
