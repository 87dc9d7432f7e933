package cn.liangxian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.liangxian.demo.DemoGenerator.Coverage;
import cn.liangxian.demo.DemoGenerator.Employer;
import cn.liangxian.demo.DemoGenerator.Household;
import cn.liangxian.demo.DemoGenerator.Job;
import cn.liangxian.demo.DemoGenerator.Kind;
import cn.liangxian.demo.DemoGenerator.Person;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.EmployerRegistry.EmployerType;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.Enrollments.Source;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;

/** The generator: deterministic by seed, valid identifiers everywhere, plausible people and stories. */
class DemoGeneratorTests {

    static final PolicyBook POLICY = PolicyBook.standard();
    static final LocalDate TODAY = LocalDate.of(2026, 1, 1);
    static final int EMPLOYERS = 120;
    static final int HOUSEHOLDS = 1000;

    record Sample(Map<String, List<Employer>> employers, Map<String, List<Household>> households) {
        List<Person> people() {
            return households.values().stream().flatMap(List::stream).flatMap(h -> h.members().stream()).toList();
        }
    }

    static Sample sample;

    static Sample generate(long seed, int employers, int households) {
        DemoGenerator g = new DemoGenerator(seed, POLICY);
        Map<String, List<Employer>> e = new HashMap<>();
        Map<String, List<Household>> h = new HashMap<>();
        for (String region : DemoGenerator.REGIONS) {
            e.put(region, g.employers(region, employers, List.of()));
            List<Household> list = new ArrayList<>();
            for (int i = 0; i < households; i++) {
                list.add(g.household(region, 2));
            }
            h.put(region, list);
        }
        return new Sample(e, h);
    }

    @BeforeAll
    static void generateOnce() {
        sample = generate(42, EMPLOYERS, HOUSEHOLDS);
    }

    @Test
    void theSameSeedGivesTheSameEmployersAndPeopleAndAnotherSeedOtherOnes() {
        Sample again = generate(42, EMPLOYERS, HOUSEHOLDS);
        assertThat(again.employers()).isEqualTo(sample.employers());
        assertThat(again.households()).isEqualTo(sample.households());

        Sample other = generate(43, EMPLOYERS, HOUSEHOLDS);
        for (String region : DemoGenerator.REGIONS) {
            Set<String> codes = new HashSet<>(sample.employers().get(region).stream().map(Employer::uscc).toList());
            assertThat(other.employers().get(region)).noneMatch(e -> codes.contains(e.uscc()));
        }
        assertThat(other.people().stream().map(Person::certNumber).toList())
                .isNotEqualTo(sample.people().stream().map(Person::certNumber).toList());
    }

    @Test
    void aRegionsDataDoesNotDependOnTheOtherRegionsGenerated() {
        DemoGenerator alone = new DemoGenerator(42, POLICY);
        assertThat(alone.employers("320400", EMPLOYERS, List.of())).isEqualTo(sample.employers().get("320400"));
        assertThat(alone.household("320400", 2)).isEqualTo(sample.households().get("320400").get(0));
    }

    @Test
    void everyCertificateNumberCodeAccountAndPhonePassesTheIdentifierChecks() {
        for (Person p : sample.people()) {
            assertThat(Identifiers.certificate(p.certType(), p.certNumber(), TODAY).valid()).as(p.certNumber()).isTrue();
            Identifiers.Certificate c = Identifiers.parseCertificate(p.certType(), p.certNumber(), TODAY);
            assertThat(c.birthDate()).isEqualTo(p.birthDate());
            assertThat(c.male() ? "M" : "F").as("the sequence digit tells the sex").isEqualTo(p.sex());
            assertThat(Identifiers.mobile(p.phone()).valid()).as(p.phone()).isTrue();
            assertThat(p.name()).isNotBlank();
        }
        for (Employer e : sample.employers().values().stream().flatMap(List::stream).toList()) {
            assertThat(Identifiers.uscc(e.uscc()).valid()).as(e.uscc()).isTrue();
            assertThat(Identifiers.mobile(e.contactPhone()).valid()).isTrue();
            if (e.bankAccount() != null) {
                assertThat(Identifiers.bankAccount(e.bankAccount()).valid()).as(e.bankAccount()).isTrue();
            }
        }
        assertThat(sample.people()).extracting(p -> p.regionCode() + p.certNumber()).doesNotHaveDuplicates();
    }

