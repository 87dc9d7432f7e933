-- The fund's double-entry ledger: books (funds) per region, a chart of accounts per region and book, journal
-- entries with their legs, and month closes. Entries are append-only and balanced: the database refuses an
-- entry whose debits differ from its credits or that has fewer than two legs (checked at commit), any update
-- or delete of entries and legs, and any entry dated in a closed month. Every table carries region_code and
-- every key and foreign key includes it (the shard key); no number is shared across regions.

-- A set of books (一个会计主体): the employee medical pooled fund (310 统筹基金), the personal accounts
-- (310 个人账户) and the legacy maternity fund (510), which kept its own books until the region's merger.
-- district_code lets a district (区县) hold its own legacy books inside the pooling region (Chongqing).
-- closed_on is the last accounting date a book accepts (set when a legacy book is cleared into the pooled fund).
create table fund_book (
    region_code   char(6) not null references region (region_code),
    code          text not null check (code ~ '^[A-Z][A-Z0-9_-]{1,31}$'),
    fund          text not null check (fund in ('EMPLOYEE_MEDICAL_POOLED', 'EMPLOYEE_MEDICAL_PERSONAL', 'MATERNITY_LEGACY')),
    district_code char(6) check (district_code ~ '^[0-9]{6}$'),
    name_zh       text not null,
    name_en       text not null,
    closed_on     date,
    primary key (region_code, code)
);

-- The chart of accounts of one book of one region. Codes follow the 社会保险基金会计制度 (origin STANDARD)
-- or are local detail accounts (origin LOCAL); parents group children (生育待遇支出 under 统筹基金待遇支出)
-- and only leaves are posted to.
create table fund_account (
    region_code   char(6) not null,
    book_code     text not null,
    code          text not null check (code ~ '^[0-9]{4,12}$'),
    name_zh       text not null,
    name_en       text not null,
    account_class text not null check (account_class in ('ASSET', 'LIABILITY', 'INCOME', 'EXPENDITURE', 'FUND_BALANCE')),
    normal_side   text not null check (normal_side in ('DEBIT', 'CREDIT')),
    parent_code   text,
    postable      boolean not null,
    origin        text not null check (origin in ('STANDARD', 'LOCAL')),
    primary key (region_code, book_code, code),
    foreign key (region_code, book_code) references fund_book (region_code, code),
    foreign key (region_code, book_code, parent_code) references fund_account (region_code, book_code, code),
    check ((account_class in ('ASSET', 'EXPENDITURE')) = (normal_side = 'DEBIT')),
    check (parent_code is null or starts_with(code, parent_code))
);

