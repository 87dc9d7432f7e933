package cn.liangxian.demo;

import static cn.liangxian.security.SignedInAs.as;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;



import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.demo.DemoGenerator.Employer;
import cn.liangxian.demo.DemoGenerator.Household;
import cn.liangxian.demo.DemoGenerator.Job;
import cn.liangxian.demo.DemoGenerator.Kind;
import cn.liangxian.demo.DemoGenerator.Person;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.EmployerRegistry.EmployerType;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.Enrollments.Enrollee;
import cn.liangxian.registry.Enrollments.Source;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.security.pii.Identifiers.CertType;

/**
 * The demo: one demo user for every role, and in each seed region a handful of employers and some fifty
 * people with their enrollments (employees in 310 and 510, job changes, leavers, flexible workers, spouses,
 * Guangzhou's imported 310-only employees for the census), loaded through the registry's own services by
 * the region's demo clerk, so every rule and the audit trail see them as any clerk's work. Generated from a
 * fixed seed, so every demo looks the same. Idempotent: users that exist are kept and a region whose showcase
 * employer is registered is not loaded again. Never active outside the demo profile.
 */
@Component
@Profile("demo")
@Order(DemoData.ORDER)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** Runs first: the demo sets of later features (institutions at 200, settlements 300, claims 400, reports 500) build on its people. */
    static final int ORDER = 100;
    /** The demo password of every demo user (listed in the README). */
    static final String PASSWORD = "Liangxian#2026";
    /** The seed of the demo set. */
    static final long SEED = 20_200_101L;

    /** The employer of {@code hr.changzhou}. */
    static final String CHANGZHOU_EMPLOYER = "9132041113572468XM";
    /** The person of {@code mother.guangzhou}. */
    static final String MOTHER_ID = "440106199001011227";

    /** Each region's showcase employer: first of its pool, with a code fixed here (the README names Changzhou's). */
    static final Map<String, Employer> SHOWCASE = Map.of(
            "440100", new Employer("440100", "91440106192837461K", EmployerType.ENTERPRISE, "广州穗华信息科技有限公司",
                    "I 信息传输、软件和信息技术服务业", "广州市天河区天河路385号12楼", "周婉清", "13922001234", "中国工商银行广州天河支行",
                    "3602000109200123456", LocalDate.of(2001, 3, 15), null),
            "440300", new Employer("440300", "91440305273849501J", EmployerType.ENTERPRISE, "深圳市鹏程电子科技有限公司",
                    "C 制造业", "深圳市南山区科技园路18号", "黄志坚", "13823005678", "招商银行深圳南山支行", "7559000112233445566",
                    LocalDate.of(1998, 6, 1), null),
            "500000", new Employer("500000", "91500112453627180G", EmployerType.ENTERPRISE, "重庆山城汽车零部件有限公司",
                    "C 制造业", "重庆市渝北区金开大道88号", "何静", "13983006789", "重庆农村商业银行渝北支行", "1203010120010012345",
                    LocalDate.of(2002, 9, 1), null),
            "320400", new Employer("320400", CHANGZHOU_EMPLOYER, EmployerType.ENTERPRISE, "常州市龙城精密机械有限公司",
                    "C 制造业", "常州市新北区通江大道201号", "褚红", "13915007890", "江苏江南农村商业银行新北支行",
                    "1100701012000123456", LocalDate.of(2003, 5, 20), null),
            "152501", new Employer("152501", "911525017081526324", EmployerType.ENTERPRISE, "二连浩特市口岸国际物流有限公司",
                    "G 交通运输、仓储和邮政业", "二连浩特市口岸大街66号", "乌云", "13947901234", "中国银行二连浩特支行",
                    "1505012010001234567", LocalDate.of(2004, 4, 1), null));

    /**
     * A named demo person and her story: an employee of the region's pool employer {@code employer} (0 = the
     * showcase) from {@code since}, moving to another employer on {@code movedOn} if given; a flexible worker
     * from {@code since} when {@code employer} is null.
     */
    record DemoPerson(String region, String idNumber, String name, String phone, Integer employer, LocalDate since,
            LocalDate movedOn) {
    }

    static final List<DemoPerson> PEOPLE = List.of(
            new DemoPerson("440100", MOTHER_ID, "王小红", "13800138001", 0, LocalDate.of(2015, 3, 1), null),
            new DemoPerson("440100", "440106198706060024", "陈丽", "13800138002", 0, LocalDate.of(2010, 9, 1),
                    LocalDate.of(2021, 4, 1)),
            new DemoPerson("440300", "440304199111110021", "林晓敏", "13800138003", 0, LocalDate.of(2016, 2, 15), null),
            new DemoPerson("500000", "50010319880215006X", "刘芳", "13900139004", 0, LocalDate.of(2013, 5, 1), null),
            new DemoPerson("320400", "320402199305120020", "张敏", "13700137005", 0, LocalDate.of(2018, 8, 1), null),
            new DemoPerson("152501", "152501198807150021", "其其格", "13600136006", null, LocalDate.of(2019, 5, 1), null),
            new DemoPerson("152501", "152501199508080048", "李娜", "13600136007", 0, LocalDate.of(2017, 3, 1), null));

    /** What one region gets: its clerk, how many employers besides the showcase, how many households of each kind. */
    record RegionPlan(String region, String clerk, int employers, Map<Kind, Integer> households) {
    }

    static final List<RegionPlan> PLANS = List.of(
            plan("440100", "clerk.guangzhou", 7, 22, 6, 5, 5, 3, 2, 8),
            plan("440300", "clerk.shenzhen", 6, 22, 6, 5, 5, 3, 2, 0),
            plan("500000", "clerk.chongqing", 6, 22, 6, 5, 5, 3, 1, 0),
            plan("320400", "clerk.changzhou", 5, 22, 6, 5, 5, 3, 1, 0),
            plan("152501", "clerk.erenhot", 3, 18, 4, 4, 5, 3, 1, 0));

    private static RegionPlan plan(String region, String clerk, int employers, int employees, int transferred, int left,
            int flexible, int couples, int permitHolders, int legacy) {
        Map<Kind, Integer> h = new EnumMap<>(Kind.class);
        h.put(Kind.EMPLOYEE, employees);
        h.put(Kind.TRANSFERRED, transferred);
        h.put(Kind.LEFT, left);
        h.put(Kind.FLEXIBLE, flexible);
        h.put(Kind.COUPLE, couples);
        h.put(Kind.PERMIT_HOLDER, permitHolders);
        h.put(Kind.LEGACY, legacy);
        return new RegionPlan(region, clerk, employers, h);
    }

    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final UserAccounts accounts;
    private final PolicyBook policy;

    DemoData(PersonDirectory persons, EmployerRegistry employers, Enrollments enrollments, UserAccounts accounts,
            PolicyBook policy) {
        this.persons = persons;
        this.employers = employers;
        this.enrollments = enrollments;
        this.accounts = accounts;
        this.policy = policy;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        LocalDate today = LocalDate.now();
        int users = 0;
        for (UserAccounts.NewAccount a : staff()) {
            users += createIfMissing(a);
        }
        DemoGenerator generator = new DemoGenerator(SEED, policy);
        PEOPLE.forEach(p -> generator.reserve(p.region(), CertType.RESIDENT_ID, p.idNumber()));
        Map<String, int[]> loaded = new LinkedHashMap<>();
        for (RegionPlan plan : PLANS) {
            if (employers.regionOf(SHOWCASE.get(plan.region()).uscc()).isPresent()) {
                continue;
            }
            LiangxianUser clerk = accounts.find(plan.clerk()).orElseThrow();
            loaded.put(plan.region(), as(clerk, () -> load(generator, plan, clerk, today)));
        }
        // users bound to what the regions hold come last
        users += createIfMissing(new UserAccounts.NewAccount("hr.changzhou", PASSWORD, "褚红", Role.EMPLOYER_HR, Set.of(),
                CHANGZHOU_EMPLOYER, null, null));
        if (!accounts.exists("mother.guangzhou")) {
            long mother = persons.findByIdNumber("440100", MOTHER_ID).orElseThrow();
            users += createIfMissing(new UserAccounts.NewAccount("mother.guangzhou", PASSWORD, "王小红", Role.INSURED,
                    Set.of(), null, mother, null));
        }
        users += createIfMissing(new UserAccounts.NewAccount("hospital.changzhou", PASSWORD, "常州市妇幼保健院",
                Role.HOSPITAL, Set.of(), null, null, "H32040000001"));
        if (users > 0 || !loaded.isEmpty()) {
            StringBuilder what = new StringBuilder();
            loaded.forEach((region, n) -> what.append(' ').append(region).append(": ").append(n[0])
                    .append(" employers, ").append(n[1]).append(" people;"));
            log.info("Demo data loaded: {} users (password in the README);{}", users, what);
        }
    }

    private static List<UserAccounts.NewAccount> staff() {
        Set<String> cities = Set.copyOf(DemoGenerator.REGIONS);
        return List.of(
                staff("clerk.erenhot", "赵敏", Role.AGENCY_CLERK, Set.of("152501")),
                staff("reviewer.erenhot", "钱进", Role.AGENCY_REVIEWER, Set.of("152501")),
                staff("approver.erenhot", "孙立", Role.AGENCY_APPROVER, Set.of("152501")),
                staff("clerk.guangzhou", "周婷", Role.AGENCY_CLERK, Set.of("440100")),
                staff("approver.guangzhou", "梁志明", Role.AGENCY_APPROVER, Set.of("440100")),
                staff("clerk.shenzhen", "黄晓琳", Role.AGENCY_CLERK, Set.of("440300")),
                staff("clerk.chongqing", "何川", Role.AGENCY_CLERK, Set.of("500000")),
                staff("clerk.changzhou", "蒋雯", Role.AGENCY_CLERK, Set.of("320400")),
                staff("finance.chongqing", "吴刚", Role.FINANCE, Set.of("500000")),
                staff("supervisor.guangdong", "郑华", Role.SUPERVISOR, Set.of("440100", "440300")),
                staff("policy.admin", "冯雪", Role.POLICY_ADMIN, cities),
                staff("sysadmin", "陈晨", Role.SYSTEM_ADMIN, cities));
    }

    private static UserAccounts.NewAccount staff(String username, String name, Role role, Set<String> regions) {
        return new UserAccounts.NewAccount(username, PASSWORD, name, role, regions, null, null, null);
    }

    private int createIfMissing(UserAccounts.NewAccount a) {
        if (accounts.exists(a.username())) {
            return 0;
        }
        accounts.create(a);
        return 1;
    }

    /** Loads one region as its clerk; answers {employers, people}. */
    private int[] load(DemoGenerator generator, RegionPlan plan, LiangxianUser clerk, LocalDate today) {
        String region = plan.region();
        generator.employers(region, plan.employers(), List.of(SHOWCASE.get(region)));
        for (Employer e : generator.pool(region)) {
            Employer free = e;
            while (employers.regionOf(free.uscc()).isPresent()) {
                free = generator.renewCode(free);
            }
            employers.register(clerk, new EmployerRegistry.NewEmployer(region, free.uscc(), free.name(), free.type(),
                    free.industry(), free.address(), free.contactName(), free.contactPhone(), free.bankName(),
                    free.bankAccount(), free.activeFrom()));
        }
        List<Employer> pool = generator.pool(region);
        int people = 0;
        for (DemoPerson p : PEOPLE) {
            if (p.region().equals(region)) {
                enroll(clerk, p, pool, today);
                people++;
            }
        }
        for (Map.Entry<Kind, Integer> e : plan.households().entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                Household h = fresh(generator, region, e.getKey());
                long husband = register(clerk, h.person(), today);
                story(clerk, husband, h.person());
                if (h.wife() != null) {
                    long wife = register(clerk, h.wife(), today);
                    enrollments.registerSpouse(clerk, wife, husband, h.spouseFrom());
                }
                people += h.size();
            }
        }
        for (Employer e : pool) {
            if (e.cancelledFrom() != null) {
                employers.changeStatus(clerk, region, e.uscc(), EmployerRegistry.Status.CANCELLED, e.cancelledFrom(),
                        "注销登记 / registration cancelled");
            }
        }
        return new int[] { pool.size(), people };
    }

    /** A household none of whose people is registered in the region yet (the database may hold generated data). */
    private Household fresh(DemoGenerator generator, String region, Kind kind) {
        while (true) {
            Household h = generator.household(region, kind);
            if (h.members().stream().noneMatch(
                    p -> persons.findByCertificate(region, p.certType(), p.certNumber()).isPresent())) {
                return h;
            }
        }
    }

    private long register(LiangxianUser clerk, Person p, LocalDate today) {
        return persons.register(clerk, new PersonDirectory.NewPerson(p.regionCode(), p.certType(), p.certNumber(),
                p.name(), p.sex(), p.birthDate(), p.phone()), today);
    }

    /** Enrolls a generated person as her story says: first job, each move, leaving; or as a flexible worker. */
    private void story(LiangxianUser clerk, long id, Person p) {
        List<Job> jobs = p.jobs();
        if (!jobs.isEmpty()) {
            Job first = jobs.get(0);
            enrollments.enrollEmployee(clerk, Enrollee.of(id), first.employerUscc(), first.start(),
                    p.legacy() ? Set.of(Enrollments.MEDICAL) : Set.of(Enrollments.MEDICAL, Enrollments.MATERNITY),
                    p.legacy() ? Source.LEGACY_IMPORT : Source.ENROLLMENT);
            for (int i = 1; i < jobs.size(); i++) {
                enrollments.transfer(clerk, id, jobs.get(i).employerUscc(), jobs.get(i).start(),
                        jobs.get(i - 1).endReason());
            }
            Job last = jobs.get(jobs.size() - 1);
            if (last.end() != null) {
                enrollments.endEmployee(clerk, id, last.employerUscc(), last.end(), last.endReason());
            }
        }
        if (p.flexibleStart() != null) {
            enrollments.enrollFlexible(clerk, id, p.flexibleStart());
            if (p.flexibleEnd() != null) {
                enrollments.endFlexible(clerk, id, p.flexibleEnd(), p.flexibleEndReason());
            }
        }
    }

    /** Registers (or finds, in a demo from before employers existed) a named demo person and enrolls her. */
    private void enroll(LiangxianUser clerk, DemoPerson p, List<Employer> pool, LocalDate today) {
        long id = persons.findByIdNumber(p.region(), p.idNumber()).orElseGet(() -> persons.register(clerk,
                new PersonDirectory.NewPerson(p.region(), CertType.RESIDENT_ID, p.idNumber(), p.name(), null, null,
                        p.phone()),
                today));
        if (p.employer() == null) {
            enrollments.enrollFlexible(clerk, id, p.since());
            return;
        }
        String uscc = pool.get(p.employer()).uscc();
        enrollments.enrollEmployee(clerk, Enrollee.of(id), uscc, p.since(), Set.of(Enrollments.MEDICAL,
                Enrollments.MATERNITY), Source.ENROLLMENT);
        if (p.movedOn() != null) {
            Optional<Employer> next = pool.stream().filter(e -> !e.uscc().equals(uscc)
                    && !e.activeFrom().isAfter(p.movedOn()) && e.cancelledFrom() == null).findFirst();
            if (next.isPresent()) {
                enrollments.transfer(clerk, id, next.get().uscc(), p.movedOn(), null);
            }
        }
    }

    /** Does the work as the given user, so the audit trail names her. */
}