    @Test
    void codesSayTheEmployersKindAndCityAndCarryAValidOrganisationCode() {
        Map<EmployerType, String> prefix = Map.of(EmployerType.ENTERPRISE, "91", EmployerType.INDIVIDUAL_BUSINESS, "92",
                EmployerType.PUBLIC_INSTITUTION, "12", EmployerType.GOVERNMENT_ORGAN, "11",
                EmployerType.SOCIAL_ORGANISATION, "51");
        EnumMap<EmployerType, Integer> types = new EnumMap<>(EmployerType.class);
        for (String region : DemoGenerator.REGIONS) {
            List<Employer> list = sample.employers().get(region);
            assertThat(list).extracting(Employer::name).doesNotHaveDuplicates();
            for (Employer e : list) {
                types.merge(e.type(), 1, Integer::sum);
                assertThat(e.uscc()).startsWith(prefix.get(e.type()));
                assertThat(e.uscc().substring(2, 8)).startsWith(districtPrefix(region));
                assertThat(e.uscc().charAt(16)).isEqualTo(DemoGenerator.organisationCheck(e.uscc().substring(8, 16)));
                assertThat(e.name()).contains(DemoGenerator.CITIES.get(region).shortName());
                assertThat(e.address()).startsWith(DemoGenerator.CITIES.get(region).name());
                assertThat(e.industry()).matches("[A-S] .+");
                DemoGenerator.CITIES.get(region).districts().stream().map(DemoGenerator.District::name)
                        .filter(d -> !d.isEmpty() && e.name().contains(d))
                        .forEach(d -> assertThat(e.address()).as("named after its district, and there").contains(d));
                if (e.cancelledFrom() != null) {
                    assertThat(e.cancelledFrom()).isAfter(e.activeFrom());
                }
            }
            assertThat(list.get(0).cancelledFrom()).as("the anchor employer stays").isNull();
        }
        int all = types.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(types.get(EmployerType.ENTERPRISE)).isGreaterThan(all * 6 / 10);
        assertThat(types.keySet()).contains(EmployerType.PUBLIC_INSTITUTION, EmployerType.GOVERNMENT_ORGAN,
                EmployerType.INDIVIDUAL_BUSINESS);
        // a code built by hand the same way passes, a changed character does not
        String code = DemoGenerator.usccWithCheck("91320411" + "13572468" + DemoGenerator.organisationCheck("13572468"));
        assertThat(Identifiers.uscc(code).valid()).isTrue();
        assertThat(Identifiers.uscc(code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0')).valid()).isFalse();
    }

    /** What the codes of a region's districts start with: the city's four digits, the municipality's two. */
    static String districtPrefix(String region) {
        return region.equals("152501") ? "152501" : region.endsWith("0000") ? region.substring(0, 2)
                : region.substring(0, 4);
    }

    @Test
    void sexesAreBalancedAgesPlausibleAndWomenOfChildBearingAgeWellRepresented() {
        List<Person> people = sample.people();
        long women = people.stream().filter(p -> p.sex().equals("F")).count();
        assertThat((double) women / people.size()).isBetween(0.45, 0.62);
        assertThat(people).allMatch(p -> p.birthDate().getYear() >= 1965 && p.birthDate().getYear() <= 2004);
        long young = people.stream().filter(p -> p.sex().equals("F"))
                .filter(p -> p.birthDate().getYear() >= 1985 && p.birthDate().getYear() <= 2000).count();
        assertThat((double) young / women).as("women born 1985-2000").isGreaterThan(0.5);
        for (Person p : people) {
            for (Coverage c : p.coverage()) {
                assertThat(c.start()).as("adult at enrollment").isAfterOrEqualTo(p.birthDate().plusYears(18));
            }
        }
        long local = people.stream().filter(p -> p.certType() == CertType.RESIDENT_ID)
                .filter(p -> p.certNumber().startsWith(districtPrefix(p.regionCode())))
                .count();
        assertThat((double) local / people.size()).as("most people carry an ID of the region's districts")
                .isGreaterThan(0.6);
        assertThat(people).anyMatch(p -> p.certType() == CertType.HK_MACAO_RESIDENCE)
                .anyMatch(p -> p.certType() == CertType.TAIWAN_RESIDENCE);
    }

    @Test
    void storiesKeepTheRegistrysRules() {
        for (String region : DemoGenerator.REGIONS) {
            Map<String, Employer> employers = new HashMap<>();
            sample.employers().get(region).forEach(e -> employers.put(e.uscc(), e));
            LocalDate merger = POLICY.at(region, TODAY).get("merger.date").date();
            EnumMap<Kind, Integer> kinds = new EnumMap<>(Kind.class);
            for (Household h : sample.households().get(region)) {
                kinds.merge(h.kind(), 1, Integer::sum);
                for (Person p : h.members()) {
                    noOverlaps(p);
                    jobsFollowOneAnother(p, employers);
                    for (Coverage c : p.coverage()) {
                        assertThat(c.end() == null || !c.end().isBefore(c.start())).isTrue();
                        assertThat(c.end() == null || !c.end().isAfter(DemoGenerator.LATEST)).isTrue();
                    }
                }
                Person p = h.person();
                switch (h.kind()) {
                    case LEGACY -> {
                        assertThat(region).isEqualTo("440100");
                        assertThat(p.coverage()).singleElement().satisfies(c -> {
                            assertThat(c.insuranceType()).isEqualTo(Enrollments.MEDICAL);
                            assertThat(c.source()).isEqualTo(Source.LEGACY_IMPORT);
                            assertThat(c.start()).isBefore(merger);
                            assertThat(c.end()).isNull();
                        });
                    }
                    case COUPLE -> {
                        assertThat(p.sex()).isEqualTo("M");
                        assertThat(h.wife().sex()).isEqualTo("F");
                        assertThat(h.wife().coverage()).as("an unemployed wife has none of her own").isEmpty();
                        assertThat(p.coverage()).anyMatch(c -> c.insuranceType().equals(Enrollments.MEDICAL)
                                && !c.start().isAfter(h.spouseFrom()) && c.end() == null);
                        assertThat(POLICY.at(region, h.spouseFrom()).get("maternity.spouse.medical_covered").bool())
                                .isTrue();
                    }
                    case FLEXIBLE -> assertThat(p.coverage()).singleElement()
                            .satisfies(c -> assertThat(c.basis()).isEqualTo("FLEXIBLE"));
                    case TRANSFERRED -> assertThat(p.jobs()).hasSizeGreaterThan(1);
                    case LEFT -> assertThat(p.jobs().get(p.jobs().size() - 1).end()).isNotNull();
                    case EMPLOYEE, PERMIT_HOLDER -> {
                        assertThat(p.jobs()).singleElement().satisfies(j -> assertThat(j.end()).isNull());
                        assertThat(p.coverage()).extracting(Coverage::insuranceType)
                                .containsExactly(Enrollments.MEDICAL, Enrollments.MATERNITY);
                    }
                }
            }
            assertThat(kinds.get(Kind.EMPLOYEE)).isGreaterThan(HOUSEHOLDS / 3);
            assertThat(kinds).containsKeys(Kind.TRANSFERRED, Kind.LEFT, Kind.FLEXIBLE, Kind.COUPLE);
            if (region.equals("440100")) {
                assertThat(kinds).containsKey(Kind.LEGACY);
            }
        }
        // enrollments from before and after each region's merger
        for (String region : DemoGenerator.REGIONS) {
            LocalDate merger = POLICY.at(region, TODAY).get("merger.date").date();
            List<LocalDate> starts = sample.households().get(region).stream().flatMap(h -> h.members().stream())
                    .flatMap(p -> p.coverage().stream()).map(Coverage::start).toList();
            assertThat(starts).anyMatch(d -> d.isBefore(merger)).anyMatch(d -> !d.isBefore(merger));
        }
    }

    private static void noOverlaps(Person p) {
        Map<String, List<Coverage>> byType = new HashMap<>();
        p.coverage().forEach(c -> byType.computeIfAbsent(c.insuranceType(), k -> new ArrayList<>()).add(c));
        for (List<Coverage> list : byType.values()) {
            list.sort(Comparator.comparing(Coverage::start));
            for (int i = 1; i < list.size(); i++) {
                LocalDate end = list.get(i - 1).end();
                assertThat(end).as("only the last period of a type is open").isNotNull();
                assertThat(list.get(i).start()).isAfter(end);
            }
        }
    }

    private static void jobsFollowOneAnother(Person p, Map<String, Employer> employers) {
        List<Job> jobs = p.jobs();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            Employer e = employers.get(j.employerUscc());
            assertThat(e).as("the employer is in the region's pool").isNotNull();
            assertThat(e.activeFrom()).as("registered when the job starts").isBeforeOrEqualTo(j.start());
            if (e.cancelledFrom() != null) {
                assertThat(j.end()).as("a job ends before its employer is cancelled").isNotNull()
                        .isBefore(e.cancelledFrom());
            }
            if (i > 0) {
                assertThat(j.start()).as("a move: the next job starts the day after").isEqualTo(jobs.get(i - 1).end()
                        .plusDays(1));
                assertThat(j.employerUscc()).isNotEqualTo(jobs.get(i - 1).employerUscc());
            }
        }
    }

    @Test
    void roomForOnePersonNeverGivesACoupleAndSplitsAddUp() {
        DemoGenerator g = new DemoGenerator(7, POLICY);
        g.employers("500000", 10, List.of());
        for (int i = 0; i < 300; i++) {
            assertThat(g.household("500000", 1).size()).isEqualTo(1);
        }
        Map<String, Integer> split = DemoGenerator.split(1_000_003, DemoGenerator.REGIONS);
        assertThat(split.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_000_003);
        assertThat(split.get("152501")).isLessThan(split.get("320400"));
        assertThat(DemoGenerator.split(7, List.of("152501"))).containsEntry("152501", 7);
    }

    @Test
    void aReservedCertificateIsNeverGenerated() {
        DemoGenerator g = new DemoGenerator(42, POLICY);
        g.employers("320400", EMPLOYERS, List.of());
        Person first = sample.households().get("320400").get(0).person();
        g.reserve("320400", first.certType(), first.certNumber());
        assertThat(g.household("320400", 2).person().certNumber()).isNotEqualTo(first.certNumber());
    }
}
