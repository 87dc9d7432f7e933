-- Runs of `./liangxian demo generate`: one row per region and seed, written in the same transaction as the
-- generated data, so the same seed is never written twice into a region (a second run is refused) and a
-- run that fails leaves nothing behind.
create table demo_generation (
    region_code          char(6) not null references region (region_code),
    seed                 bigint not null,
    persons              integer not null,
    employers            integer not null,
    coverage_periods     integer not null default 0,
    spouse_registrations integer not null default 0,
    created_by           text not null,
    started_at           timestamptz not null default now(),
    finished_at          timestamptz,
    primary key (region_code, seed)
);
