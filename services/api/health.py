"""Liveness and readiness: /healthz says the process runs, /readyz that it can work."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from schemas.problem import ProblemSchema
from services.api.problems import PROBLEM_MIMETYPE, problem_body, problem_response
from services.api.state import state

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "Always 'ok'"})


class ReadySchema(Schema):
    status = fields.String(metadata={"description": "Always 'ready'"})
    checks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Each dependency: 'ok' or 'down'"},
    )


class NotReadySchema(ProblemSchema):
    checks = fields.Dict(keys=fields.String(), values=fields.String())


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """The process is alive."""
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.response(200, ReadySchema)
    @blp.alt_response(
        503,
        schema=NotReadySchema,
        content_type=PROBLEM_MIMETYPE,
        description="Not ready",
    )
    def get(self) -> Any:
        """The database and the broker answer; 503 problem+json otherwise."""
        checks = {"database": _check_database(), "broker": _check_broker()}
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            body = problem_body(
                503,
                "Service Unavailable",
                f"Not reachable: {', '.join(failed)}.",
                slug="not-ready",
            )
            body["checks"] = {k: "ok" if v else "down" for k, v in checks.items()}
            return problem_response(body, {"Retry-After": "5"})
        return {"status": "ready", "checks": {k: "ok" for k in checks}}


def _check_database() -> bool:
    # A connection of its own: a failed check must not poison the request's session.
    try:
        with state().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _check_broker() -> bool:
    settings = state().settings
    try:
        with state().celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0, timeout=settings.broker_timeout)
        return True
    except Exception:
        return False
