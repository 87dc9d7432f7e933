-- 智能监控: alerts raised by the monitoring rules on settlements (checked as each settlement is written, or in a
-- batch over a period) and on institutions' monthly indicators, for clerks to look into and close with a note.
-- region_code is the institution's (treating) region, whose clerks manage its agreement; insured_region the
-- woman's, whose clerks see the alerts on their people too. measured and threshold are in the rule's unit
-- (days, times the standard, a ratio); parameter names the policy parameter or agreement limit judged against;
-- evidence keeps the figures as they were (JSON).
create table monitoring_alert (
    id               bigint generated always as identity primary key,
    region_code      char(6) not null references region (region_code),
    insured_region   char(6) references region (region_code),
    institution_code varchar(30) not null,
    rule             text not null check (rule in ('REPEAT_DELIVERY', 'COST_OVER_STANDARD', 'CAESAREAN_RATE_OVER')),
    settlement_id    bigint references settlement (id),
    setl_id          varchar(30),
    related_setl_id  varchar(30),
    person_id        bigint,
    period           char(6),
    measured         numeric(14, 4) not null,
    threshold        numeric(14, 4) not null,
    parameter        text not null,
    evidence         jsonb not null,
    detected_by      text not null check (detected_by in ('SETTLEMENT', 'BATCH', 'CLEARING', 'INDICATORS')),
    created_at       timestamptz not null default now(),
    closed_by        text,
    closed_at        timestamptz,
    close_note       text,
    check ((closed_at is null) = (closed_by is null) and (closed_at is null) = (close_note is null)),
    check ((rule = 'CAESAREAN_RATE_OVER') = (settlement_id is null)),
    check (rule <> 'CAESAREAN_RATE_OVER' or period is not null)
);
-- one alert per rule and settlement (and pair of settlements), one per institution and month for the rate:
-- a batch run over a period already checked adds nothing
create unique index monitoring_alert_settlement on monitoring_alert (rule, settlement_id, coalesce(related_setl_id, ''))
    where settlement_id is not null;
create unique index monitoring_alert_institution_month on monitoring_alert (rule, institution_code, period)
    where settlement_id is null;
create index monitoring_alert_open on monitoring_alert (region_code, created_at desc) where closed_at is null;
create index monitoring_alert_insured_open on monitoring_alert (insured_region, created_at desc) where closed_at is null;
