package cn.liangxian.policy.maternity;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The facts of one maternity event.
 *
 * @param regionCode           pooling region (6 digits)
 * @param serviceDate          date of birth, surgery or (prenatal care) of the last check
 * @param category             the event
 * @param fetusCount           babies delivered (deliveries; 1 otherwise)
 * @param insuredKind          employee, flexible worker or spouse
 * @param medicalCost          in-catalogue medical cost of the event, CNY
 * @param employerAvgMonthlyWage the employer's prior-year average monthly wage, CNY; needed only when an allowance is payable
 * @param prenatalUnits        prenatal units used (per-unit regions); null means the whole package
 * @param leaveStart           first day of leave; null means the earliest the law allows
 */
public record MaternityFacts(String regionCode, LocalDate serviceDate, MaternityCategory category, int fetusCount,
        InsuredKind insuredKind, BigDecimal medicalCost, BigDecimal employerAvgMonthlyWage, Integer prenatalUnits,
        LocalDate leaveStart) {

    public static MaternityFacts of(String region, LocalDate date, MaternityCategory category, int fetuses,
            InsuredKind kind, BigDecimal cost, BigDecimal employerAvgWage) {
        return new MaternityFacts(region, date, category, fetuses, kind, cost, employerAvgWage, null, null);
    }
}
