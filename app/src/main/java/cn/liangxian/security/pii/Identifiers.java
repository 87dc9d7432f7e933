package cn.liangxian.security.pii;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of the identifiers people and employers give us. Each check returns a {@link Check} that
 * says why a value is refused, in Chinese and English, so a clerk can tell the person what to fix.
 */
public final class Identifiers {

    private Identifiers() {
    }

    /** The outcome of a check: valid, or the reason it is not. */
    public record Check(boolean valid, String code, String reasonZh, String reasonEn) {
        static Check ok() {
            return new Check(true, null, null, null);
        }

        static Check bad(String code, String zh, String en) {
            return new Check(false, code, zh, en);
        }
    }

    /** A citizen ID number that passed its check, with what it tells. */
    public record CitizenId(String number, String regionPrefix, LocalDate birthDate, boolean male) {
    }

    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String ID_CHECK = "10X98765432";
    /** Province-level codes of GB/T 2260 (the first two digits of an address code), plus HK, Macao, Taiwan. */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
            "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65", "71", "81", "82");
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** GB 11643: 17 digits and a check character (0-9 or X); a real birth date; a known province prefix. */
    public static Check citizenId(String id, LocalDate today) {
        if (id == null || !id.matches("[0-9]{17}[0-9Xx]")) {
            return Check.bad("INVALID_CITIZEN_ID", "公民身份号码应为18位（前17位数字，末位数字或X）",
                    "A citizen ID number has 18 characters: 17 digits and a digit or X");
        }
        String n = id.toUpperCase(java.util.Locale.ROOT);
        if (!gb11643(n)) {
            return Check.bad("INVALID_CITIZEN_ID", "公民身份号码校验码不正确", "The citizen ID number's check character is wrong");
        }
        LocalDate birth;
        try {
            birth = LocalDate.parse(n.substring(6, 14), BIRTH);
        } catch (DateTimeParseException e) {
            return Check.bad("INVALID_CITIZEN_ID", "公民身份号码中的出生日期无效", "The birth date in the citizen ID number is not a date");
        }
        if (birth.isAfter(today) || birth.getYear() < 1900) {
            return Check.bad("INVALID_CITIZEN_ID", "公民身份号码中的出生日期不合理", "The birth date in the citizen ID number is implausible");
        }
        if (!PROVINCES.contains(n.substring(0, 2))) {
            return Check.bad("INVALID_CITIZEN_ID", "公民身份号码的行政区划代码未知", "The citizen ID number's region prefix is unknown");
        }
        return Check.ok();
    }

    /** Reads a valid citizen ID number: region prefix, birth date and sex (odd sequence digit = male). */
    public static CitizenId parseCitizenId(String id, LocalDate today) {
        Check c = citizenId(id, today);
        if (!c.valid()) {
            throw new IllegalArgumentException(c.reasonEn());
        }
        String n = id.toUpperCase(java.util.Locale.ROOT);
        return new CitizenId(n, n.substring(0, 6), LocalDate.parse(n.substring(6, 14), BIRTH),
                (n.charAt(16) - '0') % 2 == 1);
    }

    /** The certificates a person is identified by (证件类型). */
    public enum CertType implements cn.liangxian.policy.Bilingual {
        RESIDENT_ID("居民身份证", "Resident identity card"),
        HK_MACAO_RESIDENCE("港澳居民居住证", "Residence permit for Hong Kong and Macao residents"),
        TAIWAN_RESIDENCE("台湾居民居住证", "Residence permit for Taiwan residents"),
        FOREIGN_PERMANENT_RESIDENCE("外国人永久居留身份证", "Foreign permanent resident ID card");

        private final String zh;
        private final String en;

        CertType(String zh, String en) {
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

        /** The blind-index kind of this certificate's numbers (resident IDs keep their original kind). */
        public String indexKind() {
            return this == RESIDENT_ID ? "citizen-id" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A certificate that passed its check, with the birth date and sex it tells (sex null when it tells none). */
    public record Certificate(CertType type, String number, LocalDate birthDate, Boolean male) {
    }

    private static final java.time.format.DateTimeFormatter SHORT_BIRTH = DateTimeFormatter.ofPattern("uuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * Checks a certificate number by its type. Residence permits of Hong Kong, Macao (address code 810000,
     * 820000) and Taiwan (830000) residents follow GB 11643 like the resident ID. The foreign permanent
     * resident ID card of 2023 has 18 characters starting with 9 (province, nationality, birth date,
     * sequence, GB 11643 check); the earlier card has 15: three letters of nationality and 12 digits
     * (province, birth date yyMMdd, sequence, check).
     */
    public static Check certificate(CertType type, String number, LocalDate today) {
        return parse(type, number, today) instanceof Check c ? c : Check.ok();
    }

    /** Reads a valid certificate; throws {@link IllegalArgumentException} with the reason for an invalid one. */
    public static Certificate parseCertificate(CertType type, String number, LocalDate today) {
        Object r = parse(type, number, today);
        if (r instanceof Check c) {
            throw new IllegalArgumentException(c.reasonEn());
        }
        return (Certificate) r;
    }

    private static Object parse(CertType type, String number, LocalDate today) {
        if (number == null) {
            return Check.bad("INVALID_CERTIFICATE", "证件号码不能为空", "The certificate number is missing");
        }
        String n = number.trim().toUpperCase(java.util.Locale.ROOT);
        switch (type) {
            case RESIDENT_ID -> {
                Check c = citizenId(n, today);
                if (!c.valid()) {
                    return c;
                }
                CitizenId id = parseCitizenId(n, today);
                return new Certificate(type, n, id.birthDate(), id.male());
            }
            case HK_MACAO_RESIDENCE, TAIWAN_RESIDENCE -> {
                boolean taiwan = type == CertType.TAIWAN_RESIDENCE;
                String prefixes = taiwan ? "830000" : "810000 或 820000";
                boolean prefixOk = taiwan ? n.startsWith("830000") : n.startsWith("810000") || n.startsWith("820000");
                if (!prefixOk) {
                    return Check.bad("INVALID_CERTIFICATE", "居住证号码应以 " + prefixes + " 开头",
                            "This residence permit number starts with " + prefixes.replace(" 或 ", " or "));
                }
                if (!n.matches("[0-9]{17}[0-9X]") || !gb11643(n)) {
                    return Check.bad("INVALID_CERTIFICATE", "居住证号码应为18位且校验码正确",
                            "A residence permit number has 18 characters with a valid check character");
                }
                LocalDate birth = birth(n.substring(6, 14), BIRTH, today);
                if (birth == null) {
                    return Check.bad("INVALID_CERTIFICATE", "居住证号码中的出生日期无效",
                            "The birth date in the residence permit number is not valid");
                }
                return new Certificate(type, n, birth, (n.charAt(16) - '0') % 2 == 1);
            }
            case FOREIGN_PERMANENT_RESIDENCE -> {
                if (n.matches("9[0-9]{16}[0-9X]")) {
                    if (!PROVINCES.contains(n.substring(1, 3))) {
                        return Check.bad("INVALID_CERTIFICATE", "永久居留身份证的受理地代码未知",
                                "The permanent resident ID's province code is unknown");
                    }
                    if (!gb11643(n)) {
                        return Check.bad("INVALID_CERTIFICATE", "永久居留身份证号码校验码不正确",
                                "The permanent resident ID's check character is wrong");
                    }
                    LocalDate birth = birth(n.substring(6, 14), BIRTH, today);
                    if (birth == null) {
                        return Check.bad("INVALID_CERTIFICATE", "永久居留身份证号码中的出生日期无效",
                                "The birth date in the permanent resident ID is not valid");
                    }
                    return new Certificate(type, n, birth, (n.charAt(16) - '0') % 2 == 1);
                }
                if (n.matches("[A-Z]{3}[0-9]{12}")) {
                    LocalDate birth = birth(n.substring(5, 11), SHORT_BIRTH, today);
                    if (birth != null && birth.isAfter(today)) {
                        birth = birth.minusYears(100);
                    }
                    if (birth == null) {
                        return Check.bad("INVALID_CERTIFICATE", "永久居留身份证号码中的出生日期无效",
                                "The birth date in the permanent resident ID is not valid");
                    }
                    return new Certificate(type, n, birth, null);
                }
                return Check.bad("INVALID_CERTIFICATE", "永久居留身份证号码应为以9开头的18位，或3个字母加12位数字（旧版）",
                        "A permanent resident ID has 18 characters starting with 9, or 3 letters and 12 digits (old card)");
            }
            default -> throw new IllegalArgumentException(type.name());
        }
    }

    private static LocalDate birth(String digits, DateTimeFormatter format, LocalDate today) {
        try {
            LocalDate d = LocalDate.parse(digits, format);
            return format == BIRTH && (d.isAfter(today) || d.getYear() < 1900) ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean gb11643(String n) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (n.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11) == n.charAt(17);
    }

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

    /** GB 32100: 18 characters from the 31-character set (no I, O, S, V, Z) with a check character. */
    public static Check uscc(String code) {
        if (code == null || code.length() != 18) {
            return Check.bad("INVALID_USCC", "统一社会信用代码应为18位", "A unified social credit code has 18 characters");
        }
        String c = code.toUpperCase(java.util.Locale.ROOT);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = USCC_CHARS.indexOf(c.charAt(i));
            if (v < 0) {
                return Check.bad("INVALID_USCC", "统一社会信用代码含有不允许的字符：" + c.charAt(i),
                        "The unified social credit code contains a character not allowed: " + c.charAt(i));
            }
            sum += v * USCC_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        if (USCC_CHARS.charAt(check) != c.charAt(17)) {
            return Check.bad("INVALID_USCC", "统一社会信用代码校验码不正确", "The unified social credit code's check character is wrong");
        }
        return Check.ok();
    }

    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    /** A mainland mobile number: 11 digits starting 13–19. */
    public static Check mobile(String phone) {
        if (phone == null || !MOBILE.matcher(phone).matches()) {
            return Check.bad("INVALID_PHONE", "手机号码应为以13至19开头的11位数字", "A mobile number has 11 digits starting 13 to 19");
        }
        return Check.ok();
    }

    /**
     * A bank account: 8 to 30 digits. Card numbers (16 to 19 digits starting 4, 5 or 6, the UnionPay and
     * card-scheme ranges) must also pass the Luhn check; other account numbers have no public check digit.
     */
    public static Check bankAccount(String account) {
        if (account == null || !account.matches("[0-9]{8,30}")) {
            return Check.bad("INVALID_BANK_ACCOUNT", "银行账号应为8至30位数字", "A bank account has 8 to 30 digits");
        }
        boolean card = account.length() >= 16 && account.length() <= 19 && "456".indexOf(account.charAt(0)) >= 0;
        if (card && !luhn(account)) {
            return Check.bad("INVALID_BANK_ACCOUNT", "银行卡号校验位不正确", "The bank card number fails its check digit (Luhn)");
        }
        return Check.ok();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
