-- Reimbursement invoices and proofs carry personal data (names, ID numbers, diagnoses): they are stored encrypted
-- like allowance evidence (SM4-GCM bound to the claim; the file name too). Rows stored in the clear before this
-- version are sealed by the application when it starts (ReimbursementDocumentSealer); a row is either sealed or,
-- until then, in the clear, never both.
alter table reimbursement_document
    add column file_name_enc text,
    add column content_enc   bytea,
    alter column file_name drop not null,
    alter column content drop not null,
    add constraint reimbursement_document_sealed_or_clear check (
        (content_enc is not null and file_name_enc is not null and content is null and file_name is null)
        or (content_enc is null and file_name_enc is null and content is not null and file_name is not null));
