-- Unified collection (统一征缴): the regional average wages the agency enters, employers' wage-base declarations,
-- the monthly assessment (a restartable, chunked job whose results are versioned, never overwritten), the bills
-- per payer and period, the tax bureau's payment files and their lines (matched, under, over, unknown) with the
-- clerks' exception queue. Every table carries region_code and every key includes it.

-- The average monthly wage of a statistical year as the agency enters it (with its source), approved by a second
-- person. The newest approved value of a year is the one in force; rejected ones stay for the record.
create table collection_avg_wage (
    region_code  char(6) not null references region (region_code),
    id           bigint generated always as identity,
    stat_year    integer not null check (stat_year between 1990 and 2200),
    monthly_wage numeric(14, 2) not null check (monthly_wage > 0),
    source       text not null check (length(source) between 2 and 500),
    status       text not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    approval_id  bigint,
    entered_by   text not null,
    entered_at   timestamptz not null default now(),
    decided_by   text,
    decided_at   timestamptz,
    primary key (region_code, id),
    check ((status = 'PENDING') = (decided_at is null))
);
create unique index collection_avg_wage_one_pending on collection_avg_wage (region_code, stat_year)
    where status = 'PENDING';

-- A wage-base declaration (缴费基数申报) for a contribution year: an employer's list of its employees' monthly
-- wages, or a flexible worker's own (person_id set, no employer).
create table wage_declaration (
    region_code   char(6) not null references region (region_code),
    id            bigint generated always as identity,
    contrib_year  integer not null check (contrib_year between 1990 and 2200),
    employer_uscc char(18),
    person_id     bigint references person (id),
    channel       text not null check (channel in ('EXCEL', 'CSV', 'API', 'CLERK')),
    file_name     text,
    line_count    integer not null check (line_count >= 1),
    created_by    text not null,
    created_at    timestamptz not null default now(),
    primary key (region_code, id),
    foreign key (region_code, employer_uscc) references employer (region_code, uscc),
    check ((employer_uscc is null) <> (person_id is null))
);
create index wage_declaration_employer on wage_declaration (region_code, employer_uscc, contrib_year);

-- One person's declared monthly wage for a year with one payer (an employer's USCC, or 'P<person id>' for a
-- flexible worker). A later declaration adds a row with a higher seq; the highest is in force. base and clamp
-- preview the clamp with the rules of the year's first month (the assessment clamps again for every month).
create table wage_base (
    region_code    char(6) not null,
    contrib_year   integer not null,
    person_id      bigint not null references person (id),
    payer          text not null check (payer ~ '^([0-9A-Z]{18}|P[0-9]+)$'),
    seq            integer not null check (seq >= 1),
    declaration_id bigint not null,
    declared_wage  numeric(14, 2) not null check (declared_wage >= 0),
    base           numeric(14, 2) not null,
    clamp          char(1) not null check (clamp in ('L', 'W', 'H')),
    created_at     timestamptz not null default now(),
    primary key (region_code, contrib_year, person_id, payer, seq),
    foreign key (region_code, declaration_id) references wage_declaration (region_code, id)
);
create index wage_base_payer on wage_base (region_code, contrib_year, payer);

-- A monthly assessment (核定) of a region and period as a job: its chunks are claimed one at a time (several
-- workers may share a run) and each commits with its results, so a crashed run resumes where it stopped. The
-- average wage and its source are fixed when the run starts; parameters keeps the rules it used (explanation).
create table assessment_run (
    region_code  char(6) not null references region (region_code),
    id           bigint generated always as identity,
    period       char(6) not null check (period ~ '^[0-9]{4}(0[1-9]|1[0-2])$'),
    status       text not null default 'RUNNING' check (status in ('RUNNING', 'FAILED', 'DONE')),
    chunk_size   integer not null check (chunk_size > 0),
    total_chunks integer not null,
    done_chunks  integer not null default 0,
    persons      bigint not null default 0,
    rows_written bigint not null default 0,
    unchanged    bigint not null default 0,
    avg_wage     numeric(14, 2) not null,
    avg_source   text not null,
    parameters   jsonb not null,
    started_by   text not null,
    started_at   timestamptz not null default now(),
    finished_at  timestamptz,
    error        text,
    primary key (region_code, id)
);
-- at most one unfinished run per region and period: a new start resumes it
create unique index assessment_run_one_open on assessment_run (region_code, period) where status <> 'DONE';

-- The chunks of a run: people with ids in [from_person, to_person) (to_person null: no upper bound).
create table assessment_chunk (
    region_code  char(6) not null,
    run_id       bigint not null,
    chunk_no     integer not null,
    from_person  bigint not null,
    to_person    bigint,
    status       text not null default 'PENDING' check (status in ('PENDING', 'DONE')),
    persons      integer,
    rows_written integer,
    done_at      timestamptz,
    primary key (region_code, run_id, chunk_no),
    foreign key (region_code, run_id) references assessment_run (region_code, id)
);

