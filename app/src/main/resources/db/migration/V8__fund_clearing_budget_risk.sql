-- The legacy maternity fund's clearing into the pooled fund, budgets with their explanations, and the district
-- dimension that district budgets (重庆 总额预算、缺口分担) are measured by. Every table carries region_code and
-- every key includes it.

-- The district (区县) an entry belongs to inside a pooling region that manages by district (分级管理) while it
-- collects and pays centrally (统收统支): set by the feature that posts (a district agency's settlement, the
-- clearing of a district's legacy book), empty otherwise. Part of the entry, so it never changes.
alter table fund_entry add column district_code char(6) check (district_code ~ '^[0-9]{6}$');
create index fund_entry_district on fund_entry (region_code, district_code, accounting_date)
    where district_code is not null;

-- One clearing (清算) of a legacy maternity book into the pooled book on the region's merger date: the figures of
-- the clearing report, the two entries (one per book, each balanced in its own book) and the frozen report.
-- transferred = cash + receivables - payables = opening_balance + income - expenditure (the legacy fund's balance
-- on the cut-off day, 合并前一日), signed; the trigger below checks that the legacy entry's 500201 and the pooled
-- entry's 400601 both carry exactly that amount, so the two books' sides of the transfer are visibly equal.
create table fund_clearing (
    region_code     char(6) not null,
    book_code       text not null,
    target_book     text not null,
    district_code   char(6),
    merger_date     date not null,
    cut_off         date not null check (cut_off = merger_date - 1),
    opening_balance numeric(14, 2) not null,
    income          numeric(14, 2) not null,
    expenditure     numeric(14, 2) not null,
    cash            numeric(14, 2) not null,
    receivables     numeric(14, 2) not null,
    payables        numeric(14, 2) not null,
    transferred     numeric(14, 2) not null,
    out_entry_id    bigint,
    in_entry_id     bigint,
    closed_on       date not null,
    approval_id     bigint,
    report          jsonb not null,
    cleared_by      text not null,
    cleared_at      timestamptz not null default now(),
    primary key (region_code, book_code),
    foreign key (region_code, book_code) references fund_book (region_code, code),
    foreign key (region_code, target_book) references fund_book (region_code, code),
    foreign key (region_code, out_entry_id) references fund_entry (region_code, id),
    foreign key (region_code, in_entry_id) references fund_entry (region_code, id),
    check (book_code <> target_book),
    check (transferred = cash + receivables - payables),
    check (transferred = opening_balance + income - expenditure),
    check ((out_entry_id is null) = (in_entry_id is null))
);

create function fund_clearing_link() returns trigger language plpgsql as $$
declare
    v_out numeric;
    v_in  numeric;
begin
    if new.out_entry_id is null then
        if new.transferred <> 0 then
            raise exception using errcode = 'LX004',
                message = format('clearing of %s/%s: a balance of %s without entries', new.region_code, new.book_code, new.transferred);
        end if;
        return new;
    end if;
    select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0) into v_out
      from fund_entry e join fund_leg l on l.region_code = e.region_code and l.entry_id = e.id
     where e.region_code = new.region_code and e.id = new.out_entry_id and e.book_code = new.book_code
       and l.account_code = '500201';
    select coalesce(sum(case when l.side = 'CREDIT' then l.amount else -l.amount end), 0) into v_in
      from fund_entry e join fund_leg l on l.region_code = e.region_code and l.entry_id = e.id
     where e.region_code = new.region_code and e.id = new.in_entry_id and e.book_code = new.target_book
       and l.account_code = '400601';
    if v_out <> new.transferred or v_in <> new.transferred then
        raise exception using errcode = 'LX004',
            message = format('clearing of %s/%s: transfer-out %s and transfer-in %s differ from the transferred balance %s',
                             new.region_code, new.book_code, v_out, v_in, new.transferred);
    end if;
    return new;
end $$;

create trigger fund_clearing_link before insert on fund_clearing
    for each row execute function fund_clearing_link();
create trigger fund_clearing_append_only before update or delete or truncate on fund_clearing
    for each statement execute function fund_append_only();

-- A cleared legacy book takes no entry at all, whatever its date: its balances were moved into the pooled book
-- (the clearing's own entries are written before the clearing is recorded).
create function fund_entry_not_cleared() returns trigger language plpgsql as $$
begin
    if exists (select 1 from fund_clearing c where c.region_code = new.region_code and c.book_code = new.book_code) then
        raise exception using errcode = 'LX001',
            message = format('book %s of region %s is cleared into the pooled fund', new.book_code, new.region_code);
    end if;
    return new;
end $$;

create trigger fund_entry_not_cleared before insert on fund_entry
    for each row execute function fund_entry_not_cleared();

-- Both sides of every clearing, from the legs themselves.
create view fund_clearing_transfer as
select c.region_code, c.book_code, c.target_book, c.district_code, c.cut_off, c.transferred,
       (select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
          from fund_leg l where l.region_code = c.region_code and l.entry_id = c.out_entry_id
           and l.account_code = '500201') as transferred_out,
       (select coalesce(sum(case when l.side = 'CREDIT' then l.amount else -l.amount end), 0)
          from fund_leg l where l.region_code = c.region_code and l.entry_id = c.in_entry_id
           and l.account_code = '400601') as transferred_in
  from fund_clearing c;

-- An annual budget (预算) of a region, or of one district of it (scope = the district code; '' = the whole
-- region). Versions: a draft is edited, submitted for four-eyes approval, then approved or rejected; the latest
-- approved version is the budget in force.
create table fund_budget (
    region_code  char(6) not null references region (region_code),
    id           bigint generated always as identity,
    year         integer not null check (year between 1990 and 2200),
    scope        text not null default '' check (scope = '' or scope ~ '^[0-9]{6}$'),
    version      integer not null check (version >= 1),
    status       text not null check (status in ('DRAFT', 'PENDING', 'APPROVED', 'REJECTED')),
    approval_id  bigint,
    created_by   text not null,
    created_at   timestamptz not null default now(),
    submitted_at timestamptz,
    decided_at   timestamptz,
    primary key (region_code, id),
    unique (region_code, year, scope, version)
);
-- at most one draft or pending version of a budget at a time
create unique index fund_budget_one_open on fund_budget (region_code, year, scope)
    where status in ('DRAFT', 'PENDING');

-- One item of a budget: an account of the pooled book and the amount, with the explanations the Changzhou
-- implementing opinion asks for (常政办发〔2019〕111号 二(二): 编制原则、政策依据、数据来源、预测及计算依据，增减变化原因).
create table fund_budget_item (
    region_code       char(6) not null,
    budget_id         bigint not null,
    account_code      text not null check (account_code ~ '^[0-9]{4,12}$'),
    amount            numeric(14, 2) not null check (amount >= 0),
    principle         text not null check (length(btrim(principle)) between 1 and 2000),
    policy_basis      text not null check (length(btrim(policy_basis)) between 1 and 2000),
    data_source       text not null check (length(btrim(data_source)) between 1 and 2000),
    calculation_basis text not null check (length(btrim(calculation_basis)) between 1 and 2000),
    change_reason     text check (change_reason is null or length(change_reason) <= 2000),
    primary key (region_code, budget_id, account_code),
    foreign key (region_code, budget_id) references fund_budget (region_code, id)
);
