-- The consent registry and idempotency records (see DESIGN.md, State). Applied by Flyway at start-up.

create table consents (
  id                      text primary key,
  tenant_id               text        not null,
  provider                text        not null,
  institution_id          text        not null,
  provider_institution_id text        not null,
  user_reference          text        not null,
  permissions             text[]      not null,
  status                  text        not null,
  created_at              timestamptz not null,
  updated_at              timestamptz not null,
  authorized_at           timestamptz,
  expires_at              timestamptz,
  provider_consent_id     text,
  provider_state          jsonb       not null,
  authorisation_url       text,
  qr_code_url             text,
  redirect_url            text,
  state                   text,
  -- SHA-256 of the current one-time journey token (never the token); unique so a link names one consent.
  journey_token_hash      text unique,
  journey_expires_at      timestamptz,
  journey_used            boolean     not null,
  -- The provider's consent token, sealed with security.tokenEncryptionKey.
  sealed_consent_token    text,
  error_code              text,
  error_description       text,
  status_checked_at       timestamptz
);

-- Callback correlation (Wych connection id, Yapily consent id).
create index consents_by_provider_consent on consents (provider, provider_consent_id)
  where provider_consent_id is not null;

-- GET /v1/users/{userReference}/consents, newest first.
create index consents_by_user on consents (tenant_id, user_reference, created_at desc, id desc);

-- The primary key is what makes one Idempotency-Key start at most one journey across every node.
create table idempotency_keys (
  tenant_id       text        not null,
  idempotency_key text        not null,
  fingerprint     text        not null,
  created_at      timestamptz not null,
  -- An in-flight claim holds the key until then; a node that died mid-request loses it afterwards.
  lease_until     timestamptz not null,
  -- The response to replay; null while the request runs.
  response_status integer,
  resource_id     text,
  response_body   bytea,
  primary key (tenant_id, idempotency_key)
);

create index idempotency_keys_by_age on idempotency_keys (created_at);
