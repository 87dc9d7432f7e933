/**
 * The fund: a double-entry ledger per pooling region with one set of books per fund (the employee medical
 * pooled fund, which carries the maternity benefit item after the merger; the personal accounts; the legacy
 * maternity fund and, where a region had them, its districts' legacy funds), a chart of accounts loaded from
 * {@code fund/chart-of-accounts.yaml}, append-only balanced journal entries and month closes.
 *
 * <p>The module's API: {@link cn.liangxian.fund.Postings} for features that post (inside their own
 * transaction, idempotent on their source), {@link cn.liangxian.fund.FundLedger} for people (reading, month
 * close, reversals through four-eyes), the records they answer with, and the events {@link
 * cn.liangxian.fund.EntryPosted} and {@link cn.liangxian.fund.MonthClosed}; and on top of the ledger
 * {@link cn.liangxian.fund.LegacyFundClearing} (the legacy maternity fund cleared into the pooled fund on the merger
 * date, and which book pays a maternity payment), {@link cn.liangxian.fund.FundStatements} (trial balance, income and
 * expenditure statement, balance sheet), {@link cn.liangxian.fund.FundBudgets} (budgets, their execution, district
 * deficit sharing), {@link cn.liangxian.fund.FundRisk} (risk indicators) and {@link cn.liangxian.fund.FundDisclosure}
 * (the public yearly summary). Everything else is package-private. Nothing outside this package writes the fund's
 * tables.
 */
package cn.liangxian.fund;