-- One person's assessment for a period (核定结果), versioned: version 1 is the first assessment; a later run that
-- finds other figures (a changed declaration, coverage, average wage …) adds the next version (补缴 when it owes
-- more, 退费 when less); nothing is ever updated. covered = false: no longer insured in the period (all zero).
-- prev_* repeat the version before, so a version's difference and a change of payer read from one row.
-- payer: the employer's USCC, or 'P<person id>' for a flexible worker's own bill.
create table assessment (
    region_code     char(6) not null,
    period          char(6) not null,
    person_id       bigint not null,
    version         integer not null check (version >= 1),
    run_id          bigint not null,
    covered         boolean not null,
    kind            text not null check (kind in ('EMPLOYEE', 'FLEXIBLE')),
    payer           text not null,
    declared        boolean not null,
    wage            numeric(14, 2) not null,
    base            numeric(14, 2) not null,
    clamp           char(1) not null,
    employer_avg    numeric(14, 2),
    employer_base   numeric(14, 2) not null,
    employer_clamp  char(1) not null,
    with_510        boolean not null,
    employer_rate   numeric(9, 6) not null,
    employee_rate   numeric(9, 6) not null,
    employer_amount numeric(14, 2) not null,
    employee_amount numeric(14, 2) not null,
    prev_payer      text,
    prev_employer   numeric(14, 2) not null,
    prev_employee   numeric(14, 2) not null,
    primary key (region_code, period, person_id, version)
);
create index assessment_payer on assessment (region_code, payer, period);

-- What a payer owes for a period: the sum of its people's current versions, kept by the assessment (each chunk
-- adds its differences in the same transaction) and paid down by matched payments.
create table collection_bill (
    region_code   char(6) not null references region (region_code),
    period        char(6) not null,
    payer         text not null,
    persons       integer not null default 0,
    employer_due  numeric(14, 2) not null default 0,
    employee_due  numeric(14, 2) not null default 0,
    due_date      date not null,
    paid_employer numeric(14, 2) not null default 0,
    paid_employee numeric(14, 2) not null default 0,
    late_fee_paid numeric(14, 2) not null default 0,
    primary key (region_code, period, payer)
);

-- A payment file of the tax bureau (到账文件), imported once: the same content again answers the first import.
create table payment_file (
    region_code  char(6) not null references region (region_code),
    id           bigint generated always as identity,
    file_name    text not null,
    content_hash char(64) not null,
    line_count   integer not null,
    matched      integer not null default 0,
    under_paid   integer not null default 0,
    over_paid    integer not null default 0,
    unknown      integer not null default 0,
    duplicate    integer not null default 0,
    total_amount numeric(16, 2) not null default 0,
    imported_by  text not null,
    imported_at  timestamptz not null default now(),
    primary key (region_code, id),
    unique (region_code, content_hash)
);

-- One line of a payment file: the tax bureau's serial number (one line per serial in the region), what it paid
-- for, how it matched, what was applied to the bill and what went to temporary receipts (2101 暂收款); the
-- ledger entry is the one posted for the serial. Lines that did not match exactly wait for a clerk.
create table payment_line (
    region_code   char(6) not null,
    file_id       bigint not null,
    line_no       integer not null,
    serial_no     text not null check (length(serial_no) between 1 and 60),
    period        char(6) not null,
    payer         text,
    payer_shown   text not null,
    amount        numeric(14, 2) not null check (amount >= 0),
    late_fee      numeric(14, 2) not null default 0 check (late_fee >= 0),
    paid_on       date not null,
    outcome       text not null check (outcome in ('MATCHED', 'UNDER', 'OVER', 'UNKNOWN', 'DUPLICATE')),
    applied       numeric(14, 2) not null default 0,
    applied_employer numeric(14, 2) not null default 0,
    applied_employee numeric(14, 2) not null default 0,
    suspense      numeric(14, 2) not null default 0,
    entry_id      bigint,
    resolution    text check (resolution in ('ASSIGNED', 'ACKNOWLEDGED')),
    resolved_by   text,
    resolved_at   timestamptz,
    resolution_note text,
    primary key (region_code, file_id, line_no),
    foreign key (region_code, file_id) references payment_file (region_code, id)
);
create unique index payment_line_serial on payment_line (region_code, serial_no) where outcome <> 'DUPLICATE';
create index payment_line_bill on payment_line (region_code, period, payer);
create index payment_line_queue on payment_line (region_code, outcome) where resolution is null
    and outcome in ('UNDER', 'OVER', 'UNKNOWN');
