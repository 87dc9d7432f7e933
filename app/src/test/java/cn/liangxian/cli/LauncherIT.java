package cn.liangxian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar answers the command line by itself: the database settings point at a port where
 * nothing listens, so any attempt to start the server or reach a database would fail the run.
 */
class LauncherIT {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("liangxian.jar", "target/liangxian.jar"));
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LIANGXIAN_DB_URL", "jdbc:postgresql://127.0.0.1:9/nowhere");
        Path out = Files.createTempFile("lx-out", ".txt");
        Path err = Files.createTempFile("lx-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command line finishes on its own").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void estimateRunsFromTheJarWithoutAServerOrDatabase() throws Exception {
        Result r = run("estimate", "maternity", "--region", "152501", "--date", "2020-06-01", "--category",
                "NORMAL_DELIVERY", "--fetuses", "1", "--cost", "3000.00", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = JsonMapper.builder().build().readTree(r.out());
        assertThat(j.get("medicalBenefit").asString()).isEqualTo("2500.00");
        assertThat(r.out()).doesNotContain("Spring").doesNotContain("Tomcat");
    }

    @Test
    void badInputFromTheJarExitsTwoWithOneLine() throws Exception {
        Result r = run("estimate", "maternity", "--region", "152501", "--date", "2020-06-01", "--category",
                "NORMAL_DELIVERY", "--fetuses", "0", "--cost", "3000.00", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("INVALID_FETUS_COUNT:");
        assertThat(JsonMapper.builder().build().readTree(r.out()).get("code").asString()).isEqualTo("INVALID_FETUS_COUNT");
    }

    @Test
    void chineseTextSurvivesTheTerminal() throws Exception {
        Result r = run("estimate", "maternity", "--region", "500000", "--date", "2021-03-15", "--category",
                "CAESAREAN_DELIVERY", "--cost", "4000.00", "--employer-avg-wage", "6600.00");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("重庆市").contains("增加产假").contains("42460.00");
    }
}
