package cn.liangxian.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class TestDatabaseTests {

    @Test
    void whenNothingAnswersOnThePortThereIsNoLocalDatabase() {
        assertThat(TestDatabase.local("jdbc:postgresql://127.0.0.1:9/")).isNull();
    }

    @Test
    void theTestDatabaseIsAFreshRealPostgreSql() throws Exception {
        String url = TestDatabase.url();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
            if (TestDatabase.where().equals("local")) {
                assertThat(rs.getString(1)).startsWith("liangxian_test_");
            }
        }
    }
}
