package cn.liangxian.institution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Contracted institutions and their agreements over REST. Agency staff see their regions' institutions, a
 * hospital its own; any other institution answers 404. State-changing calls accept an {@code Idempotency-Key}.
 */
@RestController
@RequestMapping(path = "/api/v1/institutions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "institutions", description = "定点医疗机构与服务协议 / contracted institutions and agreements")
class InstitutionController {

    private final Institutions institutions;
    private final Agreements agreements;

    InstitutionController(Institutions institutions, Agreements agreements) {
        this.institutions = institutions;
        this.agreements = agreements;
    }

    record NewInstitutionBody(String regionCode, String code, String name, String level, String type, String bankName,
            String bankAccount) {
    }

    @Operation(summary = "The contracted institutions of a region")
    @GetMapping
    List<Institution> list(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return institutions.list(me, region);
    }

    @Operation(summary = "Register a contracted institution (code unique across regions; bank account stored encrypted)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Institution register(@RequestBody NewInstitutionBody b) {
        InstitutionLevel level = InstitutionLevel.parse(b.level())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_INSTITUTION"));
        InstitutionType type = InstitutionType.parse(b.type())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_INSTITUTION"));
        return institutions.register(b.regionCode(), new NewInstitution(b.code(), b.name(), level, type, b.bankName(),
                b.bankAccount()));
    }

    @Operation(summary = "One institution")
    @GetMapping("/{code}")
    Institution one(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code) {
        return institutions.visible(me, code);
    }

    record StatusBody(Boolean active, String reason) {
    }

    @Operation(summary = "Suspend (active=false) or restore an institution's contract, with a reason")
    @PostMapping(path = "/{code}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    Institution status(@PathVariable String code, @RequestBody StatusBody b) {
        if (b.active() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
        }
        return institutions.setActive(code, b.active(), b.reason());
    }

    @Operation(summary = "Every version of the institution's agreement, oldest first (validTo is exclusive)")
    @GetMapping("/{code}/agreements")
    List<Agreement> versions(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code) {
        return agreements.versions(institutions.visible(me, code).code());
    }

    @Operation(summary = "The agreement version in force on a date")
    @GetMapping("/{code}/agreements/in-force")
    Agreement inForce(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        Institution i = institutions.visible(me, code);
        return agreements.inForce(i.code(), date)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NO_AGREEMENT_IN_FORCE", i.code(), date));
    }

    record NewAgreementBody(LocalDate validFrom, LocalDate termEnd, Map<String, String> methods,
            Map<String, BigDecimal> quotas, List<String> maternityClauses, Map<String, BigDecimal> indicatorLimits) {
    }

    @Operation(summary = "Append a new agreement version (methods default to the region's policy; quotas optional)")
    @PostMapping(path = "/{code}/agreements", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Agreement create(@PathVariable String code, @RequestBody NewAgreementBody b) {
        Map<MaternityCategory, MedicalPaymentMethod> methods = new EnumMap<>(MaternityCategory.class);
        if (b.methods() != null) {
            b.methods().forEach((c, m) -> methods.put(category(c), cn.liangxian.policy.Bilingual
                    .parse(MedicalPaymentMethod.class, m)
                    .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_PAYMENT_METHOD", String.valueOf(m)))));
        }
        Map<MaternityCategory, BigDecimal> quotas = new EnumMap<>(MaternityCategory.class);
        if (b.quotas() != null) {
            b.quotas().forEach((c, q) -> quotas.put(category(c), q));
        }
        return agreements.create(code, new NewAgreement(b.validFrom(), b.termEnd(), methods, quotas,
                b.maternityClauses(), b.indicatorLimits()));
    }

    private static MaternityCategory category(String c) {
        return MaternityCategory.parse(c)
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_CATEGORY_NAME", String.valueOf(c)));
    }

    @Operation(summary = "Measured indicator values, each compared with the limit of the version in force")
    @GetMapping("/{code}/indicators")
    List<Measurement> measurements(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code) {
        return agreements.measurements(institutions.visible(me, code).code());
    }

    record MeasurementBody(String indicator, LocalDate periodFrom, LocalDate periodTo, BigDecimal value, String source) {
    }

    @Operation(summary = "Record a measured indicator value for a period (a ratio: 0.35 is 35 %)")
    @PostMapping(path = "/{code}/indicators", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Measurement measure(@PathVariable String code, @RequestBody MeasurementBody b) {
        Indicator i = Indicator.parse(b.indicator())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_INDICATOR", String.valueOf(b.indicator())));
        return agreements.recordMeasurement(code, i, b.periodFrom(), b.periodTo(), b.value(), b.source());
    }
}
