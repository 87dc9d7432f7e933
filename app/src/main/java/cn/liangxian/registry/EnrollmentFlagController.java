package cn.liangxian.registry;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.security.LiangxianUser;

/** Supervision's queue of speculative-enrollment flags; supervisors clear or confirm a flag with a reason. */
@RestController
@RequestMapping(path = "/api/v1/enrollment-flags", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "enrollment-flags", description = "疑似投机参保 / speculative enrollment flags")
class EnrollmentFlagController {

    private final EnrollmentFlags flags;

    EnrollmentFlagController(EnrollmentFlags flags) {
        this.flags = flags;
    }

    record DecisionBody(String reason) {
    }

    @Operation(summary = "The flags of a region, newest first (status OPEN, CLEARED or CONFIRMED, or all)")
    @GetMapping
    List<EnrollmentFlags.Flag> queue(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(required = false) String status) {
        return flags.queue(me, region, status);
    }

    @Operation(summary = "One flag with its evidence")
    @GetMapping("/{id}")
    EnrollmentFlags.Flag get(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return flags.get(me, id);
    }

    @Operation(summary = "Clear a flag: nothing speculative found (supervisors; reason required; audited)")
    @PostMapping(path = "/{id}/clear", consumes = MediaType.APPLICATION_JSON_VALUE)
    EnrollmentFlags.Flag clear(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody DecisionBody b) {
        return flags.clear(me, id, b.reason());
    }

    @Operation(summary = "Confirm a flag: speculative enrollment found (supervisors; reason required; audited)")
    @PostMapping(path = "/{id}/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    EnrollmentFlags.Flag confirm(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody DecisionBody b) {
        return flags.confirm(me, id, b.reason());
    }
}
