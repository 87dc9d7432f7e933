-- Contracted institutions (定点医疗机构), their service agreements (服务协议) in dated versions with maternity
-- terms, clauses and indicator limits, measured indicator values, and the catalogs of drugs, services and
-- facilities (药品目录 / 诊疗项目 / 医疗服务设施) with their class (甲/乙/丙).

-- An institution's code (医药机构编码) is unique across regions; the bank account is stored encrypted.
create table institution (
    code             text primary key check (code ~ '^[A-Z][A-Z0-9]{11,29}$'),
    region_code      char(6) not null references region (region_code),
    name             text not null check (length(name) between 2 and 100),
    level            text not null check (level in ('GRADE_3A', 'GRADE_3', 'GRADE_2A', 'GRADE_2', 'GRADE_1',
                                                     'UNGRADED')),
    institution_type text not null check (institution_type in ('GENERAL_HOSPITAL', 'MATERNITY_CHILD_HEALTH',
                                                     'SPECIALIST_HOSPITAL', 'TCM_HOSPITAL', 'COMMUNITY_HEALTH_CENTRE',
                                                     'TOWNSHIP_HEALTH_CENTRE')),
    bank_name        text,
    bank_account_enc text,
    active           boolean not null default true,
    registered_by    text not null,
    registered_at    timestamptz not null default now(),
    unique (region_code, code),
    unique (region_code, name)
);

-- One version of an institution's agreement. Versions are appended, never changed: a version is in force
-- from valid_from until the next version's valid_from or the day after term_end, whichever comes first.
create table agreement (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    institution_code text not null,
    version          integer not null check (version >= 1),
    valid_from       date not null,
    term_end         date,
    recorded_by      text not null,
    recorded_at      timestamptz not null default now(),
    foreign key (region_code, institution_code) references institution (region_code, code),
    unique (institution_code, version),
    unique (institution_code, valid_from),
    check (term_end is null or term_end >= valid_from)
);

-- Payment method and the agreement's own quota (null: the region's policy standard applies) per category.
create table agreement_term (
    agreement_id bigint not null references agreement (id),
    region_code  char(6) not null,
    category     text not null,
    method       text not null check (method in ('CAPPED_ACTUAL', 'PER_DISEASE_QUOTA', 'PER_HEAD', 'PER_UNIT',
                                                 'ACTUAL_COST')),
    quota        numeric(14,2) check (quota is null or quota > 0),
    primary key (agreement_id, category)
);

-- Maternity clauses (生育医疗服务条款) of an agreement version, in order.
create table agreement_clause (
    agreement_id bigint not null references agreement (id),
    region_code  char(6) not null,
    position     integer not null,
    text         text not null check (length(text) between 1 and 2000),
    primary key (agreement_id, position)
);

-- Indicator limits (e.g. maternity cost growth rate cap, caesarean-rate ceiling) of a version, as ratios.
create table agreement_indicator (
    agreement_id bigint not null references agreement (id),
    region_code  char(6) not null,
    indicator    text not null,
    limit_value  numeric(9,4) not null check (limit_value >= 0),
    primary key (agreement_id, indicator)
);

-- Measured indicator values per institution and period; a later measurement of the same period is a new
-- row, the latest one counts.
create table indicator_measurement (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null,
    institution_code text not null,
    indicator        text not null,
    period_from      date not null,
    period_to        date not null,
    measured_value   numeric(9,4) not null,
    source           text not null,
    recorded_by      text not null,
    recorded_at      timestamptz not null default now(),
    foreign key (region_code, institution_code) references institution (region_code, code),
    check (period_to >= period_from)
);
create index indicator_measurement_lookup on indicator_measurement (region_code, institution_code, indicator,
    period_to);

-- The national catalog (reference table, no region): one row per item version, valid from a date until
-- the next version's date (valid_to, exclusive) or open.
create table catalog_item (
    code               text not null check (code ~ '^[A-Za-z0-9._-]{3,40}$'),
    valid_from         date not null,
    valid_to           date,
    name               text not null check (length(name) between 1 and 200),
    kind               text not null check (kind in ('DRUG', 'SERVICE', 'FACILITY')),
    item_class         text not null check (item_class in ('A', 'B', 'C')),
    unit               text,
    price_cap          numeric(14,2) check (price_cap is null or price_cap >= 0),
    maternity_relevant boolean not null default false,
    recorded_by        text not null,
    recorded_at        timestamptz not null default now(),
    primary key (code, valid_from),
    check (valid_to is null or valid_to > valid_from)
);
create index catalog_item_name on catalog_item (name);

-- A region's own self-pay share of a class B (乙类) item, dated like the items.
create table catalog_region_share (
    region_code    char(6) not null references region (region_code),
    code           text not null,
    valid_from     date not null,
    valid_to       date,
    self_pay_share numeric(5,4) not null check (self_pay_share >= 0 and self_pay_share <= 1),
    recorded_by    text not null,
    recorded_at    timestamptz not null default now(),
    primary key (region_code, code, valid_from),
    check (valid_to is null or valid_to > valid_from)
);

-- Catalog imports: who imported which file and how many rows.
create table catalog_import (
    id          bigint generated always as identity primary key,
    region_code char(6) references region (region_code),
    file_name   text,
    file_sha256 char(64) not null,
    rows_total  integer not null,
    items_added integer not null,
    shares_added integer not null,
    imported_by text not null,
    imported_at timestamptz not null default now()
);
