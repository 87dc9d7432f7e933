package cn.liangxian.policy.maternity;

import cn.liangxian.policy.Bilingual;

import java.util.Optional;

/** Whose maternity event it is. */
public enum InsuredKind implements Bilingual {
    /** An employee insured through her employer (310 and so 510). */
    EMPLOYEE("在职职工", "Employee"),
    /** A flexible worker insured in 310 on her own account. */
    FLEXIBLE("灵活就业人员", "Flexible worker"),
    /** The uninsured (unemployed) wife of an insured man. */
    SPOUSE("参保男职工的未就业配偶", "Unemployed spouse of an insured man");

    private final String zh;
    private final String en;

    InsuredKind(String zh, String en) {
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

    public static Optional<InsuredKind> parse(String s) {
        return Bilingual.parse(InsuredKind.class, s);
    }
}
