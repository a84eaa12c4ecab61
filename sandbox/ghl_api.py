"""An in-process GoHighLevel API v2 (LeadConnector) serving the sandbox CRM.

Implements what our client uses, with the real paths, envelopes, paging and headers: the reads
of contacts, opportunities, pipelines, conversations and their messages (paged in `ghl_reads`), and
the bots' writes, answered as GHL answers them and recorded in `writes`: `POST /conversations/messages`
(`{conversationId, messageId, msg}`; the message joins the contact's conversation, opened if it
has none), `POST /contacts/{id}/tags` (a set), `POST`/`GET /contacts/{id}/tasks`, `PUT
/contacts/{id}` (do-not-disturb) and `POST /contacts/{contactId}/workflow/{workflowId}` (in
`enrolments`; 404 for a contact the sandbox CRM does not have, as GHL answers). So a caller can
check what an attempt whose answer was lost left behind. Requests need the bearer token, the
location and their endpoint group's `Version` header. Every answer carries the `X-RateLimit-*`
headers; with `enforce_rate_limit` a burst over the quota gets 429; `inject_failures` queues 429/5xx.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from ehub.sources.values import iso_timestamp
from sandbox import ghl_data
from sandbox.ghl_crm import CrmError
from sandbox.ghl_reads import GhlError, GhlReads
from sandbox.mls_data import SANDBOX_NOW

# The documented credential of the offline sandbox, public by design.
SANDBOX_GHL_TOKEN = "pit-sandbox-0000-0000-0000-000000000000"  # noqa: S105  # nosec B105
VERSIONS = {
    "contacts": "2021-07-28",
    "opportunities": "2021-07-28",
    "conversations": "2021-04-15",
    "calendars": "2021-04-15",
}
_MESSAGES_PATH = re.compile(r"^/conversations/([^/]+)/messages$")
_CONTACT = re.compile(r"^/contacts/([^/]+)(/tags|/tasks)?$")
_MESSAGE_TYPES = {"SMS": (2, "TYPE_SMS"), "Email": (3, "TYPE_EMAIL")}
_WORKFLOW_PATH = re.compile(r"^/contacts/([^/]+)/workflow/([^/]+)$")


class GhlSandbox(GhlReads):
    """The sandbox CRM; pass `transport` to an httpx client."""

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        now: datetime = SANDBOX_NOW,
        token: str = SANDBOX_GHL_TOKEN,
        burst_limit: int = 100,
        interval_ms: int = 10_000,
        enforce_rate_limit: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(seed=seed, scale=scale, now=now)
        self.token = token
        self.burst_limit, self.interval_ms, self.enforce_rate_limit = burst_limit, interval_ms, enforce_rate_limit
        self._clock = clock
        self._recent: deque[float] = deque()
        self._injected: list[int] = []
        self.requests_served = 0
        self.writes: list[tuple[str, str, dict[str, Any]]] = []  # (method, path, body) the bots sent
        self.enrolments: list[tuple[str, str]] = []  # (contact id, workflow id), one per accepted call
        # What the writes left in the CRM besides conversations: tasks and added tags by contact.
        self.tasks: dict[str, list[dict[str, Any]]] = {}
        self.tags: dict[str, set[str]] = {}

    def inject_failures(self, *statuses: int) -> None:
        self._injected.extend(statuses)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- HTTP ----------------------------------------------------------------------------------

    def _rate_headers(self) -> tuple[dict[str, str], bool]:
        moment = self._clock()
        while self._recent and self._recent[0] <= moment - self.interval_ms / 1000:
            self._recent.popleft()
        over = self.enforce_rate_limit and len(self._recent) >= self.burst_limit
        if not over:
            self._recent.append(moment)
        limit = self.burst_limit if self.enforce_rate_limit else 10**6
        headers = {
            "X-RateLimit-Max": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - len(self._recent))),
            "X-RateLimit-Interval-Milliseconds": str(self.interval_ms),
            "X-RateLimit-Limit-Daily": "200000",
            "X-RateLimit-Daily-Remaining": str(200000 - self.requests_served),
        }
        return headers, over

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests_served += 1
        headers, over_limit = self._rate_headers()
        if self._injected:
            status = self._injected.pop(0)
            return httpx.Response(status, headers=headers, json={"statusCode": status, "message": "injected"})
        if over_limit:
            return httpx.Response(429, headers=headers, json={"statusCode": 429, "message": "Too Many Requests"})
        try:
            return httpx.Response(200, headers=headers, json=self._route(request))
        except GhlError as error:
            return httpx.Response(
                error.status, headers=headers, json={"statusCode": error.status, "message": error.message}
            )

    def _route(self, request: httpx.Request) -> dict[str, Any]:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            raise GhlError(401, "Invalid JWT")
        path, method = request.url.path, request.method
        group = path.strip("/").split("/", 1)[0]
        if request.headers.get("Version") != VERSIONS.get(group):
            raise GhlError(400, f"Version header must be {VERSIONS.get(group)} for /{group}")
        params = request.url.params
        try:
            answer = self.crm.route(method, path, params, json.loads(request.content or b"{}"))
        except CrmError as error:
            raise GhlError(error.status, error.message) from None
        if answer is not None:
            if method != "GET":
                self.writes.append((method, path, json.loads(request.content or b"{}")))
            return answer
        if method == "POST" and path == "/contacts/search":
            return self._search_contacts(json.loads(request.content or b"{}"))
        if method == "GET" and path == "/opportunities/search":
            self._check_location(params.get("location_id"))
            return self._search_opportunities(request)
        if method == "GET" and path == "/opportunities/pipelines":
            self._check_location(params.get("locationId"))
            return {"pipelines": ghl_data.pipelines()}
        if method == "GET" and path == "/conversations/search":
            self._check_location(params.get("locationId"))
            return self._search_conversations(params)
        match = _MESSAGES_PATH.match(path)
        if method == "GET" and match:
            return self._messages(match.group(1), params)
        workflow = _WORKFLOW_PATH.match(path)
        if method == "POST" and workflow:
            return self._enrol(workflow.group(1), workflow.group(2), json.loads(request.content or b"{}"))
        contact = _CONTACT.match(path)
        if method == "GET" and contact and contact.group(2) == "/tasks":
            return {"tasks": self.tasks.get(contact.group(1), [])}
        if method == "POST" and path == "/conversations/messages":
            return self._send_message(json.loads(request.content or b"{}"))
        if contact and (method, contact.group(2)) in (("POST", "/tags"), ("POST", "/tasks"), ("PUT", None)):
            body = json.loads(request.content or b"{}")
            return self._contact_write(method, path, contact.group(1), contact.group(2), body)
        raise GhlError(404, f"Cannot {method} {path}")

    # -- the bots' writes ----------------------------------------------------------------------

    def _stamp(self) -> datetime:
        """Writes happen now: the wall clock, never before the sandbox's `now`."""
        return max(datetime.now(UTC), self.now)

    def _send_message(self, body: dict[str, Any]) -> dict[str, Any]:
        contact_id, kind = body.get("contactId"), body.get("type")
        if not contact_id or kind not in _MESSAGE_TYPES or not body.get("message"):
            raise GhlError(422, "type (SMS or Email), contactId and message are required")
        self.writes.append(("POST", "/conversations/messages", body))
        conversation_id = self._conversation_id_of(contact_id)
        if conversation_id is None:  # GHL opens a conversation for a contact's first message
            conversation_id = f"vs{len(self._opened):018d}"
            self._opened[conversation_id] = {"id": conversation_id, "contactId": contact_id}
        number, message_type = _MESSAGE_TYPES[kind]
        message = {
            "id": f"ms{len(self.writes):018d}",
            "type": number,
            "messageType": message_type,
            "direction": "outbound",
            "status": "delivered",
            "body": body["message"],
            "contentType": "text/plain",
            "conversationId": conversation_id,
            "contactId": contact_id,
            "locationId": ghl_data.LOCATION_ID,
            "source": "api",
            "dateAdded": self._stamp().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        }
        self.sent.setdefault(conversation_id, []).append(message)
        return {"conversationId": conversation_id, "messageId": message["id"], "msg": "Message queued successfully."}

    def _contact_write(self, method: str, path: str, contact_id: str, what: str | None, body: dict) -> dict[str, Any]:
        if what == "/tasks" and (not body.get("title") or iso_timestamp(body.get("dueDate")) is None):
            raise GhlError(422, "title and an ISO-8601 dueDate are required")
        self.writes.append((method, path, body))
        if "customFields" in body:
            try:
                self.crm.set_custom_fields(contact_id, body["customFields"])
            except CrmError as error:
                raise GhlError(error.status, error.message) from None
        if what == "/tags":
            tags = self.tags.setdefault(contact_id, set())
            tags.update(str(tag) for tag in body.get("tags") or [])
            return {"tags": sorted(tags)}
        if what == "/tasks":
            task = {
                "id": f"tk{len(self.writes):018d}",
                "title": body["title"],
                "body": body.get("body"),
                "assignedTo": body.get("assignedTo"),
                "dueDate": body["dueDate"],
                "completed": bool(body.get("completed")),
                "contactId": contact_id,
            }
            self.tasks.setdefault(contact_id, []).append(task)
            return {"task": task}
        return {"succeded": True, "contact": {"id": contact_id, "locationId": ghl_data.LOCATION_ID, **body}}

    def _enrol(self, contact_id: str, workflow_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if not self.has_contact(contact_id):
            raise GhlError(404, "Contact not found")
        if "eventStartTime" in body and iso_timestamp(body["eventStartTime"]) is None:
            raise GhlError(422, "eventStartTime must be an ISO-8601 date")
        self.writes.append(("POST", f"/contacts/{contact_id}/workflow/{workflow_id}", body))
        self.enrolments.append((contact_id, workflow_id))
        return {"succeded": True}
