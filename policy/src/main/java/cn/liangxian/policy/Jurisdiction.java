package cn.liangxian.policy;

import java.time.LocalDate;

/**
 * A pooling region or one of its parents (national, province). A jurisdiction inherits every parameter
 * from its parent and overrides only what differs. {@code rulesFrom} is the first date for which the
 * region's rules are encoded; earlier dates are refused rather than guessed.
 */
public record Jurisdiction(String code, String nameZh, String nameEn, String parentCode, LocalDate rulesFrom) {

    public boolean isRoot() {
        return parentCode == null;
    }
}
