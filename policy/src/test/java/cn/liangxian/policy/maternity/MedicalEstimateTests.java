package cn.liangxian.policy.maternity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;

class MedicalEstimateTests {

    static final MaternityEstimator ENGINE = new MaternityEstimator(PolicyBook.standard());

    @ParameterizedTest
    @ValueSource(strings = { "152501", "320400", "440100", "500000" })
    void theMedicalPartAloneNeedsNoWageAndEqualsTheFullEstimatesMedicalPart(String region) {
        LocalDate day = LocalDate.of(2024, 5, 20);
        for (MaternityCategory c : MaternityCategory.values()) {
            for (InsuredKind k : InsuredKind.values()) {
                for (String cost : new String[] { "350.40", "9800.00" }) {
                    int babies = c.isDelivery() ? 2 : 1;
                    MaternityEstimate full = ENGINE.estimate(MaternityFacts.of(region, day, c, babies, k,
                            new BigDecimal(cost), new BigDecimal("7000.00")));
                    MedicalEstimate medical = ENGINE.estimateMedical(MaternityFacts.of(region, day, c, babies, k,
                            new BigDecimal(cost), null));
                    assertThat(medical.medicalBenefit()).isEqualByComparingTo(full.medicalBenefit());
                    assertThat(medical.selfPay()).isEqualByComparingTo(full.selfPay());
                    assertThat(medical.medicalMethod()).isEqualTo(full.medicalMethod());
                    assertThat(medical.payingFund()).isEqualTo(full.payingFund());
                    assertThat(medical.medicalBenefit().add(medical.selfPay())).isEqualByComparingTo(cost);
                    assertThat(medical.explanation()).noneMatch(s -> s.rule().equals("allowance")
                            || s.rule().equals("leave"));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1.00", "12.345" })
    void aCostThatIsNoAmountIsRefused(String cost) {
        assertThatThrownBy(() -> ENGINE.estimateMedical(MaternityFacts.of("440100", LocalDate.of(2024, 5, 20),
                MaternityCategory.NORMAL_DELIVERY, 1, InsuredKind.EMPLOYEE, new BigDecimal(cost), null)))
                .isInstanceOf(PolicyException.class);
    }
}
