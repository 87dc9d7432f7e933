-- Manual reimbursement (零星报销): maternity costs the insured paid in cash (a birth outside the contracted
-- network or outside the region) claimed afterwards by her or her employer with invoices and a fee list; a clerk
-- matches each fee line to the catalog (丙 excluded, 乙 less its self-pay share, price caps applied) or rejects
-- it with a reason; the policy engine computes the benefit on the covered cost; an approver approves (four
-- eyes, by the region's threshold); finance pays it to her bank account and the ledger records it. Every table
-- carries region_code and every key includes it. The public number of a claim is <region>-R<id>.

create table reimbursement (
    region_code          char(6) not null references region (region_code),
    id                   bigint generated always as identity,
    person_id            bigint not null references person (id),
    submitted_by         text not null,
    submitted_role       text not null,
    employer_uscc        char(18),
    category             text not null,
    fetus_count          integer not null check (fetus_count between 1 and 9),
    service_date         date not null,
    institution_name     text not null check (length(institution_name) between 2 and 200),
    cash_reason          text not null check (cash_reason in ('OUT_OF_NETWORK', 'OUT_OF_REGION', 'EMERGENCY', 'OTHER')),
    bank_name            text not null check (length(bank_name) between 2 and 100),
    bank_account_enc     text not null,
    bank_account_masked  text not null,
    status               text not null default 'SUBMITTED'
        check (status in ('SUBMITTED', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'PAID')),
    claimed_total        numeric(14, 2) not null check (claimed_total > 0),
    covered_cost         numeric(14, 2),
    benefit              numeric(14, 2),
    insured_kind         text,
    explanation          jsonb,
    reviewed_by          text,
    reviewed_at          timestamptz,
    approval_id          bigint,
    decided_by           text,
    decided_at           timestamptz,
    reject_reason        text,
    paid_by              text,
    paid_at              timestamptz,
    entry_id             bigint,
    maternity_event_id   bigint,
    created_at           timestamptz not null default now(),
    version              integer not null default 0,
    primary key (region_code, id),
    check ((status in ('SUBMITTED', 'REJECTED')) or benefit is not null),
    check ((status = 'PAID') = (paid_at is not null))
);
create index reimbursement_person on reimbursement (person_id, service_date desc);
create index reimbursement_status on reimbursement (region_code, status, id);
create index reimbursement_employer on reimbursement (region_code, employer_uscc) where employer_uscc is not null;

-- A fee line as claimed (from the fee list) and as reviewed.
create table reimbursement_line (
    region_code      char(6) not null,
    reimbursement_id bigint not null,
    line_no          integer not null check (line_no between 1 and 500),
    item_code        text,
    item_name        text not null check (length(item_name) between 1 and 200),
    quantity         numeric(12, 3) not null check (quantity > 0),
    amount           numeric(14, 2) not null check (amount > 0),
    decision         text not null default 'PENDING' check (decision in ('PENDING', 'COVERED', 'PARTLY', 'EXCLUDED', 'REJECTED')),
    catalog_code     text,
    catalog_name     text,
    item_class       text check (item_class in ('A', 'B', 'C')),
    self_pay_share   numeric(5, 4),
    price_cap        numeric(14, 2),
    allowed_amount   numeric(14, 2),
    covered_amount   numeric(14, 2),
    reject_reason    text,
    primary key (region_code, reimbursement_id, line_no),
    foreign key (region_code, reimbursement_id) references reimbursement (region_code, id),
    check (decision = 'PENDING' or covered_amount is not null),
    check (decision <> 'REJECTED' or reject_reason is not null)
);

-- An invoice or another proof, stored as uploaded; its type is the one its content shows.
create table reimbursement_document (
    region_code      char(6) not null,
    reimbursement_id bigint not null,
    id               bigint generated always as identity,
    file_name        text not null,
    content_type     text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes       integer not null check (size_bytes > 0),
    sha256           char(64) not null,
    content          bytea not null,
    uploaded_by      text not null,
    uploaded_at      timestamptz not null default now(),
    primary key (region_code, id),
    foreign key (region_code, reimbursement_id) references reimbursement (region_code, id)
);
create index reimbursement_document_of on reimbursement_document (region_code, reimbursement_id);
