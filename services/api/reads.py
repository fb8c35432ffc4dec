"""Read endpoints: jobs, articles, and events with filters and cursor pagination."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from schemas.article import ArticleSchema
from schemas.event import EventPageSchema, EventQuerySchema, EventSchema
from schemas.job import JobSchema
from services.api.state import db
from services.storage.articles import get_article, get_job
from services.storage.events import (
    BadCursor,
    EventFilter,
    article_events,
    get_event,
    list_events,
)

blp = Blueprint("reads", __name__, description="Jobs, articles and events")


@blp.route("/v1/jobs/<string:job_id>")
class JobView(MethodView):
    @blp.response(200, JobSchema)
    def get(self, job_id: str) -> Any:
        """An extraction job: queued, running, succeeded or failed."""
        job = get_job(db(), job_id)
        if job is None:
            abort(404, message=f"No job {job_id}.")
        return job


@blp.route("/v1/articles/<string:article_id>")
class ArticleView(MethodView):
    @blp.response(200, ArticleSchema)
    def get(self, article_id: str) -> Any:
        """An article as stored; event offsets point into its `text`."""
        article = get_article(db(), article_id)
        if article is None:
            abort(404, message=f"No article {article_id}.")
        return article


@blp.route("/v1/articles/<string:article_id>/events")
class ArticleEventsView(MethodView):
    @blp.response(200, EventPageSchema)
    def get(self, article_id: str) -> dict[str, Any]:
        """All events of one article, in text order."""
        session = db()
        if get_article(session, article_id) is None:
            abort(404, message=f"No article {article_id}.")
        return {"items": article_events(session, article_id), "next_cursor": None}


@blp.route("/v1/events")
class EventsView(MethodView):
    @blp.arguments(EventQuerySchema(), location="query")
    @blp.response(200, EventPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Events matching every filter given, oldest first; follow `next_cursor`."""
        try:
            page = list_events(
                db(), EventFilter.from_query(query), query["limit"], query.get("cursor")
            )
        except BadCursor:
            abort(
                400, message="Invalid cursor.", errors={"cursor": ["Invalid cursor."]}
            )
        return {"items": page.items, "next_cursor": page.next_cursor}


@blp.route("/v1/events/<string:event_id>")
class EventView(MethodView):
    @blp.response(200, EventSchema)
    def get(self, event_id: str) -> Any:
        """One event."""
        event = get_event(db(), event_id)
        if event is None:
            abort(404, message=f"No event {event_id}.")
        return event
