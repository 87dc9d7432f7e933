package cn.liangxian.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A code with its Chinese and English names, as shown to people. */
public interface Bilingual {

    String zh();

    String en();

    /** The constant named by {@code text} (case-insensitive, '-' read as '_'), if any. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String n = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(n)).findFirst();
    }
}
