package cn.liangxian.settlement;

import org.springframework.web.bind.annotation.ControllerAdvice;

import cn.liangxian.web.PageAdvice;
import cn.liangxian.web.RefusalPage;

/**
 * For the settlement pages: a refusal no form can show (another party's encounter or settlement, a role that
 * may not look) as a page in the shared layout with its status — 404 for what one may not see.
 */
@ControllerAdvice(assignableTypes = { SettlementPageController.class, MonitoringPageController.class })
class SettlementPageAdvice extends PageAdvice {

    SettlementPageAdvice(RefusalPage refusals) {
        super(refusals);
    }
}
