-- Maternity allowance claims (生育津贴申领): filed by the employer's HR (or the woman herself where the region lets
-- her), checked for eligibility on the date of birth, computed by the policy engine (the explanation is kept),
-- reviewed, approved (four-eyes above the region's threshold), paid in a batch and settled by the bank's return file.

create table allowance_claim (
    id                bigint generated always as identity primary key,
    region_code       char(6) not null references region (region_code),
    person_id         bigint not null references person (id),
    employer_uscc     char(18),
    filed_by          text not null,
    filed_role        text not null,
    event_date        date not null,
    category          text not null,
    fetus_count       integer not null check (fetus_count between 1 and 9),
    birth_source      text not null check (birth_source in ('SETTLEMENT', 'CLAIM_EVIDENCE')),
    birth_ref         text not null,
    maternity_event_id bigint,
    evidence          text,
    certificate_no    text,
    status            text not null check (status in ('REFUSED', 'SUBMITTED', 'PENDING_APPROVAL', 'APPROVED',
                                                      'REJECTED', 'IN_BATCH', 'PAID', 'PAYMENT_FAILED', 'CANCELLED')),
    refusal_code      text,
    refusal_reason    text,
    employer_avg_wage numeric(14, 2),
    own_wage          numeric(14, 2),
    wage_difference   numeric(14, 2),
    difference_rule   text,
    leave_days        integer,
    allowance_days    integer,
    daily_rate        numeric(14, 2),
    amount            numeric(14, 2) check (amount is null or amount >= 0),
    paying_fund       text,
    payee             text check (payee in ('EMPLOYER', 'PERSON')),
    payee_name        text,
    payee_account     text,
    explanation       jsonb not null default '[]',
    approval_id       bigint,
    approved_entry_id bigint,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    version           integer not null default 0,
    check ((status = 'REFUSED') = (refusal_code is not null))
);
create index allowance_claim_employer on allowance_claim (employer_uscc, id);
create index allowance_claim_person on allowance_claim (person_id, id);
create index allowance_claim_queue on allowance_claim (region_code, status, id);
-- one open claim per birth: a second claim of the same birth is refused unless the first was refused or rejected
create unique index allowance_claim_one_per_birth on allowance_claim (region_code, person_id, event_date)
    where status not in ('REFUSED', 'REJECTED', 'CANCELLED');

-- The case history: every step of a claim, who took it and why (one case record across the steps).
create table allowance_claim_step (
    id          bigint generated always as identity primary key,
    claim_id    bigint not null references allowance_claim (id),
    action      text not null,
    from_status text,
    to_status   text not null,
    actor       text not null,
    note        text,
    at          timestamptz not null default now()
);
create index allowance_claim_step_claim on allowance_claim_step (claim_id, id);

-- A payment batch: the approved claims of a region sent to the bank together.
create table allowance_batch (
    id          bigint generated always as identity primary key,
    region_code char(6) not null references region (region_code),
    batch_no    text not null unique,
    status      text not null check (status in ('SENT', 'RETURNED')),
    line_count  integer not null check (line_count >= 1),
    total       numeric(14, 2) not null,
    created_by  text not null,
    created_at  timestamptz not null default now()
);

create table allowance_batch_line (
    batch_id      bigint not null references allowance_batch (id),
    line_no       integer not null check (line_no >= 1),
    claim_id      bigint not null references allowance_claim (id),
    payee_name    text not null,
    payee_account text not null,
    amount        numeric(14, 2) not null check (amount > 0),
    status        text not null check (status in ('SENT', 'PAID', 'FAILED')),
    reason        text,
    paid_entry_id bigint,
    returned_at   timestamptz,
    primary key (batch_id, line_no)
);
create index allowance_batch_line_claim on allowance_batch_line (claim_id);

-- A bank return file once imported: the same file again changes nothing.
create table allowance_return_file (
    id          bigint generated always as identity primary key,
    region_code char(6) not null references region (region_code),
    sha256      char(64) not null,
    file_name   text,
    batch_no    text not null,
    paid        integer not null,
    failed      integer not null,
    imported_by text not null,
    imported_at timestamptz not null default now(),
    unique (region_code, sha256)
);
