package cn.liangxian.estimate;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Public estimates: no personal data goes in, nothing is stored. */
@RestController
@RequestMapping(path = "/api/v1/estimates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "estimates", description = "生育待遇与缴费测算 / maternity and contribution estimates")
class EstimateController {

    private final EstimateService service;

    EstimateController(EstimateService service) {
        this.service = service;
    }

    @PostMapping(path = "/maternity", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "生育医疗费用、产假与生育津贴测算 / maternity medical benefit, leave and allowance",
            description = "Amounts are strings with two decimals. Bad input answers 400 application/problem+json with a stable code.")
    MaternityEstimateResponse maternity(@RequestBody MaternityEstimateRequest request) {
        return service.maternity(request);
    }

    @PostMapping(path = "/contribution", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "月缴费测算 / monthly contribution",
            description = "Base clamp, merged employer rate, employee rate, amounts and optional late fee.")
    ContributionEstimateResponse contribution(@RequestBody ContributionEstimateRequest request) {
        return service.contribution(request);
    }
}
