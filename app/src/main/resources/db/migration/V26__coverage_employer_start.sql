-- Coverage by employer now also ordered by start date: the speculative-enrollment rule
-- (EMPLOYER_ENROLLEES_CLAIM_SOON) asks for an employer's 510 enrollees whose coverage began within a window
-- before each delivery or miscarriage settled; with the start date in the index that is a range read of the
-- window instead of every period the employer ever had. The person is included so the read needs no table visit.
drop index if exists coverage_region_employer;
create index coverage_region_employer on coverage (region_code, employer_uscc, insurance_type, start_date)
    include (person_id);
