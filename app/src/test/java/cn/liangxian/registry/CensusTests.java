package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.registry.Enrollments.Enrollee;
import cn.liangxian.registry.Enrollments.Source;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * 摸清底数: people with 310 and no 510 on a date, by employer, and the four-eyes bulk fix that enrolls them in
 * 510. Each test uses its own region's fresh employers and reads only its own people from the report.
 */
@AppTest
class CensusTests {

    static final String GZ = "440100";

    @Autowired
    Census census;
    @Autowired
    Enrollments enrollments;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;

    long legacy(LiangxianUser clerk, String employer, LocalDate start, LocalDate lastDay) {
        long p = users.person(GZ, TestUsers.womanId("440106"), "何敏");
        enrollments.enrollEmployee(clerk, Enrollee.of(p), employer, start, Set.of("310"), Source.LEGACY_IMPORT);
        if (lastDay != null) {
            enrollments.endEmployee(clerk, p, employer, lastDay, "离职");
        }
        return p;
    }

    static Census.EmployerGroup group(Census.Report r, String employer) {
        return r.employers().stream().filter(g -> g.employerUscc().equals(employer)).findFirst().orElse(null);
    }

    @Test
    void theCensusListsEmployeesWith310AndNo510ByEmployerAndTheApprovedFixEnrollsThemIn510() {
        LiangxianUser clerk = users.clerk(GZ);
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, GZ);
        String employer = users.employerIn(GZ, LocalDate.of(2010, 1, 1));
        long a = legacy(clerk, employer, LocalDate.of(2016, 3, 1), null);
        long b = legacy(clerk, employer, LocalDate.of(2018, 7, 1), null);
        long gone = legacy(clerk, employer, LocalDate.of(2017, 1, 1), LocalDate.of(2023, 6, 30));
        long fine = users.person(GZ, TestUsers.womanId("440106"), "邓洁");
        enrollments.enrollEmployee(clerk, Enrollee.of(fine), employer, LocalDate.of(2021, 1, 1), null, Source.ENROLLMENT);

        LocalDate date = LocalDate.of(2024, 1, 1);
        Census.EmployerGroup g = group(census.report(clerk, GZ, date), employer);
        assertThat(g.people()).extracting(Census.Line::personId).containsExactly(a, b);
        assertThat(g.employerName()).startsWith("测试单位");
        assertThat(g.people().get(0).name()).isEqualTo("何*");
        assertThat(g.people().get(0).medicalSince()).isEqualTo(LocalDate.of(2016, 3, 1));
        assertThat(group(census.report(clerk, GZ, LocalDate.of(2023, 6, 1)), employer).people())
                .extracting(Census.Line::personId).containsExactly(a, b, gone);

        Census.FixOutcome filed = census.requestFix(clerk, GZ, date, "摸清底数，补登生育保险");
        assertThat(filed.status()).isEqualTo("PENDING");
        assertThat(filed.people()).isGreaterThanOrEqualTo(2);
        // nothing happens before the approval
        assertThat(enrollments.coverageOn(a, "510", date)).isEmpty();
        ApprovalRequest r = fourEyes.visible(approver, filed.approvalId());
        assertThat(r.kind()).isEqualTo("census_fix");
        assertThat(r.payload()).contains(String.valueOf(a), String.valueOf(b)).doesNotContain("\"" + fine + "\"");

