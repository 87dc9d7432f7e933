package cn.liangxian.settlement;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liangxian his-sim}: a simulated hospital system against a running server (no database of its own).
 * Signs every request with the institution's key.
 */
@Command(name = "his-sim", mixinStandardHelpOptions = true,
        description = "模拟医院信息系统（HIS）对运行中的服务发起就诊、结算、撤销和重发 / simulated hospital system driving "
                + "sign-in, person lookup, encounters, fee upload, pre-settlement, settlement, reversals and retries")
public final class HisSimCommand implements Callable<Integer> {

    /** The demo's named insured women (README), used when no persons are given. */
    static final List<String> DEMO_PERSONS = List.of("320402199305120020", "152501198807150021", "152501199508080048",
            "440106199001011227", "440304199111110021", "50010319880215006X");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "服务地址 / server URL (default ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    String url;

    @Option(names = "--institution", description = "定点医药机构编号 / institution code (default ${DEFAULT-VALUE})",
            defaultValue = "H32040000001")
    String institution;

    @Option(names = "--institution-name", description = "机构名称 / institution name", defaultValue = "常州市妇幼保健院")
    String institutionName;

    @Option(names = "--region", description = "就医地区划 / the institution's region (default: from the code)")
    String region;

    @Option(names = "--key", description = "签名密钥（base64）/ signing key, base64")
    String key;

    @Option(names = "--key-file", description = "签名密钥文件 / file holding the base64 signing key")
    Path keyFile;

    @Option(names = "--persons", split = ",", description = "参保人身份证号（逗号分隔）/ ID numbers of insured women")
    List<String> persons;

    @Option(names = "--persons-file", description = "每行一个身份证号 / file with one ID number a line")
    Path personsFile;

    @Option(names = "--encounters", description = "就诊数 / encounters to run (default ${DEFAULT-VALUE})", defaultValue = "20")
    int encounters;

    @Option(names = "--concurrency", description = "并发数 / concurrent workers (default ${DEFAULT-VALUE})", defaultValue = "4")
    int concurrency;

    @Option(names = "--reversal-rate", description = "撤销比例 / share of settlements reversed (default ${DEFAULT-VALUE})",
            defaultValue = "0.1")
    java.math.BigDecimal reversalRate;

    @Option(names = "--retry-rate", description = "重发比例 / share of settlements sent again (default ${DEFAULT-VALUE})",
            defaultValue = "0.1")
    java.math.BigDecimal retryRate;

    @Option(names = "--per-infno", description = "使用 /api/nhsa/{infno} 地址 / use the per-infno addresses")
    boolean perInfno;

    @Option(names = "--seed", description = "随机种子 / random seed", defaultValue = "20201")
    long seed;

    @Option(names = "--json", description = "只输出一个 JSON 对象 / print one JSON object only")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] secret;
        try {
            String b64 = key != null ? key : keyFile != null ? Files.readString(keyFile, StandardCharsets.UTF_8).strip() : null;
            if (b64 == null) {
                err.println("INVALID_ARGUMENT: --key or --key-file is required / 需要签名密钥");
                return 2;
            }
            secret = Base64.getDecoder().decode(b64);
        } catch (IOException | IllegalArgumentException e) {
            err.println("INVALID_ARGUMENT: the key cannot be read / 无法读取密钥: " + e.getMessage());
            return 2;
        }
        List<String> who = persons != null && !persons.isEmpty() ? persons
                : personsFile != null ? Files.readAllLines(personsFile).stream().map(String::strip)
                        .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList()
                        : DEMO_PERSONS;
        String r = region != null ? region : institution.length() >= 7 ? institution.substring(1, 7) : null;
        if (r == null || !r.matches("[0-9]{6}") || encounters < 1 || concurrency < 1 || who.isEmpty()) {
            err.println("INVALID_ARGUMENT: region, encounters >= 1, concurrency >= 1 and persons are required");
            return 2;
        }
        HisClient his = new HisClient(url, institution, institutionName, r, secret, perInfno);
        PrintWriter progress = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        progress.println("his-sim: " + encounters + " encounters at " + institution + " (" + r + "), " + concurrency
                + " workers, " + who.size() + " insured women, " + url);
        progress.flush();
        HisSimulator.Report rep = new HisSimulator(his, who, encounters, concurrency, perMille(reversalRate),
                perMille(retryRate), seed, progress).run();
        Arrays.fill(secret, (byte) 0);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("encounters", rep.encounters());
            m.put("prepared", rep.prepared());
            m.put("settled", rep.settled());
            m.put("refused", rep.refused());
            m.put("reversed", rep.reversed());
            m.put("retries", rep.retries());
            m.put("retry_mismatches", rep.retryMismatches());
            m.put("prepare_seconds", rep.prepareSeconds());
            m.put("settle_seconds", rep.settleSeconds());
            m.put("settlements_per_second", rep.settlementsPerSecond());
            m.put("p50_ms", rep.p50Millis());
            m.put("p99_ms", rep.p99Millis());
            m.put("max_ms", rep.maxMillis());
            m.put("settle_started_at_ms", rep.settleStartedMillis());
            m.put("settle_ended_at_ms", rep.settleEndedMillis());
            m.put("sim_cpu_ms_per_settlement", rep.cpuMillisPerSettlement());
            m.put("errors", rep.errors());
            out.println(NhsaGateway.JSON.writeValueAsString(m));
        } else {
            out.printf("prepared %d of %d encounters in %s s%n", rep.prepared(), rep.encounters(), rep.prepareSeconds());
            out.printf("settled %d (refused %d) in %s s: %s settlements/s, p50 %s ms, p99 %s ms, max %s ms%n",
                    rep.settled(), rep.refused(), rep.settleSeconds(), rep.settlementsPerSecond(), rep.p50Millis(),
                    rep.p99Millis(), rep.maxMillis());
            out.printf("reversed %d; retried %d messages, %d answers differed from the first%n", rep.reversed(),
                    rep.retries(), rep.retryMismatches());
            if (!rep.errors().isEmpty()) {
                out.println("refusals: " + rep.errors());
            }
        }
        out.flush();
        return rep.retryMismatches() == 0 && rep.settled() > 0 ? 0 : 1;
    }

    private static int perMille(java.math.BigDecimal share) {
        if (share == null || share.signum() < 0 || share.compareTo(java.math.BigDecimal.ONE) > 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new HisSimCommand()),
                    "a rate is between 0 and 1: " + share);
        }
        return share.movePointRight(3).intValue();
    }
}
