/**
 * Unified collection (统一征缴): the regional average wages the agency enters (four-eyes), employers' yearly
 * wage-base declarations clamped by the region's rule, the monthly assessment of a region (a restartable chunked
 * job; results versioned, later changes as supplementary versions, never overwritten), bills per payer and period,
 * the hand-off to the tax bureau (assessment export, payment-file import, reconciliation, posting of income
 * through {@link cn.liangxian.fund.Postings}), the clerks' exception queue, arrears with late fees and their
 * effect on benefits, contribution months per person, the collection rate and a rate-adjustment simulator.
 *
 * <p>Amounts come from the policy engine ({@link cn.liangxian.policy.contribution.ContributionSchedule}); this
 * package never computes a rate, base or fee of its own. It reads the registry's people, employers and coverage
 * (read-only, in bulk, for the monthly job) and writes only its own tables.
 */
package cn.liangxian.collection;
