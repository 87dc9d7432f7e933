-- 2202 门诊挂号撤销 and 2404 入院办理撤销 cancel a registration or an admission that has no fee line left and no
-- settlement; the row stays, marked CANCELLED with when and by which message. The hospital may register the same
-- outpatient or inpatient number again afterwards: only encounters that are not cancelled hold their number.
-- 2405 出院撤销 takes a discharged stay back to OPEN (no new column: end_time is cleared, the message is in
-- nhsa_message).
alter table encounter drop constraint encounter_status_check;
alter table encounter add constraint encounter_status_check
    check (status in ('OPEN', 'DISCHARGED', 'SETTLED', 'CANCELLED'));
alter table encounter add column cancelled_at timestamptz;
alter table encounter add column cancel_msgid varchar(30);
alter table encounter add constraint encounter_cancelled_check
    check ((status = 'CANCELLED') = (cancelled_at is not null and cancel_msgid is not null));
alter table encounter drop constraint encounter_institution_code_kind_hospital_serial_key;
create unique index encounter_serial_live on encounter (institution_code, kind, hospital_serial)
    where status <> 'CANCELLED';
