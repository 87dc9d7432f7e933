package cn.liangxian.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import cn.liangxian.security.Role;

/** One API call an access test makes: GET (body null) or POST with a JSON body. */
public record ApiProbe(String method, String path, String body) {

    /** The call under the role's API token. */
    public Http.Response call(Http http, Map<Role, String> tokens, Role role) {
        String auth = "Bearer " + tokens.get(role);
        return method.equals("GET") ? http.get(path, "Authorization", auth) : http.postJson(path, body, "Authorization", auth);
    }

    /**
     * One dynamic test per role and probe, each refused (403 or 404, problem+json), and a last one checking that none
     * of them wrote anything.
     */
    public static Stream<DynamicTest> refusedToEveryRole(Http http, Map<Role, String> tokens, List<ApiProbe> probes,
            Executable nothingWritten) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Role role : Role.values()) {
            for (ApiProbe p : probes) {
                tests.add(DynamicTest.dynamicTest(role + " " + p.method() + " " + p.path(), () -> {
                    Http.Response r = p.call(http, tokens, role);
                    assertThat(r.status()).as(r.body()).isIn(403, 404);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("nothing was written by any of them", nothingWritten));
        return tests.stream();
    }
}
