"""Custom marshmallow fields shared by the wire schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import ValidationError, fields


class DateOrDateTime(fields.Field):
    """An ISO 8601 date or date-time, loaded as a ``datetime`` (dates: midnight UTC)."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        if not isinstance(value, str):
            raise ValidationError("Not a valid ISO 8601 date or date-time string.")
        text = value.strip()
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValidationError(
                "Not a valid ISO 8601 date or date-time string."
            ) from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
            return aware.isoformat()
        return value.isoformat()


class StrictString(fields.String):
    """A string without NUL characters (they cannot be stored in PostgreSQL text)."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text
