-- Settlement with contracted institutions through the national hospital interface (定点医药机构接口规范):
-- sign-ins, the opaque person numbers handed to hospitals, every answered message (idempotency by msgid and by
-- the hospital's own serial numbers), encounters with their fee lines, settlements with their fund lines,
-- records for clearing between regions, reconciliations with the hospital (3201/3202) and the monthly
-- clearing with each institution. Field lengths follow the larger of the transcriptions (nhsa-interface.md §0.3).

-- business numbers handed to hospitals (mdtrt_id, setl_id) are prefixed with the region code
create sequence nhsa_number_seq;

-- 9001 签到: one row per sign-in; the sign_no goes into the envelope of later transactions.
create table nhsa_sign_in (
    sign_no          varchar(30) primary key,
    institution_code varchar(30) not null,
    region_code      char(6) not null references region (region_code),
    opter_no         varchar(20) not null,
    mac              varchar(20),
    ip               varchar(20),
    signed_at        timestamptz not null default now()
);
create index nhsa_sign_in_institution on nhsa_sign_in (institution_code, signed_at);

-- 人员编号 psn_no: an opaque number per person, never the ID number.
create table nhsa_person_no (
    psn_no      varchar(30) primary key,
    region_code char(6) not null references region (region_code),
    person_id   bigint not null unique
);

-- Every answered message of an institution. A repeat of (institution, msgid) returns the stored answer.
-- The row is claimed at the start of the transaction that handles the message, so concurrent repeats wait for
-- the first and then read its answer.
create table nhsa_message (
    institution_code varchar(30) not null,
    msgid            varchar(30) not null,
    infno            varchar(6) not null,
    region_code      char(6) not null references region (region_code),
    request_hash     char(64) not null,
    infcode          integer,
    response         text,
    created_at       timestamptz not null default now(),
    primary key (institution_code, msgid)
);

-- The hospital's own serial numbers (ipt_otp_no, ipt_no, mdtrt_id + chrg_bchno, setl_id …) per transaction:
-- a repeat under a new msgid returns the answer to the first msgid.
create table nhsa_serial (
    institution_code varchar(30) not null,
    infno            varchar(6) not null,
    serial           varchar(200) not null,
    msgid            varchar(30) not null,
    primary key (institution_code, infno, serial)
);

-- 就诊: one outpatient visit (2201) or inpatient stay (2401).
create table encounter (
    id               bigint generated always as identity primary key,
    mdtrt_id         varchar(30) not null unique,
    region_code      char(6) not null references region (region_code),   -- where treated (the institution's region)
    insured_region   char(6) not null references region (region_code),   -- where insured (whose rules apply)
    institution_code varchar(30) not null,
    person_id        bigint not null,
    psn_no           varchar(30) not null,
    kind             text not null check (kind in ('OUTPATIENT', 'INPATIENT')),
    hospital_serial  varchar(30) not null,                               -- ipt_otp_no / ipt_no
    insutype         varchar(6) not null,
    med_type         varchar(6),
    begin_time       timestamp not null,
    end_time         timestamp,
    status           text not null default 'OPEN' check (status in ('OPEN', 'DISCHARGED', 'SETTLED')),
    dept_name        varchar(100),
    doctor_name      varchar(50),
    main_diag_code   varchar(20),
    main_diag_name   varchar(300),
    dise_codg        varchar(30),
    matn_type        varchar(6),
    birctrl_type     varchar(6),
    birctrl_matn_date date,
    geso_val         integer check (geso_val between 0 and 45),
    fetus_cnt        integer check (fetus_cnt between 0 and 9),
    fetts            integer check (fetts between 0 and 20),
    pret_flag        varchar(3),
    latechb_flag     varchar(3),
    fpsc_no          varchar(50),
    diagnoses        text,
    created_at       timestamptz not null default now(),
    unique (institution_code, kind, hospital_serial)
);
create index encounter_institution on encounter (institution_code, begin_time desc);
create index encounter_person on encounter (person_id);

-- 费用明细 (2204 / 2301), priced against the catalog when uploaded. A cancelled line (2205 / 2302) stays, marked.
create table fee_detail (
    id               bigint generated always as identity primary key,
    encounter_id     bigint not null references encounter (id),
    feedetl_sn       varchar(30) not null,
    chrg_bchno       varchar(30),
    fee_time         timestamp not null,
    med_list_codg    varchar(50) not null,
    medins_list_codg varchar(150) not null,
    item_name        text,
    item_class       char(1) check (item_class in ('A', 'B', 'C')),
    amount           numeric(14, 2) not null,
    cnt              numeric(16, 4) not null,
    pric             numeric(16, 6) not null,
    price_cap        numeric(16, 6),
    self_pay_share   numeric(5, 4) not null default 0,
    fulamt_ownpay    numeric(14, 2) not null default 0,
    overlmt          numeric(14, 2) not null default 0,
    preselfpay       numeric(14, 2) not null default 0,
    inscp            numeric(14, 2) not null default 0,
    matn_fee_flag    varchar(6),
    memo             text,
    settlement_id    bigint,
    cancelled_at     timestamptz,
    unique (encounter_id, feedetl_sn)
);

-- 结算 (2207 / 2304). region_code is the insured region, whose fund pays and whose ledger gets the entry;
-- treating_region the institution's. A reversal (2208 / 2305) marks the row and reverses its entry.
create table settlement (
    id                bigint generated always as identity primary key,
    setl_id           varchar(30) not null unique,
    region_code       char(6) not null references region (region_code),
    treating_region   char(6) not null references region (region_code),
    institution_code  varchar(30) not null,
    encounter_id      bigint not null references encounter (id),
    mdtrt_id          varchar(30) not null,
    person_id         bigint not null,
    psn_no            varchar(30) not null,
    chrg_bchno        varchar(30) not null default '',
    kind              text not null check (kind in ('OUTPATIENT', 'INPATIENT')),
    insutype          varchar(6) not null,
    med_type          varchar(6) not null,
    category          text not null,
    insured_kind      text not null,
    fetus_count       integer not null,
    service_date      date not null,
    setl_time         timestamp not null,
    medfee_sumamt     numeric(14, 2) not null,
    fulamt_ownpay_amt numeric(14, 2) not null,
    overlmt_selfpay   numeric(14, 2) not null,
    preselfpay_amt    numeric(14, 2) not null,
    inscp_scp_amt     numeric(14, 2) not null,
    fund_pay          numeric(14, 2) not null,
    psn_cash_pay      numeric(14, 2) not null,
    benefit_method    text,
    benefit_standard  numeric(14, 2),
    hospital_method   text not null,
    hospital_amount   numeric(14, 2) not null,
    head_counted      boolean not null default false,
    cross_region      boolean not null,
    explanation       text not null,
    msgid             varchar(30) not null,
    book              text not null check (book in ('POOLED', 'MATERNITY')),
    entry_id          bigint,
    status            text not null default 'SETTLED' check (status in ('SETTLED', 'REVERSED')),
    reversal_setl_id  varchar(30) unique,
    reversed_at       timestamptz,
    reversal_msgid    varchar(30),
    clearing_id       bigint,
    reversal_clearing_id bigint,
    reviewed_by       text,
    reviewed_at       timestamptz,
    review_note       text,
    created_at        timestamptz not null default now(),
    check (medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt),
    check (medfee_sumamt = fund_pay + psn_cash_pay)
);
-- one live settlement per encounter and charge batch
create unique index settlement_live on settlement (encounter_id, chrg_bchno) where status = 'SETTLED';
create index settlement_institution on settlement (institution_code, setl_time);
create index settlement_region on settlement (region_code, setl_time);
create index settlement_person on settlement (person_id);

-- setldetail: one line per fund payment type of a settlement.
create table settlement_fund_line (
    settlement_id      bigint not null references settlement (id),
    line_no            integer not null,
    fund_pay_type      varchar(6) not null,
    fund_pay_type_name text not null,
    inscp_scp_amt      numeric(14, 2) not null,
    crt_payb_lmt_amt   numeric(14, 2) not null,
    fund_payamt        numeric(14, 2) not null,
    setl_proc_info     text,
    primary key (settlement_id, line_no)
);

-- 异地就医: a settlement of a person insured in one region and treated in another, to be cleared between the
-- regions (the insured region owes the treating region the fund's payment). A reversal adds a negative line.
create table interregion_clearing (
    id               bigint generated always as identity primary key,
    settlement_id    bigint not null references settlement (id),
    insured_region   char(6) not null references region (region_code),
    treating_region  char(6) not null references region (region_code),
    institution_code varchar(30) not null,
    period           char(6) not null,
    amount           numeric(14, 2) not null,
    reason           text not null check (reason in ('SETTLEMENT', 'REVERSAL')),
    created_at       timestamptz not null default now(),
    unique (settlement_id, reason)
);
create index interregion_clearing_regions on interregion_clearing (treating_region, insured_region, period);

-- 3201 / 3202: what the hospital said against what we hold.
create table hospital_reconciliation (
    id                 bigint generated always as identity primary key,
    region_code        char(6) not null references region (region_code),
    institution_code   varchar(30) not null,
    infno              varchar(6) not null check (infno in ('3201', '3202')),
    msgid              varchar(30) not null,
    insutype           varchar(6),
    clr_type           varchar(6),
    setl_optins        varchar(6) not null,
    begin_date         date not null,
    end_date           date not null,
    hosp_medfee        numeric(14, 2) not null,
    hosp_fund          numeric(14, 2) not null,
    hosp_other         numeric(14, 2) not null,
    hosp_count         integer not null,
    our_medfee         numeric(14, 2) not null,
    our_fund           numeric(14, 2) not null,
    our_other          numeric(14, 2) not null,
    our_count          integer not null,
    balanced           boolean not null,
    created_at         timestamptz not null default now()
);
create index hospital_reconciliation_institution on hospital_reconciliation (institution_code, created_at desc);

-- A settlement on which the hospital and we disagree (3202 detail), for a clerk to look into.
create table reconciliation_mismatch (
    id                bigint generated always as identity primary key,
    reconciliation_id bigint not null references hospital_reconciliation (id),
    region_code       char(6) not null references region (region_code),
    institution_code  varchar(30) not null,
    setl_id           varchar(30),
    mdtrt_id          varchar(30),
    reason            text not null check (reason in ('UNKNOWN_TO_AGENCY', 'MISSING_AT_HOSPITAL', 'AMOUNT_DIFFERS',
                                                      'STATUS_DIFFERS', 'TOTALS_DIFFER')),
    hosp_medfee       numeric(14, 2),
    hosp_fund         numeric(14, 2),
    our_medfee        numeric(14, 2),
    our_fund          numeric(14, 2),
    resolved_by       text,
    resolved_at       timestamptz,
    resolution_note   text
);
create index reconciliation_mismatch_open on reconciliation_mismatch (region_code, institution_code)
    where resolved_at is null;

-- 月度清算: what the agency pays an institution for a month, by payment method, less deductions.
create table institution_clearing (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    institution_code varchar(30) not null,
    institution_name text not null,
    period           char(6) not null,
    settlements      integer not null,
    medfee_total     numeric(14, 2) not null,
    fund_pay_total   numeric(14, 2) not null,
    hospital_total   numeric(14, 2) not null,
    other_region_total numeric(14, 2) not null,
    deductions_total numeric(14, 2) not null,
    net_payable      numeric(14, 2) not null,
    entry_id         bigint,
    created_by       text not null,
    created_at       timestamptz not null default now(),
    unique (institution_code, period)
);

create table institution_clearing_line (
    clearing_id     bigint not null references institution_clearing (id),
    line_no         integer not null,
    hospital_method text not null,
    category        text not null,
    cases           integer not null,
    heads           integer not null,
    medfee_total    numeric(14, 2) not null,
    fund_pay_total  numeric(14, 2) not null,
    hospital_total  numeric(14, 2) not null,
    primary key (clearing_id, line_no)
);

-- 扣款: an amount withheld from an institution's monthly clearing, with its reason (agreement breach,
-- refused items found by review, reconciliation differences …), entered by a clerk before the clearing runs.
create table clearing_deduction (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    institution_code varchar(30) not null,
    period           char(6) not null,
    amount           numeric(14, 2) not null check (amount > 0),
    reason           text not null check (length(reason) between 2 and 500),
    clearing_id      bigint references institution_clearing (id),
    created_by       text not null,
    created_at       timestamptz not null default now()
);
create index clearing_deduction_open on clearing_deduction (institution_code, period);

-- Every signed hospital message deletes the nonces older than twice the signature window
-- (RequestSignatureVerifier); at hospital message rates that delete needs an index to stay cheap.
create index if not exists request_nonce_seen_at on request_nonce (seen_at);
