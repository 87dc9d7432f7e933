package cn.liangxian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.testsupport.TestDatabase;

/** The demo profile loads a user for every role and the demo people, once; the data is readable back. */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@ActiveProfiles("demo")
class DemoDataTests {

    @Autowired
    UserAccounts accounts;
    @Autowired
    PersonDirectory persons;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    @Test
    void thereIsADemoUserForEveryRoleWithItsBinding() {
        List<String> names = List.of("clerk.erenhot", "reviewer.erenhot", "approver.erenhot", "clerk.guangzhou",
                "finance.chongqing", "supervisor.guangdong", "policy.admin", "sysadmin", "hr.changzhou",
                "mother.guangzhou", "hospital.changzhou");
        Set<Role> roles = names.stream().map(n -> accounts.find(n).orElseThrow()).map(LiangxianUser::role)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        assertThat(roles).containsExactlyInAnyOrder(Role.values());
        LiangxianUser mother = accounts.find("mother.guangzhou").orElseThrow();
        assertThat(persons.findByIdNumber("440100", "440106199001011235")).contains(mother.personId());
        assertThat(mother.maskedName()).isEqualTo("王**");
    }

    @Test
    void runningTheDemoLoaderAgainAddsNothing() throws Exception {
        int people = jdbc.sql("select count(*) from person").query(Integer.class).single();
        context.getBean(DemoData.class).run(null);
        assertThat(jdbc.sql("select count(*) from person").query(Integer.class).single()).isEqualTo(people);
        assertThat(Arrays.asList(context.getEnvironment().getActiveProfiles())).contains("demo");
    }
}
