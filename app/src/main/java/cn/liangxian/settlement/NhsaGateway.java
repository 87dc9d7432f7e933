package cn.liangxian.settlement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.policy.PolicyException;
import cn.liangxian.security.RequestSignatureVerifier;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hospital interface's one door. Reads the national envelope, checks it field by field, verifies the
 * request signature, requires a sign-in (9001) for everything else, and dispatches on {@code infno}. Every
 * answer is the national response envelope with HTTP 200: {@code infcode} 0 and {@code output}, or -1 and
 * {@code err_msg} ("CODE：中文 / English"); a refused message writes nothing.
 *
 * <p>Idempotency: a message that changes anything claims its (institution, msgid) at the start of its
 * transaction and stores its answer there; a repeat — even one arriving while the first is still running —
 * waits for the first and gets the stored answer. Handlers claim the hospital's own serial numbers the same
 * way ({@link #claimSerial}), so a retry under a new msgid also gets the first answer.
 */
@Service
class NhsaGateway {

    private static final Logger log = LoggerFactory.getLogger(NhsaGateway.class);
    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The transactions spoken here. */
    static final List<String> INFNOS = List.of("9001", "9002", "1101", "2201", "2203", "2204", "2205", "2206", "2207", "2208",
            "2401", "2402", "2301", "2302", "2303", "2304", "2305", "3201", "3202");
    /** Transactions that only read: they claim no msgid and store nothing. */
    static final List<String> READ_ONLY = List.of("1101", "2206", "2303");

    /** One accepted call, handed to a handler. */
    record Call(Envelope envelope, Contracts.Institution institution, LocalDateTime now, JsonNode input) {
        String institutionCode() {
            return institution.code();
        }

        String region() {
            return institution.regionCode();
        }
    }

    /** A handler of one infno: returns the {@code output} node. */
    @FunctionalInterface
    interface Handler {
        Map<String, Object> handle(Call call);
    }

    private final RequestSignatureVerifier signatures;
    private final Contracts contracts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final org.springframework.context.MessageSource messages;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final AtomicLong serial = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000L));

    NhsaGateway(RequestSignatureVerifier signatures, Contracts contracts, JdbcClient jdbc,
            PlatformTransactionManager transactions, PersonLookup persons, HospitalEncounters encounters,
            Settlements settlements, HospitalReconciliations reconciliations,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.signatures = signatures;
        this.contracts = contracts;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        handlers.put("9001", this::signIn);
        handlers.put("9002", this::signOut);
        handlers.put("1101", persons::personInfo);
        handlers.put("2201", encounters::registerOutpatient);
        handlers.put("2202", encounters::cancelRegistration);
        handlers.put("2203", encounters::outpatientVisit);
        handlers.put("2204", encounters::uploadOutpatientFees);
        handlers.put("2205", encounters::cancelOutpatientFees);
        handlers.put("2206", settlements::preSettleOutpatient);
        handlers.put("2207", settlements::settleOutpatient);
        handlers.put("2208", settlements::reverseOutpatient);
        handlers.put("2401", encounters::admit);
        handlers.put("2402", encounters::discharge);
        handlers.put("2403", encounters::updateAdmission);
        handlers.put("2404", encounters::cancelAdmission);
        handlers.put("2405", encounters::cancelDischarge);
        handlers.put("2301", encounters::uploadInpatientFees);
        handlers.put("2302", encounters::cancelInpatientFees);
        handlers.put("2303", settlements::preSettleInpatient);
        handlers.put("2304", settlements::settleInpatient);
        handlers.put("2305", settlements::reverseInpatient);
        handlers.put("3201", reconciliations::totals);
        handlers.put("3202", reconciliations::detail);
    }

    /** The signature headers a hospital sends (with the institution code taken from the envelope). */
    record Signature(String timestamp, String nonce, String signature) {
    }

    /** Handles one request body; {@code pathInfno} is the infno of the URL, or null at the gateway address. */
    String handle(String pathInfno, Signature sig, byte[] body) {
        LocalDateTime now = LocalDateTime.now(ZONE);
        Envelope env = null;
        boolean signed = false;
        try {
            env = Envelope.parse(body);
            if (pathInfno != null && !pathInfno.equals(env.infno())) {
                throw new NhsaException("INFNO_MISMATCH", "地址中的交易编号 " + pathInfno + " 与报文 infno " + env.infno() + " 不一致",
                        "The infno of the address (" + pathInfno + ") differs from the envelope's (" + env.infno() + ")");
            }
            Handler handler = handlers.get(env.infno());
            if (handler == null) {
                throw new NhsaException("UNKNOWN_INFNO", "不支持的交易编号 " + env.infno(),
                        "Transaction " + env.infno() + " is not supported");
            }
            var verdict = signatures.check(env.fixmedinsCode(), sig.timestamp(), sig.nonce(), sig.signature(), body,
                    Instant.now());
            if (!verdict.accepted()) {
                throw signatureRefused(verdict.code());
            }
            signed = true;
            Contracts.Institution inst = contracts.institution(env.fixmedinsCode())
                    .filter(Contracts.Institution::active)
                    .orElseThrow(() -> new NhsaException("INSTITUTION_NOT_CONTRACTED", "定点医药机构编号未签约或已停用",
                            "The institution is not contracted or is suspended"));
            if (!inst.regionCode().equals(env.mdtrtareaAdmvs())) {
                throw new NhsaException("MDTRTAREA_MISMATCH", "就医地医保区划 " + env.mdtrtareaAdmvs() + " 与机构所在统筹区不符",
                        "mdtrtarea_admvs " + env.mdtrtareaAdmvs() + " is not the institution's region");
            }
            // 9001 signs in; 9002 names the sign-in it ends in its input (and a repeat of it gets its first answer)
            if (!"9001".equals(env.infno()) && !"9002".equals(env.infno())) {
                requireSignedIn(env);
            }
            Call call = new Call(env, inst, now, env.input());
            String answer;
            if (READ_ONLY.contains(env.infno())) {
                claimNonce(env, sig);
                answer = success(env, inst.regionCode(), now, handler.handle(call));
            } else {
                String hash = sha256(body);
                Envelope e = env;
                // the nonce commits with the message: one commit per message
                answer = tx.execute(s -> {
                    claimNonce(e, sig);
                    return once(call, hash, () -> success(e, inst.regionCode(), now, handler.handle(call)));
                });
            }
            signed = false; // its nonce is recorded
            log.debug("nhsa {} {} {} ok", env.infno(), env.fixmedinsCode(), env.msgid());
            return answer;
        } catch (NhsaException e) {
            rememberNonce(signed, env, sig);
            log.info("nhsa {} refused: {}", env == null ? "-" : env.infno() + " " + env.fixmedinsCode() + " " + env.msgid(),
                    e.code());
            return failure(env, now, e.errMsg());
        } catch (PolicyException e) {
            rememberNonce(signed, env, sig);
            return failure(env, now, e.code() + "：" + e.messageZh() + " / " + e.messageEn());
        } catch (org.springframework.dao.DataIntegrityViolationException
                | org.springframework.dao.TransientDataAccessException e) {
            // a race the checks did not see (two settlements of one batch under different serials): nothing was kept
            rememberNonce(signed, env, sig);
            log.warn("nhsa {} conflict: {}", env == null ? "-" : env.infno() + " " + env.msgid(), e.getClass().getSimpleName());
            return failure(env, now, "CONFLICT：并发冲突，未作处理，请稍后重试 / A concurrent message conflicted; nothing was done, retry");
        } catch (ApiException e) {
            rememberNonce(signed, env, sig);
            log.info("nhsa {} refused: {}", env == null ? "-" : env.infno() + " " + env.msgid(), e.code());
            return failure(env, now, e.code() + "：" + messages.getMessage("error." + e.code(), e.args(), e.code(),
                    java.util.Locale.SIMPLIFIED_CHINESE) + " / "
                    + messages.getMessage("error." + e.code(), e.args(), e.code(), java.util.Locale.ENGLISH));
        }
    }

    private void claimNonce(Envelope env, Signature sig) {
        if (!signatures.claimNonce(env.fixmedinsCode(), sig.nonce())) {
            throw signatureRefused("REPLAYED_NONCE");
        }
    }

    /**
     * A signed message that was refused after its signature checked out: its nonce is used all the same (the
     * refusal rolled back the message's transaction), so the same signed bytes cannot be played again.
     */
    private void rememberNonce(boolean signed, Envelope env, Signature sig) {
        if (!signed) {
            return;
        }
        try {
            signatures.claimNonce(env.fixmedinsCode(), sig.nonce());
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("nhsa nonce of a refused message not recorded: {}", e.getClass().getSimpleName());
        }
    }

    /** Runs a changing transaction once per (institution, msgid): a repeat gets the stored answer. */
    private String once(Call call, String hash, java.util.function.Supplier<String> work) {
        Envelope env = call.envelope();
        int claimed = jdbc.sql("""
                insert into nhsa_message (institution_code, msgid, infno, region_code, request_hash)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(call.institutionCode(), env.msgid(), env.infno(), call.region(), hash).update();
        if (claimed == 0) {
            record First(String hash, String response) {
            }
            First first = jdbc.sql("select request_hash, response from nhsa_message where institution_code = ? and msgid = ?")
                    .params(call.institutionCode(), env.msgid())
                    .query((rs, i) -> new First(rs.getString(1), rs.getString(2))).single();
            if (!first.hash().equals(hash) || first.response() == null) {
                throw new NhsaException("MSGID_REUSED", "报文ID " + env.msgid() + " 已用于另一笔报文",
                        "The msgid " + env.msgid() + " was used for another message");
            }
            return first.response();
        }
        String answer;
        try {
            answer = work.get();
        } catch (Serials.Repeat r) {
            answer = r.response;
        }
        jdbc.sql("update nhsa_message set infcode = 0, response = ? where institution_code = ? and msgid = ?")
                .params(answer, call.institutionCode(), env.msgid()).update();
        return answer;
    }

    private Map<String, Object> signIn(Call call) {
        In in = In.object(call.input(), "signIn");
        String opter = in.text("opter_no", 20);
        String mac = in.opt("mac", 20);
        String ip = in.text("ip", 20);
        String signNo = call.region() + call.now().format(SECONDS) + String.format("%010d", nextSerial());
        jdbc.sql("""
                insert into nhsa_sign_in (sign_no, institution_code, region_code, opter_no, mac, ip)
                values (?, ?, ?, ?, ?, ?)""")
                .params(signNo, call.institutionCode(), call.region(), opter, mac, ip).update();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sign_time", call.now().format(In.DATE_TIME));
        out.put("sign_no", signNo);
        return Map.of("signinoutb", out);
    }

    /** 9002: ends a sign-in of the institution; later messages under its sign_no are refused. */
    private Map<String, Object> signOut(Call call) {
        In in = In.object(call.input(), "signOut");
        String signNo = in.text("sign_no", 30);
        String opter = in.text("opter_no", 20);
        SignIn s = signIn(call.institutionCode(), signNo);
        if (s.signedOut()) {
            throw new NhsaException("SIGNED_OUT", "签到编号 " + signNo + " 已签退", "The sign_no " + signNo + " is signed out already");
        }
        jdbc.sql("update nhsa_sign_in set signed_out_at = ?, signed_out_by = ? where sign_no = ? and signed_out_at is null")
                .params(call.now().atZone(ZONE).toOffsetDateTime(), opter, signNo).update();
        signedIn.remove(call.institutionCode() + "/" + signNo);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sign_time", call.now().format(In.DATE_TIME));
        return Map.of("signoutoutb", out);
    }

    /** A sign-in of the institution as stored; refuses a sign_no that is not one. */
    private record SignIn(boolean signedOut) {
    }

    private SignIn signIn(String institution, String signNo) {
        return jdbc.sql("select signed_out_at is not null from nhsa_sign_in where sign_no = ? and institution_code = ?")
                .params(signNo, institution).query((rs, i) -> new SignIn(rs.getBoolean(1))).optional()
                .orElseThrow(() -> new NhsaException("SIGN_IN_UNKNOWN", "签到编号 " + signNo + " 无效",
                        "The sign_no " + signNo + " is not a sign-in of this institution"));
    }

    /**
     * Sign-ins seen valid (institution + sign_no), with when they were last read from the database: a sign-out
     * through this server drops its entry at once; an entry is read again after {@link #SIGN_IN_RECHECK_NANOS},
     * so a sign-out through another server of a cluster takes effect here within that time.
     */
    private final Map<String, Long> signedIn = new java.util.concurrent.ConcurrentHashMap<>();
    static final long SIGN_IN_RECHECK_NANOS = 60_000_000_000L;

    private void requireSignedIn(Envelope env) {
        if (env.signNo() == null) {
            throw new NhsaException("SIGN_IN_REQUIRED", "请先签到（9001）并在 sign_no 中填写签到编号",
                    "Sign in first (9001) and put its sign_no in the envelope");
        }
        String key = env.fixmedinsCode() + "/" + env.signNo();
        Long seen = signedIn.get(key);
        long now = System.nanoTime();
        if (seen != null && now - seen < SIGN_IN_RECHECK_NANOS) {
            return;
        }
        if (signIn(env.fixmedinsCode(), env.signNo()).signedOut()) {
            signedIn.remove(key);
            throw new NhsaException("SIGNED_OUT", "签到编号 " + env.signNo() + " 已签退，请重新签到（9001）",
                    "The sign_no " + env.signNo() + " is signed out: sign in again (9001)");
        }
        if (signedIn.size() > 100_000) {
            signedIn.clear();
        }
        signedIn.put(key, now);
    }

    private long nextSerial() {
        return Math.floorMod(serial.incrementAndGet(), 10_000_000_000L);
    }

    private String success(Envelope env, String region, LocalDateTime received, Map<String, Object> output) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("infcode", 0);
        r.put("inf_refmsgid", region + received.format(SECONDS) + String.format("%010d", nextSerial()));
        r.put("refmsg_time", received.format(STAMP));
        r.put("respond_time", LocalDateTime.now(ZONE).format(STAMP));
        r.put("err_msg", null);
        r.put("output", output);
        return JSON.writeValueAsString(r);
    }

    private String failure(Envelope env, LocalDateTime received, String errMsg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("infcode", -1);
        String region = env != null && env.mdtrtareaAdmvs() != null ? env.mdtrtareaAdmvs() : "000000";
        r.put("inf_refmsgid", region + received.format(SECONDS) + String.format("%010d", nextSerial()));
        r.put("refmsg_time", received.format(STAMP));
        r.put("respond_time", LocalDateTime.now(ZONE).format(STAMP));
        r.put("err_msg", errMsg);
        r.put("output", Map.of());
        return JSON.writeValueAsString(r);
    }

    private static NhsaException signatureRefused(String code) {
        return switch (code) {
            case "SIGNATURE_MISSING" -> new NhsaException(code, "缺少签名信息（X-Signature-Timestamp、X-Signature-Nonce、X-Signature）",
                    "Signature headers are missing (X-Signature-Timestamp, X-Signature-Nonce, X-Signature)");
            case "UNKNOWN_INSTITUTION" -> new NhsaException(code, "机构无有效签名密钥", "The institution has no active signing key");
            case "STALE_TIMESTAMP" -> new NhsaException(code, "签名时间戳超出允许范围", "The signature timestamp is outside the window");
            case "BAD_NONCE" -> new NhsaException(code, "随机串格式错误（16–64位字母数字）", "The nonce must be 16-64 letters, digits, - or _");
            case "REPLAYED_NONCE" -> new NhsaException(code, "随机串已使用（重放）", "The nonce was used before (replay)");
            default -> new NhsaException("BAD_SIGNATURE", "签名校验失败", "The signature does not verify");
        };
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }
}
