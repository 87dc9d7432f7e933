package cn.liangxian.institution;

/** What a clerk enters to register a contracted institution. The bank account is optional. */
public record NewInstitution(String code, String name, InstitutionLevel level, InstitutionType type, String bankName,
        String bankAccount) {
}
