"""POST /v1/articles and /v1/articles/batch: store first, then enqueue the job id."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError
from werkzeug.exceptions import UnprocessableEntity

from schemas.article import (
    AcceptedSchema,
    ArticleInSchema,
    BatchInSchema,
    BatchOutSchema,
)
from schemas.job import JobSchema
from services.api.idempotency import Outcome, idempotent
from services.api.problems import http_error, problem_body
from services.api.state import db, state
from services.storage.articles import (
    NewArticle,
    Submission,
    submit_articles,
)

blp = Blueprint("intake", __name__, description="Submit articles for extraction")

_article_in = ArticleInSchema()
_job_out = JobSchema()


@blp.route("/v1/articles")
class Articles(MethodView):
    @blp.arguments(_article_in)
    @blp.response(202, AcceptedSchema, description="Stored and queued")
    @blp.alt_response(200, schema=AcceptedSchema, description="Already submitted")
    def post(self, fields: dict[str, Any]) -> Response:
        """Submit one article; the same article again returns its existing job."""
        return _respond(idempotent(lambda: _accept_one(fields)))


@blp.route("/v1/articles/batch")
class ArticleBatch(MethodView):
    @blp.arguments(BatchInSchema())
    @blp.response(207, BatchOutSchema, description="One outcome per item, in order")
    def post(self, batch: dict[str, Any]) -> Response:
        """Submit up to 500 articles; each item succeeds or fails on its own."""
        return _respond(idempotent(lambda: _accept_batch(batch["articles"])))


def _respond(outcome: Outcome) -> Response:
    # Bodies are dumped once, when first made, so an idempotent replay is identical.
    body, status, headers = outcome
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def _accept_one(fields: dict[str, Any]) -> Outcome:
    try:
        text, html = _body_text(fields)
    except ValidationError as exc:
        errors = exc.normalized_messages()
        raise http_error(UnprocessableEntity, errors=errors) from exc
    submission = state().intake.submit(NewArticle(fields, text, html))
    status = 202 if submission.created else 200
    return _accepted(submission), status, {"Location": f"/v1/jobs/{submission.job.id}"}


def _accept_batch(items: list[Any]) -> Outcome:
    limit = state().settings.max_batch_items
    if len(items) > limit:
        raise http_error(
            UnprocessableEntity,
            errors={"articles": [f"At most {limit} items per batch."]},
        )
    results: list[dict[str, Any] | None] = []
    valid: list[tuple[int, NewArticle]] = []
    for index, item in enumerate(items):
        try:
            fields = _article_in.load(item) if isinstance(item, dict) else _not_object()
            text, html = _body_text(fields)
        except ValidationError as exc:
            results.append(_item_problem(index, exc))
            continue
        valid.append((index, NewArticle(fields, text, html)))
        results.append(None)
    session = db()
    submissions = submit_articles(session, [article for _, article in valid])
    session.commit()
    for (index, _), submission in zip(valid, submissions, strict=True):
        results[index] = {
            "index": index,
            "status": 202 if submission.created else 200,
            **_accepted(submission),
            "problem": None,
        }
    state().intake.send([s.job.id for s in submissions if s.created])
    return {"items": results}, 207, {}


def _body_text(fields: dict[str, Any]) -> tuple[str, str | None]:
    """The text events will point into: as sent, or extracted from the HTML."""
    if "text" in fields:
        return fields.pop("text"), None
    from workers.pipeline.clean import html_to_text  # trafilatura loads on first use

    html = fields.pop("html")
    text = html_to_text(html)
    if not text.strip():
        raise ValidationError("No article text found in the HTML.", field_name="html")
    return text, html


def _accepted(submission: Submission) -> dict[str, Any]:
    return {"article_id": submission.article.id, "job": _job_out.dump(submission.job)}


def _item_problem(index: int, exc: ValidationError) -> dict[str, Any]:
    messages = exc.normalized_messages()
    errors = {k: v if isinstance(v, list) else [str(v)] for k, v in messages.items()}
    detail = "Invalid input: " + "; ".join(
        f"{k}: {' '.join(map(str, v))}" for k, v in errors.items()
    )
    problem = problem_body(422, "Unprocessable Entity", detail, errors=errors)
    return {
        "index": index,
        "status": 422,
        "article_id": None,
        "job": None,
        "problem": problem,
    }


def _not_object() -> dict[str, Any]:
    raise ValidationError("Each item must be a JSON object.", field_name="_schema")
