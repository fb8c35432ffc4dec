"""The Flask application factory."""

from __future__ import annotations

import http
import logging
from typing import Any

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from schemas.problem import ProblemSchema
from services.api import health, intake, reads
from services.api.auth import init_auth
from services.api.guards import init_guards
from services.api.limits import init_limits
from services.api.problems import PROBLEM_MIMETYPE, from_http_exception
from services.api.state import EXTENSION, ApiState, close_db
from services.config import Settings

API_TITLE = "eventwire"
API_VERSION = "v1"


class ProblemApi(Api):
    """flask-smorest Api whose every error is RFC 9457 problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        # Document error responses with the media type they are sent with.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": ProblemSchema}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Any:
        return from_http_exception(error)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.validate()
    app = Flask("eventwire")
    app.config.update(
        API_TITLE=API_TITLE,
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(dict(settings.overrides))
    app.extensions[EXTENSION] = ApiState.build(settings)
    app.teardown_appcontext(close_db)
    init_guards(app, settings)
    init_auth(app, settings)
    # After auth, so limits count per key.
    init_limits(app, settings)
    api = ProblemApi(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (intake, reads, health):
        api.register_blueprint(module.blp)
    logging.getLogger(__name__).info(
        "eventwire API ready (database %s)",
        app.extensions[EXTENSION].engine.url.drivername,
    )
    return app
