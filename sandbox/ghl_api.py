"""An in-process GoHighLevel API v2 (LeadConnector) serving the sandbox CRM.

Implements what our client uses, with the real paths, envelopes, paging and headers:
`POST /contacts/search` (`dateUpdated` filters, `searchAfter` paging), `GET /opportunities/search`
(`startAfterId` paging with `meta`), `GET /opportunities/pipelines`, `GET /conversations/search`
(`startAfterDate` paging, or one contact's with `contactId`), `GET /conversations/{id}/messages`
(the nested `messages` envelope, newest first, `lastMessageId` paging), and the bots' writes,
answered as GHL answers them and recorded in `writes`: `POST /conversations/messages`
(`{conversationId, messageId, msg}`; the message joins the contact's conversation, opened if it
has none), `POST /contacts/{id}/tags` (a set), `POST`/`GET /contacts/{id}/tasks`, `PUT
/contacts/{id}` (do-not-disturb) and `POST /contacts/{contactId}/workflow/{workflowId}` (in
`enrolments`; 404 for a contact the sandbox CRM does not have, as GHL answers). So a caller can
check what an attempt whose answer was lost left behind. Requests need the bearer token, the
location and their endpoint group's `Version` header. Every answer carries the `X-RateLimit-*`
headers; with `enforce_rate_limit` a burst over the quota gets 429; `inject_failures` queues 429/5xx.
"""

from __future__ import annotations

import bisect
import json
import re
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import httpx

from ehub.sources.values import iso_timestamp
from sandbox import ghl_data
from sandbox.ghl_crm import CrmError, SandboxCrm
from sandbox.mls_data import SANDBOX_NOW

# The documented credential of the offline sandbox, public by design.
SANDBOX_GHL_TOKEN = "pit-sandbox-0000-0000-0000-000000000000"  # noqa: S105  # nosec B105
VERSIONS = {
    "contacts": "2021-07-28",
    "opportunities": "2021-07-28",
    "conversations": "2021-04-15",
    "calendars": "2021-04-15",
}
MAX_CONTACTS_PAGE, MAX_PAGE = 500, 100
_MESSAGES_PATH = re.compile(r"^/conversations/([^/]+)/messages$")
_CONTACT = re.compile(r"^/contacts/([^/]+)(/tags|/tasks)?$")
_MESSAGE_TYPES = {"SMS": (2, "TYPE_SMS"), "Email": (3, "TYPE_EMAIL")}
_WORKFLOW_PATH = re.compile(r"^/contacts/([^/]+)/workflow/([^/]+)$")


class GhlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class GhlSandbox:
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
        self.seed, self.scale, self.now, self.token = seed, scale, now, token
        self.burst_limit, self.interval_ms, self.enforce_rate_limit = burst_limit, interval_ms, enforce_rate_limit
        self._clock = clock
        self._recent: deque[float] = deque()
        self._injected: list[int] = []
        self.requests_served = 0
        self.writes: list[tuple[str, str, dict[str, Any]]] = []  # (method, path, body) the bots sent
        self.enrolments: list[tuple[str, str]] = []  # (contact id, workflow id), one per accepted call
        # What the writes left in the CRM: messages by conversation (oldest first), the conversations
        # opened for contacts that had none, tasks and added tags by contact.
        self.sent: dict[str, list[dict[str, Any]]] = {}
        self._opened: dict[str, dict[str, Any]] = {}  # conversation id -> conversation, by the sandbox
        self.tasks: dict[str, list[dict[str, Any]]] = {}
        self.tags: dict[str, set[str]] = {}
        self.crm = SandboxCrm(seeded=self.contacts)  # upserts, fields, notes, opportunities, calendar

    def inject_failures(self, *statuses: int) -> None:
        self._injected.extend(statuses)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- the data, evaluated at `now` ----------------------------------------------------------

    def life(self, index: int) -> ghl_data.ContactLife:
        return ghl_data.contact_life(index, seed=self.seed, scale=self.scale)

    @property
    def visible(self) -> int:
        return ghl_data.visible_contacts(self.scale, self.now)

    @cached_property
    def _contacts_by_update(self) -> list[tuple[int, str, int]]:
        """(dateUpdated ms, id, index) of every visible contact, in search order."""
        rows = []
        for index in range(self.visible):
            contact = self.life(index).contact(self.now)
            rows.append((contact["searchAfter"][0], contact["id"], index))
        return sorted(rows)

    @cached_property
    def _conversations_by_date(self) -> list[tuple[int, str]]:
        """(lastMessageDate, id) of every conversation of the seeded data, in listing order."""
        rows = []
        for index in range(self.visible):
            conversation = self.life(index).conversation(self.now)
            if conversation is not None:
                rows.append((conversation["lastMessageDate"], conversation["id"]))
        return sorted(rows)

    def contacts(self) -> list[dict[str, Any]]:
        return [self.life(index).contact(self.now) for index in range(self.visible)]

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

    def _conversation_id_of(self, contact_id: str) -> str | None:
        if self.has_contact(contact_id):
            conversation = self.life(ghl_data.index_of(contact_id)).conversation(self.now)
            if conversation is not None:
                return conversation["id"]
        return next((cid for cid, c in self._opened.items() if c["contactId"] == contact_id), None)

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

    def has_contact(self, contact_id: str) -> bool:
        """Whether the sandbox CRM holds this contact at `now` (seeded, or upserted since)."""
        if contact_id in self.crm.contacts:
            return True
        try:
            index = ghl_data.index_of(contact_id)
        except ValueError:
            return False
        return index < self.visible and ghl_data.object_id("c", index) == contact_id

    def _enrol(self, contact_id: str, workflow_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if not self.has_contact(contact_id):
            raise GhlError(404, "Contact not found")
        if "eventStartTime" in body and iso_timestamp(body["eventStartTime"]) is None:
            raise GhlError(422, "eventStartTime must be an ISO-8601 date")
        self.writes.append(("POST", f"/contacts/{contact_id}/workflow/{workflow_id}", body))
        self.enrolments.append((contact_id, workflow_id))
        return {"succeded": True}

    @staticmethod
    def _check_location(location: str | None) -> None:
        if location != ghl_data.LOCATION_ID:
            raise GhlError(403, "The token does not have access to this location")

    @staticmethod
    def _limit(value: Any, maximum: int) -> int:
        try:
            limit = int(value)
        except (TypeError, ValueError):
            raise GhlError(422, "limit must be a number") from None
        if not 0 < limit <= maximum:
            raise GhlError(422, f"limit must be between 1 and {maximum}")
        return limit

    def _search_contacts(self, body: dict[str, Any]) -> dict[str, Any]:
        self._check_location(body.get("locationId"))
        limit = self._limit(body.get("pageLimit", 20), MAX_CONTACTS_PAGE)
        rows = self._contacts_by_update
        for rule in body.get("filters", []):
            if rule.get("field") != "dateUpdated" or rule.get("operator") != "range":
                raise GhlError(422, f"Unsupported filter: {rule}")
            bound = iso_timestamp(rule["value"].get("gt") or rule["value"].get("gte"))
            if bound is None:
                raise GhlError(422, "range filter needs an ISO-8601 gt or gte value")
            inclusive = "gte" in rule["value"]
            key = (int(bound.timestamp() * 1000), "" if inclusive else "\uffff")
            rows = rows[bisect.bisect_left(rows, key) :]
        start = 0
        if body.get("searchAfter"):
            updated, identifier = body["searchAfter"]
            start = bisect.bisect_right(rows, (int(updated), str(identifier), 10**12))
        elif body.get("page"):
            start = (int(body["page"]) - 1) * limit
            if start + limit > 10_000:
                raise GhlError(422, "page-based paging stops at 10,000 records: use searchAfter")
        page = [self.life(index).contact(self.now) for _, _, index in rows[start : start + limit]]
        return {"contacts": page, "total": len(rows)}

    def _search_opportunities(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        limit = self._limit(params.get("limit", "20"), MAX_PAGE)
        after = params.get("startAfterId")
        index = ghl_data.index_of(after) + 1 if after else 0
        page: list[dict[str, Any]] = []
        while index < self.visible and len(page) < limit:
            opportunity = self.life(index).opportunity(self.now)
            if opportunity is not None and params.get("status", "all") in ("all", opportunity["status"]):
                page.append(opportunity)
            index += 1
        more = index < self.visible and len(page) == limit
        meta: dict[str, Any] = {"total": self.visible, "currentPage": None, "nextPage": None, "prevPage": None}
        if more:
            last = page[-1]
            meta.update(startAfterId=last["id"], startAfter=int(iso_timestamp(last["createdAt"]).timestamp() * 1000))
            query = {**dict(params), "startAfterId": last["id"], "startAfter": str(meta["startAfter"])}
            meta["nextPageUrl"] = f"{request.url.scheme}://{request.url.host}{request.url.path}?{urlencode(query)}"
        return {"opportunities": page, "meta": meta, "aggregations": {}}

    def _conversation(self, conversation_id: str) -> dict[str, Any] | None:
        """A conversation as listed: the seeded one or one the sandbox opened, with the messages sent to it."""
        sent = self.sent.get(conversation_id, [])
        if conversation_id in self._opened:
            conversation = {**self._opened[conversation_id], "locationId": ghl_data.LOCATION_ID, "type": "TYPE_PHONE"}
        else:
            try:
                index = ghl_data.index_of(conversation_id)
            except ValueError:
                return None
            if index >= self.visible:
                return None
            conversation = self.life(index).conversation(self.now)
            if conversation is None:
                return None
        if sent:
            last = sent[-1]
            moment = int(iso_timestamp(last["dateAdded"]).timestamp() * 1000)
            conversation = {
                **conversation,
                "lastMessageBody": last["body"],
                "lastMessageType": last["messageType"],
                "lastMessageDirection": "outbound",
                "lastMessageDate": moment,
                "dateUpdated": moment,
                "unreadCount": 0,
            }
            conversation.setdefault("dateAdded", moment)
        return conversation

    def _search_conversations(self, params: httpx.QueryParams) -> dict[str, Any]:
        limit = self._limit(params.get("limit", "20"), MAX_PAGE)
        if params.get("contactId"):
            found = self._conversation_id_of(params["contactId"])
            conversations = [self._conversation(found)] if found else []
            return {"conversations": conversations, "total": len(conversations)}
        if params.get("sortBy", "last_message_date") != "last_message_date" or params.get("sort", "asc") != "asc":
            raise GhlError(422, "the sandbox serves sortBy=last_message_date&sort=asc")
        rows = self._conversations_by_date
        if self.sent:  # conversations written to since: their last message moved them
            rows = sorted(
                [row for row in rows if row[1] not in self.sent]
                + [(self._conversation(cid)["lastMessageDate"], cid) for cid in self.sent]
            )
        after = params.get("startAfterDate")
        start = bisect.bisect_right(rows, (int(after), "\uffff")) if after else 0
        page = []
        for _, conversation_id in rows[start : start + limit]:
            conversation = self._conversation(conversation_id)
            page.append({**conversation, "sort": [conversation["lastMessageDate"]]})
        return {"conversations": page, "total": len(rows)}

    def _messages(self, conversation_id: str, params: httpx.QueryParams) -> dict[str, Any]:
        if self._conversation(conversation_id) is None:
            raise GhlError(404, "Conversation not found")
        limit = self._limit(params.get("limit", "20"), MAX_PAGE)
        opened = conversation_id in self._opened
        seeded = [] if opened else self.life(ghl_data.index_of(conversation_id)).visible_messages(self.now)
        newest_first = list(reversed([*seeded, *self.sent.get(conversation_id, [])]))
        start = 0
        if params.get("lastMessageId"):
            ids = [message["id"] for message in newest_first]
            start = ids.index(params["lastMessageId"]) + 1 if params["lastMessageId"] in ids else len(ids)
        page = newest_first[start : start + limit]
        return {
            "messages": {
                "lastMessageId": page[-1]["id"] if page else None,
                "nextPage": start + limit < len(newest_first),
                "messages": page,
            }
        }
