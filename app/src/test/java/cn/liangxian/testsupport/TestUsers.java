package cn.liangxian.testsupport;

import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;


import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.ApiTokens;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.UserAccounts;

/** Builds the people and users a test needs, each unique, through the real services. */
@org.springframework.boot.test.context.TestComponent
public class TestUsers {

    public static final String PASSWORD = "Test#Password-2026";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final UserAccounts accounts;
    private final ApiTokens tokens;
    private final PersonDirectory persons;
    private final EmployerRegistry employers;

    TestUsers(UserAccounts accounts, ApiTokens tokens, PersonDirectory persons, EmployerRegistry employers) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.persons = persons;
        this.employers = employers;
    }

    /** A valid unified social credit code (GB 32100), unique per call, of an enterprise in the region. */
    public static String uscc(String regionCode) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] w = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
        String org = String.format("%09d", (SEQ.incrementAndGet() * 7919L + ThreadLocalRandom.current().nextInt(1000))
                % 1_000_000_000L);
        String body = "91" + regionCode + org;
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(body.charAt(i)) * w[i];
        }
        return body + chars.charAt((31 - sum % 31) % 31);
    }

    /** A valid female resident ID number (even sequence digit) with the given six-digit prefix. */
    public static String womanId(String regionPrefix) {
        String id;
        do {
            id = citizenId(regionPrefix);
        } while ((id.charAt(16) - '0') % 2 == 1);
        return id;
    }

    /** A valid male resident ID number (odd sequence digit) with the given six-digit prefix. */
    public static String manId(String regionPrefix) {
        String id;
        do {
            id = citizenId(regionPrefix);
        } while ((id.charAt(16) - '0') % 2 == 0);
        return id;
    }

    /** Registers an active enterprise in the region from {@code activeFrom}, through the real service. */
    public String employerIn(String region, java.time.LocalDate activeFrom) {
        String code = uscc(region);
        employers.register(clerk(region), new EmployerRegistry.NewEmployer(region, code, "测试单位" + code.substring(8, 12)
                + "有限公司", EmployerRegistry.EmployerType.ENTERPRISE, "制造业", "测试路1号", "李四", "13900000000", "测试银行",
                "6222020200000000006", activeFrom));
        return code;
    }

    /** A valid citizen ID number, unique per call, with the given six-digit region prefix. */
    public static String citizenId(String regionPrefix) {
        int n = SEQ.incrementAndGet();
        LocalDate birth = LocalDate.of(1980, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 9000));
        String body = regionPrefix + birth.toString().replace("-", "") + String.format("%03d", n % 1000);
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    public long person(String region, String idNumber, String name) {
        return persons.register(region, idNumber, name, "13912345678", LocalDate.now());
    }

    public long person(String region) {
        return person(region, citizenId(region.startsWith("00") ? "110105" : region.substring(0, 4) + "02"), "测试人");
    }

    public LiangxianUser user(Role role, Set<String> regions, String employerUscc, Long personId, String institution) {
        String username = role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "." + SEQ.incrementAndGet()
                + "." + ThreadLocalRandom.current().nextInt(100000);
        accounts.create(new UserAccounts.NewAccount(username, PASSWORD, "测试用户", role, regions, employerUscc, personId,
                institution));
        return accounts.find(username).orElseThrow();
    }

    public LiangxianUser clerk(String region) {
        return user(Role.AGENCY_CLERK, Set.of(region), null, null, null);
    }

    public LiangxianUser staff(Role role, String region) {
        return user(role, Set.of(region), null, null, null);
    }

    public LiangxianUser insured(long personId) {
        return user(Role.INSURED, Set.of(), null, personId, null);
    }

    public LiangxianUser employer(String uscc) {
        return user(Role.EMPLOYER_HR, Set.of(), uscc, null, null);
    }

    public LiangxianUser hospital(String institution) {
        return user(Role.HOSPITAL, Set.of(), null, null, institution);
    }

    public String tokenFor(LiangxianUser u) {
        return tokens.issue(u, "test").token();
    }
}
