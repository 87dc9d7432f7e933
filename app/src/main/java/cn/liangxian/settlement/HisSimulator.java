package cn.liangxian.settlement;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated hospital system: drives realistic flows against a running server — sign-in, person lookup,
 * prenatal visits (registration, visit information, fee upload, pre-settlement, settlement), deliveries and
 * family-planning operations (admission with the maternity fields, fee upload, discharge, pre-settlement,
 * settlement), some reversals, and retries that repeat a settlement message as it was (same msgid) and as a new
 * message (same serials), which must get the first answer; it signs out (9002) at the end.
 *
 * <p>Two phases: all encounters are prepared up to pre-settlement by {@code concurrency} workers, then settled by
 * the same number of workers; the settlement phase is timed on its own (settlements per second, latency of the
 * settlement call). Reversals and retries follow.
 */
final class HisSimulator {

    /** What one run measured. */
    record Report(int encounters, int prepared, int settled, int refused, int reversed, int retries,
            int retryMismatches, long prepareNanos, long settleNanos, long p50Nanos, long p99Nanos, long maxNanos,
            Map<String, Integer> errors, long settleStartedMillis, long settleEndedMillis, long settleCpuNanos) {

        /** The simulator's own CPU time per settlement in the timed phase (signing, JSON, HTTP), in ms. */
        BigDecimal cpuMillisPerSettlement() {
            return settled == 0 || settleCpuNanos < 0 ? null
                    : BigDecimal.valueOf(settleCpuNanos).divide(BigDecimal.valueOf(settled * 1_000_000L), 3,
                            java.math.RoundingMode.HALF_UP);
        }

        BigDecimal prepareSeconds() {
            return seconds(prepareNanos);
        }

        BigDecimal settleSeconds() {
            return seconds(settleNanos);
        }

        BigDecimal settlementsPerSecond() {
            return settleNanos == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(settled).multiply(BigDecimal.valueOf(1_000_000_000L))
                            .divide(BigDecimal.valueOf(settleNanos), 1, java.math.RoundingMode.HALF_UP);
        }

        BigDecimal p50Millis() {
            return millis(p50Nanos);
        }

        BigDecimal p99Millis() {
            return millis(p99Nanos);
        }

        BigDecimal maxMillis() {
            return millis(maxNanos);
        }

        private static BigDecimal seconds(long nanos) {
            return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(1_000_000_000L), 2, java.math.RoundingMode.HALF_UP);
        }

