package cn.liangxian.security.pii;

/** How personal data is shown by default: on screens, in logs and in exports. */
public final class Masking {

    private Masking() {
    }

    /** {@code 440106199001011234 → 4401**********1234}: the first and last four characters. */
    public static String idNumber(String id) {
        if (id == null || id.isEmpty()) {
            return id;
        }
        if (id.length() <= 8) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
    }

    /** {@code 张三 → 张*}, {@code 欧阳娜娜 → 欧***}: the first character only. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(name.codePointCount(first, name.length()));
    }

    /** {@code 13812345678 → 138****5678}. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** {@code 6222021234567890123 → ************0123}: the last four digits only. */
    public static String bankAccount(String account) {
        if (account == null || account.length() <= 4) {
            return account;
        }
        return "*".repeat(account.length() - 4) + account.substring(account.length() - 4);
    }
}
