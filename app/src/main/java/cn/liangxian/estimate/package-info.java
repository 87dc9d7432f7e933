/**
 * Estimates for the public: what the fund pays for a maternity event, the leave and allowance, and a
 * month's contributions, each with its explanation. One service serves the CLI, the REST API and the
 * calculator page, so all three give the same numbers.
 */
package cn.liangxian.estimate;
