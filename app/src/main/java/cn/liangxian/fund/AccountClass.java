package cn.liangxian.fund;

import cn.liangxian.policy.Bilingual;

/** The five classes of the social insurance fund chart (资产、负债、净资产（基金结余）、收入、支出). */
public enum AccountClass implements Bilingual {
    ASSET("资产", "Asset", Side.DEBIT),
    LIABILITY("负债", "Liability", Side.CREDIT),
    FUND_BALANCE("基金结余", "Fund balance", Side.CREDIT),
    INCOME("收入", "Income", Side.CREDIT),
    EXPENDITURE("支出", "Expenditure", Side.DEBIT);

    private final String zh;
    private final String en;
    private final Side normalSide;

    AccountClass(String zh, String en, Side normalSide) {
        this.zh = zh;
        this.en = en;
        this.normalSide = normalSide;
    }

    /** The side on which the class's balances are normally kept (余额方向). */
    public Side normalSide() {
        return normalSide;
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
