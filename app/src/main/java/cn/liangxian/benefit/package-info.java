/**
 * Benefits paid to people: the maternity allowance (生育津贴) from the claim to the bank's return file, with its
 * notices, the employer's and the agency's pages and the insured woman's timeline.
 */
package cn.liangxian.benefit;
