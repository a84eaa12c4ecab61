"""People, privacy and proof: user accounts and their sessions, a hash-chained audit log,
erasure tombstones that keep erased people out of later syncs, privacy requests, resumable key
rotations, and email unsubscribes.

The audit chain is sealed by a deferred constraint trigger: when a transaction that wrote audit rows
commits, each of its rows takes the next sequence number under a lock of the chain head and carries
the hash of the row before it. Rows are append-only (updates, deletes and truncation are refused);
`ehub audit verify` recomputes the chain in Python from the same canonical text.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
# Raw tables whose rows can be a person's, and the columns holding source ids of theirs.
GUARDED = {
    "ghl_contacts": ("contact_id",),
    "ghl_opportunities": ("opportunity_id", "contact_id"),
    "ghl_conversations": ("conversation_id", "contact_id"),
    "ghl_messages": ("message_id", "conversation_id", "contact_id"),
    "stripe_charges": ("charge_id",),
    "stripe_payment_intents": ("payment_intent_id",),
    "stripe_checkout_sessions": ("checkout_session_id",),
    "stripe_refunds": ("refund_id", "charge_id"),
}

# One field of the canonical text: '~' for null, else its length, a colon and the value.
_FIELD = "case when {0} is null then '~' else length({0})::text || ':' || {0} end"
CANONICAL = " || '|' || ".join(
    [
        "prev_hash",
        "seq::text",
        "r.audit_id::text",
        *(
            _FIELD.format(expression)
            for expression in ("r.actor_kind", "r.key_id", "r.action", "r.lead_id::text", "r.route", "r.subject")
        ),
        """to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
    ]
)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _accounts() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True, comment="A login handle, never an email."),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("ghl_user_id", sa.Text, comment="An agent's GoHighLevel user: the leads assigned to it are theirs."),
        sa.Column("password_hash", sa.Text, nullable=False, comment="argon2id, with its parameters and salt."),
        sa.Column(
            "requests_per_minute", sa.Integer, nullable=False, server_default="100", comment="This user's rate limit."
        ),
        _created(),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("disabled_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("role in ('admin', 'agent', 'analyst')", name="ck_users_role"),
        schema="app",
        comment="People who sign in to the API: admins, agents (their own leads), analysts (no personal data).",
    )
    op.create_table(
        "auth_sessions",
        sa.Column("session_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("user_id", UUID(as_uuid=False), sa.ForeignKey("app.users.user_id"), nullable=False),
        _created(),
        sa.Column("last_refreshed_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_reason", sa.Text, comment="logout, refresh_token_reuse, user_disabled, password_reset"),
        schema="app",
        comment="One sign-in: the family of refresh tokens it rotates through, revoked as a whole.",
    )
    op.create_index("ix_auth_sessions_user", "auth_sessions", ["user_id"], schema="app")
    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.Text, primary_key=True, comment="SHA-256 of the token (32 random bytes)."),
        sa.Column("session_id", UUID(as_uuid=False), sa.ForeignKey("app.auth_sessions.session_id"), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), comment="Exchanged once; a second use is a theft signal."),
        schema="app",
    )
    op.create_index("ix_refresh_tokens_session", "refresh_tokens", ["session_id"], schema="app")


