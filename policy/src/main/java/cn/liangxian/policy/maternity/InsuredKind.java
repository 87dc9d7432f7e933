package cn.liangxian.policy.maternity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whose maternity event it is. */
public enum InsuredKind {
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

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public static Optional<InsuredKind> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String n = s.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.name().equals(n)).findFirst();
    }
}
