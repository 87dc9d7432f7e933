package cn.liangxian.security.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @ParameterizedTest
    @ValueSource(strings = { "11010519491231002X", "11010519491231002x", "440106199001011235", "152501198807150021",
            "500101199203034560" })
    void acceptsValidCitizenIds(String id) {
        assertThat(Identifiers.citizenId(id, TODAY).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "440106199001011234", // wrong check digit (5 is right)
            "11010519491231002", // 17 characters
            "1101051949123100XX", // X inside
            "440106199002301236", // 30 February
            "990106199001011231", // unknown province 99
            "440106203001011239" // born in 2030
    })
    void refusesInvalidCitizenIds(String id) {
        Identifiers.Check c = Identifiers.citizenId(id, TODAY);
        assertThat(c.valid()).as(id).isFalse();
        assertThat(c.code()).isEqualTo("INVALID_CITIZEN_ID");
        assertThat(c.reasonZh()).isNotBlank();
        assertThat(c.reasonEn()).isNotBlank();
    }

    @Test
    void theCheckDigitCatchesEverySingleDigitTypo() {
        String valid = "440106199001011235";
        for (int i = 0; i < 17; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == valid.charAt(i)) {
                    continue;
                }
                String typo = valid.substring(0, i) + d + valid.substring(i + 1);
                assertThat(Identifiers.citizenId(typo, TODAY).valid()).as(typo).isFalse();
            }
        }
    }

    @Test
    void readsBirthDateAndSexFromACitizenId() {
        Identifiers.CitizenId id = Identifiers.parseCitizenId("11010519491231002X", TODAY);
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.male()).isFalse();
        assertThat(id.regionPrefix()).isEqualTo("110105");
        assertThat(Identifiers.parseCitizenId("440106199001011235", TODAY).male()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "91350100M000100Y43", "91440101MA59ABCD1D", "91350100m000100y43" })
    void acceptsValidUnifiedSocialCreditCodes(String code) {
        assertThat(Identifiers.uscc(code).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "91350100M000100Y44", "91350100M000100Y4", "91350100I000100Y43", "9135010OM00010Y43X" })
    void refusesInvalidUnifiedSocialCreditCodes(String code) {
        assertThat(Identifiers.uscc(code).valid()).as(code).isFalse();
        assertThat(Identifiers.uscc(code).code()).isEqualTo("INVALID_USCC");
    }

    @Test
    void mobileNumbers() {
        assertThat(Identifiers.mobile("13812345678").valid()).isTrue();
        assertThat(Identifiers.mobile("19912345678").valid()).isTrue();
        assertThat(Identifiers.mobile("12812345678").valid()).isFalse();
        assertThat(Identifiers.mobile("1381234567").valid()).isFalse();
        assertThat(Identifiers.mobile("138-1234-5678").valid()).isFalse();
    }

    @Test
    void bankAccountsCheckLuhnOnlyForCardNumbers() {
        assertThat(Identifiers.bankAccount("6222021234567890128").valid()).isTrue();
        assertThat(Identifiers.bankAccount("6222021234567890123").valid()).isFalse();
        assertThat(Identifiers.bankAccount("4111111111111111").valid()).isTrue();
        // a 22-digit corporate account has no public check digit
        assertThat(Identifiers.bankAccount("3100123456789012345678").valid()).isTrue();
        assertThat(Identifiers.bankAccount("1234567").valid()).isFalse();
        assertThat(Identifiers.bankAccount("62220212345678901AB").valid()).isFalse();
    }

    /** Appends the GB 11643 check character to 17 characters. */
    static String withCheck(String body17) {
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * w[i];
        }
        return body17 + "10X98765432".charAt(sum % 11);
    }

    @Test
    void residencePermitsOfHongKongMacaoAndTaiwanResidentsFollowGb11643WithTheirOwnPrefixes() {
        String hk = withCheck("81000019900315002");
        Identifiers.Certificate c = Identifiers.parseCertificate(Identifiers.CertType.HK_MACAO_RESIDENCE, hk, TODAY);
        assertThat(c.birthDate()).isEqualTo(LocalDate.of(1990, 3, 15));
        assertThat(c.male()).isFalse();
        assertThat(Identifiers.certificate(Identifiers.CertType.HK_MACAO_RESIDENCE, withCheck("82000019851201003"), TODAY)
                .valid()).isTrue();
        String tw = withCheck("83000019920704001");
        assertThat(Identifiers.parseCertificate(Identifiers.CertType.TAIWAN_RESIDENCE, tw, TODAY).male()).isTrue();
        // a Taiwan permit is not a Hong Kong one, nor a resident ID (no province 83)
        assertThat(Identifiers.certificate(Identifiers.CertType.HK_MACAO_RESIDENCE, tw, TODAY).valid()).isFalse();
        assertThat(Identifiers.citizenId(tw, TODAY).valid()).isFalse();
        String typo = tw.substring(0, 10) + "9" + tw.substring(11);
        assertThat(Identifiers.certificate(Identifiers.CertType.TAIWAN_RESIDENCE, typo, TODAY).code())
                .isEqualTo("INVALID_CERTIFICATE");
    }

    @Test
    void foreignPermanentResidentCardsOfBothVersionsAreRead() {
        String card2023 = withCheck("93184019870611002");
        Identifiers.Certificate c = Identifiers.parseCertificate(Identifiers.CertType.FOREIGN_PERMANENT_RESIDENCE,
                card2023, TODAY);
        assertThat(c.birthDate()).isEqualTo(LocalDate.of(1987, 6, 11));
        assertThat(c.male()).isFalse();
        Identifiers.Certificate old = Identifiers.parseCertificate(Identifiers.CertType.FOREIGN_PERMANENT_RESIDENCE,
                "usa317905120110", TODAY);
        assertThat(old.number()).isEqualTo("USA317905120110");
        assertThat(old.birthDate()).isEqualTo(LocalDate.of(1979, 5, 12));
        assertThat(old.male()).isNull();
        for (String bad : new String[] { "931840198706110027", withCheck("99984019870611002"), "US3107905120111", "" }) {
            Identifiers.Check k = Identifiers.certificate(Identifiers.CertType.FOREIGN_PERMANENT_RESIDENCE, bad, TODAY);
            assertThat(k.valid()).as(bad).isFalse();
            assertThat(k.reasonZh()).isNotBlank();
            assertThat(k.reasonEn()).isNotBlank();
        }
        assertThat(Identifiers.certificate(Identifiers.CertType.RESIDENT_ID, null, TODAY).code())
                .isEqualTo("INVALID_CERTIFICATE");
    }
}
