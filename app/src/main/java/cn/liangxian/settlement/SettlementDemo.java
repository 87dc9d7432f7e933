package cn.liangxian.settlement;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.institution.Institutions;
import cn.liangxian.security.InstitutionKeys;

/**
 * The demo's settlements: in each seed region, the first contracted institution settles a handful of prenatal
 * visits and deliveries of the region's named insured women through the hospital interface (signed envelopes
 * handed to the gateway), one Erenhot woman is treated in Changzhou (clearing between regions), and one
 * settlement is reversed. The Changzhou hospital's signing key is issued afresh and written to
 * {@code <data-dir>/../his-sim/H32040000001.key} (demo only) for {@code ./liangxian his-sim --key-file}.
 * A region whose institution has settlements already is left alone.
 */
@Component
@Profile("demo")
@Order(300)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class SettlementDemo implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SettlementDemo.class);

    /** The named demo women of each region (DemoData). */
    static final Map<String, List<String>> WOMEN = new LinkedHashMap<>();
    static {
        WOMEN.put("320400", List.of("320402199305120020"));
        WOMEN.put("152501", List.of("152501199508080048", "152501198807150021"));
        WOMEN.put("440100", List.of("440106199001011227"));
        WOMEN.put("440300", List.of("440304199111110021"));
        WOMEN.put("500000", List.of("50010319880215006X"));
    }

    private final NhsaGateway gateway;
    private final Institutions institutions;
    private final InstitutionKeys keys;
    private final JdbcClient jdbc;
    private final Path dataDir;

    SettlementDemo(NhsaGateway gateway, Institutions institutions, InstitutionKeys keys, JdbcClient jdbc,
            @Value("${liangxian.data-dir}") Path dataDir) {
        this.gateway = gateway;
        this.institutions = institutions;
        this.keys = keys;
        this.jdbc = jdbc;
        this.dataDir = dataDir;
    }

    @Override
    public void run(ApplicationArguments args) {
        int settled = 0;
        for (Map.Entry<String, List<String>> r : WOMEN.entrySet()) {
            var list = institutions.inRegion(r.getKey());
            if (list.isEmpty()) {
                continue;
            }
            var inst = list.stream().filter(i -> i.code().endsWith("01")).findFirst().orElse(list.get(0));
            String secret = keys.issue(inst.code(), inst.regionCode());
            if ("H32040000001".equals(inst.code())) {
                writeKey(inst.code(), secret);
            }
            boolean done = jdbc.sql("select exists (select 1 from settlement where institution_code = ?)")
                    .param(inst.code()).query(Boolean.class).single();
            if (done) {
                continue;
            }
            HisClient his = new HisClient(this::post, inst.code(), inst.name(), inst.regionCode(),
                    Base64.getDecoder().decode(secret));
            if (his.signIn().infcode() != 0) {
                log.warn("Demo settlements: sign-in refused at {}", inst.code());
                continue;
            }
            HisFlows flows = new HisFlows(his);
            List<String> women = new java.util.ArrayList<>(r.getValue());
            if ("320400".equals(r.getKey())) {
                women.add("152501198807150021");
            }
            LocalDateTime base = LocalDateTime.now(NhsaGateway.ZONE).withHour(9).withMinute(0).withSecond(0).withNano(0);
            int n = 0;
            for (String w : women) {
                for (int visit = 0; visit < 2; visit++) {
                    var e = flows.prenatal(w, "DEMO-OP-" + inst.code().substring(1, 7) + "-" + (++n),
                            base.minusDays(40 - 10 * visit + n), HisSimulator.PRENATAL);
                    settled += e.settled() ? 1 : report(inst.code(), e);
                }
                boolean caesarean = n % 2 == 0;
                var m = new HisFlows.Maternity("52", caesarean ? "3" : "1", null, 39, 1, base.minusDays(5 + n));
                var e = flows.inpatient(w, "DEMO-IP-" + inst.code().substring(1, 7) + "-" + (++n), base.minusDays(6 + n), m,
                        caesarean ? HisSimulator.CAESAREAN : HisSimulator.DELIVERY);
                settled += e.settled() ? 1 : report(inst.code(), e);
            }
            // one prenatal visit settled and reversed (a billing mistake)
            var wrong = flows.prenatal(women.get(0), "DEMO-OP-" + inst.code().substring(1, 7) + "-R",
                    base.minusDays(2), List.of(new HisFlows.Fee("311201001", "CJ001", BigDecimal.ONE, new BigDecimal("12.00"))));
            if (wrong.settled()) {
                flows.reverse(wrong, false);
            }
            // one admission registered by mistake and cancelled (2404)
            var mistaken = flows.admit(women.get(0), "DEMO-IP-" + inst.code().substring(1, 7) + "-X", base.minusDays(1),
                    new HisFlows.Maternity("52", "1", null, 38, 1, base));
            if (mistaken.mdtrtId() == null || flows.cancelAdmission(mistaken).infcode() != 0) {
                log.warn("Demo settlements: the mistaken admission at {} was not cancelled", inst.code());
            }
        }
        log.info("Demo settlements: {} settled through the hospital interface", settled);
    }

    private int report(String institution, HisFlows.Encounter e) {
        e.steps().stream().filter(a -> a.infcode() != 0).findFirst()
                .ifPresent(a -> log.warn("Demo settlement at {} refused: {}", institution, HisSimulator.code(a.errMsg())));
        return 0;
    }

    private byte[] post(String path, byte[] body, String ts, String nonce, String sig) {
        return gateway.handle(null, new NhsaGateway.Signature(ts, nonce, sig), body).getBytes(StandardCharsets.UTF_8);
    }

    private void writeKey(String code, String secret) {
        try {
            Path dir = dataDir.toAbsolutePath().getParent().resolve("his-sim");
            Files.createDirectories(dir);
            Path file = dir.resolve(code + ".key");
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            log.info("Demo signing key of {} written to {} (for ./liangxian his-sim --key-file)", code, file);
        } catch (IOException e) {
            log.warn("Demo signing key of {} could not be written: {}", code, e.getMessage());
        }
    }
}
