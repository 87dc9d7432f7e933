/**
 * The insured person's self-service (个人服务): her timeline of coverage, contributions, maternity events and
 * benefits, and the 参保缴费及待遇证明 notice as a PDF. What the timeline shows comes from
 * {@link cn.liangxian.me.MeTimelineSource} beans: coverage, contribution months and maternity events here,
 * reimbursements in their own package; settlements and allowance claims are added by their features as beans.
 */
package cn.liangxian.me;
