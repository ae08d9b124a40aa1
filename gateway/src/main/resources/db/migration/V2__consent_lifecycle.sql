-- Consent lifecycle (issue 11): reconfirmation dates, staleness, and the background tracker's
-- schedule and per-consent lease (see ConsentStore.leaseDue).

alter table consents
  add column reconfirm_by       timestamptz,
  add column last_confirmed_at  timestamptz,
  -- The provider could not confirm the status at the last check; status is the last one known.
  add column status_stale       boolean not null default false,
  -- When a tracker should next read the status from the provider; null = never (final states).
  add column next_refresh_at    timestamptz,
  -- The node that leased the consent for a refresh holds it until then (no other node takes it).
  add column refresh_lease_until timestamptz;

-- The tracker's scan: due consents, soonest first.
create index consents_due_for_refresh on consents (next_refresh_at) where next_refresh_at is not null;
