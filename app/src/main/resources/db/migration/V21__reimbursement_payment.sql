-- Bank return files of every kind of benefit payment, in one place for the shared import (cn.liangxian.payment).

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
