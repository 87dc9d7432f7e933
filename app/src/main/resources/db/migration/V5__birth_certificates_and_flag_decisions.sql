-- Birth service certificates keep the certificate type of each parent (the blind index is per type, so the
-- type is needed to show the number again) and who imported them; the father's index is searchable too.
-- Speculative-enrollment flags record supervision's decision: who cleared or confirmed a flag, when and why.
alter table birth_certificate
    add column mother_cert_type text not null default 'RESIDENT_ID'
        check (mother_cert_type in ('RESIDENT_ID', 'HK_MACAO_RESIDENCE', 'TAIWAN_RESIDENCE', 'FOREIGN_PERMANENT_RESIDENCE')),
    add column father_cert_type text
        check (father_cert_type in ('RESIDENT_ID', 'HK_MACAO_RESIDENCE', 'TAIWAN_RESIDENCE', 'FOREIGN_PERMANENT_RESIDENCE')),
    add column created_by text not null default 'system',
    add constraint birth_certificate_father_complete
        check ((father_index is null) = (father_id_enc is null) and (father_index is null) = (father_name_enc is null)
               and (father_index is null) = (father_cert_type is null));
create index birth_certificate_father on birth_certificate (region_code, father_index) where father_index is not null;

alter table enrollment_flag
    add column decided_by      text,
    add column decided_at      timestamptz,
    add column decision_reason text,
    add constraint enrollment_flag_decision
        check ((status = 'OPEN') = (decided_at is null) and (decided_at is null) = (decided_by is null)
               and (decided_at is null) = (decision_reason is null));
create index enrollment_flag_queue on enrollment_flag (region_code, status, raised_at);
