-- The events outbox and webhook deliveries (issue 12). Events are written in the same transaction
-- as the consent change they describe; see PgConsentStore and PgEventStore.

create table events (
  -- The feed position. Inserts take a transaction-scoped advisory lock first (PgEventStore.APPEND_LOCK),
  -- so positions are assigned and committed in the same order: a reader never sees 7 before 6 commits.
  sequence    bigserial   primary key,
  id          text        not null unique,
  tenant_id   text        not null,
  type        text        not null,
  created_at  timestamptz not null,
  consent_id  text        not null,
  -- The event as published (feed item and webhook body), rendered at commit.
  body        text        not null
);

create index events_by_tenant on events (tenant_id, sequence);
create index events_by_age on events (created_at);

create table deliveries (
  event_id        text        not null references events (id) on delete cascade,
  endpoint_id     text        not null,
  status          text        not null,
  attempts        integer     not null,
  last_error      text,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  delivered_at    timestamptz,
  -- A dispatcher holds the delivery until then; one that died loses it afterwards.
  lease_until     timestamptz,
  primary key (event_id, endpoint_id)
);

create index deliveries_due on deliveries (next_attempt_at) where status = 'pending';

-- Endpoints that answered 410 Gone: never called again.
create table disabled_endpoints (
  endpoint_id text        primary key,
  disabled_at timestamptz not null,
  reason      text        not null
);

-- consent.expiring is recorded once per consent per deadline.
create table expiring_notices (
  consent_id text        not null,
  deadline   timestamptz not null,
  primary key (consent_id, deadline)
);
