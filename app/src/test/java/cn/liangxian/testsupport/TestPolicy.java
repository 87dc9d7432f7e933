package cn.liangxian.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import cn.liangxian.policy.Jurisdiction;
import cn.liangxian.policy.PolicyBook;

/**
 * The standard policy pack with test jurisdictions beside it: each from {@code policy-test/jurisdictions/<code>.yaml}
 * in the test resources, a child of a seed region that changes what the test needs and inherits the rest. The seed
 * regions' own files are used as they are. For a test context of its own whose primary {@link PolicyBook} is this one.
 */
public final class TestPolicy {

    private TestPolicy() {
    }

    public static PolicyBook withTestJurisdictions(String... codes) {
        ClassLoader loader = TestPolicy.class.getClassLoader();
        try {
            Path dir = Files.createTempDirectory("liangxian-policy");
            dir.toFile().deleteOnExit();
            Path root = dir.resolve("policy");
            Files.createDirectories(root.resolve("jurisdictions"));
            PolicyBook standard = PolicyBook.standard();
            List<String> all = new ArrayList<>();
            for (Jurisdiction j : standard.jurisdictions()) {
                all.add(j.code());
                copy(loader, "policy/jurisdictions/" + j.code() + ".yaml", root.resolve("jurisdictions/" + j.code() + ".yaml"));
            }
            for (String code : codes) {
                all.add(code);
                copy(loader, "policy-test/jurisdictions/" + code + ".yaml", root.resolve("jurisdictions/" + code + ".yaml"));
            }
            copy(loader, "policy/parameters.yaml", root.resolve("parameters.yaml"));
            copy(loader, "policy/holidays.yaml", root.resolve("holidays.yaml"));
            Files.writeString(root.resolve("index.yaml"), "jurisdictions: [" + String.join(", ",
                    all.stream().map(c -> "\"" + c + "\"").toList()) + "]\n", StandardCharsets.UTF_8);
            try (URLClassLoader cl = new URLClassLoader(new URL[] { dir.toUri().toURL() }, null)) {
                return PolicyBook.load(cl, "policy/");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(ClassLoader loader, String resource, Path target) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Files.copy(in, target);
        }
    }
}
