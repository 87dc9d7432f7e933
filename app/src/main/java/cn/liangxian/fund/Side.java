package cn.liangxian.fund;

import cn.liangxian.policy.Bilingual;

/** The side of a leg: 借 (debit) or 贷 (credit). */
public enum Side implements Bilingual {
    DEBIT("借", "Debit"),
    CREDIT("贷", "Credit");

    private final String zh;
    private final String en;

    Side(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public Side opposite() {
        return this == DEBIT ? CREDIT : DEBIT;
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
