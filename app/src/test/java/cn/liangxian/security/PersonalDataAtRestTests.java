package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.pii.KeyRing;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

@AppTest
class PersonalDataAtRestTests {

    @Autowired
    TestUsers users;
    @Autowired
    PersonDirectory persons;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserAccounts accounts;

    @Test
    void noPlaintextIdNumberNameOrPhoneIsInAnyTable() {
        String id = TestUsers.citizenId("152501");
        String name = "乌云其木格";
        String phone = "13612345670";
        long pid = persons.register("152501", id, name, phone, java.time.LocalDate.now());
        accounts.create(new UserAccounts.NewAccount("plain.check." + pid, TestUsers.PASSWORD, "斯琴高娃", Role.INSURED,
                Set.of(), null, pid, null));
        assertThat(persons.findByIdNumber("152501", id)).contains(pid);

        List<String> tables = jdbc.sql("""
                select table_name from information_schema.tables
                where table_schema = 'public' and table_type = 'BASE TABLE'""").query(String.class).list();
        assertThat(tables).contains("person", "app_user", "audit_event");
        for (String table : tables) {
            List<String> rows = jdbc.sql("select t::text from \"" + table + "\" t").query(String.class).list();
            for (String row : rows) {
                assertThat(row).as(table).doesNotContain(id).doesNotContain(id.substring(6, 14) + id.substring(14))
                        .doesNotContain(name).doesNotContain("斯琴高娃").doesNotContain(phone);
            }
        }
        // and what is there reads back
        String stored = jdbc.sql("select id_number_enc from person where id = ?").param(pid).query(String.class).single();
        assertThat(stored).startsWith("t2:");
    }

    @Test
    void aPersonIsShownMaskedAndRevealedOnlyWithAReasonAndAnAuditRow() {
        String id = TestUsers.citizenId("500103");
        long pid = users.person("500000", id, "刘芳");
        LiangxianUser clerk = users.clerk("500000");
        PersonDirectory.MaskedPerson masked = persons.masked(clerk, pid);
        assertThat(masked.idNumber()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
        assertThat(masked.name()).isEqualTo("刘*");
        int before = jdbc.sql("select count(*) from audit_event where action = 'PERSONAL_DATA_REVEALED' and object_id = ?")
                .param(String.valueOf(pid)).query(Integer.class).single();
        PersonDirectory.RevealedPerson full = persons.reveal(clerk, pid, "核对生育津贴申领人身份");
        assertThat(full.idNumber()).isEqualTo(id);
        assertThat(full.name()).isEqualTo("刘芳");
        int after = jdbc.sql("select count(*) from audit_event where action = 'PERSONAL_DATA_REVEALED' and object_id = ?")
                .param(String.valueOf(pid)).query(Integer.class).single();
        assertThat(after).isEqualTo(before + 1);
        String auditText = jdbc.sql("select after_masked from audit_event where action = 'PERSONAL_DATA_REVEALED' "
                + "and object_id = ? order by id desc limit 1").param(String.valueOf(pid)).query(String.class).single();
        assertThat(auditText).contains("核对生育津贴申领人身份").doesNotContain(id);
    }

    @Test
    void withoutKeysOutsideTheDemoTheApplicationRefusesToStart() {
        new ApplicationContextRunner().withUserConfiguration(PersonalDataConfiguration.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("No personal-data keys configured");
        });
    }

    @TempDir
    Path dir;

    @Test
    void theDemoGeneratesAKeyRingOnceAndKeepsIt() {
        ApplicationContextRunner demo = new ApplicationContextRunner()
                .withUserConfiguration(PersonalDataConfiguration.class)
                .withPropertyValues("spring.profiles.active=demo", "liangxian.data-dir=" + dir.resolve("pgdata"));
        String[] first = new String[1];
        demo.run(ctx -> {
            KeyRing ring = ctx.getBean(KeyRing.class);
            first[0] = java.util.Base64.getEncoder().encodeToString(ring.indexKey());
        });
        assertThat(Files.exists(dir.resolve("demo-keys.properties"))).isTrue();
        demo.run(ctx -> assertThat(java.util.Base64.getEncoder().encodeToString(ctx.getBean(KeyRing.class).indexKey()))
                .as("the same keys after a restart").isEqualTo(first[0]));
    }
}
