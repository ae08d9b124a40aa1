-- A renewal of an authorised consent under way (issue 11): set while the user re-authorises at
-- the bank, cleared when the renewal completes, fails or is abandoned. The consent keeps its status.
alter table consents add column reauthorisation_started_at timestamptz;
