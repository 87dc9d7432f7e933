package cn.liangxian.policy.maternity;

import cn.liangxian.policy.Bilingual;

/** Which fund pays: the legacy maternity fund before the region's merger date, the merged fund's maternity item after. */
public enum PayingFund implements Bilingual {
    MATERNITY_FUND("生育保险基金", "Maternity insurance fund (510)"),
    EMPLOYEE_MEDICAL_MATERNITY_ITEM("职工基本医疗保险统筹基金·生育待遇支出项目",
            "Employee medical pooled fund (310), maternity expenditure item");

    private final String zh;
    private final String en;

    PayingFund(String zh, String en) {
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
