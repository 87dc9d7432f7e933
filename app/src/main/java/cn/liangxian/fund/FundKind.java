package cn.liangxian.fund;

import cn.liangxian.policy.Bilingual;

/** What a set of books accounts for. */
public enum FundKind implements Bilingual {
    /** 职工基本医疗保险统筹基金 (310): after the merger it also pays maternity benefits, as an item of its own. */
    EMPLOYEE_MEDICAL_POOLED("职工基本医疗保险统筹基金", "Employee medical insurance pooled fund", "310"),
    /** 职工基本医疗保险个人账户 (310). */
    EMPLOYEE_MEDICAL_PERSONAL("职工基本医疗保险个人账户", "Employee medical insurance personal accounts", "310"),
    /** 生育保险基金 (510), kept apart until the region's merger date, then cleared into the pooled fund. */
    MATERNITY_LEGACY("生育保险基金（合并实施前）", "Maternity insurance fund (before the merger)", "510");

    private final String zh;
    private final String en;
    private final String insuranceType;

    FundKind(String zh, String en, String insuranceType) {
        this.zh = zh;
        this.en = en;
        this.insuranceType = insuranceType;
    }

    /** The insurance type code (险种) of the fund: 310 or 510. */
    public String insuranceType() {
        return insuranceType;
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