-- Business numbers per region: entry numbers are "<region>-<10 digits>" from a sequence of the region's own
-- (fund_entry_no_<region>, created when the region's ledger is set up), never from one shared by all regions.
-- Numbers are unique and increasing; a rolled-back posting leaves a gap.

-- A closed month of a region. A month is closed when it or any later month of the region is closed.
create table fund_period_close (
    region_code char(6) not null references region (region_code),
    period      char(6) not null check (period ~ '^[0-9]{4}(0[1-9]|1[0-2])$'),
    closed_at   timestamptz not null default now(),
    closed_by   text not null,
    primary key (region_code, period)
);

-- A journal entry (记账凭证): its source (the business record that caused it; one entry per source),
-- the accounting date (the month it counts in), the date the source asked for (requested_date: differs when
-- that month was already closed and the entry went into the first open month) and the business date.
-- A correction is a reversing entry pointing at what it reverses; an entry is reversed at most once.
create table fund_entry (
    region_code       char(6) not null,
    id                bigint generated always as identity,
    book_code         text not null,
    entry_no          text not null,
    accounting_date   date not null,
    requested_date    date not null,
    business_date     date not null,
    source_type       text not null check (source_type ~ '^[A-Z][A-Z_]{1,39}$'),
    source_id         text not null check (length(source_id) between 1 and 200),
    content_hash      char(64) not null,
    description       text not null check (length(description) between 1 and 500),
    reverses_entry_id bigint,
    approval_id       bigint,
    created_at        timestamptz not null default now(),
    created_by        text not null,
    primary key (region_code, id),
    unique (region_code, entry_no),
    unique (region_code, source_type, source_id),
    foreign key (region_code, book_code) references fund_book (region_code, code),
    foreign key (region_code, reverses_entry_id) references fund_entry (region_code, id),
    check (starts_with(entry_no, region_code || '-')),
    check (accounting_date >= requested_date),
    check ((reverses_entry_id is null) = (source_type <> 'REVERSAL'))
);
create unique index fund_entry_reversed_once on fund_entry (region_code, reverses_entry_id)
    where reverses_entry_id is not null;
create index fund_entry_book_date on fund_entry (region_code, book_code, accounting_date);

-- One debit or credit of an entry. Amounts are positive, in yuan with two decimals.
create table fund_leg (
    region_code  char(6) not null,
    entry_id     bigint not null,
    line_no      smallint not null check (line_no >= 1),
    book_code    text not null,
    account_code text not null,
    side         text not null check (side in ('DEBIT', 'CREDIT')),
    amount       numeric(14, 2) not null check (amount > 0),
    primary key (region_code, entry_id, line_no),
    foreign key (region_code, entry_id) references fund_entry (region_code, id),
    foreign key (region_code, book_code, account_code) references fund_account (region_code, book_code, code)
);

-- Append-only: entries, legs and month closes are never updated or deleted.
create function fund_append_only() returns trigger language plpgsql as $$
begin
    raise exception using errcode = 'LX003', message = format('%s is append-only: corrections are reversing entries', tg_table_name);
end $$;

create trigger fund_entry_append_only before update or delete or truncate on fund_entry
    for each statement execute function fund_append_only();
create trigger fund_leg_append_only before update or delete or truncate on fund_leg
    for each statement execute function fund_append_only();
create trigger fund_period_close_append_only before update or delete or truncate on fund_period_close
    for each statement execute function fund_append_only();

-- A closed month accepts no entry, nor does a closed book after its last day.
create function fund_entry_open_period() returns trigger language plpgsql as $$
declare
    v_closed_on date;
begin
    if exists (select 1 from fund_period_close c
                where c.region_code = new.region_code and c.period >= to_char(new.accounting_date, 'YYYYMM')) then
        raise exception using errcode = 'LX001',
            message = format('period %s of region %s is closed', to_char(new.accounting_date, 'YYYY-MM'), new.region_code);
    end if;
    select b.closed_on into v_closed_on from fund_book b where b.region_code = new.region_code and b.code = new.book_code;
    if v_closed_on is not null and new.accounting_date > v_closed_on then
        raise exception using errcode = 'LX001',
            message = format('book %s of region %s is closed since %s', new.book_code, new.region_code, v_closed_on);
    end if;
    return new;
end $$;

create trigger fund_entry_open_period before insert on fund_entry
    for each row execute function fund_entry_open_period();

-- Balance, checked at commit (deferred) for every entry written and every leg added: at least two legs, debits
-- equal credits, every leg in the entry's book and on a postable (leaf) account.
create function fund_check_entry(p_region char(6), p_entry bigint) returns void language plpgsql as $$
declare
    v_book     text;
    v_legs     integer;
    v_debit    numeric;
    v_credit   numeric;
    v_in_book  boolean;
    v_postable boolean;
begin
    select e.book_code,
           count(l.line_no),
           coalesce(sum(l.amount) filter (where l.side = 'DEBIT'), 0),
           coalesce(sum(l.amount) filter (where l.side = 'CREDIT'), 0),
           coalesce(bool_and(l.book_code = e.book_code), true),
           coalesce(bool_and(a.postable), true)
      into v_book, v_legs, v_debit, v_credit, v_in_book, v_postable
      from fund_entry e
      left join fund_leg l on l.region_code = e.region_code and l.entry_id = e.id
      left join fund_account a on a.region_code = l.region_code and a.book_code = l.book_code and a.code = l.account_code
     where e.region_code = p_region and e.id = p_entry
     group by e.book_code;
    if v_legs < 2 then
        raise exception using errcode = 'LX002',
            message = format('journal entry %s of region %s has %s leg(s); at least two are required', p_entry, p_region, v_legs);
    end if;
    if v_debit <> v_credit then
        raise exception using errcode = 'LX002',
            message = format('journal entry %s of region %s does not balance: debits %s, credits %s', p_entry, p_region,
                             v_debit, v_credit);
    end if;
    if not v_in_book then
        raise exception using errcode = 'LX002',
            message = format('journal entry %s of region %s has legs outside its book %s', p_entry, p_region, v_book);
    end if;
    if not v_postable then
        raise exception using errcode = 'LX002',
            message = format('journal entry %s of region %s posts to a parent (non-postable) account', p_entry, p_region);
    end if;
end $$;

create function fund_entry_balanced() returns trigger language plpgsql as $$
begin
    perform fund_check_entry(new.region_code, new.id);
    return null;
end $$;

create function fund_leg_balanced() returns trigger language plpgsql as $$
begin
    perform fund_check_entry(new.region_code, new.entry_id);
    return null;
end $$;

create constraint trigger fund_entry_balanced after insert on fund_entry
    deferrable initially deferred for each row execute function fund_entry_balanced();
create constraint trigger fund_leg_balanced after insert on fund_leg
    deferrable initially deferred for each row execute function fund_leg_balanced();

-- The chart may gain accounts and have names corrected; what an account is (class, side, parent, postable)
-- never changes once defined, and a book's fund and district never change. A book closes once.
create function fund_chart_guard() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'fund_account' then
        if (old.account_class, old.normal_side, old.parent_code, old.postable, old.region_code, old.book_code, old.code)
           is distinct from
           (new.account_class, new.normal_side, new.parent_code, new.postable, new.region_code, new.book_code, new.code) then
            raise exception using errcode = 'LX003', message = format('account %s: only its names may change', old.code);
        end if;
    elsif (old.fund, old.district_code, old.region_code, old.code) is distinct from
          (new.fund, new.district_code, new.region_code, new.code)
          or (old.closed_on is not null and old.closed_on is distinct from new.closed_on) then
        raise exception using errcode = 'LX003', message = format('book %s: only its names may change, and it closes once', old.code);
    end if;
    return new;
end $$;

create trigger fund_account_guard before update on fund_account
    for each row execute function fund_chart_guard();
create trigger fund_book_guard before update on fund_book
    for each row execute function fund_chart_guard();
create trigger fund_chart_no_delete before delete or truncate on fund_account
    for each statement execute function fund_append_only();
create trigger fund_book_no_delete before delete or truncate on fund_book
    for each statement execute function fund_append_only();
