-- Manual reimbursements are paid through the bank like the allowance: a batch of a region's approved claims, its
-- bank file, the bank's return file (paid, or failed with the bank's reason), a failed payment retried in a later
-- batch or cancelled. Batching owes the benefit on the ledger (maternity medical expenditure against 2203 应付零星
-- 报销款, the claim's entry_id) and records the maternity event; a paid line clears 2203 against the expenditure
-- account 1004; a cancelled claim has its batching entry reversed and its maternity event withdrawn.

alter table reimbursement drop constraint reimbursement_status_check;
alter table reimbursement add constraint reimbursement_status_check
    check (status in ('SUBMITTED', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'IN_BATCH', 'PAID', 'PAYMENT_FAILED',
                      'CANCELLED'));
-- paid_at is the time the bank's return said paid (or the claim was closed with nothing to pay): a PAID claim only
alter table reimbursement rename constraint reimbursement_check1 to reimbursement_paid_at_check;
alter table reimbursement add column cancelled_by text, add column cancelled_at timestamptz,
    add column cancel_reason text, add column cancel_entry_id bigint;
alter table reimbursement add constraint reimbursement_cancelled_check
    check ((status = 'CANCELLED') = (cancelled_at is not null)
           and (cancelled_at is null) = (cancelled_by is null)
           and (cancelled_at is null) = (cancel_reason is null));
-- from the first batch on, the benefit is owed on the ledger and the maternity event is recorded
alter table reimbursement add constraint reimbursement_batched_check
    check (status not in ('IN_BATCH', 'PAYMENT_FAILED', 'CANCELLED') or (entry_id is not null and maternity_event_id is not null));

-- A payment batch: approved claims of a region sent to the bank together. The number is BX<region><day><seq>.
create table reimbursement_batch (
    region_code char(6) not null references region (region_code),
    id          bigint generated always as identity,
    batch_no    text not null,
    status      text not null check (status in ('SENT', 'RETURNED')),
    line_count  integer not null check (line_count >= 1),
    total       numeric(14, 2) not null check (total > 0),
    created_by  text not null,
    created_at  timestamptz not null default now(),
    primary key (region_code, id),
    unique (region_code, batch_no)
);

-- A line of a batch: one claim, its payee's name and account as sent (encrypted; masked for the screens) and the
-- bank's answer. paid_entry_id is the entry that cleared the payable.
create table reimbursement_batch_line (
    region_code          char(6) not null,
    batch_id             bigint not null,
    line_no              integer not null check (line_no >= 1),
    reimbursement_id     bigint not null,
    payee_name_enc       text not null,
    payee_name_masked    text not null,
    payee_account_enc    text not null,
    payee_account_masked text not null,
    amount               numeric(14, 2) not null check (amount > 0),
    status               text not null check (status in ('SENT', 'PAID', 'FAILED')),
    reason               text,
    paid_entry_id        bigint,
    returned_at          timestamptz,
    primary key (region_code, batch_id, line_no),
    foreign key (region_code, batch_id) references reimbursement_batch (region_code, id),
    foreign key (region_code, reimbursement_id) references reimbursement (region_code, id),
    check ((status = 'SENT') = (returned_at is null)),
    check ((status = 'PAID') = (paid_entry_id is not null)),
    check ((status = 'FAILED') = (reason is not null))
);
create index reimbursement_batch_line_claim on reimbursement_batch_line (region_code, reimbursement_id);
-- a claim is in at most one batch at a time: only a failed line lets it into another
create unique index reimbursement_batch_line_open on reimbursement_batch_line (region_code, reimbursement_id)
    where status <> 'FAILED';

-- Bank return files once imported, of every kind of payment (purpose: ALLOWANCE, REIMBURSEMENT): the same file
-- again changes nothing. Replaces allowance_return_file, whose rows it takes over with their ids.
create table payment_return_file (
    region_code char(6) not null references region (region_code),
    id          bigint generated always as identity,
    purpose     text not null check (purpose ~ '^[A-Z][A-Z_]{1,39}$'),
    sha256      char(64) not null,
    file_name   text,
    batch_no    text not null,
    paid        integer not null check (paid >= 0),
    failed      integer not null check (failed >= 0),
    imported_by text not null,
    imported_at timestamptz not null default now(),
    primary key (region_code, id),
    unique (region_code, purpose, sha256)
);
insert into payment_return_file (region_code, id, purpose, sha256, file_name, batch_no, paid, failed, imported_by,
                                 imported_at)
    overriding system value
    select region_code, id, 'ALLOWANCE', sha256, file_name, batch_no, paid, failed, imported_by, imported_at
      from allowance_return_file;
do $$
begin
    perform setval(pg_get_serial_sequence('payment_return_file', 'id'),
                   coalesce((select max(id) from payment_return_file), 0) + 1, false);
end $$;
drop table allowance_return_file;
