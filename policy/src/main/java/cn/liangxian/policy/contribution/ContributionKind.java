package cn.liangxian.policy.contribution;

import cn.liangxian.policy.Bilingual;

import java.util.Optional;

/** Who pays: an employee with her employer, or a flexible worker on her own account. */
public enum ContributionKind implements Bilingual {
    EMPLOYEE("在职职工（单位+个人）", "Employee (employer + employee)"),
    FLEXIBLE("灵活就业人员（个人全额）", "Flexible worker (pays all)");

    private final String zh;
    private final String en;

    ContributionKind(String zh, String en) {
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

    public static Optional<ContributionKind> parse(String s) {
        return Bilingual.parse(ContributionKind.class, s);
    }
}
