package cn.liangxian.approval;

/** Published when a request is approved or rejected, for the feature that asked. */
public record ApprovalDecided(ApprovalRequest request) {
}
