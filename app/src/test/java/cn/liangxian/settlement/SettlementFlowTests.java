package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/** Whole encounters through the interface, as a hospital system drives them. */
@AppTest
class SettlementFlowTests {

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

    SettlementFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
    }

    @Test
    void aPrenatalVisitInErenhotIsSettledUpToTheCap() {
        var h = fx.hospital("152501");
        // this hospital uses the per-transaction addresses, POST /api/nhsa/{infno}
        HisFlows flows = new HisFlows(fx.client(h, true));
        String woman = fx.employedWoman("152501");
        var e = flows.prenatal(woman, "OP" + System.nanoTime() % 100000000, LocalDateTime.of(2025, 6, 3, 9, 30),
                SettlementFixture.fees("150.00", "100.00", "50.00"));
        e.steps().forEach(s -> assertThat(s.infcode()).as(s.json().toString()).isZero());
        var info = e.settlement().output().path("setlinfo");
        assertThat(info.path("medfee_sumamt").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(info.path("fulamt_ownpay_amt").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(e.setlId()).startsWith("152501S");
    }

    @Autowired java.util.List<cn.liangxian.me.MeTimelineSource> timelineSources;

    @Test
    void herSettlementAppearsOnHerOwnTimelineWithWhatTheFundPaid() {
        var h = fx.hospital("152501");
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman("152501");
        var e = flows.prenatal(woman, "OP" + System.nanoTime() % 100000000, LocalDateTime.of(2025, 6, 4, 9, 30),
                SettlementFixture.fees("150.00", "100.00", "50.00"));
        var info = e.settlement().output().path("setlinfo");
        long personId = jdbc.sql("select person_id from settlement where setl_id = ?").param(e.setlId())
                .query(Long.class).single();
        var source = timelineSources.stream().filter(t -> t.getClass().getSimpleName().equals("SettlementTimeline"))
                .findFirst().orElseThrow();
        var entries = source.entries(users.insured(personId), personId, java.time.LocalDate.of(2025, 7, 1));
        assertThat(entries).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(cn.liangxian.me.MeTimelineSource.SETTLEMENT);
            assertThat(t.date()).isEqualTo(java.time.LocalDate.of(2025, 6, 4));
            assertThat(t.amount()).isEqualByComparingTo(info.path("fund_pay_sumamt").decimalValue());
            assertThat(t.detailZh()).contains(h.name()).contains("300.00");
            assertThat(t.statusZh()).isEqualTo("已结算");
        });
        assertThat(source.entries(users.insured(personId), personId, java.time.LocalDate.of(2025, 6, 1))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.entries(
                users.insured(users.person("152501")), personId, java.time.LocalDate.of(2025, 7, 1)))
                .isInstanceOf(cn.liangxian.web.ApiException.class);
    }

    @Test
    void theSimulatedHisSettlesRetriesAndReversesThroughTheCommandLine() {
        var h = fx.hospital("320400");
        String woman = fx.employedWoman("320400");
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        int code = cn.liangxian.cli.LiangxianCommand.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                "his-sim", "--url", "http://127.0.0.1:" + env.getRequiredProperty("local.server.port"), "--institution",
                h.code(), "--institution-name", h.name(), "--key", java.util.Base64.getEncoder().encodeToString(h.secret()),
                "--persons", woman, "--encounters", "12", "--concurrency", "3", "--retry-rate", "0.5", "--reversal-rate",
                "0.25", "--json");
        assertThat(code).as(out + " " + err).isZero();
        var report = NhsaGateway.JSON.readTree(out.toString());
        assertThat(report.path("settled").asInt()).isEqualTo(12);
        assertThat(report.path("retry_mismatches").asInt()).isZero();
        assertThat(report.path("retries").asInt()).isPositive();
        assertThat(report.path("errors").size()).as("nothing refused, the closing sign-out (9002) included").isZero();
        assertThat(jdbc.sql("select count(*) from nhsa_sign_in where institution_code = ? and signed_out_at is not null")
                .param(h.code()).query(Integer.class).single()).isOne();
        // the timed phase's wall-clock window (for a sampler of the other processes' CPU) and the simulator's own CPU
        long started = report.path("settle_started_at_ms").asLong();
        long ended = report.path("settle_ended_at_ms").asLong();
        assertThat(started).isBetween(System.currentTimeMillis() - 600_000, ended);
        assertThat(ended - started).isCloseTo(report.path("settle_seconds").decimalValue().movePointRight(3).longValue(),
                org.assertj.core.data.Offset.offset(20L));
        assertThat(report.path("sim_cpu_ms_per_settlement").decimalValue()).isPositive();
        int live = jdbc.sql("select count(*) from settlement where institution_code = ? and status = 'SETTLED'")
                .param(h.code()).query(Integer.class).single();
        assertThat(live).isEqualTo(12 - report.path("reversed").asInt());
        // a wrong key is refused at sign-in, with a clear message
        int refused = cn.liangxian.cli.LiangxianCommand.execute(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), "his-sim", "--url",
                "http://127.0.0.1:" + env.getRequiredProperty("local.server.port"), "--institution", h.code(), "--key",
                java.util.Base64.getEncoder().encodeToString(new byte[32]), "--encounters", "1");
        assertThat(refused).isNotZero();
    }
}
