package cn.liangxian.reimbursement;

import org.springframework.web.bind.annotation.ControllerAdvice;

import cn.liangxian.web.PageAdvice;
import cn.liangxian.web.RefusalPage;

/** For the reimbursement pages: the page language as a model flag, and a refusal as a page with its status. */
@ControllerAdvice(assignableTypes = ReimbursementPageController.class)
class ReimbursementPageAdvice extends PageAdvice {

    ReimbursementPageAdvice(RefusalPage refusals) {
        super(refusals);
    }
}
