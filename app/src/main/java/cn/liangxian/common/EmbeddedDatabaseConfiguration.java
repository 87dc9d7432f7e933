package cn.liangxian.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default: when no database is configured (no {@code LIANGXIAN_DB_URL}, no
 * {@code spring.datasource.url}), start a real PostgreSQL from the bundled binaries with its data under
 * {@code liangxian.data-dir}, so the demo survives restarts. The same Flyway migrations run on it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatabaseConfigured.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(Environment env) throws IOException {
        Path dir = Path.of(env.getProperty("liangxian.data-dir", ".liangxian/pgdata")).toAbsolutePath();
        int port = env.getProperty("liangxian.embedded.port", Integer.class, 54329);
        Files.createDirectories(dir.getParent());
        log.info("Starting embedded PostgreSQL on 127.0.0.1:{} with data in {}", port, dir);
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        c.setUsername("postgres");
        c.setMaximumPoolSize(8);
        c.setPoolName("liangxian-embedded");
        return new HikariDataSource(c);
    }

}
