"""A GoHighLevel API v2 client: each endpoint group's `Version` header, its own paging style,
throttling from the `X-RateLimit-*` headers, and bounded, jittered retries on 429/5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from ehub.sources.auth import BearerToken
from ehub.sources.http import RetryPolicy, send_with_retries
from ehub.sources.throttle import HeaderThrottle, Throttle
from ehub.sources.values import iso_timestamp

VERSIONS = {"contacts": "2021-07-28", "opportunities": "2021-07-28", "conversations": "2021-04-15"}
CONTACTS_PAGE, PAGE = 500, 100

Record = dict[str, Any]


class GhlClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        location_id: str,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        throttle: Throttle | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.location_id = location_id
        self.retry = retry or RetryPolicy()
        self.throttle = throttle or HeaderThrottle()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            auth=BearerToken(token),
            transport=transport,
            headers={"Accept": "application/json"},
            timeout=timeout,
        )

    def __enter__(self) -> GhlClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: dict[str, Any] | None = None
    ) -> Any:
        group = path.strip("/").split("/", 1)[0]
        request = self._http.build_request(method, path, params=params, json=body, headers={"Version": VERSIONS[group]})
        response = send_with_retries(self._http, request, source="ghl", policy=self.retry, throttle=self.throttle)
        return response.json()

    def search_contacts(self, *, updated_after: datetime | None = None) -> Iterator[list[Record]]:
        """Contacts by `dateUpdated` ascending, paged with `searchAfter` (no 10,000-record ceiling)."""
        body: dict[str, Any] = {
            "locationId": self.location_id,
            "pageLimit": CONTACTS_PAGE,
            "sort": [{"field": "dateUpdated", "direction": "asc"}],
        }
        if updated_after is not None:
            stamp = updated_after.isoformat().replace("+00:00", "Z")
            body["filters"] = [{"field": "dateUpdated", "operator": "range", "value": {"gt": stamp}}]
        while True:
            contacts = self._call("POST", "/contacts/search", body=body)["contacts"]
            if contacts:
                yield contacts
            if len(contacts) < CONTACTS_PAGE:
                return
            body["searchAfter"] = contacts[-1]["searchAfter"]

    def iter_opportunities(self) -> Iterator[list[Record]]:
        """Every opportunity of the location, paged with `startAfterId`/`startAfter`."""
        params: dict[str, Any] = {"location_id": self.location_id, "limit": PAGE}
        while True:
            body = self._call("GET", "/opportunities/search", params=params)
            if body["opportunities"]:
                yield body["opportunities"]
            meta = body.get("meta") or {}
            if not meta.get("startAfterId") or len(body["opportunities"]) < PAGE:
                return
            params = {**params, "startAfterId": meta["startAfterId"], "startAfter": meta["startAfter"]}

    def pipelines(self) -> list[Record]:
        return self._call("GET", "/opportunities/pipelines", params={"locationId": self.location_id})["pipelines"]

    def iter_conversations(self, *, last_message_after: datetime | None = None) -> Iterator[list[Record]]:
        """Conversations by last message date ascending, from just after `last_message_after`."""
        params: dict[str, Any] = {
            "locationId": self.location_id,
            "limit": PAGE,
            "sortBy": "last_message_date",
            "sort": "asc",
        }
        if last_message_after is not None:
            params["startAfterDate"] = int(last_message_after.timestamp() * 1000)
        while True:
            conversations = self._call("GET", "/conversations/search", params=params)["conversations"]
            if conversations:
                yield conversations
            if len(conversations) < PAGE:
                return
            params["startAfterDate"] = conversations[-1]["lastMessageDate"]

    def iter_messages(self, conversation_id: str, *, newer_than: datetime | None = None) -> Iterator[Record]:
        """A conversation's messages, newest first, stopping at the first one not newer than `newer_than`."""
        params: dict[str, Any] = {"limit": PAGE}
        while True:
            envelope = self._call("GET", f"/conversations/{conversation_id}/messages", params=params)["messages"]
            for message in envelope["messages"]:
                sent = iso_timestamp(message.get("dateAdded"))
                if newer_than is not None and sent is not None and sent <= newer_than:
                    return
                yield message
            if not envelope.get("nextPage") or not envelope.get("lastMessageId"):
                return
            params["lastMessageId"] = envelope["lastMessageId"]

    # -- writes the bots make: replies, tags, tasks, do-not-disturb, workflow enrolment ----------

    def send_message(self, contact_id: str, message: str, *, channel: str = "SMS") -> Record:
        """`POST /conversations/messages`: a reply to the contact (SMS or Email)."""
        return self._call(
            "POST", "/conversations/messages", body={"type": channel, "contactId": contact_id, "message": message}
        )

    def add_tags(self, contact_id: str, tags: list[str]) -> Record:
        return self._call("POST", f"/contacts/{contact_id}/tags", body={"tags": tags})

    def create_task(self, contact_id: str, title: str, due: datetime, *, body: str | None = None) -> Record:
        payload = {"title": title, "dueDate": due.isoformat().replace("+00:00", "Z"), "completed": False}
        if body:
            payload["body"] = body
        return self._call("POST", f"/contacts/{contact_id}/tasks", body=payload)

    def set_do_not_disturb(self, contact_id: str, enabled: bool) -> Record:
        return self._call("PUT", f"/contacts/{contact_id}", body={"dnd": enabled})

    def add_to_workflow(self, contact_id: str, workflow_id: str, *, event_start: datetime | None = None) -> Record:
        """`POST /contacts/{contactId}/workflow/{workflowId}`: enrol the contact, so the GHL workflow
        the brokerage built (assignment, notifications) runs for it. GHL answers `{"succeded": true}`."""
        body: dict[str, Any] = {}
        if event_start is not None:
            body["eventStartTime"] = event_start.isoformat().replace("+00:00", "Z")
        return self._call(
            "POST", f"/contacts/{quote(contact_id, safe='')}/workflow/{quote(workflow_id, safe='')}", body=body
        )
