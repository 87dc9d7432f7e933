package cn.liangxian.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;

/**
 * Benefit + allowance computation. {@code baseline} computes the same Guangzhou case with bare
 * BigDecimal arithmetic and constants (no parameter lookup, no leave segments, no explanation); the
 * engine's figures are read as a ratio to it, measured in the same run on the same machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class EstimateBenchmark {

    private MaternityEstimator estimator;
    private MaternityFacts guangzhouDelivery;
    private MaternityFacts changzhouTwinsCaesarean;
    private BigDecimal cost;
    private BigDecimal wage;
    private BigDecimal quota;
    private BigDecimal divisor;
    private BigDecimal allowanceDays;

    @Setup
    public void setup() {
        estimator = new MaternityEstimator(PolicyBook.standard());
        guangzhouDelivery = MaternityFacts.of("440100", LocalDate.of(2024, 5, 10), MaternityCategory.NORMAL_DELIVERY, 1,
                InsuredKind.EMPLOYEE, new BigDecimal("3200.00"), new BigDecimal("9000.00"));
        changzhouTwinsCaesarean = MaternityFacts.of("320400", LocalDate.of(2023, 9, 20),
                MaternityCategory.CAESAREAN_DELIVERY, 2, InsuredKind.EMPLOYEE, new BigDecimal("5200.00"),
                new BigDecimal("7500.00"));
        cost = new BigDecimal("3200.00");
        wage = new BigDecimal("9000.00");
        quota = new BigDecimal("3000.00");
        divisor = new BigDecimal("30");
        allowanceDays = new BigDecimal("98");
    }

    /** The same answer as {@link #engineGuangzhouDelivery()} for the benefit and allowance, by hand. */
    @Benchmark
    public BigDecimal baseline() {
        BigDecimal benefit = cost.min(quota);
        BigDecimal allowance = wage.multiply(allowanceDays).divide(divisor, MathContext.DECIMAL128).setScale(2,
                RoundingMode.HALF_UP);
        return benefit.add(allowance);
    }

    @Benchmark
    public MaternityEstimate engineGuangzhouDelivery() {
        return estimator.estimate(guangzhouDelivery);
    }

    /** Twins, caesarean counted as difficult, an extension that skips public holidays. */
    @Benchmark
    public MaternityEstimate engineChangzhouTwinsCaesarean() {
        return estimator.estimate(changzhouTwinsCaesarean);
    }
}
