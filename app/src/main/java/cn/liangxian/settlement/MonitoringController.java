package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Smart monitoring of settlements over REST: the alerts of a region, closing one with a note, a batch run over a
 * period, and an institution's agreement indicators measured from its settlements. Agency staff of the region
 * only; another region's alert or institution answers 404.
 */
@RestController
@Tag(name = "monitoring", description = "智能监控与结算指标 / smart monitoring and indicators from settlements")
class MonitoringController {

    private final SettlementMonitoring monitoring;
    private final SettlementIndicators indicators;

    MonitoringController(SettlementMonitoring monitoring, SettlementIndicators indicators) {
        this.monitoring = monitoring;
        this.indicators = indicators;
    }

    @Operation(summary = "Monitoring alerts of a region (at its institutions or on its insured), newest first; "
            + "status open (default) or closed; filters institution and rule")
    @GetMapping(path = "/api/v1/monitoring/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    List<SettlementMonitoring.Alert> alerts(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(required = false) String institution, @RequestParam(required = false) String rule,
            @RequestParam(required = false, defaultValue = "open") String status) {
        return monitoring.alerts(me, new SettlementMonitoring.Filter(region, institution, rule, !"closed".equals(status)));
    }

    @Operation(summary = "One monitoring alert with its evidence")
    @GetMapping(path = "/api/v1/monitoring/alerts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    SettlementMonitoring.Alert alert(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return monitoring.alert(me, id);
    }

    record CloseBody(String note) {
    }

    @Operation(summary = "Close an open alert with what was found (2 to 500 characters)")
    @PostMapping(path = "/api/v1/monitoring/alerts/{id}/close", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SettlementMonitoring.Alert close(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody CloseBody b) {
        return monitoring.close(me, id, b == null ? null : b.note());
    }

    record ScanBody(String region, LocalDate from, LocalDate to) {
    }

    @Operation(summary = "Run the monitoring rules over the settlements of a region settled from..to (at most a "
            + "year) and over each month's caesarean rate; alerts on record are not raised again")
    @PostMapping(path = "/api/v1/monitoring/scans", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SettlementMonitoring.ScanResult scan(@AuthenticationPrincipal LiangxianUser me, @RequestBody ScanBody b) {
        if (b == null || b.region() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
        }
        return monitoring.scan(me, b.region(), b.from(), b.to(), LocalDate.now(NhsaGateway.ZONE));
    }

    record PeriodBody(String period) {
    }

    /** The measured figures and what was recorded. */
    record IndicatorsAnswer(String institutionCode, String period, LocalDate periodFrom, LocalDate periodTo,
            int deliveries, int caesareans, BigDecimal caesareanRate, BigDecimal averageCost, int priorDeliveries,
            BigDecimal priorAverageCost, BigDecimal growthRate, List<Contracts.Measured> recorded) {

        static IndicatorsAnswer of(SettlementIndicators.Result r) {
            SettlementIndicators.Figures f = r.figures();
            return new IndicatorsAnswer(f.institutionCode(), f.period().text(), f.period().from(), f.period().to(),
                    f.deliveries(), f.caesareans(), f.caesareanRate(), f.averageCost(), f.priorDeliveries(),
                    f.priorAverageCost(), f.growthRate(), r.recorded());
        }
    }

    @Operation(summary = "Measure an institution's agreement indicators (caesarean rate, maternity cost growth rate) "
            + "for a month (2025-06) or a year (2025) from its live settlements, and record them")
    @PostMapping(path = "/api/v1/institutions/{code}/indicators/from-settlements",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    IndicatorsAnswer measure(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestBody PeriodBody b) {
        return IndicatorsAnswer.of(indicators.measure(me, code.strip().toUpperCase(java.util.Locale.ROOT),
                b == null ? null : b.period(), LocalDate.now(NhsaGateway.ZONE)));
    }
}
