-- Lookups on the settlement path that grew with the number of settlements (sequential scans):
-- the reversals of an encounter's charge batch, counted for the hospital's serial of each settlement (2207/2304),
-- and the fee lines of a settlement, freed by its reversal (2208/2305).
create index settlement_encounter on settlement (encounter_id, chrg_bchno);
create index fee_detail_settlement on fee_detail (settlement_id) where settlement_id is not null;
