package cn.liangxian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The tests' real PostgreSQL: a fresh database on the local server (127.0.0.1:5432, user postgres),
 * created once per test JVM and dropped when it ends; when nothing answers there, an embedded
 * PostgreSQL in a temporary directory instead.
 */
public final class TestDatabase {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static String url;
    private static String where;
    private static EmbeddedPostgres embeddedServer;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = local(SERVER);
            if (url == null) {
                url = embedded();
            }
        }
        return url;
    }

    /**
     * Another fresh database on the same server as {@link #url()}, dropped when the JVM ends: for tests that
     * need data no other test sees (their own regions, say) without starting an application.
     */
    public static synchronized String fresh() {
        String server = url().substring(0, url().lastIndexOf('/') + 1);
        String kind = where;
        String fresh = local(server);
        where = kind;
        if (fresh == null) {
            throw new IllegalStateException("could not create a database on " + server);
        }
        return fresh;
    }

    /** "local" or "embedded", for logs. */
    public static synchronized String where() {
        url();
        return where;
    }

    /** A fresh database on the server at {@code server}, or null when nothing answers there. */
    static String local(String server) {
        String name = "liangxian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(server + "postgres", p); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(server + "postgres", p); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }));
        where = "local";
        return server + name;
    }

    private static String embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            embeddedServer = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    System.err.println("could not stop embedded PostgreSQL: " + e.getMessage());
                }
            }));
            where = "embedded";
            return pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and the embedded one did not start", e);
        }
    }

    /**
     * Another fresh database beside the shared one, dropped when the JVM ends: for tests whose bulk data would
     * disturb the others' (a demo set, generated people).
     */
    public static synchronized String separate() {
        url();
        if (embeddedServer == null) {
            String u = local(SERVER);
            if (u == null) {
                throw new IllegalStateException("the local PostgreSQL stopped answering");
            }
            return u;
        }
        String name = "liangxian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = embeddedServer.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a database in the embedded PostgreSQL", e);
        }
        return embeddedServer.getJdbcUrl("postgres", name);
    }

    /** Points a Spring test context at a database of its own (see {@link #separate()}). */
    public static final class SeparateInitializer
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + separate(), "spring.datasource.username=postgres",
                    "spring.datasource.password=").applyTo(context.getEnvironment());
        }
    }

    /** Points a Spring test context at the test database. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + url(), "spring.datasource.username=postgres",
                    "spring.datasource.password=").applyTo(context.getEnvironment());
        }
    }
}
