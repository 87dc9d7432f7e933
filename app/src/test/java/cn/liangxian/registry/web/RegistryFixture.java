package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.TestUsers;

/** Employers with valid codes, women and men with valid ID numbers, and their enrollments, through the real services. */
final class RegistryFixture {

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    private static final AtomicInteger SEQ = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    private final EmployerRegistry employers;
    private final PersonDirectory persons;
    private final Enrollments enrollments;
    private final TestUsers users;

    RegistryFixture(EmployerRegistry employers, PersonDirectory persons, Enrollments enrollments, TestUsers users) {
        this.employers = employers;
        this.persons = persons;
        this.enrollments = enrollments;
        this.users = users;
    }

    /** A unified social credit code of an enterprise in the region, unique per call, with its GB 32100 check character. */
    static String uscc(String region) {
        String body = "91" + region + String.format("%09d", SEQ.incrementAndGet() % 1_000_000_000);
        return body + check(body);
    }

    static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
        }
        return USCC_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** A woman's citizen ID number (even 17th digit). */
    static String femaleId(String prefix) {
        return id(prefix, false);
    }

    /** A man's citizen ID number (odd 17th digit). */
    static String maleId(String prefix) {
        return id(prefix, true);
    }

    private static String id(String prefix, boolean male) {
        while (true) {
            String id = TestUsers.citizenId(prefix);
            if ((id.charAt(16) - '0') % 2 == (male ? 1 : 0)) {
                return id;
            }
        }
    }

    /** Registers an employer active from {@code from} and returns its code. */
    String employer(String region, String name, LocalDate from) {
        LiangxianUser clerk = users.clerk(region);
        String uscc = uscc(region);
        employers.register(clerk, new EmployerRegistry.NewEmployer(region, uscc, name,
                EmployerRegistry.EmployerType.ENTERPRISE, "制造业", "测试路1号", null, null, null, null, from));
        return uscc;
    }

    long woman(String region, String name) {
        return persons.register(region, femaleId(prefix(region)), name, "13912345678", LocalDate.now());
    }

    long man(String region, String name) {
        return persons.register(region, maleId(prefix(region)), name, "13812345678", LocalDate.now());
    }

    /** Enrolls a person as an employee in 310 and 510 from {@code start}. */
    void enroll(long personId, String uscc, LocalDate start) {
        String region = employers.regionOf(uscc).orElseThrow();
        enrollments.enrollEmployee(users.clerk(region), Enrollments.Enrollee.of(personId), uscc, start, null,
                Enrollments.Source.ENROLLMENT);
    }

    /** Imported history before the merger: 310 only, open, which the census finds after the merger. */
    void legacyMedicalOnly(long personId, String uscc, LocalDate start) {
        String region = employers.regionOf(uscc).orElseThrow();
        enrollments.enrollEmployee(users.clerk(region), Enrollments.Enrollee.of(personId), uscc, start,
                java.util.Set.of(Enrollments.MEDICAL), Enrollments.Source.LEGACY_IMPORT);
    }

    static String prefix(String region) {
        return region.substring(0, 4) + "02";
    }
}
