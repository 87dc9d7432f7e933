-- Evidence files of an allowance claim (生育津贴证明材料): for a birth not settled here (elsewhere, outside the network)
-- the claim carries scans of the birth medical certificate, the discharge summary and the like. The type is the one
-- the content shows (PDF, PNG, JPEG), never the file name's. The content and the file name are personal data: stored
-- SM4-GCM encrypted (the key id in front, the claim bound as associated data); the SHA-256 is of the plain content.

create table allowance_evidence (
    id            bigint generated always as identity primary key,
    claim_id      bigint not null references allowance_claim (id),
    region_code   char(6) not null references region (region_code),
    file_name_enc text not null,
    content_type  text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes    integer not null check (size_bytes > 0),
    sha256        char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content_enc   bytea not null,
    uploaded_by   text not null,
    uploaded_role text not null,
    uploaded_at   timestamptz not null default now(),
    -- the same file twice on one claim is one file
    unique (claim_id, sha256)
);
create index allowance_evidence_claim on allowance_evidence (claim_id, id);
