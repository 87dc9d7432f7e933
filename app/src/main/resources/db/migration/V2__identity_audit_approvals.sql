-- Identity, personal data, audit trail and four-eyes approvals.

-- People known to the system. Personal data is stored encrypted (SM4-GCM, "<keyId>:<base64>") with a
-- keyed blind index for lookups by ID number; the registry adds its own columns later.
create table person (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    id_number_enc    text not null,
    id_number_index  char(64) not null,
    name_enc         text not null,
    phone_enc        text,
    created_at       timestamptz not null default now(),
    unique (region_code, id_number_index)
);

-- Everyone who signs in. Staff roles are bound to pooling regions, EMPLOYER_HR to one employer,
-- INSURED to one person, HOSPITAL to one institution.
create table app_user (
    id               bigint generated always as identity primary key,
    username         text not null unique check (username ~ '^[a-z0-9._-]{3,64}$'),
    password_hash    text not null,
    display_name_enc text not null,
    role             text not null check (role in ('AGENCY_CLERK', 'AGENCY_REVIEWER', 'AGENCY_APPROVER', 'FINANCE',
                         'SUPERVISOR', 'POLICY_ADMIN', 'SYSTEM_ADMIN', 'EMPLOYER_HR', 'INSURED', 'HOSPITAL')),
    region_codes     char(6)[] not null default '{}',
    employer_uscc    char(18),
    person_id        bigint references person (id),
    institution_code text,
    enabled          boolean not null default true,
    failed_attempts  integer not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz not null default now(),
    check (role not in ('AGENCY_CLERK', 'AGENCY_REVIEWER', 'AGENCY_APPROVER', 'FINANCE', 'SUPERVISOR', 'POLICY_ADMIN',
                        'SYSTEM_ADMIN') or cardinality(region_codes) > 0),
    check (role <> 'EMPLOYER_HR' or employer_uscc is not null),
    check (role <> 'INSURED' or person_id is not null),
    check (role <> 'HOSPITAL' or institution_code is not null)
);

-- API tokens for machine users: only a hash is kept; the token is shown once.
create table api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references app_user (id),
    name         text not null,
    prefix       text not null unique,
    token_hash   char(64) not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Append-only audit trail, each row chained to the previous one by an SM3 hash.
create table audit_event (
    id             bigint generated always as identity primary key,
    at             timestamptz not null,
    actor          text not null,
    role           text,
    region_code    char(6),
    action         text not null,
    object_type    text,
    object_id      text,
    before_masked  text,
    after_masked   text,
    client_address text,
    prev_hash      char(64) not null,
    hash           char(64) not null unique
);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;

create trigger audit_event_no_update before update or delete or truncate on audit_event
    for each statement execute function audit_event_append_only();

-- Maker-checker requests for any feature that needs a second person's approval.
create table approval_request (
    id              bigint generated always as identity primary key,
    region_code     char(6) not null references region (region_code),
    kind            text not null,
    subject         text not null,
    payload         jsonb not null default '{}',
    amount          numeric(14, 2),
    maker           text not null,
    maker_reason    text not null,
    status          text not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    checker         text,
    checker_reason  text,
    created_at      timestamptz not null default now(),
    decided_at      timestamptz,
    version         integer not null default 0,
    check (status = 'PENDING' or (checker is not null and checker_reason is not null and decided_at is not null)),
    check (checker is null or checker <> maker)
);
create index approval_request_region_status on approval_request (region_code, status);

-- Keys of contracted institutions for signed hospital requests, and the nonces already seen.
create table institution_key (
    institution_code text primary key,
    region_code      char(6) not null references region (region_code),
    secret_enc       text not null,
    active           boolean not null default true,
    created_at       timestamptz not null default now()
);

create table request_nonce (
    institution_code text not null,
    nonce            text not null,
    seen_at          timestamptz not null default now(),
    primary key (institution_code, nonce)
);
