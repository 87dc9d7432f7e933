package cn.liangxian.institution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/** Reading a bilingual code from what a person typed: its name, its Chinese or its English text. */
final class Texts {

    private Texts() {
    }

    static <E extends Enum<E> & Bilingual> Optional<E> parse(Class<E> type, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<E> byName = Bilingual.parse(type, text);
        if (byName.isPresent()) {
            return byName;
        }
        String t = text.strip();
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> c.zh().equals(t) || c.en().toLowerCase(Locale.ROOT).equals(t.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
