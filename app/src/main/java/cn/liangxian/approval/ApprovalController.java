package cn.liangxian.approval;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.security.LiangxianUser;

/** Four-eyes requests of the caller's regions. */
@RestController
@RequestMapping(path = "/api/v1/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
class ApprovalController {

    private final FourEyes fourEyes;

    ApprovalController(FourEyes fourEyes) {
        this.fourEyes = fourEyes;
    }

    record NewRequest(String regionCode, String kind, String subject, String payload, BigDecimal amount,
            String reason) {
    }

    record Decision(String reason) {
    }

    @GetMapping
    List<ApprovalRequest> list(@AuthenticationPrincipal LiangxianUser me) {
        return fourEyes.list(me);
    }

    @GetMapping("/{id}")
    ApprovalRequest get(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return fourEyes.visible(me, id);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ApprovalRequest request(@AuthenticationPrincipal LiangxianUser me, @RequestBody NewRequest r) {
        return fourEyes.request(me, r.regionCode(), r.kind(), r.subject(), r.payload(), r.amount(), r.reason());
    }

    @PostMapping(path = "/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    ApprovalRequest approve(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @RequestBody Decision d) {
        return fourEyes.approve(me, id, d.reason());
    }

    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    ApprovalRequest reject(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @RequestBody Decision d) {
        return fourEyes.reject(me, id, d.reason());
    }
}
