package cn.liangxian.security.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PersonalDataTests {

    static String key(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    static final KeyRing OLD = KeyRing.fromBase64(Map.of("k1", key(1, 16)), "k1", key(9, 32));
    static final KeyRing ROTATED = KeyRing.fromBase64(Map.of("k1", key(1, 16), "k2", key(2, 16)), "k2", key(9, 32));

    @Test
    void encryptsWithTheKeyIdBesideTheCiphertextAndDecryptsBack() {
        PersonalDataCipher c = new PersonalDataCipher(OLD);
        String stored = c.encrypt("440106199001011235", "person.id_number");
        assertThat(stored).startsWith("k1:").doesNotContain("440106199001011235");
        assertThat(c.decrypt(stored, "person.id_number")).isEqualTo("440106199001011235");
        assertThat(c.encrypt("440106199001011235", "person.id_number")).as("a fresh IV each time").isNotEqualTo(stored);
    }

    @Test
    void oldValuesStayReadableAfterTheKeyRotates() {
        String stored = new PersonalDataCipher(OLD).encrypt("王小红", "person.name");
        PersonalDataCipher rotated = new PersonalDataCipher(ROTATED);
        assertThat(rotated.decrypt(stored, "person.name")).isEqualTo("王小红");
        String fresh = rotated.encrypt("王小红", "person.name");
        assertThat(PersonalDataCipher.keyIdOf(fresh)).isEqualTo("k2");
    }

    @Test
    void aValueMovedToAnotherColumnOrTamperedWithIsRefused() {
        PersonalDataCipher c = new PersonalDataCipher(OLD);
        String stored = c.encrypt("13812345678", "person.phone");
        assertThatThrownBy(() -> c.decrypt(stored, "person.name")).isInstanceOf(IllegalStateException.class);
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "k1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> c.decrypt(tampered, "person.phone")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFileIsEncryptedWithItsKeyIdAndRefusedWhenMovedOrTamperedWith() {
        byte[] file = new byte[3000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 7);
        }
        byte[] stored = new PersonalDataCipher(OLD).encryptBytes(file, "allowance_evidence:1");
        assertThat(new String(stored, 0, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("k1:");
        assertThat(java.util.Collections.indexOfSubList(toList(stored), toList(java.util.Arrays.copyOfRange(file, 100, 140))))
                .as("the plain bytes are not in the stored ones").isEqualTo(-1);
        PersonalDataCipher rotated = new PersonalDataCipher(ROTATED);
        assertThat(rotated.decryptBytes(stored, "allowance_evidence:1")).isEqualTo(file);
        assertThatThrownBy(() -> rotated.decryptBytes(stored, "allowance_evidence:2")).isInstanceOf(IllegalStateException.class);
        byte[] tampered = stored.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThatThrownBy(() -> rotated.decryptBytes(tampered, "allowance_evidence:1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rotated.decryptBytes(file, "allowance_evidence:1"))
                .isInstanceOf(RuntimeException.class);
    }

    private static java.util.List<Byte> toList(byte[] b) {
        java.util.List<Byte> l = new java.util.ArrayList<>(b.length);
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }

    @Test
    void theBlindIndexIsStableKeyedAndNormalised() {
        BlindIndex idx = new BlindIndex(OLD);
        String a = idx.of("citizen-id", "11010519491231002X");
        assertThat(idx.of("citizen-id", " 11010519491231002x ")).isEqualTo(a);
        assertThat(idx.of("phone", "11010519491231002X")).isNotEqualTo(a);
        assertThat(new BlindIndex(KeyRing.fromBase64(Map.of("k1", key(1, 16)), "k1", key(8, 32)))
                .of("citizen-id", "11010519491231002X")).as("another key, another index").isNotEqualTo(a);
        assertThat(a).hasSize(64).doesNotContain("1101051949");
    }

    @Test
    void aKeyRingWithoutItsCurrentKeyOrWithShortKeysIsRefused() {
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", key(1, 16)), "k2", key(9, 32)))
                .hasMessageContaining("no current key");
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", key(1, 15)), "k1", key(9, 32)))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", key(1, 16)), "k1", key(9, 16)))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void masksAsShownOnScreensAndInLogs() {
        assertThat(Masking.idNumber("44010619900101123X")).isEqualTo("4401**********123X");
        assertThat(Masking.name("张三")).isEqualTo("张*");
        assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧***");
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.bankAccount("6222021234567890128")).isEqualTo("***************0128");
        assertThat(Masking.idNumber(null)).isNull();
    }
}
