package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.TestUsers;

/** Employers, employees, flexible workers and their declarations for collection tests, through the real services. */
final class CollectionFixture {

    final TestUsers users;
    final Enrollments enrollments;
    final WageBases wageBases;
    final String region;
    final LiangxianUser clerk;

    CollectionFixture(TestUsers users, Enrollments enrollments, WageBases wageBases, String region) {
        this.users = users;
        this.enrollments = enrollments;
        this.wageBases = wageBases;
        this.region = region;
        this.clerk = users.clerk(region);
    }

    /** A valid citizen number of someone born in the region's province. */
    String idNumber() {
        return TestUsers.citizenId(region.substring(0, 4) + "02");
    }

    String employer(LocalDate activeFrom) {
        return users.employerIn(region, activeFrom);
    }

    long person() {
        return users.person(region, idNumber(), "测试人");
    }

    /** An employee of the employer (310 and 510, or 310 only before the merger when asked) from a date. */
    long employee(String uscc, LocalDate from) {
        long p = person();
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(p), uscc, from, null, Enrollments.Source.ENROLLMENT);
        return p;
    }

    long employeeWithout510(String uscc, LocalDate from) {
        long p = person();
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(p), uscc, from, Set.of("310"),
                Enrollments.Source.LEGACY_IMPORT);
        return p;
    }

    long flexible(LocalDate from) {
        long p = person();
        enrollments.enrollFlexible(clerk, p, from);
        return p;
    }

    List<Long> employees(String uscc, LocalDate from, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(employee(uscc, from));
        }
        return out;
    }

    /** Declares one wage per person for the year, by the clerk, through the API service. */
    WageBases.Declaration declare(String uscc, int year, List<Long> people, String... wages) {
        List<WageBases.Line> lines = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            lines.add(new WageBases.Line(people.get(i), null, null, null, new BigDecimal(wages[i])));
        }
        return wageBases.declare(clerk, uscc, year, lines);
    }
}
