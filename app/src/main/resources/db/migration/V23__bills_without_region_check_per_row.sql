-- A bill's region is its assessment run's (assessment_run references region), and bills are written only by the
-- run that finishes an assessment: some hundred thousand rows at once for a city (every flexible worker has a bill
-- of her own). The foreign key to region checked each of them one by one and cost more than writing them; like
-- the assessment rows themselves, bills rely on their run for the region.
alter table collection_bill drop constraint collection_bill_region_code_fkey;
