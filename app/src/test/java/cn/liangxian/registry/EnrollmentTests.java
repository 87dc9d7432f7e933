package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.Enrollments.Enrollee;
import cn.liangxian.registry.Enrollments.Period;
import cn.liangxian.registry.Enrollments.Source;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/** Unified enrollment: 310 and 510 in one act, ends together, transfers without gap or overlap, the merger rule. */
@AppTest
class EnrollmentTests {

    static final String CZ = "320400";
    static final LocalDate MERGER = LocalDate.of(2020, 1, 1);

    @Autowired
    Enrollments enrollments;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    PersonDirectory persons;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;

    LiangxianUser clerk() {
        return users.clerk(CZ);
    }

    long woman(String region) {
        return users.person(region, TestUsers.womanId(region.substring(0, 4) + "02"), "孙丽");
    }

    long man(String region) {
        return users.person(region, TestUsers.manId(region.substring(0, 4) + "02"), "周强");
    }

    int coverageRows(long personId) {
        return jdbc.sql("select count(*) from coverage where person_id = ?").param(personId).query(Integer.class).single();
    }

    static String code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void enrollingAnEmployeeAfterTheMergerCoversHerIn310And510FromTheSameDate() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        List<Period> created = enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2023, 3, 1),
                null, Source.ENROLLMENT);
        assertThat(created).extracting(Period::insuranceType).containsExactly("310", "510");
        assertThat(created).allSatisfy(c -> {
            assertThat(c.startDate()).isEqualTo(LocalDate.of(2023, 3, 1));
            assertThat(c.employerUscc()).isEqualTo(employer);
            assertThat(c.basis()).isEqualTo("EMPLOYEE");
            assertThat(c.endDate()).isNull();
        });
        Enrollments.MaternityCoverage on = enrollments.maternityCoverageOn(p, LocalDate.of(2023, 3, 1));
        assertThat(on.covered()).isTrue();
        assertThat(on.basis()).isEqualTo("EMPLOYEE");
        assertThat(on.employerUscc()).isEqualTo(employer);
        assertThat(enrollments.maternityCoverageOn(p, LocalDate.of(2023, 2, 28)).basis()).isEqualTo("NONE");
    }

    @Test
    void fromTheMergerDateOnAnEmployeeCannotHold310Without510() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        ApiException e = (ApiException) catchRefusal(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer,
                MERGER, Set.of("310"), Source.ENROLLMENT));
        assertThat(e.code()).isEqualTo("MATERNITY_REQUIRED_AFTER_MERGER");
        assertThat(e.args()).contains("2020-01-01");
        assertThat(e.args()[1].toString()).contains("常政办发〔2019〕111号");
        assertThat(coverageRows(p)).isZero();
    }

    @Test
    void beforeTheMergerImportedHistoryMayHold310Alone() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        List<Period> legacy = enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2018, 5, 1),
                Set.of("310"), Source.LEGACY_IMPORT);
        assertThat(legacy).extracting(Period::insuranceType).containsExactly("310");
        assertThat(legacy.get(0).source()).isEqualTo("LEGACY_IMPORT");
        Enrollments.MaternityCoverage m = enrollments.maternityCoverageOn(p, LocalDate.of(2021, 1, 1));
        assertThat(m.covered()).isFalse();
        assertThat(m.reasons().get(0).rule()).contains("有310无510");
        // imported history cannot start on or after the merger
        long q = woman(CZ);
        assertThat(code(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(q), employer, MERGER, Set.of("310", "510"),
                Source.LEGACY_IMPORT))).isEqualTo("LEGACY_AFTER_MERGER");
        // and an employer may not import history
        LiangxianUser hr = users.employer(employer);
        assertThat(code(() -> enrollments.enrollEmployee(hr, Enrollee.of(q), employer, LocalDate.of(2018, 1, 1),
                Set.of("310"), Source.LEGACY_IMPORT))).isEqualTo("FORBIDDEN");
    }

    @Test
    void chongqingsMergerDateIsItsOwn() {
        String employer = users.employerIn("500000", LocalDate.of(2016, 1, 1));
        long p = woman("500000");
        LiangxianUser cq = users.clerk("500000");
        assertThat(code(() -> enrollments.enrollEmployee(cq, Enrollee.of(p), employer, LocalDate.of(2017, 7, 1),
                Set.of("310"), Source.ENROLLMENT))).isEqualTo("MATERNITY_REQUIRED_AFTER_MERGER");
        assertThat(enrollments.enrollEmployee(cq, Enrollee.of(p), employer, LocalDate.of(2017, 6, 30), Set.of("310"),
                Source.LEGACY_IMPORT)).hasSize(1);
    }

    @Test
    void leavingEndsBoth310And510OnTheSameLastDay() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2021, 1, 1), null, Source.ENROLLMENT);
        List<Period> ended = enrollments.endEmployee(users.employer(employer), p, employer, LocalDate.of(2022, 6, 30),
                "离职");
        assertThat(ended).extracting(Period::insuranceType).containsExactlyInAnyOrder("310", "510");
        assertThat(ended).allSatisfy(x -> assertThat(x.endDate()).isEqualTo(LocalDate.of(2022, 6, 30)));
        assertThat(enrollments.maternityCoverageOn(p, LocalDate.of(2022, 6, 30)).covered()).isTrue();
        assertThat(enrollments.maternityCoverageOn(p, LocalDate.of(2022, 7, 1)).covered()).isFalse();
        assertThat(code(() -> enrollments.endEmployee(clerk(), p, employer, LocalDate.of(2022, 7, 1), "x")))
                .isEqualTo("NOT_ENROLLED");
    }

    @Test
    void aLastDayBeforeTheStartIsRefusedAndNothingChanges() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2021, 1, 1), null, Source.ENROLLMENT);
        assertThat(code(() -> enrollments.endEmployee(clerk(), p, employer, LocalDate.of(2020, 12, 31), "x")))
                .isEqualTo("INVALID_END_DATE");
        assertThat(jdbc.sql("select count(*) from coverage where person_id = ? and end_date is null").param(p)
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aMoveBetweenEmployersLeavesNoGapAndNoOverlap() {
        String first = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        String second = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(p), first, LocalDate.of(2020, 3, 1), null, Source.ENROLLMENT);
        LocalDate move = LocalDate.of(2022, 9, 1);
        enrollments.transfer(clerk(), p, second, move, "调动");
        List<Period> all = enrollments.timeline(clerk(), p).periods();
        for (String type : List.of("310", "510")) {
            List<Period> t = all.stream().filter(x -> x.insuranceType().equals(type)).toList();
            assertThat(t).hasSize(2);
            assertThat(t.get(0).endDate()).isEqualTo(move.minusDays(1));
            assertThat(t.get(1).startDate()).isEqualTo(move);
            assertThat(t.get(1).employerUscc()).isEqualTo(second);
        }
        assertThat(enrollments.maternityCoverageOn(p, move.minusDays(1)).employerUscc()).isEqualTo(first);
        assertThat(enrollments.maternityCoverageOn(p, move).employerUscc()).isEqualTo(second);
        assertThat(code(() -> enrollments.transfer(clerk(), p, second, LocalDate.of(2023, 1, 1), "x")))
                .isEqualTo("SAME_EMPLOYER");
    }

    @Test
    void aSecondEmployerCannotEnrollSomeoneStillCovered() {
        String first = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        String second = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(p), first, LocalDate.of(2021, 1, 1), null, Source.ENROLLMENT);
        ApiException e = (ApiException) catchRefusal(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(p), second,
                LocalDate.of(2022, 1, 1), null, Source.ENROLLMENT));
        assertThat(e.code()).isEqualTo("COVERAGE_OVERLAP");
        assertThat(e.args()).contains(first, "2021-01-01");
        assertThat(coverageRows(p)).isEqualTo(2);
        // a backdated start that would overlap the end of a closed period is refused too
        enrollments.endEmployee(clerk(), p, first, LocalDate.of(2022, 12, 31), "离职");
        assertThat(code(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(p), second, LocalDate.of(2022, 12, 31),
                null, Source.ENROLLMENT))).isEqualTo("COVERAGE_OVERLAP");
        assertThat(enrollments.enrollEmployee(clerk(), Enrollee.of(p), second, LocalDate.of(2023, 1, 1), null,
                Source.ENROLLMENT)).hasSize(2);
    }

    @Test
    void theDatabaseItselfRefusesOverlappingPeriods() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long p = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2021, 1, 1), null, Source.ENROLLMENT);
        assertThatThrownBy(() -> jdbc.sql("""
                insert into coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date, created_by)
                values ('320400', ?, '510', 'EMPLOYEE', ?, '2024-01-01', 'sql')""").params(p, employer).update())
                .hasMessageContaining("coverage_no_overlap");
    }

    @Test
    void anEmployerThatIsNotActiveOnTheDateCannotEnroll() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        employers.changeStatus(clerk(), CZ, employer, EmployerRegistry.Status.SUSPENDED, LocalDate.of(2022, 1, 1),
                "停业整顿");
        assertThat(employers.statusOn(CZ, employer, LocalDate.of(2021, 12, 31))).contains(EmployerRegistry.Status.ACTIVE);
        assertThat(employers.statusOn(CZ, employer, LocalDate.of(2022, 1, 1))).contains(EmployerRegistry.Status.SUSPENDED);
        assertThat(employers.statusOn(CZ, employer, LocalDate.of(2014, 12, 31))).isEmpty();
        long p = woman(CZ);
        assertThat(code(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2022, 3, 1),
                null, Source.ENROLLMENT))).isEqualTo("EMPLOYER_NOT_ACTIVE");
        assertThat(code(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2014, 3, 1),
                null, Source.ENROLLMENT))).isEqualTo("EMPLOYER_NOT_ACTIVE");
        assertThat(enrollments.enrollEmployee(clerk(), Enrollee.of(p), employer, LocalDate.of(2021, 3, 1), null,
                Source.ENROLLMENT)).hasSize(2);
        EmployerRegistry.Employer e = employers.visible(clerk(), CZ, employer);
        assertThat(e.statusHistory()).extracting(EmployerRegistry.StatusPeriod::status)
                .containsExactly(EmployerRegistry.Status.ACTIVE, EmployerRegistry.Status.SUSPENDED);
        assertThat(e.statusHistory().get(0).validTo()).isEqualTo(LocalDate.of(2022, 1, 1));
        assertThat(code(() -> employers.changeStatus(clerk(), CZ, employer, EmployerRegistry.Status.CANCELLED,
                LocalDate.of(2021, 6, 1), "x"))).isEqualTo("INVALID_STATUS_CHANGE");
        assertThat(e.bankAccount()).isEqualTo("***************0006");
        assertThat(e.contactPhone()).isEqualTo("139****0000");
    }

    @Test
    void anEmployerEnrollsByCertificateAndNameAndOnlyItsOwnPeople() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        String other = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        LiangxianUser hr = users.employer(employer);
        String id = TestUsers.womanId("320402");
        List<Period> created = enrollments.enrollEmployee(hr,
                new Enrollee(null, CertType.RESIDENT_ID, id, "钱芳", "F", "13900001111"), employer,
                LocalDate.of(2024, 2, 1), null, Source.ENROLLMENT);
        long p = created.get(0).personId();
        assertThat(persons.findByIdNumber(CZ, id)).contains(p);
        // the same certificate under another name is refused
        String otherName = code(() -> enrollments.enrollEmployee(users.employer(other),
                new Enrollee(null, CertType.RESIDENT_ID, id, "钱芬", null, null), other, LocalDate.of(2025, 1, 1), null,
                Source.ENROLLMENT));
        assertThat(otherName).isEqualTo("NAME_MISMATCH");
        // and another employer may not end her coverage, nor enroll for an employer not its own
        assertThat(code(() -> enrollments.endEmployee(users.employer(other), p, employer, LocalDate.of(2025, 1, 1), "x")))
                .isEqualTo("NOT_FOUND");
        assertThat(code(() -> enrollments.enrollEmployee(users.employer(other),
                new Enrollee(null, CertType.RESIDENT_ID, TestUsers.womanId("320402"), "赵燕", null, null), employer,
                LocalDate.of(2025, 1, 1), null, Source.ENROLLMENT))).isEqualTo("NOT_FOUND");
        // a clerk of another region does not see the employer at all
        assertThat(code(() -> enrollments.roster(users.clerk("152501"), employer, LocalDate.of(2025, 1, 1))))
                .isEqualTo("NOT_FOUND");
        List<Enrollments.RosterLine> roster = enrollments.roster(hr, employer, LocalDate.of(2025, 1, 1));
        assertThat(roster).singleElement().satisfies(l -> {
            assertThat(l.idNumber()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
            assertThat(l.name()).isEqualTo("钱*");
            assertThat(l.medicalSince()).isEqualTo(LocalDate.of(2024, 2, 1));
            assertThat(l.maternitySince()).isEqualTo(LocalDate.of(2024, 2, 1));
        });
    }

    @Test
    void aFlexibleWorkersMaternityCoverFollowsTheRegionsParameters() {
        long cz = woman(CZ);
        Period f = enrollments.enrollFlexible(clerk(), cz, LocalDate.of(2022, 1, 1));
        assertThat(f.insuranceType()).isEqualTo("310");
        assertThat(f.basis()).isEqualTo("FLEXIBLE");
        Enrollments.MaternityCoverage m = enrollments.maternityCoverageOn(cz, LocalDate.of(2023, 1, 1));
        assertThat(m.basis()).isEqualTo("FLEXIBLE");
        assertThat(m.medicalCovered()).isTrue();
        assertThat(m.allowanceCovered()).isFalse();
        assertThat(m.reasons()).anySatisfy(r -> assertThat(r.reference()).contains("常政办发〔2019〕111号 二(五)"));

        long gz = woman("440100");
        enrollments.enrollFlexible(users.insured(gz), gz, LocalDate.of(2022, 1, 1));
        Enrollments.MaternityCoverage g = enrollments.maternityCoverageOn(gz, LocalDate.of(2023, 1, 1));
        assertThat(g.basis()).isEqualTo("FLEXIBLE");
        assertThat(g.covered()).isFalse();
        // a flexible worker who takes a job must stop first: 310 cannot overlap
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        assertThat(code(() -> enrollments.enrollEmployee(clerk(), Enrollee.of(cz), employer, LocalDate.of(2023, 1, 1),
                null, Source.ENROLLMENT))).isEqualTo("COVERAGE_OVERLAP");
        enrollments.endFlexible(clerk(), cz, LocalDate.of(2022, 12, 31), "就业");
        assertThat(enrollments.enrollEmployee(clerk(), Enrollee.of(cz), employer, LocalDate.of(2023, 1, 1), null,
                Source.ENROLLMENT)).hasSize(2);
        // nobody else's person may be enrolled as flexible by an insured user
        assertThat(code(() -> enrollments.enrollFlexible(users.insured(gz), cz, LocalDate.of(2024, 1, 1))))
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void anInsuredManRegistersHisUnemployedWifeForMaternityMedicalCover() {
        String employer = users.employerIn("152501", LocalDate.of(2019, 1, 1));
        LiangxianUser clerk = users.clerk("152501");
        long husband = man("152501");
        long wife = woman("152501");
        enrollments.enrollEmployee(clerk, Enrollee.of(husband), employer, LocalDate.of(2020, 1, 1), null,
                Source.ENROLLMENT);
        Enrollments.SpouseRegistration r = enrollments.registerSpouse(users.insured(husband), wife, husband,
                LocalDate.of(2021, 1, 1));
        Enrollments.MaternityCoverage m = enrollments.maternityCoverageOn(wife, LocalDate.of(2021, 6, 1));
        assertThat(m.covered()).isTrue();
        assertThat(m.basis()).isEqualTo("SPOUSE");
        assertThat(m.husbandId()).isEqualTo(husband);
        assertThat(m.allowanceCovered()).isFalse();
        assertThat(m.reasons()).anySatisfy(x -> assertThat(x.reference()).contains("社会保险法 第五十四条"));
        // her cover lasts only while he is insured
        enrollments.endEmployee(clerk, husband, employer, LocalDate.of(2022, 3, 31), "离职");
        assertThat(enrollments.maternityCoverageOn(wife, LocalDate.of(2022, 4, 1)).covered()).isFalse();
        assertThat(enrollments.maternityCoverageOn(wife, LocalDate.of(2022, 3, 31)).covered()).isTrue();
        enrollments.endSpouse(clerk, r.id(), LocalDate.of(2022, 3, 31));
        assertThat(enrollments.maternityCoverageOn(wife, LocalDate.of(2022, 4, 1)).basis()).isEqualTo("NONE");
    }

    @Test
    void aSpouseRegistrationIsRefusedWhereItsConditionsFail() {
        String employer = users.employerIn(CZ, LocalDate.of(2015, 1, 1));
        long husband = man(CZ);
        long wife = woman(CZ);
        long insuredWife = woman(CZ);
        enrollments.enrollEmployee(clerk(), Enrollee.of(husband), employer, LocalDate.of(2021, 1, 1), null,
                Source.ENROLLMENT);
        enrollments.enrollEmployee(clerk(), Enrollee.of(insuredWife), employer, LocalDate.of(2021, 1, 1), null,
                Source.ENROLLMENT);
        assertThat(code(() -> enrollments.registerSpouse(clerk(), wife, husband, LocalDate.of(2020, 6, 1))))
                .as("he was not insured then").isEqualTo("HUSBAND_NOT_INSURED");
        assertThat(code(() -> enrollments.registerSpouse(clerk(), insuredWife, husband, LocalDate.of(2022, 1, 1))))
                .as("she has her own insurance").isEqualTo("SPOUSE_HAS_OWN_INSURANCE");
        assertThat(code(() -> enrollments.registerSpouse(clerk(), husband, insuredWife, LocalDate.of(2022, 1, 1))))
                .as("it is the man who registers his wife").isEqualTo("SPOUSE_SEX");
        assertThat(code(() -> enrollments.registerSpouse(clerk(), woman("440100"), husband, LocalDate.of(2022, 1, 1))))
                .isEqualTo("REGION_MISMATCH");
        enrollments.registerSpouse(clerk(), wife, husband, LocalDate.of(2022, 1, 1));
        assertThat(code(() -> enrollments.registerSpouse(clerk(), wife, husband, LocalDate.of(2022, 5, 1))))
                .isEqualTo("SPOUSE_ALREADY_REGISTERED");
        assertThat(jdbc.sql("select count(*) from spouse_registration where wife_id in (?, ?)").params(wife, insuredWife)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void onePersonIsRegisteredOncePerRegion() {
        String id = TestUsers.womanId("320402");
        long p = users.person(CZ, id, "冯静");
        ApiException e = (ApiException) catchRefusal(() -> users.person(CZ, id.toLowerCase(), "冯静"));
        assertThat(e.code()).isEqualTo("DUPLICATE_PERSON");
        assertThat(e.args()).containsExactly(p);
        assertThat(jdbc.sql("select count(*) from person where region_code = ? and id_number_index = "
                + "(select id_number_index from person where id = ?)").params(CZ, p).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void residencePermitsOfHongKongMacaoAndTaiwanResidentsAreRegisteredWithSexAndBirthDateFromTheNumber() {
        String hk = TestUsers.womanId("810000");
        long p = persons.register(new PersonDirectory.NewPerson(CZ, CertType.HK_MACAO_RESIDENCE, hk, "陈嘉欣", "F", null,
                null), LocalDate.now());
        PersonDirectory.RevealedPerson r = persons.load(p);
        assertThat(r.certType()).isEqualTo("HK_MACAO_RESIDENCE");
        assertThat(r.sex()).isEqualTo("F");
        assertThat(r.birthDate()).isEqualTo(LocalDate.parse(hk.substring(6, 10) + "-" + hk.substring(10, 12) + "-"
                + hk.substring(12, 14)));
        assertThat(persons.findByCertificate(CZ, CertType.HK_MACAO_RESIDENCE, hk)).contains(p);
        assertThat(code(() -> persons.register(new PersonDirectory.NewPerson(CZ, CertType.TAIWAN_RESIDENCE,
                TestUsers.womanId("830000"), "林怡君", "M", null, null), LocalDate.now()))).isEqualTo("SEX_MISMATCH");
        assertThat(code(() -> persons.register(new PersonDirectory.NewPerson(CZ, CertType.TAIWAN_RESIDENCE, hk, "陈嘉欣",
                null, null, null), LocalDate.now()))).isEqualTo("INVALID_CERTIFICATE");
        assertThat(code(() -> persons.register(new PersonDirectory.NewPerson(CZ, CertType.RESIDENT_ID,
                TestUsers.womanId("320402"), "吴敏", null, LocalDate.of(1950, 1, 1), null), LocalDate.now())))
                .isEqualTo("BIRTH_DATE_MISMATCH");
    }

    @Test
    void theClerkFindsAPersonByFullNumberOrExactNameAndSeesItMasked() {
        String id = TestUsers.womanId("320402");
        long p = users.person(CZ, id, "褚秀英");
        assertThat(persons.search(clerk(), CZ, id)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(p);
            assertThat(m.idNumber()).doesNotContain(id.substring(6, 14));
            assertThat(m.name()).isEqualTo("褚**");
        });
        assertThat(persons.search(clerk(), CZ, "褚秀英")).extracting(PersonDirectory.MaskedPerson::id).contains(p);
        assertThat(persons.search(clerk(), CZ, id.substring(0, 10))).isEmpty();
        assertThat(code(() -> persons.search(clerk(), "152501", id))).isEqualTo("NOT_FOUND");
        assertThat(code(() -> persons.search(users.user(Role.INSURED, Set.of(), null, p, null), CZ, id)))
                .isEqualTo("FORBIDDEN");
    }

    static Throwable catchRefusal(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }
}
