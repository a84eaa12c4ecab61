"""`ehub sources validate`: fixtures written from the public specs run through the landing path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ehub.errors import ValidationError
from ehub.sources.validate import validate_file
from tests.cli_helpers import run_ehub

FIXTURES = Path(__file__).parents[1] / "fixtures"
PERSONAL_VALUES = ("example.com", "555-0", "+1512555", "+1737555", "Maria Example", "Ana Example", "Jon")


@pytest.mark.parametrize(
    ("source", "fixture", "entity", "valid", "rejected", "sealed"),
    [
        (
            "mls",
            "mls/property_page.json",
            "Property",
            2,
            1,
            ["ListAgentDirectPhone", "ListAgentEmail", "ListAgentFullName"],
        ),
        (
            "mls",
            "mls/member_page.json",
            "Member",
            1,
            0,
            ["MemberEmail", "MemberFirstName", "MemberLastName", "MemberMobilePhone"],
        ),
        (
            "ghl",
            "ghl/contacts_search.json",
            "contacts",
            1,
            1,
            ["email", "firstNameLowerCase", "lastNameLowerCase", "phone"],
        ),
        (
            "ghl",
            "ghl/opportunities_search.json",
            "opportunities",
            1,
            1,
            ["contact.email", "contact.name", "contact.phone", "name"],
        ),
        ("ghl", "ghl/conversation_messages.json", "messages", 2, 0, ["body"]),
        ("ghl", "ghl/webhook_inbound_message.json", "messages", 1, 0, ["body"]),
        (
            "ghl",
            "ghl/webhook_contact_create.json",
            "contacts",
            1,
            0,
            ["address1", "email", "firstName", "lastName", "name", "phone"],
        ),
        ("ghl", "ghl/webhook_opportunity_status_update.json", "opportunities", 1, 0, ["name"]),
        (
            "stripe",
            "stripe/charges_list.json",
            "charges",
            1,
            1,
            [
                "billing_details.address",
                "billing_details.email",
                "billing_details.name",
                "billing_details.phone",
                "receipt_email",
            ],
        ),
        (
            "stripe",
            "stripe/event_charge_refunded.json",
            "charges",
            1,
            0,
            ["billing_details.email", "billing_details.name"],
        ),
        (
            "stripe",
            "stripe/event_checkout_session_completed.json",
            "checkout_sessions",
            1,
            0,
            ["customer_details", "customer_email"],
        ),
    ],
)
def test_fixtures_normalise_seal_and_reject_as_documented(source, fixture, entity, valid, rejected, sealed) -> None:
    report = validate_file(source, FIXTURES / fixture).as_dict()
    assert (report["entity"], report["valid"], report["rejected"]) == (entity, valid, rejected)
    assert report["records"][0]["personal_fields_sealed"] == sealed
    text = json.dumps(report)
    assert not any(value in text for value in PERSONAL_VALUES), "the report must not echo personal data"


def test_lookups_are_canonical_and_deletes_recognised() -> None:
    report = validate_file("mls", FIXTURES / "mls/property_page.json")
    active, deleted = report.records
    assert active["columns"]["standard_status"] == "ActiveUnderContract"
    assert active["payload"]["PropertySubType"] == "SingleFamilyResidence"
    assert active["payload"]["ACT_GuestAccommodatonDesc"] == "None", "local ACT_ fields are kept"
    assert deleted["deleted"] is True
    assert "ListPrice must be a positive number" in report.rejects[0]["reason"]


def test_unrecognised_payloads_and_bad_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "odd.json").write_text('{"hello": "world"}')
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(ValidationError, match="Not a GoHighLevel list"):
        validate_file("ghl", tmp_path / "odd.json")
    with pytest.raises(ValidationError, match="is not JSON"):
        validate_file("stripe", tmp_path / "broken.json")
    with pytest.raises(ValidationError, match="No such file"):
        validate_file("mls", tmp_path / "missing.json")


def test_the_command_exits_1_when_anything_would_be_rejected(data_dir) -> None:
    clean = run_ehub(
        "--json", "sources", "validate", "ghl", str(FIXTURES / "ghl/webhook_contact_create.json"), data_dir=data_dir
    )
    assert clean.returncode == 0 and json.loads(clean.stdout)["valid"] == 1
    dirty = run_ehub("sources", "validate", "stripe", str(FIXTURES / "stripe/charges_list.json"), data_dir=data_dir)
    assert dirty.returncode == 1 and "amount must be a non-negative integer" in dirty.stdout
    missing = run_ehub("sources", "validate", "mls", "nope.json", data_dir=data_dir)
    assert missing.returncode == 2 and "No such file" in missing.stderr and "Traceback" not in missing.stderr


def test_sandbox_advance_moves_the_shared_clock(data_dir) -> None:
    before = json.loads(run_ehub("--json", "sandbox", "now", data_dir=data_dir).stdout)["now"]
    moved = run_ehub("--json", "sandbox", "advance", "--days", "2", data_dir=data_dir)
    assert moved.returncode == 0
    after = json.loads(run_ehub("--json", "sandbox", "now", data_dir=data_dir).stdout)["now"]
    assert after > before
    assert run_ehub("sandbox", "advance", "--days", "-1", data_dir=data_dir).returncode == 2
