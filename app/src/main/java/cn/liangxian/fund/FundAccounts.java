package cn.liangxian.fund;

import java.util.List;

/** Account codes of the standard chart ({@code fund/chart-of-accounts.yaml}) that the fund's own features post to or read. */
public final class FundAccounts {

    /** 统筹基金待遇支出 → 生育待遇支出 (the merged fund's maternity item) and its two leaves. */
    public static final String POOLED_MATERNITY_ITEM = "50010102";
    public static final String POOLED_MATERNITY_MEDICAL = "5001010201";
    public static final String POOLED_MATERNITY_ALLOWANCE = "5001010202";
    /** The legacy fund's 生育保险待遇支出 and its two leaves. */
    public static final String LEGACY_MATERNITY_ITEM = "500103";
    public static final String LEGACY_MATERNITY_MEDICAL = "50010301";
    public static final String LEGACY_MATERNITY_ALLOWANCE = "50010302";
    /** 并入职工医保统筹基金转出 (legacy book) and 原生育保险基金并入收入 (pooled book). */
    public static final String TRANSFER_OUT = "500201";
    public static final String TRANSFER_IN = "400601";
    /** 应收区县缺口分担款 and 财政补贴收入: a district's share of its deficit. */
    public static final String DISTRICT_RECEIVABLE = "110103";
    public static final String FISCAL_SUBSIDY = "4002";
    /** 基金结余. */
    public static final String FUND_BALANCE = "3001";
    /** 社会保险待遇支出 (all benefits). */
    public static final String BENEFITS = "5001";
    /** Cash: 收入户存款, 财政专户存款, 支出户存款. */
    public static final List<String> CASH = List.of("1002", "1003", "1004");
    /** Receivables (暂付款 and its children). */
    public static final String RECEIVABLES = "1101";
    /** 应付零星报销款: a manual reimbursement owed from its payment batch until the bank has paid it. */
    public static final String REIMBURSEMENTS_PAYABLE = "2203";
    /** The expenditure account (支出户存款) that benefits are paid from. */
    public static final String PAYMENT_ACCOUNT = "1004";
    /** Payables: 暂收款, 应付定点医疗机构款, 应付生育津贴, 应付零星报销款. */
    public static final List<String> PAYABLES = List.of("2101", "2201", "2202", REIMBURSEMENTS_PAYABLE);

    private FundAccounts() {
    }

    /** Whether an account is a maternity benefit line (the merged fund's item or the legacy fund's benefits). */
    public static boolean isMaternity(String code) {
        return code.startsWith(POOLED_MATERNITY_ITEM) || code.startsWith(LEGACY_MATERNITY_ITEM);
    }
}
