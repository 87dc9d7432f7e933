package cn.liangxian.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The run command's embedded default: real PostgreSQL, data kept across restarts, out of the way when a URL is set. */
class EmbeddedDatabaseTests {

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() throws IOException {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(EmbeddedDatabaseConfiguration.class)
                .withPropertyValues("liangxian.data-dir=" + dir.resolve("pgdata"), "liangxian.embedded.port=" + freePort());
        runner.run(ctx -> {
            JdbcClient jdbc = JdbcClient.create(ctx.getBean(DataSource.class));
            jdbc.sql("create table kept (note text)").update();
            jdbc.sql("insert into kept values ('吴女士的测算')").update();
        });
        runner.run(ctx -> {
            JdbcClient jdbc = JdbcClient.create(ctx.getBean(DataSource.class));
            assertThat(jdbc.sql("select note from kept").query(String.class).single()).isEqualTo("吴女士的测算");
            assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
        });
    }

    @Test
    void aConfiguredDatabaseUrlStartsNothingEmbedded() {
        new ApplicationContextRunner().withUserConfiguration(EmbeddedDatabaseConfiguration.class)
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/elsewhere")
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(EmbeddedPostgres.class);
                    assertThat(ctx).doesNotHaveBean(DataSource.class);
                });
    }
}
