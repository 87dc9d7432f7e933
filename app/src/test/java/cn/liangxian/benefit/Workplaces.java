package cn.liangxian.benefit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import cn.liangxian.collection.WageBases;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.TestUsers;

/** The allowance tests' workplace: an employer of the region with a woman and a colleague, their wages declared. */
final class Workplaces {

    /** The employer (active a year before {@code since}), the woman and her colleague (enrolled from {@code since}). */
    record Workplace(String region, String uscc, long woman, long colleague) {
    }

    private Workplaces() {
    }

    static Workplace employ(TestUsers users, Enrollments enrollments, WageBases wageBases, String region,
            String idPrefix, LocalDate since, int year, String herName, String herWage, String colleagueName,
            String colleagueWage) {
        String uscc = users.employerIn(region, since.minusYears(1));
        LiangxianUser clerk = users.clerk(region);
        long woman = users.person(region, TestUsers.womanId(idPrefix), herName);
        long colleague = users.person(region, TestUsers.womanId(idPrefix), colleagueName);
        for (long p : List.of(woman, colleague)) {
            enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(p), uscc, since, null, Enrollments.Source.ENROLLMENT);
        }
        wageBases.declare(clerk, uscc, year, List.of(new WageBases.Line(woman, null, null, null, new BigDecimal(herWage)),
                new WageBases.Line(colleague, null, null, null, new BigDecimal(colleagueWage))));
        return new Workplace(region, uscc, woman, colleague);
    }
}
