"""The sandbox GoHighLevel CRM's data and reads: the seeded contacts evaluated at `now`, and the
searches over them with GHL's paths, envelopes and paging.

`POST /contacts/search` (`dateUpdated` filters, `searchAfter` paging), `GET /opportunities/search`
(`startAfterId` paging with `meta`), `GET /conversations/search` (`startAfterDate` paging, or one
contact's with `contactId`), `GET /conversations/{id}/messages` (the nested `messages` envelope, newest
first, `lastMessageId` paging). A conversation the bots' writes opened, and the messages sent to any
conversation, are listed with the seeded ones. `ghl_api` serves these over HTTP.
"""

from __future__ import annotations

import bisect
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import httpx

from ehub.sources.values import iso_timestamp
from sandbox import ghl_data
from sandbox.ghl_crm import SandboxCrm

MAX_CONTACTS_PAGE, MAX_PAGE = 500, 100


class GhlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class GhlReads:
    """The sandbox CRM at `now` (the seeded contacts, what `crm` upserted since, the conversations the
    bots' writes opened and the messages they sent), read as GHL pages it."""

    def __init__(self, *, seed: int, scale: float, now: datetime) -> None:
        self.seed, self.scale, self.now = seed, scale, now
        # What the writes left in conversations: messages by conversation (oldest first), and the
        # conversations opened for contacts that had none.
        self.sent: dict[str, list[dict[str, Any]]] = {}
        self._opened: dict[str, dict[str, Any]] = {}  # conversation id -> conversation, by the sandbox
        self.crm = SandboxCrm(seeded=self.contacts)  # upserts, fields, notes, opportunities, calendar

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

    def has_contact(self, contact_id: str) -> bool:
        """Whether the sandbox CRM holds this contact at `now` (seeded, or upserted since)."""
        if contact_id in self.crm.contacts:
            return True
        try:
            index = ghl_data.index_of(contact_id)
        except ValueError:
            return False
        return index < self.visible and ghl_data.object_id("c", index) == contact_id

    def _conversation_id_of(self, contact_id: str) -> str | None:
        if self.has_contact(contact_id):
            conversation = self.life(ghl_data.index_of(contact_id)).conversation(self.now)
            if conversation is not None:
                return conversation["id"]
        return next((cid for cid, c in self._opened.items() if c["contactId"] == contact_id), None)

    # -- the reads ---------------------------------------------------------------------------------

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