def _audit_chain() -> None:
    op.add_column("audit_log", sa.Column("subject", sa.Text, comment="What was acted on if not a lead."), schema="app")
    op.add_column("audit_log", sa.Column("chain_seq", sa.BigInteger, unique=True), schema="app")
    op.add_column("audit_log", sa.Column("prev_hash", sa.Text), schema="app")
    op.add_column("audit_log", sa.Column("row_hash", sa.Text), schema="app")
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_chain_head_single"),
        schema="app",
        comment="The newest sealed audit row: its sequence number and hash.",
    )
    op.execute(
        sa.text("insert into app.audit_chain_head (id, seq, hash) values (1, 0, :genesis)").bindparams(genesis=GENESIS)
    )
    op.execute(f"""
        create function app.audit_row_hash(prev_hash text, seq bigint, r app.audit_log) returns text
        language sql immutable as $$
            select encode(sha256(convert_to({CANONICAL}, 'UTF8')), 'hex')
        $$
    """)
    op.execute("""
        create function app.audit_chain_seal() returns trigger language plpgsql as $$
        declare
            head record;
            r app.audit_log;
            sealed text;
        begin
            select seq, hash into head from app.audit_chain_head where id = 1 for update;
            select * into r from app.audit_log where audit_id = new.audit_id;
            if r.row_hash is not null then
                return null;
            end if;
            sealed := app.audit_row_hash(head.hash, head.seq + 1, r);
            update app.audit_log set chain_seq = head.seq + 1, prev_hash = head.hash, row_hash = sealed
            where audit_id = new.audit_id;
            update app.audit_chain_head set seq = head.seq + 1, hash = sealed where id = 1;
            return null;
        end $$
    """)
    op.execute("""
        create function app.audit_append_only() returns trigger language plpgsql as $$
        begin
            if tg_op = 'UPDATE' and old.row_hash is null and new.row_hash is not null
               and (new.audit_id, new.key_id, new.actor_kind, new.action, new.lead_id, new.route, new.subject, new.at)
                   is not distinct from
                   (old.audit_id, old.key_id, old.actor_kind, old.action, old.lead_id, old.route, old.subject, old.at)
            then
                return new;
            end if;
            raise exception 'app.audit_log is append-only' using errcode = '42501';
        end $$
    """)
    # Rows written before the chain existed are sealed now, in the order they were written.
    op.execute("""
        do $$
        declare r app.audit_log;
        declare head record;
        begin
            for r in select * from app.audit_log order by audit_id loop
                select seq, hash into head from app.audit_chain_head where id = 1;
                update app.audit_log set chain_seq = head.seq + 1, prev_hash = head.hash,
                    row_hash = app.audit_row_hash(head.hash, head.seq + 1, r)
                where audit_id = r.audit_id;
                update app.audit_chain_head set seq = head.seq + 1,
                    hash = (select row_hash from app.audit_log where audit_id = r.audit_id) where id = 1;
            end loop;
        end $$
    """)
    op.execute("""
        create constraint trigger audit_chain_seal after insert on app.audit_log
        deferrable initially deferred for each row execute function app.audit_chain_seal()
    """)
    op.execute("""
        create trigger audit_append_only before update or delete on app.audit_log
        for each row execute function app.audit_append_only()
    """)
    op.execute("""
        create trigger audit_no_truncate before truncate on app.audit_log
        for each statement execute function app.audit_append_only()
    """)


