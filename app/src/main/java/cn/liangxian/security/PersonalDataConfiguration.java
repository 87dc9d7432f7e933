package cn.liangxian.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.KeyRing;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * The personal-data keys come from configuration:
 * {@code liangxian.pii.keys.<id>} (base64, 16 bytes, SM4), {@code liangxian.pii.current-key} and
 * {@code liangxian.pii.index-key} (base64, 32 bytes). The demo profile generates a key ring once and
 * keeps it beside the demo database; any other profile refuses to start without keys.
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataConfiguration.class);

    @Bean
    KeyRing personalDataKeys(Environment env) {
        Map<String, String> keys = Binder.get(env).bind("liangxian.pii.keys", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        String current = env.getProperty("liangxian.pii.current-key");
        String index = env.getProperty("liangxian.pii.index-key");
        if (!keys.isEmpty() && current != null && index != null) {
            return KeyRing.fromBase64(keys, current, index);
        }
        if (env.acceptsProfiles(Profiles.of("demo"))) {
            return demoKeys(Path.of(env.getProperty("liangxian.data-dir", ".liangxian/pgdata")).toAbsolutePath()
                    .getParent().resolve("demo-keys.properties"));
        }
        throw new IllegalStateException("No personal-data keys configured: set liangxian.pii.keys.<id>, "
                + "liangxian.pii.current-key and liangxian.pii.index-key (or run the demo profile)");
    }

    @Bean
    PersonalDataCipher personalDataCipher(KeyRing keys) {
        return new PersonalDataCipher(keys);
    }

    @Bean
    BlindIndex blindIndex(KeyRing keys) {
        return new BlindIndex(keys);
    }

    /** Demo only: a key ring generated on first start and kept so the demo data stays readable. */
    static KeyRing demoKeys(Path file) {
        try {
            Properties p = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
            } else {
                SecureRandom r = new SecureRandom();
                p.setProperty("key.demo1", random(r, 16));
                p.setProperty("current", "demo1");
                p.setProperty("index", random(r, 32));
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    p.store(out, "demo personal-data keys; never use in production");
                }
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    log.debug("no POSIX permissions on {}", file);
                }
                log.warn("Generated demo personal-data keys in {}", file);
            }
            Map<String, String> keys = new java.util.TreeMap<>();
            p.stringPropertyNames().stream().filter(k -> k.startsWith("key."))
                    .forEach(k -> keys.put(k.substring(4), p.getProperty(k)));
            return KeyRing.fromBase64(keys, p.getProperty("current"), p.getProperty("index"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random(SecureRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        String s = Base64.getEncoder().encodeToString(b);
        Arrays.fill(b, (byte) 0);
        return s;
    }
}
