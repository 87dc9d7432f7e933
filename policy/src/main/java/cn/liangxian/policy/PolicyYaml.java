package cn.liangxian.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads policy YAML exactly: only {@code true}/{@code false} and empty values are interpreted; every
 * other scalar stays text, so {@code 0.07} is never a binary fraction, {@code 000000} is not octal and
 * dates are not time stamps. Parameters convert text by their declared {@link ParamType}.
 */
public final class PolicyYaml {

    private PolicyYaml() {
    }

    static final class ExactResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, java.util.regex.Pattern.compile("^(?:true|false)$"), "tf");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    public static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new ExactResolver());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing policy resource " + resource);
            }
            Object doc = newYaml().load(in);
            if (!(doc instanceof Map)) {
                throw new IllegalStateException(resource + " is not a YAML mapping");
            }
            return (Map<String, Object>) doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
