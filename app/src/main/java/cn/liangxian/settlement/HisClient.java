package cn.liangxian.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import cn.liangxian.security.RequestSignatureVerifier;
import tools.jackson.databind.JsonNode;

/**
 * A hospital system's side of the interface: builds the national envelope, numbers messages
 * ({@code fixmedins_code + yyyyMMddHHmmss + sequence}), signs each request with the institution's key and
 * posts it. Used by the simulated HIS and by the tests.
 */
final class HisClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One answer: the response envelope and the time it took. */
    record Answer(JsonNode json, long nanos) {
        int infcode() {
            return json.path("infcode").asInt(-99);
        }

        String errMsg() {
            return json.path("err_msg").asString(null);
        }

        JsonNode output() {
            return json.path("output");
        }
    }

    /** How a signed body reaches the server: over HTTP, or (the demo) straight to the gateway. */
    @FunctionalInterface
    interface Transport {
        byte[] post(String path, byte[] body, String timestamp, String nonce, String signature);
    }

    private final HttpClient http;
    private final Transport transport;
    private final String base;
    private final String institution;
    private final String institutionName;
    private final String region;
    private final byte[] secret;
    private final AtomicInteger seq = new AtomicInteger();
    private volatile String signNo;
    /** Whether to use the per-infno addresses ({@code /api/nhsa/2207}) rather than the gateway. */
    private final boolean perInfno;

    HisClient(String baseUrl, String institution, String institutionName, String region, byte[] secret,
            boolean perInfno) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.institution = institution;
        this.institutionName = institutionName;
        this.region = region;
        this.secret = secret.clone();
        this.perInfno = perInfno;
        this.transport = null;
    }

    HisClient(Transport transport, String institution, String institutionName, String region, byte[] secret) {
        this.http = null;
        this.base = "";
        this.institution = institution;
        this.institutionName = institutionName;
        this.region = region;
        this.secret = secret.clone();
        this.perInfno = false;
        this.transport = transport;
    }

    String institution() {
        return institution;
    }

    String region() {
        return region;
    }

    String signNo() {
        return signNo;
    }

    /** A fresh message id: the institution code, the time to the second, a four-digit sequence. */
    String msgid() {
        return institution + LocalDateTime.now(NhsaGateway.ZONE).format(NhsaGateway.SECONDS)
                + String.format("%04d", Math.floorMod(seq.incrementAndGet(), 10000));
    }

    /** The envelope of a transaction (sign_no of the last sign-in). */
    Map<String, Object> envelope(String infno, String msgid, String insuplc, Map<String, Object> input) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("infno", infno);
        e.put("msgid", msgid);
        e.put("mdtrtarea_admvs", region);
        e.put("insuplc_admdvs", insuplc);
        e.put("recer_sys_code", "LIANGXIAN");
        e.put("dev_no", null);
        e.put("dev_safe_info", null);
        e.put("cainfo", null);
        e.put("signtype", "SM3");
        e.put("infver", "V1.0");
        e.put("opter_type", "1");
        e.put("opter", "0001");
        e.put("opter_name", "收费员");
        e.put("inf_time", LocalDateTime.now(NhsaGateway.ZONE).format(In.DATE_TIME));
        e.put("fixmedins_code", institution);
        e.put("fixmedins_name", institutionName);
        e.put("sign_no", signNo);
        e.put("input", input);
        return e;
    }

    /** Signs in (9001) and keeps the sign_no for later envelopes. */
    Answer signIn() {
        Answer a = call("9001", null, Map.of("signIn", Map.of("opter_no", "0001", "mac", "00-16-3E-00-00-01",
                "ip", "127.0.0.1")));
        if (a.infcode() == 0) {
            signNo = a.output().path("signinoutb").path("sign_no").asString();
        }
        return a;
    }

    /** Signs out (9002) of the last sign-in. */
    Answer signOut() {
        return call("9002", null, Map.of("signOut", Map.of("sign_no", signNo, "opter_no", "0001")));
    }

    /** Sends a transaction under a fresh msgid. */
    Answer call(String infno, String insuplc, Map<String, Object> input) {
        return send(infno, envelope(infno, msgid(), insuplc, input));
    }

    /** Sends an envelope as it is (signed afresh). */
    Answer send(String infno, Map<String, Object> envelope) {
        return post(perInfno ? "/api/nhsa/" + infno : "/api/nhsa", NhsaGateway.JSON.writeValueAsBytes(envelope), true);
    }

    /** Posts raw bytes, signed (or not), to a path. */
    Answer post(String path, byte[] body, boolean signed) {
        if (transport != null) {
            String ts = String.valueOf(Instant.now().getEpochSecond());
            String nonce = nonce();
            long start = System.nanoTime();
            byte[] answer = transport.post(path, body, ts, nonce,
                    HexFormat.of().formatHex(RequestSignatureVerifier.sign(secret, ts, nonce, body)));
            return new Answer(NhsaGateway.JSON.readTree(answer), System.nanoTime() - start);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signed) {
            String ts = String.valueOf(Instant.now().getEpochSecond());
            String nonce = nonce();
            b.header("X-Signature-Timestamp", ts).header("X-Signature-Nonce", nonce).header("X-Signature",
                    HexFormat.of().formatHex(RequestSignatureVerifier.sign(secret, ts, nonce, body)));
        }
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return new Answer(NhsaGateway.JSON.readTree(r.body()), took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
