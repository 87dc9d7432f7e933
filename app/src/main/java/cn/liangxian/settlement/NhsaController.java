package cn.liangxian.settlement;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The hospital interface: one gateway {@code POST /api/nhsa} with the infno in the envelope, and the same per
 * transaction at {@code POST /api/nhsa/{infno}} (the infno of the address must match the envelope's). Signed
 * with HMAC-SM3 under the institution's key over {@code timestamp\nnonce\nhex(SM3(body))}, sent in the headers
 * {@code X-Signature-Timestamp} (epoch seconds), {@code X-Signature-Nonce} (16-64 letters and digits, used once)
 * and {@code X-Signature} (hex); the institution is the envelope's {@code fixmedins_code}. Always HTTP 200 with the
 * national response envelope; refusals carry infcode -1.
 */
@RestController
@Tag(name = "hospital interface", description = "定点医药机构接口（国家医保信息平台接口规范风格）")
class NhsaController {

    static final String TIMESTAMP = "X-Signature-Timestamp";
    static final String NONCE = "X-Signature-Nonce";
    static final String SIGNATURE = "X-Signature";

    private final NhsaGateway gateway;

    NhsaController(NhsaGateway gateway) {
        this.gateway = gateway;
    }

    @Operation(summary = "交易网关：按报文 infno 分派 / gateway dispatching on the envelope's infno")
    @PostMapping(path = "/api/nhsa", produces = MediaType.APPLICATION_JSON_VALUE)
    String gateway(@RequestBody(required = false) byte[] body, @RequestHeader(name = TIMESTAMP, required = false) String ts,
            @RequestHeader(name = NONCE, required = false) String nonce,
            @RequestHeader(name = SIGNATURE, required = false) String sig) {
        return gateway.handle(null, new NhsaGateway.Signature(ts, nonce, sig), body == null ? new byte[0] : body);
    }

    @Operation(summary = "按交易编号的地址 / one address per infno")
    @PostMapping(path = "/api/nhsa/{infno}", produces = MediaType.APPLICATION_JSON_VALUE)
    String transaction(@PathVariable String infno, @RequestBody(required = false) byte[] body,
            @RequestHeader(name = TIMESTAMP, required = false) String ts,
            @RequestHeader(name = NONCE, required = false) String nonce,
            @RequestHeader(name = SIGNATURE, required = false) String sig) {
        return gateway.handle(infno, new NhsaGateway.Signature(ts, nonce, sig), body == null ? new byte[0] : body);
    }
}
