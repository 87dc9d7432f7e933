-- Registry and unified enrollment: employers with dated status, people with certificate types,
-- coverage periods per insurance type (310, 510) that can never overlap, spouse registrations,
-- roster imports, birth service certificates, maternity events and speculative-enrollment flags.
create extension if not exists btree_gist;

create table employer (
    region_code       char(6) not null references region (region_code),
    uscc              char(18) not null,
    name              text not null,
    employer_type     text not null check (employer_type in ('ENTERPRISE', 'PUBLIC_INSTITUTION', 'GOVERNMENT_ORGAN',
                          'SOCIAL_ORGANISATION', 'INDIVIDUAL_BUSINESS', 'OTHER')),
    industry          text,
    address           text,
    contact_name_enc  text,
    contact_phone_enc text,
    bank_name         text,
    bank_account_enc  text,
    created_at        timestamptz not null default now(),
    primary key (region_code, uscc)
);

-- Status history: one status at a time, from a date (inclusive) to the next one's start.
create table employer_status (
    region_code char(6) not null,
    uscc        char(18) not null,
    status      text not null check (status in ('ACTIVE', 'SUSPENDED', 'CANCELLED')),
    valid_from  date not null,
    valid_to    date,
    reason      text not null,
    recorded_by text not null,
    recorded_at timestamptz not null default now(),
    foreign key (region_code, uscc) references employer (region_code, uscc),
    check (valid_to is null or valid_to > valid_from),
    exclude using gist (region_code with =, uscc with =, daterange(valid_from, valid_to) with &&)
);

alter table person
    add column cert_type  text not null default 'RESIDENT_ID'
        check (cert_type in ('RESIDENT_ID', 'HK_MACAO_RESIDENCE', 'TAIWAN_RESIDENCE', 'FOREIGN_PERMANENT_RESIDENCE')),
    add column sex        char(1) check (sex in ('M', 'F')),
    add column birth_date date,
    add column name_index char(64);
create index person_name_index on person (region_code, name_index);

-- A coverage period of one person in one insurance type: start_date to end_date, both inclusive
-- (end_date null = open). Two periods of one person in one type can never overlap.
create table coverage (
    id             bigint generated always as identity primary key,
    region_code    char(6) not null references region (region_code),
    person_id      bigint not null references person (id),
    insurance_type char(3) not null check (insurance_type in ('310', '510')),
    basis          text not null check (basis in ('EMPLOYEE', 'FLEXIBLE')),
    employer_uscc  char(18),
    start_date     date not null,
    end_date       date,
    source         text not null default 'ENROLLMENT'
                       check (source in ('ENROLLMENT', 'LEGACY_IMPORT', 'CENSUS_FIX', 'ROSTER')),
    end_reason     text,
    created_by     text not null,
    created_at     timestamptz not null default now(),
    check (end_date is null or end_date >= start_date),
    check ((basis = 'EMPLOYEE') = (employer_uscc is not null)),
    check (basis <> 'FLEXIBLE' or insurance_type = '310'),
    foreign key (region_code, employer_uscc) references employer (region_code, uscc),
    constraint coverage_no_overlap
        exclude using gist (person_id with =, insurance_type with =, daterange(start_date, end_date, '[]') with &&)
);
create index coverage_region_employer on coverage (region_code, employer_uscc, insurance_type);
create index coverage_person on coverage (person_id, insurance_type, start_date);

-- An insured man's registration of his unemployed wife for maternity medical coverage.
create table spouse_registration (
    id          bigint generated always as identity primary key,
    region_code char(6) not null references region (region_code),
    wife_id     bigint not null references person (id),
    husband_id  bigint not null references person (id),
    start_date  date not null,
    end_date    date,
    created_by  text not null,
    created_at  timestamptz not null default now(),
    check (wife_id <> husband_id),
    check (end_date is null or end_date >= start_date),
    constraint spouse_no_overlap
        exclude using gist (wife_id with =, daterange(start_date, end_date, '[]') with &&)
);

-- An employer's roster upload (add / remove / change rows) as a job with progress and a result file.
create table roster_import (
    id            bigint generated always as identity primary key,
    region_code   char(6) not null references region (region_code),
    employer_uscc char(18) not null,
    file_name     text not null,
    mode          text not null check (mode in ('ALL_OR_NOTHING', 'VALID_ROWS_ONLY')),
    status        text not null default 'RUNNING' check (status in ('RUNNING', 'DONE', 'REJECTED', 'FAILED')),
    total_rows    integer not null default 0,
    checked_rows  integer not null default 0,
    applied_rows  integer not null default 0,
    error_rows    integer not null default 0,
    error_file    bytea,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    finished_at   timestamptz,
    foreign key (region_code, employer_uscc) references employer (region_code, uscc)
);

-- The health commission's birth service certificates (生育服务证 / 再生育服务证), keyed by the mother's
-- ID number through the blind index.
create table birth_certificate (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    cert_no          text not null,
    cert_kind        text not null check (cert_kind in ('FIRST', 'SUBSEQUENT')),
    mother_index     char(64) not null,
    mother_id_enc    text not null,
    mother_name_enc  text not null,
    father_index     char(64),
    father_id_enc    text,
    father_name_enc  text,
    issued_on        date not null,
    child_order      integer check (child_order between 1 and 9),
    issuer           text,
    source           text not null check (source in ('UPLOAD', 'PUSH')),
    created_at       timestamptz not null default now(),
    unique (region_code, cert_no)
);
create index birth_certificate_mother on birth_certificate (region_code, mother_index);

-- Maternity events (encounters and claims) that settlement and benefits report to the registry, for the
-- speculative-enrollment checks.
create table maternity_event (
    id          bigint generated always as identity primary key,
    region_code char(6) not null references region (region_code),
    person_id   bigint not null references person (id),
    event_date  date not null,
    source      text not null,
    source_ref  text not null,
    created_at  timestamptz not null default now(),
    unique (region_code, source, source_ref)
);
create index maternity_event_person on maternity_event (person_id, event_date);

-- Speculative enrollment flags (投机参保) for supervision's queue, each with its evidence; one per rule and subject.
create table enrollment_flag (
    id            bigint generated always as identity primary key,
    region_code   char(6) not null references region (region_code),
    rule          text not null check (rule in ('ENROLLED_SHORTLY_BEFORE_MATERNITY', 'EMPLOYER_ENROLLEES_CLAIM_SOON',
                      'EMPLOYER_WITHOUT_WAGE_BASE')),
    subject_key   text not null,
    person_id     bigint references person (id),
    employer_uscc char(18),
    evidence      jsonb not null,
    status        text not null default 'OPEN' check (status in ('OPEN', 'CLEARED', 'CONFIRMED')),
    raised_at     timestamptz not null default now(),
    unique (region_code, rule, subject_key)
);

-- Answers to state-changing API calls by idempotency key: a repeat returns the first answer.
create table idempotent_request (
    actor        text not null,
    idem_key     text not null,
    method       text not null,
    path         text not null,
    request_hash char(64) not null,
    status       integer,
    content_type text,
    body         bytea,
    created_at   timestamptz not null default now(),
    primary key (actor, idem_key)
);
