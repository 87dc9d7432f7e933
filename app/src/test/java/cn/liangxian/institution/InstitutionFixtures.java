package cn.liangxian.institution;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;


import cn.liangxian.security.LiangxianUser;

/** Builds institutions for tests through the real services, each with a code of its own. */
final class InstitutionFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private InstitutionFixtures() {
    }

    /** A code no other test uses: a letter, the region, and eight digits. */
    static String code(String region) {
        return "T" + region + String.format("%04d%04d", SEQ.incrementAndGet() % 10000,
                ThreadLocalRandom.current().nextInt(10000));
    }

    static NewInstitution hospital(String code, String name) {
        return new NewInstitution(code, name, InstitutionLevel.GRADE_3A, InstitutionType.MATERNITY_CHILD_HEALTH,
                "中国工商银行常州分行", "1105020109001234567");
    }

    /** Does the work signed in as {@code user}, as a request or the demo would. */
    static <T> T as(LiangxianUser user, Supplier<T> work) {
        return cn.liangxian.security.SignedInAs.as(user, work);
    }

    static void as(LiangxianUser user, Runnable work) {
        as(user, () -> {
            work.run();
            return null;
        });
    }
}
