"""A person's data, exported whole or erased everywhere: for admins only, each request recorded
and audited (see `ehub.privacy`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from bot_api.access import Access, current_principal
from bot_api.chat.schemas import NANP_PHONE
from bot_api.errors import ERROR_RESPONSES
from ehub.crypto import EMAIL_PATTERN, MAX_EMAIL_CHARS, PersonalDataCipher
from ehub.db import Database
from ehub.errors import ValidationError
from ehub.privacy.erase import erase_person
from ehub.privacy.export import export_person

ADMIN = Access(roles=("admin",))
# Makes what deletes a contact in GoHighLevel, refusing before anything is erased when no CRM is reachable.
CrmDeleter = Callable[[], Callable[[str], None]]


class PersonRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=MAX_EMAIL_CHARS, pattern=EMAIL_PATTERN)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40, pattern=NANP_PHONE)] | None = None


class ErasureRequest(PersonRequest, forbid_unknown_fields=True):
    delete_in_crm: bool = False  # also ask GoHighLevel to delete the person's contacts


def _needs_someone(data: PersonRequest) -> None:
    if data.email is None and data.phone is None:
        raise ValidationError("Give the person's email or phone", field="email", code="PERSON_UNSPECIFIED")


class PrivacyController(Controller):
    path = "/v1/privacy"
    tags = ["privacy"]  # noqa: RUF012

    @post(
        "/export",
        summary="Everything held about one person (by email or phone), decrypted, as JSON (audited).",
        status_code=200,
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=ADMIN.opt,
        security=ADMIN.security,
    )
    def export(
        self,
        data: JSONBody[PersonRequest],
        request: Request,
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
    ) -> dict[str, Any]:
        _needs_someone(data)
        actor = current_principal(request).actor("POST /v1/privacy/export")
        return export_person(database, cipher, actor, email=data.email, phone=data.phone)

    @post(
        "/erase",
        summary="Erase one person everywhere, keeping them out of later syncs (audited; counts only).",
        status_code=200,
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=ADMIN.opt,
        security=ADMIN.security,
    )
    def erase(
        self,
        data: JSONBody[ErasureRequest],
        request: Request,
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
        crm_deleter: NamedDependency[CrmDeleter],
    ) -> dict[str, Any]:
        _needs_someone(data)
        actor = current_principal(request).actor("POST /v1/privacy/erase")
        delete_contact = crm_deleter() if data.delete_in_crm else None
        return erase_person(database, cipher, actor, email=data.email, phone=data.phone, delete_contact=delete_contact)
