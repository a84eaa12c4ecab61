"""A GoHighLevel API v2 client: each endpoint group's `Version` header, its own paging style,
throttling from the `X-RateLimit-*` headers, and bounded, jittered retries on 429/5xx.

Writes (the outbox's sends) get short timeouts and brief retries: the outbox retries across its
drains, and a slow GHL must cost a drain seconds, not minutes. Sending a message and creating a task
are never repeated once they may have reached GHL (`UncertainOutcomeError`, also for a 200 whose
body is not JSON); adding tags (a set), setting do-not-disturb (a PUT) and enrolling in a workflow
(GHL enrols a contact once while the workflow's "allow re-entry" is off, its default) change
nothing when repeated, so they are retried like reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast
from urllib.parse import quote

import httpx

from ehub.errors import UnavailableError
from ehub.sources.auth import BearerToken
from ehub.sources.ghl.writes import CrmWrites
from ehub.sources.http import IDEMPOTENT_METHODS, RetryPolicy, UncertainOutcomeError, send_with_retries
from ehub.sources.throttle import HeaderThrottle, Throttle
from ehub.sources.values import iso_timestamp

VERSIONS = {
    "contacts": "2021-07-28",
    "opportunities": "2021-07-28",
    "conversations": "2021-04-15",
    "calendars": "2021-04-15",
}
CONTACTS_PAGE, PAGE = 500, 100
WRITE_TIMEOUT = httpx.Timeout(8.0, connect=3.0)
WRITE_RETRY = RetryPolicy(max_attempts=3, base_delay=0.25, max_delay=2.0)

Record = dict[str, Any]


class GhlClient(CrmWrites):
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
        write_timeout: httpx.Timeout | float = WRITE_TIMEOUT,
        write_retry: RetryPolicy | None = None,
    ) -> None:
        """`write_retry` defaults to `retry` when one is given, else to a brief `WRITE_RETRY`."""
        self.location_id = location_id
        self.retry = retry or RetryPolicy()
        self.write_retry = write_retry or retry or WRITE_RETRY
        self.write_timeout = write_timeout
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
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        brief: bool = False,
        idempotent: bool | None = None,
    ) -> Record:
        """One request; `brief` (the outbox's sends and checks) gives it the short write timeout and retries.
        Every GHL v2 endpoint answers a JSON object."""
        group = path.strip("/").split("/", 1)[0]
        headers = {"Version": VERSIONS[group]}
        timeout = self.write_timeout if brief else self._http.timeout
        request = self._http.build_request(method, path, params=params, json=body, headers=headers, timeout=timeout)
        policy = self.write_retry if brief else self.retry
        response = send_with_retries(
            self._http, request, source="ghl", policy=policy, throttle=self.throttle, idempotent=idempotent
        )
        try:
            return cast(Record, response.json())
        except ValueError:
            repeatable = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
            problem = f"ghl {method} {path.split('?')[0]}: HTTP {response.status_code} with a body that is not JSON"
            if not repeatable:
                raise UncertainOutcomeError(
                    f"{problem}; it may have been applied", code="GHL_OUTCOME_UNKNOWN"
                ) from None
            raise UnavailableError(problem, code="GHL_BAD_RESPONSE") from None

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
            contacts = self._call("POST", "/contacts/search", body=body, idempotent=True)["contacts"]
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
        answer = self._call("GET", "/opportunities/pipelines", params={"locationId": self.location_id})
        return cast(list[Record], answer["pipelines"])

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

    def contact_conversations(self, contact_id: str) -> list[Record]:
        """`GET /conversations/search?contactId=`: the contact's conversations (usually one)."""
        params = {"locationId": self.location_id, "contactId": contact_id, "limit": PAGE}
        return cast(
            list[Record], self._call("GET", "/conversations/search", params=params, brief=True)["conversations"]
        )

    def recent_messages(self, conversation_id: str, *, limit: int = 50) -> list[Record]:
        """The newest `limit` messages of a conversation, newest first (one page)."""
        path = f"/conversations/{quote(conversation_id, safe='')}/messages"
        return cast(list[Record], self._call("GET", path, params={"limit": limit}, brief=True)["messages"]["messages"])

    def contact_tasks(self, contact_id: str) -> list[Record]:
        """`GET /contacts/{contactId}/tasks`: every task of the contact."""
        return cast(
            list[Record], self._call("GET", f"/contacts/{quote(contact_id, safe='')}/tasks", brief=True)["tasks"]
        )

    # -- writes the bots make: replies, tags, tasks, do-not-disturb, workflow enrolment ----------

    def send_message(self, contact_id: str, message: str, *, channel: str = "SMS") -> Record:
        """`POST /conversations/messages`: a reply to the contact (SMS or Email); GHL answers
        `{conversationId, messageId, msg}`. Never repeated once it may have been sent."""
        return self._call(
            "POST",
            "/conversations/messages",
            body={"type": channel, "contactId": contact_id, "message": message},
            brief=True,
            idempotent=False,
        )

    def add_tags(self, contact_id: str, tags: list[str]) -> Record:
        """Tags are a set: adding one twice leaves one, so a retry is harmless."""
        return self._call(
            "POST", f"/contacts/{quote(contact_id, safe='')}/tags", body={"tags": tags}, brief=True, idempotent=True
        )

    def create_task(self, contact_id: str, title: str, due: datetime, *, body: str | None = None) -> Record:
        """`POST /contacts/{contactId}/tasks`, answered `{task: {id, ...}}`. Never repeated once it
        may have been created: a second call would create a second task."""
        payload = {"title": title, "dueDate": due.isoformat().replace("+00:00", "Z"), "completed": False}
        if body:
            payload["body"] = body
        return self._call(
            "POST", f"/contacts/{quote(contact_id, safe='')}/tasks", body=payload, brief=True, idempotent=False
        )

    def set_do_not_disturb(self, contact_id: str, enabled: bool) -> Record:
        return self._call("PUT", f"/contacts/{quote(contact_id, safe='')}", body={"dnd": enabled}, brief=True)

    def delete_contact(self, contact_id: str) -> Record:
        """`DELETE /contacts/{contactId}`: a person asked to be erased. Repeating it changes nothing."""
        return self._call("DELETE", f"/contacts/{quote(contact_id, safe='')}", brief=True, idempotent=True)

    def add_to_workflow(self, contact_id: str, workflow_id: str, *, event_start: datetime | None = None) -> Record:
        """`POST /contacts/{contactId}/workflow/{workflowId}`: enrol the contact, so the GHL workflow
        the brokerage built (assignment, notifications) runs for it. GHL answers `{"succeded": true}`."""
        body: dict[str, Any] = {}
        if event_start is not None:
            body["eventStartTime"] = event_start.isoformat().replace("+00:00", "Z")
        return self._call(
            "POST",
            f"/contacts/{quote(contact_id, safe='')}/workflow/{quote(workflow_id, safe='')}",
            body=body,
            brief=True,
            idempotent=True,
        )
