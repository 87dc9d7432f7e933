package cn.liangxian.institution;

/**
 * A contracted institution as shown: its code (医药机构编码, unique across regions), region, name, level and
 * type (names of {@link InstitutionLevel} and {@link InstitutionType}), bank and masked bank account, and
 * whether it is active.
 */
public record Institution(String code, String regionCode, String name, String level, String type, String bankName,
        String bankAccountMasked, boolean active) {

    public InstitutionLevel levelValue() {
        return InstitutionLevel.valueOf(level);
    }

    public InstitutionType typeValue() {
        return InstitutionType.valueOf(type);
    }
}