def _erasure() -> None:
    op.create_table(
        "privacy_requests",
        sa.Column("request_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("kind", sa.Text, nullable=False, comment="export or erase"),
        sa.Column("actor_kind", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text, nullable=False),
        sa.Column("route", sa.Text),
        _created(),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.Column("summary", JSONB, nullable=False, comment="Counts per table; never a value of the person."),
        schema="app",
        comment="Every export and erasure of one person's data, for the record.",
    )
    op.create_table(
        "erasure_tombstones",
        sa.Column("token", sa.Text, primary_key=True, comment="SHA-256 of 'email:<blind index>', 'id:<source id>'…"),
        sa.Column("kind", sa.Text, nullable=False, comment="email, phone or id"),
        sa.Column("request_id", UUID(as_uuid=False), sa.ForeignKey("app.privacy_requests.request_id")),
        sa.Column(
            "sealed",
            sa.Text,
            comment="The normalised email or phone, encrypted: only to re-index at a blind-index key rotation.",
        ),
        _created(),
        schema="app",
        comment="Erased people, by hashes of their blind indexes and source ids: no sync brings them back.",
    )
    op.execute("""
        create function app.refuse_erased() returns trigger language plpgsql as $$
        declare
            rec jsonb := to_jsonb(new);
            tokens text[] := '{}';
            name text;
            value text;
        begin
            foreach name in array tg_argv loop
                value := rec ->> name;
                if value is not null then
                    tokens := tokens || encode(sha256(convert_to('id:' || value, 'UTF8')), 'hex');
                end if;
            end loop;
            foreach value in array array[
                rec -> 'payload' ->> 'contactId',
                rec -> 'payload' -> 'metadata' ->> 'ghl_contact_id',
                rec -> 'payload' ->> 'charge',
                rec -> 'payload' ->> 'payment_intent'
            ] loop
                if value is not null then
                    tokens := tokens || encode(sha256(convert_to('id:' || value, 'UTF8')), 'hex');
                end if;
            end loop;
            if rec ->> 'email_index' is not null then
                tokens := tokens || encode(sha256(convert_to('email:' || (rec ->> 'email_index'), 'UTF8')), 'hex');
            end if;
            if rec ->> 'phone_index' is not null then
                tokens := tokens || encode(sha256(convert_to('phone:' || (rec ->> 'phone_index'), 'UTF8')), 'hex');
            end if;
            if exists (select 1 from app.erasure_tombstones where token = any(tokens)) then
                return null;
            end if;
            return new;
        end $$
    """)
    for table, columns in GUARDED.items():
        arguments = ", ".join(f"'{column}'" for column in columns)
        op.execute(
            f"create trigger refuse_erased before insert or update on raw.{table} "
            f"for each row execute function app.refuse_erased({arguments})"
        )
        op.execute(
            f"create trigger refuse_erased before insert or update on raw.{table}_rejects "
            f"for each row execute function app.refuse_erased('source_key')"
        )


def upgrade() -> None:
    _accounts()
    _audit_chain()
    _erasure()
    op.create_table(
        "key_rotations",
        sa.Column("kind", sa.Text, primary_key=True, comment="encryption or blind_index"),
        sa.Column("key_fingerprint", sa.Text, primary_key=True, comment="SHA-256 prefix of the new key."),
        sa.Column("table_name", sa.Text, primary_key=True),
        sa.Column("column_name", sa.Text, primary_key=True),
        sa.Column("last_key", sa.Text, comment="The primary key the rotation has reached (as text)."),
        sa.Column("rows_seen", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("rows_rotated", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        schema="app",
        comment="Progress of each key rotation per sealed column, so a rotation resumes where it stopped.",
    )
    op.add_column(
        "leads",
        sa.Column("email_opted_out_at", sa.DateTime(timezone=True), comment="Unsubscribed from email (CAN-SPAM)."),
        schema="app",
    )


def downgrade() -> None:
    op.drop_column("leads", "email_opted_out_at", schema="app")
    op.drop_table("key_rotations", schema="app")
    for table in GUARDED:
        op.execute(f"drop trigger if exists refuse_erased on raw.{table}")
        op.execute(f"drop trigger if exists refuse_erased on raw.{table}_rejects")
    op.execute("drop function if exists app.refuse_erased()")
    op.drop_table("erasure_tombstones", schema="app")
    op.drop_table("privacy_requests", schema="app")
    op.execute("drop trigger if exists audit_no_truncate on app.audit_log")
    op.execute("drop trigger if exists audit_append_only on app.audit_log")
    op.execute("drop trigger if exists audit_chain_seal on app.audit_log")
    op.execute("drop function if exists app.audit_append_only()")
    op.execute("drop function if exists app.audit_chain_seal()")
    op.execute("drop function if exists app.audit_row_hash(text, bigint, app.audit_log)")
    op.drop_table("audit_chain_head", schema="app")
    for column in ("row_hash", "prev_hash", "chain_seq", "subject"):
        op.drop_column("audit_log", column, schema="app")
    op.drop_table("refresh_tokens", schema="app")
    op.drop_table("auth_sessions", schema="app")
    op.drop_table("users", schema="app")
