package cn.liangxian.collection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.PolicyException;
import cn.liangxian.web.ApiException;

/**
 * {@code ./liangxian collection assess --region=152501 --period=2024-03 [--chunk=10000] [--workers=2]}: runs (or
 * resumes) the monthly assessment of a region and period on the configured database and prints its progress after
 * every chunk. Exit code 0 when the run is done, 1 when it failed (start it again to resume), 2 on bad input.
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "collection-assess")
class CollectionCommand implements ApplicationRunner, ExitCodeGenerator {

    private final AssessmentJob job;
    private int exitCode;

    CollectionCommand(AssessmentJob job) {
        this.job = job;
    }

    @Override
    public void run(ApplicationArguments args) {
        String region = option(args, "region", null);
        String period = option(args, "period", null);
        try {
            int chunk = Integer.parseInt(option(args, "chunk", String.valueOf(AssessmentJob.DEFAULT_CHUNK)));
            int workers = Integer.parseInt(option(args, "workers", "2"));
            if (region == null || period == null) {
                throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_PERIOD", "-");
            }
            Instant t0 = Instant.now();
            AssessmentJob.Run run = job.start("cli", region, CollectionSupport.period(period), chunk);
            System.out.printf("核定 / assessment %s %s: run %d, %d chunks (%d done)%n", region, run.period(), run.id(),
                    run.totalChunks(), run.doneChunks());
            AssessmentJob.Run end = job.execute(region, run.id(), workers, r -> System.out.printf(
                    "  %3d%%  chunk %d/%d  persons %,d  rows written %,d  unchanged %,d%n", r.percent(), r.doneChunks(),
                    r.totalChunks(), r.persons(), r.rowsWritten(), r.unchanged()));
            System.out.printf("%s: %,d persons, %,d rows written, %,d unchanged, %.1f s%n", end.status(), end.persons(),
                    end.rowsWritten(), end.unchanged(), Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            exitCode = end.finished() ? 0 : 1;
        } catch (ApiException e) {
            System.err.println(e.code() + ": " + String.join(" ", java.util.Arrays.stream(e.args()).map(String::valueOf).toList()));
            exitCode = 2;
        } catch (PolicyException e) {
            System.err.println(e.code() + ": " + e.messageZh() + " / " + e.messageEn());
            exitCode = 2;
        } catch (NumberFormatException e) {
            System.err.println("COLLECTION_INVALID_CHUNK: " + e.getMessage());
            exitCode = 2;
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage() + " (start the same command again to resume)");
            exitCode = 1;
        }
    }

    private static String option(ApplicationArguments args, String name, String fallback) {
        List<String> v = args.getOptionValues(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
