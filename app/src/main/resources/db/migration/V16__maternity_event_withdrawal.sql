-- A maternity event whose source was undone (a hospital settlement reversed by 2208/2305) is withdrawn, not
-- deleted: the row stays with when and why; every reader of the registry's events leaves it out.
alter table maternity_event add column withdrawn_at timestamptz, add column withdrawn_reason text;
alter table maternity_event add constraint maternity_event_withdrawal_reason
    check ((withdrawn_at is null) = (withdrawn_reason is null));
