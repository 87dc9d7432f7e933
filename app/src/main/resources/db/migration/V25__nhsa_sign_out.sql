-- 9002 签退: a sign-in ends when the hospital signs out; messages under its sign_no are refused afterwards.
alter table nhsa_sign_in
    add column signed_out_at timestamptz,
    add column signed_out_by varchar(20);