        private static BigDecimal millis(long nanos) {
            return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(1_000_000L), 1, java.math.RoundingMode.HALF_UP);
        }
    }

    /** The fee lines of each kind of encounter (codes of the national-style demo catalog). */
    static final List<HisFlows.Fee> PRENATAL = List.of(
            fee("311201001", "CJ001", "1", "12.00"), fee("220201003", "US003", "1", "90.00"),
            fee("220201005", "US005", "1", "150.00"), fee("250102001", "LAB001", "1", "35.00"));
    static final List<HisFlows.Fee> DELIVERY = List.of(
            fee("311201014", "FM014", "1", "800.00"), fee("XH01BB02A001", "YP001", "2", "2.80"),
            fee("XH01BB03A001", "YP003", "1", "198.00"), fee("311201030", "FM030", "1", "300.00"),
            fee("220201003", "US003", "1", "90.00"));
    static final List<HisFlows.Fee> CAESAREAN = List.of(
            fee("331305001", "SS001", "1", "1800.00"), fee("XH01BB03A001", "YP003", "1", "198.00"),
            fee("XJ01DC02A002", "YP012", "6", "16.50"), fee("311201030", "FM030", "1", "300.00"));
    static final List<HisFlows.Fee> MISCARRIAGE = List.of(
            fee("311202001", "SS101", "1", "280.00"), fee("330100004", "MZ004", "1", "180.00"));
    static final List<HisFlows.Fee> IUD = List.of(fee("311202004", "SS104", "1", "150.00"));

    private final HisClient his;
    private final List<String> persons;
    private final int encounters;
    private final int concurrency;
    /** Of every thousand settlements, how many are reversed and how many resent. */
    private final int reversalsPerMille;
    private final int retriesPerMille;
    private final long seed;
    private final PrintWriter out;

    HisSimulator(HisClient his, List<String> persons, int encounters, int concurrency, int reversalsPerMille,
            int retriesPerMille, long seed, PrintWriter out) {
        this.his = his;
        this.persons = List.copyOf(persons);
        this.encounters = encounters;
        this.concurrency = concurrency;
        this.reversalsPerMille = reversalsPerMille;
        this.retriesPerMille = retriesPerMille;
        this.seed = seed;
        this.out = out;
    }

    /** A prepared encounter waiting for its settlement message. */
    private record Prepared(HisFlows.Encounter encounter, boolean inpatient, Map<String, Object> settleData) {
    }

    Report run() throws InterruptedException {
        HisClient.Answer signIn = his.signIn();
        if (signIn.infcode() != 0) {
            throw new IllegalStateException("9001 sign-in refused: " + signIn.errMsg());
        }
        HisFlows flows = new HisFlows(his);
        Map<String, Integer> errors = Collections.synchronizedMap(new LinkedHashMap<>());
        ConcurrentLinkedQueue<Prepared> prepared = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        String runTag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
        long t0 = System.nanoTime();
        List<Future<?>> jobs = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < encounters; i++) {
            int n = i;
            jobs.add(pool.submit(() -> {
                try {
                    Prepared p = prepare(flows, n, runTag);
                    if (p != null) {
                        prepared.add(p);
                    }
                } catch (RuntimeException e) {
                    count(errors, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                int d = done.incrementAndGet();
                if (d % 500 == 0) {
                    out.println("  prepared " + d + " / " + encounters);
                    out.flush();
                }
            }));
        }
        waitAll(jobs);
        long prepareNanos = System.nanoTime() - t0;

        List<Prepared> ready = new ArrayList<>(prepared);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Object[]> settled = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        jobs.clear();
        long cpu0 = processCpuNanos();
        long wall1 = System.currentTimeMillis();
        long t1 = System.nanoTime();
        for (Prepared p : ready) {
            jobs.add(pool.submit(() -> {
                String infno = p.inpatient() ? "2304" : "2207";
                Map<String, Object> envelope = his.envelope(infno, his.msgid(), p.encounter().insuplc(),
                        Map.of("data", p.settleData()));
                try {
                    HisClient.Answer a = his.send(infno, envelope);
                    latencies.add(a.nanos());
                    if (a.infcode() == 0) {
                        settled.add(new Object[] { p, envelope, a });
                    } else {
                        refused.incrementAndGet();
                        count(errors, code(a.errMsg()));
                    }
                } catch (RuntimeException e) {
                    refused.incrementAndGet();
                    count(errors, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }));
        }
        waitAll(jobs);
        long settleNanos = System.nanoTime() - t1;
        long wall2 = System.currentTimeMillis();
        long cpu1 = processCpuNanos();
        out.println("  settlement phase: " + settled.size() + " settled in " + settleNanos / 1_000_000 + " ms");
        out.flush();

        // retries and reversals after the timed phase
        SplittableRandom random = new SplittableRandom(seed);
        int retries = 0;
        int mismatches = 0;
        int reversed = 0;
        for (Object[] s : settled) {
            Prepared p = (Prepared) s[0];
            @SuppressWarnings("unchecked")
            Map<String, Object> envelope = (Map<String, Object>) s[1];
            HisClient.Answer first = (HisClient.Answer) s[2];
            String infno = p.inpatient() ? "2304" : "2207";
            if (random.nextInt(1000) < retriesPerMille) {
                retries += 2;
                HisClient.Answer same = his.send(infno, envelope);
                if (!same.json().equals(first.json())) {
                    mismatches++;
                }
                HisClient.Answer again = his.call(infno, p.encounter().insuplc(), Map.of("data", p.settleData()));
                if (!again.output().equals(first.output())) {
                    mismatches++;
                }
            }
            if (random.nextInt(1000) < reversalsPerMille) {
                String setlId = first.output().path("setlinfo").path("setl_id").asString();
                HisFlows.Encounter e = p.encounter();
                HisClient.Answer r = flows.reverse(new HisFlows.Encounter(e.psnNo(), e.insuplc(), e.mdtrtId(), e.batch(),
                        setlId, null, null, List.of()), p.inpatient());
                if (r.infcode() == 0) {
                    reversed++;
                } else {
                    count(errors, code(r.errMsg()));
                }
            }
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        HisClient.Answer signOut = his.signOut();
        if (signOut.infcode() != 0) {
            count(errors, "9002 " + code(signOut.errMsg()));
        }

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Report(encounters, ready.size(), settled.size(), refused.get(), reversed, retries, mismatches,
                prepareNanos, settleNanos, percentile(sorted, 50), percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), new LinkedHashMap<>(errors), wall1, wall2,
                cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
    }

    /** This process's CPU time so far (all threads), or -1 where the platform does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** Runs one encounter up to its pre-settlement; answers the settlement message's data, or null when refused. */
    private Prepared prepare(HisFlows flows, int n, String runTag) {
        SplittableRandom r = new SplittableRandom(seed + n);
        String person = persons.get(n % persons.size());
        LocalDateTime at = LocalDateTime.now(NhsaGateway.ZONE).minusDays(1 + r.nextInt(20)).withHour(8 + r.nextInt(9))
                .withMinute(r.nextInt(60)).withSecond(0).withNano(0);
        String serial = runTag + String.format("%07d", n);
        int kind = r.nextInt(100);
        HisFlows.Encounter e;
        boolean inpatient;
        if (kind < 60) {
            e = flows.prepareOutpatient(person, "OP" + serial, at, PRENATAL);
            inpatient = false;
        } else {
            inpatient = true;
            HisFlows.Maternity m;
            List<HisFlows.Fee> fees;
            if (kind < 80) {
                m = new HisFlows.Maternity("52", "1", null, 39, 1, at.plusHours(10));
                fees = DELIVERY;
            } else if (kind < 90) {
                m = new HisFlows.Maternity("52", "3", null, 39, 1, at.plusHours(6));
                fees = CAESAREAN;
            } else if (kind < 95) {
                m = new HisFlows.Maternity("53", null, "3", 8 + r.nextInt(16), null, at.plusHours(2));
                fees = MISCARRIAGE;
            } else {
                m = new HisFlows.Maternity("53", null, "1", null, null, at.plusHours(1));
                fees = IUD;
            }
            e = flows.prepareInpatient(person, "IP" + serial, at, m, fees);
        }
        for (HisClient.Answer a : e.steps()) {
            if (a.infcode() != 0) {
                throw new IllegalStateException(code(a.errMsg()));
            }
        }
        Map<String, Object> data = HisFlows.settleData(e.psnNo(), person, inpatient ? null : "51",
                e.preSettlement().output().path("setlinfo").path("medfee_sumamt").decimalValue(), e.mdtrtId(), e.batch(),
                "510");
        if (inpatient) {
            data.put("mid_setl_flag", "0");
            data.remove("med_type");
        } else {
            JsonFields.copyAmounts(e.preSettlement().output().path("setlinfo"), data);
        }
        return new Prepared(e, inpatient, data);
    }

    private static void waitAll(List<Future<?>> jobs) throws InterruptedException {
        for (Future<?> f : jobs) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // counted by the job itself
            }
        }
    }

    private static void count(Map<String, Integer> errors, String code) {
        errors.merge(code == null ? "?" : code, 1, Integer::sum);
    }

    /** The stable code at the start of err_msg. */
    static String code(String errMsg) {
        if (errMsg == null) {
            return "?";
        }
        int i = errMsg.indexOf('：');
        return i > 0 ? errMsg.substring(0, i) : errMsg.length() > 60 ? errMsg.substring(0, 60) : errMsg;
    }

    /** The nearest-rank percentile (p of 100) of sorted latencies. */
    static long percentile(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int i = (p * sortedNanos.size() + 99) / 100 - 1;
        return sortedNanos.get(Math.max(0, Math.min(i, sortedNanos.size() - 1)));
    }

    private static HisFlows.Fee fee(String code, String own, String cnt, String price) {
        return new HisFlows.Fee(code, own, new BigDecimal(cnt), new BigDecimal(price));
    }
}
