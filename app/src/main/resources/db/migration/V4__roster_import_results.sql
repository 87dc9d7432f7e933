-- Roster imports: what an import did (people added, removed, changed), a preview of its refused rows for
-- the progress view, why it failed, and a heartbeat so that an import cut off by a restart is marked
-- failed instead of showing as running for ever.
alter table roster_import
    add column added_rows    integer not null default 0,
    add column removed_rows  integer not null default 0,
    add column changed_rows  integer not null default 0,
    add column error_preview jsonb,
    add column failure_code  text,
    add column heartbeat_at  timestamptz not null default now();

create index roster_import_employer on roster_import (region_code, employer_uscc, created_at desc);
create index roster_import_running on roster_import (heartbeat_at) where status = 'RUNNING';
