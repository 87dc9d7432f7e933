package cn.liangxian.fund;

import cn.liangxian.policy.Bilingual;

/** What caused an entry. An entry is idempotent on its region, source type and source id. */
public enum SourceType implements Bilingual {
    /** 征缴核定: a monthly contribution assessment. */
    ASSESSMENT("征缴核定", "Contribution assessment"),
    /** 到账/支付文件: a bank or tax payment file (contributions received, payments made). */
    PAYMENT_FILE("支付文件", "Payment file"),
    /** 征缴到账: a contribution payment line of the tax bureau's payment file, matched by the collection. */
    CONTRIBUTION_RECEIPT("征缴到账", "Contribution received"),
    /** 医疗费用结算: a settlement with a contracted institution. */
    SETTLEMENT("结算", "Settlement"),
    /** 医疗机构月度清算: the payment order of an institution's monthly clearing (settlement). */
    CLEARING_ORDER("医疗机构月度清算", "Institution clearing payment order"),
    /** 生育津贴批次: an allowance payment batch. */
    ALLOWANCE_BATCH("生育津贴批次", "Allowance batch"),
    /** 生育津贴核定: an approved allowance claim, owed to its payee until a batch pays it. */
    ALLOWANCE_CLAIM("生育津贴核定", "Allowance claim approved"),
    /** 零星报销: a manual reimbursement, owed to the insured from its first payment batch until the bank pays it. */
    MANUAL_PAYMENT("零星报销", "Manual reimbursement"),
    /** 零星报销批次: a line of a reimbursement payment batch the bank paid. */
    REIMBURSEMENT_BATCH("零星报销批次", "Reimbursement batch"),
    /** 利息、财政补贴等基金收支. */
    FUND_TRANSACTION("基金收支", "Fund transaction"),
    /** 期初余额: opening balances when a region starts on the ledger. */
    OPENING_BALANCE("期初余额", "Opening balance"),
    /** 原生育保险基金清算并入. */
    LEGACY_CLEARING("原生育保险基金清算", "Legacy maternity fund clearing"),
    /** 冲销: written only by {@link Postings#reverse}. */
    REVERSAL("冲销", "Reversal");

    private final String zh;
    private final String en;

    SourceType(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    @Override
    public String zh() {
        return zh;
    }

    @Override
    public String en() {
        return en;
    }
}
