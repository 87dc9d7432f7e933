/**
 * The fund: a double-entry ledger per pooling region with one set of books per fund (the employee medical
 * pooled fund, which carries the maternity benefit item after the merger; the personal accounts; the legacy
 * maternity fund and, where a region had them, its districts' legacy funds), a chart of accounts loaded from
 * {@code fund/chart-of-accounts.yaml}, append-only balanced journal entries and month closes.
 *
 * <p>The module's API: {@link cn.liangxian.fund.Postings} for features that post (inside their own
 * transaction, idempotent on their source), {@link cn.liangxian.fund.FundLedger} for people (reading, month
 * close, reversals through four-eyes), the records they answer with, and the events {@link
 * cn.liangxian.fund.EntryPosted} and {@link cn.liangxian.fund.MonthClosed}. Everything else is package-private.
 * Nothing outside this package writes the fund's tables.
 */
package cn.liangxian.fund;