        fourEyes.approve(approver, filed.approvalId(), "已核对名单");
        Enrollments.Period fixed = enrollments.coverageOn(a, "510", date).orElseThrow();
        assertThat(fixed.startDate()).isEqualTo(date);
        assertThat(fixed.endDate()).isNull();
        assertThat(fixed.employerUscc()).isEqualTo(employer);
        assertThat(fixed.source()).isEqualTo("CENSUS_FIX");
        assertThat(enrollments.maternityCoverageOn(b, date).covered()).isTrue();
        assertThat(enrollments.maternityCoverageOn(b, date.minusDays(1)).covered()).isFalse();
        assertThat(group(census.report(clerk, GZ, date), employer)).isNull();
        // the person who left before the date is untouched
        assertThat(jdbc.sql("select count(*) from coverage where person_id = ? and insurance_type = '510'").param(gone)
                .query(Integer.class).single()).isZero();
        // leaving later ends the fixed 510 together with the 310
        enrollments.endEmployee(clerk, a, employer, LocalDate.of(2025, 2, 28), "离职");
        assertThat(enrollments.coverageOn(a, "510", LocalDate.of(2025, 2, 28))).isPresent();
        assertThat(enrollments.coverageOn(a, "510", LocalDate.of(2025, 3, 1))).isEmpty();
    }

    @Test
    void aRejectedFixChangesNothingAndTheMakerCannotApproveHerOwn() {
        LiangxianUser clerk = users.clerk(GZ);
        String employer = users.employerIn(GZ, LocalDate.of(2010, 1, 1));
        long a = legacy(clerk, employer, LocalDate.of(2015, 1, 1), null);
        LocalDate date = LocalDate.of(2024, 6, 1);
        Census.FixOutcome filed = census.requestFix(clerk, GZ, date, "补登");
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, GZ);
        fourEyes.reject(approver, filed.approvalId(), "名单有误");
        assertThat(enrollments.coverageOn(a, "510", date)).isEmpty();
        assertThat(group(census.report(clerk, GZ, date), employer).people()).extracting(Census.Line::personId)
                .contains(a);
        Census.FixOutcome again = census.requestFix(clerk, GZ, date, "补登");
        assertThat(EnrollmentTests.code(() -> fourEyes.approve(clerk, again.approvalId(), "自己批")))
                .isIn("FORBIDDEN", "SELF_APPROVAL");
    }

    @Test
    void theFixOfAPeriodThatEndsStopsAtItsEnd() {
        LiangxianUser clerk = users.clerk(GZ);
        String employer = users.employerIn(GZ, LocalDate.of(2010, 1, 1));
        long a = legacy(clerk, employer, LocalDate.of(2015, 1, 1), LocalDate.of(2024, 12, 31));
        LocalDate date = LocalDate.of(2024, 3, 1);
        Census.FixOutcome filed = census.requestFix(clerk, GZ, date, "补登");
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, GZ), filed.approvalId(), "同意");
        Enrollments.Period fixed = enrollments.coverageOn(a, "510", date).orElseThrow();
        assertThat(fixed.endDate()).isEqualTo(LocalDate.of(2024, 12, 31));
    }

    @Test
    void theCensusIsForAgencyStaffOfTheRegionAndTheFixStartsOnOrAfterTheMerger() {
        LiangxianUser clerk = users.clerk(GZ);
        assertThat(EnrollmentTests.code(() -> census.report(users.clerk("500000"), GZ, LocalDate.of(2024, 1, 1))))
                .isEqualTo("NOT_FOUND");
        assertThat(EnrollmentTests.code(() -> census.report(users.staff(Role.FINANCE, GZ), GZ, LocalDate.of(2024, 1, 1))))
                .isEqualTo("FORBIDDEN");
        assertThat(EnrollmentTests.code(() -> census.report(users.employer(TestUsers.uscc(GZ)), GZ,
                LocalDate.of(2024, 1, 1)))).isEqualTo("FORBIDDEN");
        assertThat(EnrollmentTests.code(() -> census.requestFix(clerk, GZ, LocalDate.of(2019, 12, 31), "补登")))
                .isEqualTo("CENSUS_BEFORE_MERGER");
        assertThat(EnrollmentTests.code(() -> census.requestFix(users.staff(Role.SUPERVISOR, GZ), GZ,
                LocalDate.of(2024, 1, 1), "补登"))).isEqualTo("FORBIDDEN");
    }
}
