package cn.liangxian.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.Role;
import cn.liangxian.security.UserAccounts;

/**
 * Demo people and one demo user for every role, in the four seed regions. Idempotent: a restart
 * finds them and adds nothing. Never active outside the demo profile.
 */
@Component
@Profile("demo")
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "liangxian.command", havingValue = "serve",
        matchIfMissing = true)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** The demo password of every demo user (listed in the README). */
    static final String PASSWORD = "Liangxian#2026";

    record DemoPerson(String region, String idNumber, String name, String phone) {
    }

    static final List<DemoPerson> PEOPLE = List.of(
            new DemoPerson("440100", "440106199001011235", "王小红", "13800138001"),
            new DemoPerson("440100", "440106198706060024", "陈丽", "13800138002"),
            new DemoPerson("440300", "440304199111110021", "林晓敏", "13800138003"),
            new DemoPerson("500000", "50010319880215006X", "刘芳", "13900139004"),
            new DemoPerson("320400", "320402199305120020", "张敏", "13700137005"),
            new DemoPerson("152501", "152501198807150021", "其其格", "13600136006"),
            new DemoPerson("152501", "152501199508080048", "李娜", "13600136007"));

    private final PersonDirectory persons;
    private final UserAccounts accounts;

    DemoData(PersonDirectory persons, UserAccounts accounts) {
        this.persons = persons;
        this.accounts = accounts;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (accounts.exists("sysadmin")) {
            return;
        }
        LocalDate today = LocalDate.now();
        long mother = 0;
        for (DemoPerson p : PEOPLE) {
            long id = persons.register(p.region(), p.idNumber(), p.name(), p.phone(), today);
            if (mother == 0) {
                mother = id;
            }
        }
        Set<String> cities = Set.of("440100", "440300", "500000", "320400", "152501");
        List<UserAccounts.NewAccount> users = List.of(
                staff("clerk.erenhot", "赵敏", Role.AGENCY_CLERK, Set.of("152501")),
                staff("reviewer.erenhot", "钱进", Role.AGENCY_REVIEWER, Set.of("152501")),
                staff("approver.erenhot", "孙立", Role.AGENCY_APPROVER, Set.of("152501")),
                staff("clerk.guangzhou", "周婷", Role.AGENCY_CLERK, Set.of("440100")),
                staff("finance.chongqing", "吴刚", Role.FINANCE, Set.of("500000")),
                staff("supervisor.guangdong", "郑华", Role.SUPERVISOR, Set.of("440100", "440300")),
                staff("policy.admin", "冯雪", Role.POLICY_ADMIN, cities),
                staff("sysadmin", "陈晨", Role.SYSTEM_ADMIN, cities),
                new UserAccounts.NewAccount("hr.changzhou", PASSWORD, "褚红", Role.EMPLOYER_HR, Set.of(),
                        "91320400MA1MXXXX0Q", null, null),
                new UserAccounts.NewAccount("mother.guangzhou", PASSWORD, "王小红", Role.INSURED, Set.of(), null, mother,
                        null),
                new UserAccounts.NewAccount("hospital.changzhou", PASSWORD, "常州市妇幼保健院", Role.HOSPITAL, Set.of(),
                        null, null, "H32040000001"));
        users.forEach(accounts::create);
        log.info("Demo data loaded: {} people, {} users (password in the README)", PEOPLE.size(), users.size());
    }

    private static UserAccounts.NewAccount staff(String username, String name, Role role, Set<String> regions) {
        return new UserAccounts.NewAccount(username, PASSWORD, name, role, regions, null, null, null);
    }
}
